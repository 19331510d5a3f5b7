import { Injectable } from '@nestjs/common';
import {
  SCHOOL_DOMAIN_INDUSTRIES,
  canMarkBranchGraduation,
  checkGraduationDate,
  canMarkGraduation,
  canMarkMember,
  canMarkMemberGraduation,
  checkNoOpenTransfer,
  routeTransfer,
  takesGraduationDate,
} from '@zhtj/domain';
import type { MemberMark } from '@zhtj/domain';
import { AppError, Clock, RequestContext, assertAllowed, domainActor, notFound } from '@zhtj/api/core';
import type { AuditInput } from '@zhtj/api/db';
import { AuditService, ScopedDb, ScopedTx } from '@zhtj/api/db';
import { MemberEntity } from '@zhtj/api/members';
import { orgContexts, OrgEntity, schoolIdOf } from '@zhtj/api/orgs';
import { pendingTransferFacts, TransferEntity } from '@zhtj/api/transfers';
import type { BranchGraduationResult, BulkDestinationResult, BulkGraduationResult, GraduationOverview } from '@zhtj/shared/contract';
import type { BranchGraduationDto, BulkDestinationDto, BulkGraduationDto, MemberGraduationDto } from './dto';
import { GraduatesOrgJob } from './graduates-org.job';

export type { BranchGraduationResult, GraduationOverview };

const NOT_GRADUATE_MARKS: MemberMark[] = ['teacher', 'delayed'];

@Injectable()
export class GraduationService {
  constructor(
    private readonly db: ScopedDb,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly graduatesOrgs: GraduatesOrgJob,
  ) {}

  /** §4, Q22–Q25: mark (or change) a branch's graduation date; members inherit it unless mixed. */
  async markBranch(orgId: string, dto: BranchGraduationDto): Promise<BranchGraduationResult> {
    return this.db.transaction(async (tx) => {
      const org = await tx.byId('org', orgId, true);
      return this.markOne(tx, org, dto);
    });
  }

  /** Bulk marking from the tree: every branch is checked first; one refusal and nothing changes. */
  async markBranches(dto: BulkGraduationDto): Promise<BulkGraduationResult> {
    const ids = [...new Set(dto.orgIds)];
    return this.db.transaction(async (tx) => {
      const orgs = await tx.query('org', 'o').andWhere('o.id IN (:...ids)', { ids }).setLock('pessimistic_write').getMany();
      const found = new Map(orgs.map((o) => [o.id, o]));
      const actor = domainActor(RequestContext.actor());
      const refusals = ids.flatMap((id) => {
        const org = found.get(id);
        if (!org) return [{ orgId: id, code: 'NOT_FOUND' }];
        const d = canMarkBranchGraduation(actor, org, { graduationDate: dto.graduationDate, mixed: dto.mixed ?? org.mixed });
        return d.ok ? [] : [{ orgId: id, code: d.code === 'NOT_IN_SCOPE' ? 'NOT_FOUND' : d.code }];
      });
      if (refusals.length > 0) {
        throw new AppError('GRADUATION_BULK_REFUSED', {
          details: { refusals: refusals.map((r) => ({ ...r, name: found.get(r.orgId)?.name ?? null })) },
        });
      }
      const items: BranchGraduationResult[] = [];
      for (const id of ids) items.push(await this.markOne(tx, found.get(id) as OrgEntity, dto));
      return { items, membersUpdated: items.reduce((s, i) => s + i.membersUpdated, 0) };
    });
  }

  private async markOne(tx: ScopedTx, org: OrgEntity, dto: BranchGraduationDto): Promise<BranchGraduationResult> {
    const mixed = dto.mixed ?? org.mixed;
    assertAllowed(checkGraduationDate(dto.graduationDate, this.clock.now()));
    assertAllowed(canMarkBranchGraduation(domainActor(RequestContext.actor()), org, { graduationDate: dto.graduationDate, mixed }));
    const before = { graduationDate: org.graduationDate, mixed: org.mixed };
    await tx.update(OrgEntity, org.id, { graduationDate: dto.graduationDate, mixed });
    let membersUpdated = 0;
    if (!mixed) {
      // Members inherit the branch's date (§4) — one statement, whatever the branch's size.
      const res = await tx
        .updateBuilder(MemberEntity)
        .set({ graduationDate: dto.graduationDate })
        .where(`org_id = :id AND status = 'active' AND (graduation_mark IS NULL OR graduation_mark NOT IN (:...skip))`, {
          id: org.id,
          skip: NOT_GRADUATE_MARKS,
        })
        .execute();
      membersUpdated = res.affected ?? 0;
    }
    await this.audit.record(tx, {
      action: before.graduationDate === null && !before.mixed ? 'org.graduation.mark' : 'org.graduation.change',
      entityType: 'org',
      entityId: org.id,
      before,
      after: { graduationDate: dto.graduationDate, mixed, membersUpdated },
      orgPath: org.path,
    });
    // §4 Interpretation: from 1 June of its year a marked branch is a graduates org (and stops
    // being one when the marking is undone).
    await this.graduatesOrgs.syncOnMark(tx, org.id);
    return { id: org.id, name: org.name, graduationDate: dto.graduationDate, mixed, membersUpdated };
  }

