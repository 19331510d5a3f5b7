import { Injectable } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { isOrgInScope, mayHoldMembers } from '@zhtj/domain';
import type { ImportReport, ImportRowError } from '@zhtj/shared/contract';
import { AppError, Clock, RequestContext } from '@zhtj/api/core';
import { AuditInput, AuditService, IdLookupRation, ScopedDb, ScopedTx, lookupRationSpent } from '@zhtj/api/db';
import type { UnscopedReader } from '@zhtj/api/db';
import { OrgEntity } from '@zhtj/api/orgs';
import { knownRegionCodes } from '@zhtj/api/regions';
import { MemberEntity } from './member.entity';
import type { MemberImportDto } from './dto';
import { CheckedImportRow, checkImportRows, rowError } from './import-rows';
import { memberSchoolOf } from './member-records.service';

/** Rows per multi-row INSERT (15 columns each, well under PostgreSQL's 65 535 parameters). */
const INSERT_CHUNK = 1000;

/**
 * Q11: only a mixed branch dates its members one by one; elsewhere a row's 毕业时间 must be the
 * branch's (or the branch has none yet, and the row gives none).
 */
function branchDateErrors(rows: readonly CheckedImportRow[], org: OrgEntity): ImportRowError[] {
  if (org.mixed) return [];
  return rows
    .filter((r) => r.graduationDate !== null && r.graduationDate !== org.graduationDate)
    .map((r) =>
      rowError(
        r.row,
        'graduationDate',
        'INVALID_VALUE',
        org.graduationDate
          ? `本支部的毕业时间为 ${org.graduationDate}，非混合型支部的团员随支部毕业时间`
          : '本支部尚未标记毕业时间，非混合型支部请先标记支部，或留空此列',
        org.graduationDate
          ? `This branch graduates on ${org.graduationDate}; its members follow the branch`
          : 'Mark the branch first, or leave this column empty',
      ),
    );
}

/**
 * `POST /api/members/import`: checks every row, reports per row, and writes all rows in one
 * transaction or none. The dry run and the write run the same checks.
 */
@Injectable()
export class MemberImportService {
  constructor(
    private readonly db: ScopedDb,
    private readonly audit: AuditService,
    private readonly ration: IdLookupRation,
    private readonly clock: Clock,
  ) {}

  async import(dto: MemberImportDto): Promise<ImportReport> {
    RequestContext.admin();
    const dryRun = dto.dryRun === true;
    const { valid, errors } = checkImportRows(dto.rows, this.clock.now(), knownRegionCodes());
    if (dryRun) {
      const org = await this.db.byId('org', dto.orgId);
      assertMemberOrg(org);
      errors.push(...branchDateErrors(valid, org));
      errors.push(...(await this.takenIdCards(this.db.unscoped('members.id-card-unique'), valid)).inScope);
      return report(dto.rows.length, errors, 0, true);
    }
    // §5: once the caller's ration of ID-number lookups is spent, every import write is refused
    // alike, whether its numbers are registered elsewhere or free (the dry run names only
    // numbers in the caller's own scope, so it is not rationed).
    if (await this.ration.isSpent(RequestContext.actor())) throw lookupRationSpent();
    const conflict = await this.db.transaction(async (tx) => {
      const org = await tx.byId('org', dto.orgId, true);
      assertMemberOrg(org);
      errors.push(...branchDateErrors(valid, org));
      const taken = await this.takenIdCards(tx.unscoped('members.id-card-unique'), valid);
      errors.push(...taken.inScope);
      if (errors.length === 0 && taken.outsideScope > 0) return { orgPath: org.path };
      if (errors.length > 0) {
        // Nothing is written: the transaction has made no change yet.
        throw new AppError('MEMBER_IMPORT_INVALID', { details: { report: report(dto.rows.length, errors, 0, false) } });
      }
      const schoolOrgId = await memberSchoolOf(tx, org);
      const values = valid.map((r) => ({
        orgId: org.id,
        name: r.name,
        idCardNumber: r.idCardNumber,
        gender: r.gender,
        birthDate: r.birthDate,
        phone: r.phone,
        joinDate: r.joinDate,
        partyMember: r.partyMember,
        emergencyContact: r.emergencyContact,
        educationStage: null,
        graduationDate: org.mixed ? r.graduationDate : org.graduationDate,
        schoolOrgId,
        destination: r.destination,
        status: 'active' as const,
        leftReason: null,
      }));
      const audits: AuditInput[] = [];
      for (let i = 0; i < values.length; i += INSERT_CHUNK) {
        const chunk = values.slice(i, i + INSERT_CHUNK);
        const ids = await insertMembers(tx, chunk);
        chunk.forEach((v, j) =>
          audits.push({
            action: 'member.create',
            entityType: 'member',
            entityId: ids[j] as string,
            after: { id: ids[j], ...v, source: 'import' },
            orgPath: org.path,
          }),
        );
      }
      await this.audit.recordMany(tx, audits);
      return report(dto.rows.length, [], values.length, false);
    });
    if ('orgPath' in conflict) return this.refuseConflict(conflict.orgPath);
    return conflict;
  }

