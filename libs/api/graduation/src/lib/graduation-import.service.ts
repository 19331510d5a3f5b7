import { Injectable } from '@nestjs/common';
import { canMarkGraduation, canMarkMemberGraduation, takesGraduationDate } from '@zhtj/domain';
import type { Actor, Destination } from '@zhtj/domain';
import type { GraduationImportReport, ImportErrorCode, ImportRowError } from '@zhtj/shared/contract';
import { AppError, Clock, RequestContext, domainActor } from '@zhtj/api/core';
import type { AuditInput } from '@zhtj/api/db';
import { AuditService, IdLookupRation, ScopedDb, ScopedTx, lookupRationSpent } from '@zhtj/api/db';
import { OrgEntity } from '@zhtj/api/orgs';
import { MemberEntity, rowError } from '@zhtj/api/members';
import type { GraduationImportDto } from './dto';
import { CheckedGraduationRow, checkGraduationRows } from './graduation-import-rows';

/** One member's new graduation fields, decided by §4's rules. */
interface Change {
  member: MemberEntity;
  branch: OrgEntity;
  graduationDate: string | null;
  destination: Destination | null;
}

type Reader = Pick<ScopedDb, 'query'> | Pick<ScopedTx, 'query'>;

/**
 * `POST /api/members/graduation/import` (issue 23 item 1): 毕业时间 and 毕业去向 for graduates who
 * are registered already, named by ID number. Like the member import it checks every row, reports
 * per row, and writes all rows in one transaction or none; the dry run and the write run the same
 * checks. Each row is decided as its own `PUT /members/:id/graduation` would be (§4, Q11, Q22–Q24).
 *
 * Only members in the caller's scope are read: a number registered outside it is reported exactly
 * as a number registered nowhere, so the import answers nothing about the rest of the register.
 */
@Injectable()
export class GraduationImportService {
  constructor(
    private readonly db: ScopedDb,
    private readonly audit: AuditService,
    private readonly ration: IdLookupRation,
    private readonly clock: Clock,
  ) {}

  async import(dto: GraduationImportDto): Promise<GraduationImportReport> {
    const ctx = RequestContext.admin();
    const actor = domainActor(ctx);
    const { valid, errors } = checkGraduationRows(dto.rows, this.clock.now());
    if (dto.dryRun === true) {
      const plan = await this.plan(this.db, actor, valid, false);
      return report(dto.rows.length, [...errors, ...plan.errors], plan, true);
    }
    // §5, as the member import: once the caller's daily ration of ID-number lookups is spent,
    // every write by ID number is refused alike. Nothing is drawn from it here: these lookups
    // read the caller's own scope only and tell nothing of numbers outside it.
    if (await this.ration.isSpent(ctx)) throw lookupRationSpent();
    return this.db.transaction(async (tx) => {
      const plan = await this.plan(tx, actor, valid, true);
      const all = [...errors, ...plan.errors];
      // Nothing is written: the transaction has made no change yet.
      if (all.length > 0)
        throw new AppError('GRADUATION_IMPORT_INVALID', { details: { report: report(dto.rows.length, all, plan, false) } });
      if (plan.changes.length > 0) await this.write(tx, plan.changes);
      return report(dto.rows.length, [], plan, false);
    });
  }