  /** Per-member marking (Q11): date in a mixed branch, destination, and the marks of §4. */
  async markMember(memberId: string, dto: MemberGraduationDto): Promise<void> {
    if (dto.graduationDate === undefined && dto.destination === undefined && dto.mark === undefined) {
      throw new AppError('VALIDATION_FAILED', {
        errors: [{ field: 'graduationDate', message: '至少提供 graduationDate、destination、mark 之一' }],
      });
    }
    const actorCtx = RequestContext.actor();
    const actor = domainActor(actorCtx);
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      const member = await tx.byId('member', memberId, true);
      const branch = await tx.byId('org', member.orgId);
      const before = {
        graduationDate: member.graduationDate,
        destination: member.destination,
        graduationMark: member.graduationMark,
        orgId: member.orgId,
      };
      if (dto.mark !== undefined && dto.mark !== member.graduationMark) {
        assertAllowed(canMarkMember(actor, branch, member, dto.mark, now));
        if (dto.mark === 'delayed') {
          await this.delay(tx, member, branch, actorCtx.userId, actorCtx.role, now);
        } else {
          member.graduationMark = dto.mark;
          if (dto.mark === 'teacher') member.graduationDate = null;
          if (dto.mark === null && !branch.mixed) member.graduationDate = branch.graduationDate;
        }
      }
      if (dto.graduationDate !== undefined) {
        assertAllowed(canMarkGraduation(actor, branch));
        if (dto.graduationDate !== null && !takesGraduationDate(member.graduationMark)) throw new AppError('MEMBER_MARK_NOT_GRADUATE');
        assertAllowed(checkGraduationDate(dto.graduationDate, now));
        assertAllowed(canMarkMemberGraduation(actor, branch, member, dto.graduationDate));
        member.graduationDate = dto.graduationDate;
      }
      if (dto.destination !== undefined) {
        // 毕业去向 is set by whoever may mark the member's branch (§4, §6).
        assertAllowed(canMarkGraduation(actor, branch));
        member.destination = dto.destination;
      }
      await tx.save(member);
      await this.audit.record(tx, {
        action: 'member.graduation',
        entityType: 'member',
        entityId: member.id,
        before,
        after: {
          graduationDate: member.graduationDate,
          destination: member.destination,
          graduationMark: member.graduationMark,
          orgId: member.orgId,
        },
        // Filed under the branch the mark was made in: a delayed member has moved on.
        orgPath: branch.path,
      });
    });
  }

  /**
   * 设置毕业去向 for many graduates at once (§3, §6: the indicator follows the destination). Each
   * member is decided as its own `markMember({destination})` would be — in the caller's scope, by
   * whoever may mark its branch (`canMarkGraduation`, Q22, Q24) — and answered per member; the
   * accepted ones are written with one UPDATE and their audit entries with one INSERT.
   */
  async setDestinations(dto: BulkDestinationDto): Promise<BulkDestinationResult> {
    const ids = [...new Set(dto.memberIds)];
    const actor = domainActor(RequestContext.actor());
    return this.db.transaction(async (tx) => {
      const members = await tx
        .query('member', 'mb')
        .andWhere('mb.id = ANY(CAST(:ids AS uuid[]))', { ids })
        .orderBy('mb.id')
        .setLock('pessimistic_write')
        .getMany();
      const found = new Map(members.map((x) => [x.id, x]));
      // The members' branches: in scope as their members are.
      const branchIds = [...new Set(members.map((x) => x.orgId))];
      const branches = new Map(
        (branchIds.length
          ? await tx.query('org', 'o').andWhere('o.id = ANY(CAST(:branchIds AS uuid[]))', { branchIds }).getMany()
          : []
        ).map((o) => [o.id, o]),
      );
      const updated: MemberEntity[] = [];
      const refused: BulkDestinationResult['refused'] = [];
      for (const id of ids) {
        const member = found.get(id);
        const branch = member ? branches.get(member.orgId) : undefined;
        try {
          if (!member || !branch) throw notFound();
          assertAllowed(canMarkGraduation(actor, branch));
          if (member.destination !== dto.destination) updated.push(member);
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
          const body = e.getResponse() as { code: string; message: string };
          // Outside scope: the same answer as a member that does not exist (API.md).
          refused.push({
            memberId: id,
            name: member && body.code !== 'NOT_FOUND' ? member.name : null,
            code: body.code,
            message: body.message,
          });
        }
      }
      if (updated.length) {
        await tx.execute(`UPDATE member SET destination = $2 WHERE id = ANY($1::uuid[])`, [updated.map((x) => x.id), dto.destination]);
        const entries: AuditInput[] = updated.map((x) => ({
          action: 'member.graduation',
          entityType: 'member',
          entityId: x.id,
          before: { destination: x.destination },
          after: { destination: dto.destination, bulk: true },
          orgPath: (branches.get(x.orgId) as OrgEntity).path,
        }));
        await this.audit.recordMany(tx, entries);
      }
      // Unchanged members count as set: the destination is what was asked for.
      const refusedIds = new Set(refused.map((r) => r.memberId));
      return { updated: ids.filter((id) => !refusedIds.has(id)), refused };
    });
  }

  /**
   * 延迟毕业 (§2.7): the member moves into the school's `delayed_graduation` org by a
   * `delayed_graduation` transfer (members move only by transfer, Q18) that the marking itself
   * decides: initiated by the marking admin, decided by no account (`decidedBy` empty,
   * `decidedByMarking`), audited as the marking — so no account decides its own request (§5), here either.
   */
  private async delay(
    tx: ScopedTx,
    member: MemberEntity,
    branch: OrgEntity,
    userId: string,
    role: TransferEntity['initiatorRole'],
    now: Date,
  ): Promise<void> {
    // The school the branch belongs to now (a member who went on to study keeps an older school in schoolOrgId).
    const schoolId = (await schoolIdOf(tx.unscoped('orgs.ancestors'), branch.path)) ?? member.schoolOrgId;
    const target = schoolId
      ? await tx
          .unscoped('graduation.delayed-org')
          .createQueryBuilder(OrgEntity, 'd')
          .where(`d.purpose = 'delayed_graduation' AND d.path @> ARRAY[:schoolId]::uuid[]`, { schoolId })
          .orderBy('array_length(d.path, 1)', 'ASC')
          .getOne()
      : null;
    if (!target) throw new AppError('DELAYED_ORG_MISSING');
    assertAllowed(checkNoOpenTransfer(member.id, await pendingTransferFacts(tx.unscoped('transfers.open-transfer'), member.id), now));
    assertAllowed(routeTransfer('delayed_graduation', branch, target, now, { fromSchoolId: schoolId }));
    const transfer = tx.create(TransferEntity, {
      memberId: member.id,
      type: 'delayed_graduation',
      status: 'approved',
      fromOrgId: branch.id,
      fromOrgName: branch.name,
      toOrgId: target.id,
      toOrgName: target.name,
      externalProvinceCode: null,
      externalOrgName: null,
      initiatedBy: userId,
      initiatorRole: role,
      initiatorSide: 'outgoing',
      initiatedAt: now,
      decidedBy: null,
      decidedByMarking: true,
      decidedAt: now,
      reason: null,
      note: '标记延迟毕业',
    });
    await tx.save(transfer);
    for (const orgPath of [branch.path, target.path]) {
      await this.audit.record(tx, {
        action: 'graduation.mark_delayed',
        entityType: 'transfer',
        entityId: transfer.id,
        after: { ...transfer },
        orgPath,
      });
    }
    member.orgId = target.id;
    member.graduationMark = 'delayed';
    member.graduationDate = null;
    member.destination = 'delayed_graduation';
  }

  /** How far a school (or any org) is with marking: branches marked, mixed, unmarked. */
  async overview(orgId: string): Promise<GraduationOverview> {
    const org = await this.db.byId('org', orgId);
    if (RequestContext.actor().role === 'member') throw notFound();
    const rows: {
      id: string;
      name: string;
      path: string[];
      parent_id: string | null;
      graduation_date: string | null;
      mixed: boolean;
      purpose: string | null;
      member_count: number;
    }[] = await this.db.unscoped('graduation.overview').query(
      `SELECT o.id, o.name, o.path, o.parent_id, to_char(o.graduation_date, 'YYYY-MM-DD') AS graduation_date, o.mixed, o.purpose,
              (SELECT count(*) FROM member mb WHERE mb.org_id = o.id AND mb.status = 'active')::int AS member_count
         FROM org o
        WHERE o.path @> ARRAY[$1]::uuid[] AND o.kind = 'branch' AND o.industry = ANY($2::text[])
          -- §4 Interpretation: a marked branch stays a class branch here after it becomes a graduates org.
          AND (o.purpose IS NULL OR (o.purpose = 'graduates' AND o.graduation_date IS NOT NULL))
        ORDER BY o.path`,
      [org.id, [...SCHOOL_DOMAIN_INDUSTRIES]],
    );
    // Each branch's school (and college) beside its name: a county lists many "2025届1班团支部".
    const contextOf = await orgContexts(
      this.db.unscoped('orgs.ancestors'),
      rows.map((r) => r.path),
    );
    const items = rows.map((r) => ({
      id: r.id,
      name: r.name,
      context: contextOf(r.path),
      parentId: r.parent_id,
      graduationDate: r.graduation_date,
      mixed: r.mixed,
      graduatesOrg: r.purpose === 'graduates',
      memberCount: r.member_count,
    }));
    return {
      orgId: org.id,
      branches: items.length,
      mixed: items.filter((i) => i.mixed).length,
      marked: items.filter((i) => !i.mixed && i.graduationDate !== null).length,
      unmarked: items.filter((i) => !i.mixed && i.graduationDate === null).length,
      members: items.reduce((s, i) => s + i.memberCount, 0),
      items,
    };
  }
}