  /**
   * A write that collides with members outside the caller's scope: one generic answer that names
   * no row and no count, audited, and drawn on the daily ration of the caller's org subtree
   * (`IdLookupRation`, shared with single creates, pulls and arrivals), so bisecting a list of ID
   * numbers costs real, visible writes and soon stops (issue 10 item 10, §5).
   */
  private async refuseConflict(orgPath: string[]): Promise<never> {
    await this.ration.spend(RequestContext.actor());
    await this.db.transaction((m) =>
      this.audit.record(m, {
        action: 'member.import_conflict',
        entityType: 'org',
        entityId: orgPath[orgPath.length - 1] as string,
        orgPath,
      }),
    );
    throw new AppError('MEMBER_IMPORT_CONFLICT');
  }

  /**
   * ID numbers already registered, one query for the whole file: those held in the caller's
   * scope are reported per row with the holding org; those held elsewhere are only counted.
   */
  private async takenIdCards(
    m: UnscopedReader,
    rows: readonly CheckedImportRow[],
  ): Promise<{ inScope: ImportRowError[]; outsideScope: number }> {
    if (rows.length === 0) return { inScope: [], outsideScope: 0 };
    const holders: { id_card_number: string; org_name: string; org_path: string[] }[] = await m.query(
      `SELECT h.id_card_number, ho.name AS org_name, ho.path AS org_path
         FROM member h JOIN org ho ON ho.id = h.org_id
        WHERE h.id_card_number = ANY($1::text[])`,
      [rows.map((r) => r.idCardNumber)],
    );
    if (holders.length === 0) return { inScope: [], outsideScope: 0 };
    const byId = new Map(holders.map((h) => [h.id_card_number.trim(), h]));
    const actor = RequestContext.actor();
    const errors: ImportRowError[] = [];
    let outsideScope = 0;
    for (const r of rows) {
      const h = byId.get(r.idCardNumber);
      if (!h) continue;
      if (isOrgInScope(actor.orgId, h.org_path)) {
        errors.push(
          rowError(
            r.row,
            'idCardNumber',
            'MEMBER_ID_CARD_TAKEN',
            `该身份证号已登记在「${h.org_name}」`,
            `Already registered in "${h.org_name}"`,
          ),
        );
      } else {
        // Outside the caller's scope: never reported per row (that would answer for the whole country).
        outsideScope++;
      }
    }
    return { inScope: errors, outsideScope };
  }
}

function assertMemberOrg(org: OrgEntity): void {
  if (!mayHoldMembers(org)) throw new AppError('MEMBER_ORG_NOT_BRANCH');
}

function report(total: number, errors: ImportRowError[], created: number, dryRun: boolean): ImportReport {
  errors.sort((a, b) => a.row - b.row);
  return { ok: errors.length === 0, total, errors, created, dryRun };
}

/** One multi-row INSERT … RETURNING id; a unique violation (a concurrent insert) refuses the whole import. */
async function insertMembers(tx: ScopedTx, values: Partial<MemberEntity>[]): Promise<string[]> {
  try {
    const res = await tx.insertBuilder().into(MemberEntity).values(values).returning(['id']).updateEntity(false).execute();
    return (res.raw as { id: string }[]).map((r) => r.id);
  } catch (e) {
    if (e instanceof QueryFailedError && (e.driverError as { code?: string }).code === '23505') throw new AppError('MEMBER_ID_CARD_TAKEN');
    throw e;
  }
}