  /** The members the rows name (in scope, active) and what each row may change of them. */
  private async plan(
    reader: Reader,
    actor: Actor,
    rows: readonly CheckedGraduationRow[],
    lock: boolean,
  ): Promise<{ errors: ImportRowError[]; changes: Change[]; unchanged: number }> {
    if (rows.length === 0) return { errors: [], changes: [], unchanged: 0 };
    let q = reader
      .query('member', 'mb')
      .andWhere('mb.idCardNumber = ANY(CAST(:ids AS bpchar[]))', { ids: rows.map((r) => r.idCardNumber) })
      .andWhere(`mb.status = 'active'`)
      .orderBy('mb.id');
    if (lock) q = q.setLock('pessimistic_write');
    const members = await q.getMany();
    const byId = new Map(members.map((m) => [m.idCardNumber.trim(), m]));
    const branchIds = [...new Set(members.map((m) => m.orgId))];
    const branches = new Map(
      (branchIds.length
        ? await reader.query('org', 'o').andWhere('o.id = ANY(CAST(:branchIds AS uuid[]))', { branchIds }).getMany()
        : []
      ).map((o) => [o.id, o]),
    );
    const errors: ImportRowError[] = [];
    const changes: Change[] = [];
    let unchanged = 0;
    for (const r of rows) {
      const member = byId.get(r.idCardNumber);
      const branch = member ? branches.get(member.orgId) : undefined;
      // §4, Q22–Q24: whoever may mark the member's branch sets its members' graduation fields.
      const may = branch ? canMarkGraduation(actor, branch) : null;
      if (!member || !branch || !may || (!may.ok && may.code === 'NOT_IN_SCOPE')) {
        // Registered nowhere, outside the caller's scope, or no longer a member: one answer.
        errors.push(
          rowError(
            r.row,
            'idCardNumber',
            'MEMBER_NOT_FOUND',
            '本单位及下级组织中没有该身份证号的团员',
            'No member with this ID number in your org or the orgs under it',
          ),
        );
        continue;
      }
      const before = errors.length;
      if (r.name !== null && r.name !== member.name) {
        errors.push(
          rowError(
            r.row,
            'name',
            'INVALID_VALUE',
            `姓名与该身份证号登记的姓名「${member.name}」不一致`,
            `The name differs from the one registered with this ID number ("${member.name}")`,
          ),
        );
      }
      const graduationDate = r.graduationDate === null ? member.graduationDate : r.graduationDate;
      const destination = r.destination === null ? member.destination : r.destination;
      if (!may.ok) errors.push(rowError(r.row, r.destination !== null ? 'destination' : 'graduationDate', may.code as ImportErrorCode));
      else if (!takesGraduationDate(member.graduationMark)) {
        errors.push(
          rowError(
            r.row,
            r.graduationDate !== null ? 'graduationDate' : 'destination',
            'MEMBER_MARK_NOT_GRADUATE',
            member.graduationMark === 'teacher'
              ? '该团员已标记为教师，不是毕业生，不能设置毕业时间或毕业去向'
              : '该团员已标记延迟毕业，毕业时间和毕业去向随延迟毕业标记',
            'A member marked as a teacher or delayed takes no graduation date or destination',
          ),
        );
      } else if (
        r.graduationDate !== null &&
        r.graduationDate !== member.graduationDate &&
        !(!branch.mixed && r.graduationDate === branch.graduationDate)
      ) {
        // Q11: a member's own date only in a mixed branch; elsewhere the member follows the branch.
        const own = canMarkMemberGraduation(actor, branch, member, r.graduationDate);
        if (!own.ok && own.code === 'BRANCH_NOT_MIXED') {
          errors.push(
            rowError(
              r.row,
              'graduationDate',
              'BRANCH_NOT_MIXED',
              branch.graduationDate
                ? `「${branch.name}」不是混合型支部，团员随支部的毕业时间 ${branch.graduationDate}；只有混合型支部可以逐人设置毕业时间（§4、Q11）`
                : `「${branch.name}」不是混合型支部，尚未标记毕业时间；请先标记支部的毕业时间，或将其设为混合型支部后逐人设置（§4、Q11）`,
              branch.graduationDate
                ? `"${branch.name}" is not a mixed branch: its members graduate on the branch’s date ${branch.graduationDate}; only a mixed branch dates members one by one (Q11)`
                : `"${branch.name}" is not a mixed branch and has no date yet: mark the branch, or make it mixed to date members one by one (Q11)`,
            ),
          );
        } else if (!own.ok) errors.push(rowError(r.row, 'graduationDate', own.code as ImportErrorCode));
      }
      if (errors.length > before) continue;
      if (graduationDate === member.graduationDate && destination === member.destination) unchanged++;
      else changes.push({ member, branch, graduationDate, destination });
    }
    return { errors, changes, unchanged };
  }

  /** One UPDATE for every member and one audit INSERT for every change. */
  private async write(tx: ScopedTx, changes: readonly Change[]): Promise<void> {
    await tx.execute(
      `UPDATE member m SET graduation_date = v.graduation_date, destination = v.destination, updated_at = now()
         FROM unnest($1::uuid[], $2::date[], $3::text[]) AS v(id, graduation_date, destination)
        WHERE m.id = v.id`,
      [changes.map((c) => c.member.id), changes.map((c) => c.graduationDate), changes.map((c) => c.destination)],
    );
    const entries: AuditInput[] = changes.map((c) => ({
      action: 'member.graduation',
      entityType: 'member',
      entityId: c.member.id,
      before: { graduationDate: c.member.graduationDate, destination: c.member.destination },
      after: { graduationDate: c.graduationDate, destination: c.destination, source: 'import' },
      orgPath: c.branch.path,
    }));
    await this.audit.recordMany(tx, entries);
  }
}

function report(
  total: number,
  errors: ImportRowError[],
  plan: { changes: readonly Change[]; unchanged: number },
  dryRun: boolean,
): GraduationImportReport {
  errors.sort((a, b) => a.row - b.row);
  const ok = errors.length === 0;
  return { ok, total, errors, changed: ok ? plan.changes.length : 0, unchanged: ok ? plan.unchanged : 0, dryRun };
}
