import { Injectable } from '@nestjs/common';
import { canRecordCheckIn, checkRecordedDate } from '@zhtj/domain';
import { AppError, Clock, RequestContext, assertAllowed, domainActor } from '@zhtj/api/core';
import { AuditService, ScopedDb } from '@zhtj/api/db';
import type { CheckInView } from '@zhtj/shared/contract';
import type { CheckInDto } from './dto';

/** 报到 (Q10, Q16): after an approval, the receiving org records the member's offline check-in. Rules in `libs/domain` (workflow.ts, follow-up.ts). */
@Injectable()
export class CheckInService {
  constructor(
    private readonly db: ScopedDb,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Q10, Q16: the receiving org records the member's offline check-in on their approved transfer into it. */
  async checkIn(memberId: string, dto: CheckInDto): Promise<CheckInView> {
    const actor = RequestContext.actor();
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      const member = await tx.byId('member', memberId, true);
      const org = await tx.byId('org', member.orgId);
      const t = await tx
        .query('transfer', 't')
        .andWhere(`t.memberId = :memberId AND t.toOrgId = :orgId AND t.status = 'approved'`, { memberId: member.id, orgId: member.orgId })
        .orderBy('t.decidedAt', 'DESC')
        .getOne();
      if (!t) throw new AppError('NO_TRANSFER_TO_CHECK_IN');
      assertAllowed(canRecordCheckIn(domainActor(actor), { status: t.status, toOrgPath: org.path, checkedInAt: t.checkedInOn }));
      assertAllowed(checkRecordedDate(dto.date, now, t.decidedAt));
      t.checkedInOn = dto.date;
      t.checkedInBy = actor.userId;
      await tx.save(t);
      await this.audit.record(tx, {
        action: 'transfer.check_in',
        entityType: 'transfer',
        entityId: t.id,
        before: { checkedInOn: null },
        after: { checkedInOn: t.checkedInOn, memberId: member.id },
        orgPath: org.path,
      });
      return { memberId: member.id, transferId: t.id, checkedInOn: dto.date };
    });
  }
}
