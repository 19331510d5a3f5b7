import { Injectable } from '@nestjs/common';
import { canRecordAbroadReport, checkRecordedDate } from '@zhtj/domain';
import { Clock, Page, RequestContext, assertAllowed, domainActor } from '@zhtj/api/core';
import { AuditService, ScopedDb } from '@zhtj/api/db';
import type { AbroadReportView } from '@zhtj/shared/contract';
import { AbroadReportEntity } from './abroad-report.entity';
import type { AbroadReportDto } from './dto';

/** §2.5: the dated reports of a member abroad for study, recorded by their org and read back. */
@Injectable()
export class AbroadReportsService {
  constructor(
    private readonly db: ScopedDb,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** §2.5: a dated report of a member abroad for study. */
  async addAbroadReport(memberId: string, dto: AbroadReportDto): Promise<AbroadReportView> {
    const actor = RequestContext.actor();
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      const member = await tx.byId('member', memberId, true);
      const org = await tx.byId('org', member.orgId);
      assertAllowed(canRecordAbroadReport(domainActor(actor), org));
      assertAllowed(checkRecordedDate(dto.date, now));
      const r = tx.create(AbroadReportEntity, {
        memberId: member.id,
        reportDate: dto.date,
        note: dto.note,
        recordedBy: actor.userId,
        recordedAt: now,
      });
      await tx.save(r);
      await this.audit.record(tx, {
        action: 'member.abroad_report',
        entityType: 'member',
        entityId: member.id,
        after: { reportDate: r.reportDate, note: r.note },
        orgPath: org.path,
      });
      return { id: r.id, memberId: r.memberId, date: r.reportDate, note: r.note, recordedAt: r.recordedAt.toISOString() };
    });
  }

  /** §2.5: the member's report log, newest first. */
  async abroadReports(memberId: string): Promise<Page<AbroadReportView>> {
    const member = await this.db.byId('member', memberId);
    const rows = await this.db
      .query('abroad_report', 'r')
      .andWhere('r.memberId = :id', { id: member.id })
      .orderBy('r.reportDate', 'DESC')
      .addOrderBy('r.recordedAt', 'DESC')
      .getMany();
    return {
      items: rows.map((r) => ({
        id: r.id,
        memberId: r.memberId,
        date: r.reportDate,
        note: r.note,
        recordedAt: r.recordedAt.toISOString(),
      })),
      total: rows.length,
    };
  }
}
