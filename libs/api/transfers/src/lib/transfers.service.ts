import { Injectable } from '@nestjs/common';
import { SelectQueryBuilder } from 'typeorm';
import {
  DESTINATIONS,
  SCHOOL_DOMAIN_INDUSTRIES,
  TRANSFER_ROUTES,
  autoReturnDueAt,
  offerAsTarget,
  canReviewTransfer,
  canWithdrawTransfer,
  decideInitiation,
  maskIdCardNumber,
  maskUsername,
  parseIdCardNumber,
  placeName,
  canSeeTransferContacts,
  canSeeTransferOrigin,
  canCloseReturn,
  checkBranchAssignment,
  checkMemberStillAtOrigin,
  schoolOf,
  transferActions,
} from '@zhtj/domain';
import type { Actor as DomainActor, Destination, DirectoryCandidate, OrgFacts, Role, TransferFacts, TransferTarget, TransferType } from '@zhtj/domain';
import { AppError, Clock, Coalescer, Page, RequestContext, assertAllowed, domainActor, forbidden, notFound, togetherOrEachAlone } from '@zhtj/api/core';
import { AuditService, FACTS_REFRESH_SETTING, IdLookupRation, MemberEntity, PREPARED, PREPARED_COMMENT, ScopedDb, ScopedTx, OrgEntity, TransferEntity, UserEntity, isUuid, orgContexts, orgFactsAndChain, orgFactsByIds } from '@zhtj/api/db';
import type { Actor } from '@zhtj/api/core';
import type { AuditInput, UnscopedReader } from '@zhtj/api/db';
import { AutoReturnSweep } from './auto-return';
import type { SweepResult } from './auto-return';
import { assignBranchOnApproval, followUpView, initiationRecord, needsBranchAssignment } from './follow-up';
import type { BatchApproveResult, BulkInitiateResult, TransferDetail, TransferHistoryItem, TransferTargetNode, TransferTargetView } from '@zhtj/shared/contract';
import { groupCommitSize } from '@zhtj/api/telemetry';
import { BATCH_APPROVE_MAX } from './dto';
import type { BulkInitiateDto } from './dto';
import type { CreateTransferDto, TargetsByPlaceQuery, TransferListQuery, TransferTargetQuery } from './dto';

export type TransferView = TransferHistoryItem;

/**
 * Shared transactions of each kind (approvals, initiations) running at once per API process, one
 * per province (its next requests gather behind it: docs/benchmarks.md measured one against two);
 * half the pool (20), so that reads and the auth guard keep connections.
 */
const APPROVAL_RUNS_IN_FLIGHT = 10;

interface QueuedApproval {
  id: string;
  actor: Actor;
}

interface QueuedInitiation {
  dto: CreateTransferDto;
  actor: Actor;
}

/**
 * Requests that may share a transaction: their callers' province (docs/scaling.md's key), or the
 * national level; each is still read in its own caller's scope and decided for its own caller.
 */
function groupKey(actor: Actor): string {
  return actor.scopeProvince === undefined ? `user:${actor.userId}` : (actor.scopeProvince ?? 'national');
}

/** Items by caller (account, org, role), in their order. */
function byCaller<T extends { actor: Actor }>(items: readonly T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const x of items) {
    const key = `${x.actor.userId}|${x.actor.orgId}|${x.actor.role}`;
    const group = groups.get(key);
    if (group) group.push(x);
    else groups.set(key, [x]);
  }
  return [...groups.values()];
}

/** A directory row's region and the two regions above it (GB/T 2260), as read for `placeName`. */
interface PlaceNames {
  regionName: string | null;
  regionLevel: string | null;
  region1Name: string | null;
  region2Name: string | null;
}

/** The place of a found org as people say it (domain `placeName`): province down to the region, the nation left out. */
function placeOf(r: PlaceNames): string | null {
  if (!r.regionName) return null;
  const names = r.regionLevel === 'county' ? [r.region2Name, r.region1Name, r.regionName] : r.regionLevel === 'city' ? [r.region1Name, r.regionName] : [r.regionName];
  return placeName(names.map((n) => n ?? ''));
}

/** A directory row: the answer's fields and the facts the route filter reads. */
type DirectoryRow = Omit<TransferTargetView, 'placeName' | 'context'> & DirectoryCandidate & PlaceNames;

/**
 * What may be a receiving org at all: branches, special-purpose orgs and base-level committees
 * (§5 分配到团支部); `offerAsTarget` keeps what a type's route takes.
 */
const MAY_RECEIVE = `(o.kind = 'branch' OR o.purpose IS NOT NULL OR o.level = 'base')`;
/** Special (涉密) units and everything under them are never listed in the directory. */
const NOT_SPECIAL = `NOT EXISTS (SELECT 1 FROM org sp WHERE sp.industry = 'special' AND o.path @> ARRAY[sp.id])`;
/** Orgs of one level of a place's tree answered at most (a county committee's direct orgs; the search finds the rest). */
const PLACE_LEVEL_MAX = 500;

/** Orgs read per directory search before the route filter, and the most offered. */
const TARGET_CANDIDATES = 100;
const TARGETS_SHOWN = 20;

export interface Names {
  member_name: string;
  decider_org_name?: string | null;
  decider_role?: string | null;
  reminder_count?: string | number | null;
  first_reminded_at?: Date | string | null;
  last_reminded_at?: Date | string | null;
  from_name: string | null;
  to_name: string | null;
  initiator_username: string | null;
  from_path: string[] | null;
  to_path: string[] | null;
}

const iso = (v: Date | string | null | undefined): string | null => (v == null ? null : new Date(v).toISOString());

/**
 * §5: may the caller of this request see where the transfer comes from (`canSeeTransferOrigin`)?
 * The receiving side of a pull does not, until the outgoing side approves it. Outside a request
 * (jobs) nobody is shown anything, so the answer is yes.
 */
export function originVisible(t: Pick<TransferEntity, 'initiatorSide' | 'status' | 'memberId'>, fromPath: readonly string[] | null | undefined): boolean {
  const viewer = RequestContext.actorOrNull();
  if (!viewer) return true;
  return canSeeTransferOrigin(domainActor(viewer), { initiator: { userId: '', role: 'member', ...(t.initiatorSide ? { side: t.initiatorSide } : {}) }, status: t.status, memberId: t.memberId, fromOrgPath: fromPath ?? [] });
}

export function transferView(
  t: TransferEntity,
  names: Pick<Names, 'member_name' | 'from_name' | 'to_name' | 'initiator_username' | 'decider_org_name' | 'decider_role' | 'reminder_count' | 'first_reminded_at' | 'last_reminded_at'> & { from_path?: string[] | null },
  now: Date,
  wholeContacts = false,
): TransferView {
  const due = t.status === 'pending' ? autoReturnDueAt(t.initiatedAt, t.externalOrgName !== null) : null;
  // §5: the receiving side of a pull learns nothing of the member's side before it approves — not
  // the org, nor (once it decided) the deciding org or role.
  const hidden = !originVisible(t, names.from_path);
  return {
    id: t.id,
    memberId: t.memberId,
    memberName: names.member_name,
    type: t.type,
    status: t.status,
    fromOrgId: hidden ? null : t.fromOrgId,
    fromOrgName: hidden ? null : (names.from_name ?? t.fromOrgName),
    toOrgId: t.toOrgId,
    toOrgName: names.to_name ?? t.toOrgName,
    external: t.externalOrgName ? { provinceCode: t.externalProvinceCode ?? '', orgFullName: t.externalOrgName } : null,
    initiatedBy: t.initiatedBy,
    // A member's username is their ID number (DOMAIN.md §2: shown masked).
    initiatorUsername: maskUsername(names.initiator_username),
    initiatorRole: t.initiatorRole,
    initiatedAt: t.initiatedAt.toISOString(),
    decidedAt: t.decidedAt ? t.decidedAt.toISOString() : null,
    deciderOrgName: hidden ? null : (names.decider_org_name ?? null),
    deciderRole: hidden ? null : ((names.decider_role as Role | null | undefined) ?? null),
    decidedByMarking: t.decidedByMarking === true,
    reason: t.reason,
    note: t.note,
    ...followUpView(t, wholeContacts),
    returnDueAt: due ? due.toISOString() : null,
    daysLeft: due ? Math.max(0, Math.ceil((due.getTime() - now.getTime()) / (24 * 60 * 60 * 1000))) : null,
    reminders: { count: Number(names.reminder_count ?? 0), firstAt: iso(names.first_reminded_at), lastAt: iso(names.last_reminded_at) },
    originHidden: hidden,
    decidingSide: t.externalOrgName || t.externalArrival ? 'external' : t.initiatorSide === 'receiving' ? 'outgoing' : 'receiving',
  };
}

/**
 * Transfers as the lists read them, with their orgs' context beside the names (`orgContexts`, one
 * query for the page): none for an org deleted since, nor for an origin hidden from the caller (§5).
 */
export async function withContexts<V extends TransferView>(reader: UnscopedReader, rows: readonly { view: V; n: Pick<Names, 'from_path' | 'to_path'> }[]): Promise<V[]> {
  const contextOf = await orgContexts(reader, rows.flatMap(({ n }) => [n.from_path, n.to_path]));
  return rows.map(({ view, n }) => ({ ...view, fromOrgContext: view.originHidden ? [] : contextOf(n.from_path), toOrgContext: contextOf(n.to_path) }));
}

/** A transfer as the workflow rules see it. */
export function facts(t: TransferEntity, n: Names): TransferFacts {
  return {
    id: t.id,
    memberId: t.memberId,
    type: t.type,
    status: t.status,
    fromOrgPath: n.from_path ?? [],
    // A deleted receiving org is gone from the tree: nobody there can review any more.
    toOrgPath: t.externalOrgName ? null : (n.to_path ?? []),
    initiator: { userId: t.initiatedBy, role: t.initiatorRole, name: maskUsername(n.initiator_username), ...(t.initiatorSide ? { side: t.initiatorSide } : {}) },
    initiatedAt: t.initiatedAt,
  };
}


/** The member columns a decision reads (§5), locked with the transfer. */
interface DecisionRow {
  t_id: string;
  mb_org_id: string;
  mb_status: MemberEntity['status'];
  mb_destination: Destination | null;
  mb_school_org_id: string | null;
  mb_graduation_date: string | null;
  decider_org: string | null;
}

type DecisionMember = Pick<MemberEntity, 'id' | 'orgId' | 'status' | 'destination' | 'schoolOrgId' | 'graduationDate'>;

/** A transfer locked for a decision, with what the rules and the answer read. */
interface Decidable {
  t: TransferEntity;
  n: Names;
  member: DecisionMember;
  /** Who decides: the caller whose scope read it. */
  actor: Actor;
  deciderOrgName: string | null;
}

/**
 * The checks of a decision on its locked facts, shared by the single and the batch approval (§5):
 * the actor may review it now (Q15, Q20), and an approval needs the member still active and still
 * at the transfer's origin. Throws the refusal.
 */
function assertDecidable(actor: DomainActor, d: Decidable, member: DecisionMember, action: 'approve' | 'reject', now: Date, reason?: string): void {
  assertAllowed(canReviewTransfer(actor, facts(d.t, d.n), action, now, reason));
  if (action !== 'approve') return;
  if (member.status === 'left') throw new AppError('MEMBER_ALREADY_LEFT');
  assertAllowed(checkMemberStillAtOrigin(member, d.t));
}

export function withNames(qb: SelectQueryBuilder<TransferEntity>): SelectQueryBuilder<TransferEntity> {
  return qb
    .leftJoin('org', 'fo', 'fo.id = t.from_org_id')
    .leftJoin('org', 'tor', 'tor.id = t.to_org_id')
    .leftJoin('app_user', 'iu', 'iu.id = t.initiated_by')
    .leftJoin('member', 'tm', 'tm.id = t.member_id')
    // Who decided: the account's role and org.
    .leftJoin('app_user', 'du', 'du.id = t.decided_by')
    .leftJoin('org', 'duo', 'duo.id = du.org_id')
    .addSelect(['fo.name AS from_name', 'tor.name AS to_name', 'iu.username AS initiator_username', 'fo.path AS from_path', 'tor.path AS to_path', 'tm.name AS member_name'])
    .addSelect('du.role', 'decider_role')
    .addSelect('duo.name', 'decider_org_name')
    .addSelect('(SELECT count(*) FROM transfer_reminder r WHERE r.transfer_id = t.id)', 'reminder_count')
    .addSelect('(SELECT min(r.sent_at) FROM transfer_reminder r WHERE r.transfer_id = t.id)', 'first_reminded_at')
    .addSelect('(SELECT max(r.sent_at) FROM transfer_reminder r WHERE r.transfer_id = t.id)', 'last_reminded_at');
}

/** Members' pending transfers as the rules see them, by member, in one statement. */
export async function pendingTransferFactsOf(m: UnscopedReader, memberIds: readonly string[]): Promise<Map<string, TransferFacts[]>> {
  const byMember = new Map<string, TransferFacts[]>();
  if (!memberIds.length) return byMember;
  const { entities, raw } = await withNames(m.createQueryBuilder(TransferEntity, 't'))
    .where(`t.memberId = ANY(CAST(:ids AS uuid[])) AND t.status = 'pending'`, { ids: memberIds })
    .getRawAndEntities<Names>();
  entities.forEach((t, i) => {
    const f = facts(t, raw[i] as Names);
    const list = byMember.get(t.memberId);
    if (list) list.push(f);
    else byMember.set(t.memberId, [f]);
  });
  return byMember;
}

/**
 * Both sides find a new request in their audit log — the receiving side of a pull without the
 * member's org (§5: it learns nothing of the member's side before the outgoing side approves).
 */
function initiationEntries(t: TransferEntity, orgs: Map<string, OrgFacts>): AuditInput[] {
  const entry = (orgPath: readonly string[], after: Record<string, unknown>): AuditInput => ({ action: 'transfer.initiate', entityType: 'transfer', entityId: t.id, after, orgPath: [...orgPath] });
  const entries = [entry(orgs.get(t.fromOrgId as string)?.path ?? [], { ...t })];
  if (t.toOrgId) {
    const { fromOrgId: _id, fromOrgName: _name, ...blind } = t;
    entries.push(entry(orgs.get(t.toOrgId)?.path ?? [], t.initiatorSide === 'receiving' ? blind : { ...t }));
  }
  return entries;
}

/** A member's pending transfers as the rules see them (Q21: one open transfer per member). */
export async function pendingTransferFacts(m: UnscopedReader, memberId: string): Promise<TransferFacts[]> {
  return (await pendingTransferFactsOf(m, [memberId])).get(memberId) ?? [];
}

/**
 * The transfer workflow (DOMAIN.md §5): initiate (member, outgoing or receiving side, Q21),
 * approve / reject by the receiving side, withdraw by the initiator or the member, the 10-day
 * automatic return (§3.2.3). Every decision is a `libs/domain` rule; this service loads the facts.
 */
@Injectable()
export class TransfersService {
  /** Initiations waiting together, per province (`initiateTogether`); one member per run. */
  private readonly initiations = new Coalescer<QueuedInitiation, TransferView>(
    (_key, items) => togetherOrEachAlone(items, (xs) => this.initiateTogether(xs), (x) => RequestContext.runAs(x.actor, () => this.initiateAlone(x.dto))),
    {
      maxBatch: BATCH_APPROVE_MAX,
      maxInFlight: APPROVAL_RUNS_IN_FLIGHT,
      maxInFlightPerKey: 1,
      distinct: (x) => x.dto.memberId ?? '',
      onRun: (_key, size) => groupCommitSize.observe({ kind: 'initiation' }, size),
    },
  );

  /** Single approvals waiting together, per province (`approveTogether`); one per transfer per run. */
  private readonly approvals = new Coalescer<QueuedApproval, TransferView>(
    (_key, items) =>
      togetherOrEachAlone(
        items,
        async (xs) => {
          const outcomes = await this.approveTogether(xs);
          return xs.map((x) => outcomes.get(x.id) ?? notFound());
        },
        (x) => RequestContext.runAs(x.actor, () => this.decide(x.id, 'approve')),
      ),
    {
      maxBatch: BATCH_APPROVE_MAX,
      maxInFlight: APPROVAL_RUNS_IN_FLIGHT,
      maxInFlightPerKey: 1,
      distinct: (x) => x.id,
      onRun: (_key, size) => groupCommitSize.observe({ kind: 'approval' }, size),
    },
  );

  constructor(
    private readonly db: ScopedDb,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly sweep: AutoReturnSweep,
    private readonly ration: IdLookupRation,
  ) {}

  /** One transfer in the caller's scope with its names (404 otherwise), in one statement; `lock` takes its row lock. */
  private async loadScoped(id: string, reads: Pick<ScopedTx, 'query'>, lock: boolean): Promise<{ t: TransferEntity; n: Names }> {
    if (!isUuid(id)) throw notFound();
    const qb = withNames(reads.query('transfer', 't')).andWhere('t.id = :id', { id });
    if (lock) qb.setLock('pessimistic_write', undefined, ['t']);
    const { entities, raw } = await qb.getRawAndEntities<Names>();
    if (!entities[0]) throw notFound();
    return { t: entities[0], n: raw[0] as Names };
  }

  /**
   * Decisions' facts in one statement (§5): each transfer in scope with its names, its member and
   * the deciding account's org name, the transfers' and the members' rows locked in id order — a
   * parallel approval of another transfer of a member waits here, then sees the member moved.
   * Ids outside scope (or not ids) are simply absent.
   */
  private async loadForDecision(ids: readonly string[], tx: ScopedTx): Promise<Map<string, Decidable>> {
    const valid = ids.filter(isUuid);
    if (!valid.length) return new Map();
    const { entities, raw } = await withNames(tx.query('transfer', 't'))
      .innerJoin(MemberEntity, 'mb', 'mb.id = t.member_id')
      .addSelect(['mb.org_id AS mb_org_id', 'mb.status AS mb_status', 'mb.destination AS mb_destination', 'mb.school_org_id AS mb_school_org_id', 'mb.graduation_date::text AS mb_graduation_date'])
      .addSelect('(SELECT ao.name FROM org ao WHERE ao.id = :deciderOrg)', 'decider_org')
      // One id as a scalar: its prepared plan is then the generic one (planned once per
      // connection); an array's generic plan is costed for ten rows, so it is planned each time.
      .andWhere(valid.length === 1 ? 't.id = :id' : 't.id = ANY(CAST(:ids AS uuid[]))', { id: valid[0], ids: valid, deciderOrg: RequestContext.actor().orgId })
      .orderBy('t.id')
      .comment(PREPARED_COMMENT)
      .setLock('pessimistic_write', undefined, ['t', 'mb'])
      .getRawAndEntities<Names & DecisionRow>();
    const byId = new Map(entities.map((t) => [t.id, t]));
    return new Map(
      raw.flatMap((r) => {
        const t = byId.get(r.t_id);
        if (!t) return [];
        const member = { id: t.memberId, orgId: r.mb_org_id, status: r.mb_status, destination: r.mb_destination, schoolOrgId: r.mb_school_org_id, graduationDate: r.mb_graduation_date };
        return [[t.id, { t, n: r, member, deciderOrgName: r.decider_org, actor: RequestContext.actor() }] as const];
      }),
    );
  }

  /** 我的组织关系转接历史 (Q21): every transfer of a member in scope, newest first. */
  async history(memberId: string): Promise<Page<TransferView>> {
    const member = await this.db.byId('member', memberId);
    const { entities, raw } = await withNames(this.db.unscoped('transfers.history').createQueryBuilder(TransferEntity, 't'))
      .where('t.memberId = :id', { id: member.id })
      .orderBy('t.initiatedAt', 'DESC')
      .getRawAndEntities<Names>();
    const now = this.clock.now();
    const items = await withContexts(this.db.unscoped('orgs.ancestors'), entities.map((t, i) => ({ view: transferView(t, raw[i] as Names, now), n: raw[i] as Names })));
    return { items, total: entities.length };
  }

  /**
   * The org directory for initiating a transfer: a graduate goes anywhere in the country, so the
   * receiving org is looked up outside the caller's scope — names and places only, no members.
   * Lag-tolerant (docs/scaling.md): orgs change rarely, and an org a few seconds new is found on
   * the next search; the initiation itself reads its target on the primary.
   */
  async searchTargetsUnscoped(q: TransferTargetQuery): Promise<TransferTargetView[]> {
    const purpose = q.type ? TRANSFER_ROUTES[q.type].requiredPurpose : null;
    const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const qb = this.directoryQuery()
      // A name, or a place: the org's region (锦江 finds the orgs of 锦江区).
      .where(`(o.name ILIKE :q ESCAPE '\\' OR r.name ILIKE :q ESCAPE '\\')`, { q: like })
      .andWhere(MAY_RECEIVE)
      .andWhere(NOT_SPECIAL)
      .orderBy(`CASE WHEN o.name ILIKE :q ESCAPE '\\' THEN 0 ELSE 1 END`, 'ASC')
      .addOrderBy('length(o.name)', 'ASC')
      .addOrderBy('o.name', 'ASC')
      .limit(TARGET_CANDIDATES);
    if (purpose) qb.andWhere('o.purpose = :purpose', { purpose });
    const rows = await qb.getRawMany<DirectoryRow>();
    // The route of the type decides what to offer (not a school class for employment; with the
    // member known, what routeTransfer accepts from their org — never their own branch).
    const offered = await this.offeredFor(q);
    return this.targetViews(rows.filter(offered).slice(0, TARGETS_SHOWN));
  }

  /**
   * 按地区选择 (issue 23 item 3): the directory by place, as the real system offers it — one level
   * of a place's org tree (its topmost orgs, or the children of `parentId` there). Orgs that may
   * receive the type (as `searchTargetsUnscoped` offers them) are selectable; committees above
   * them are listed to open, not to choose. Same exception and limits as the search: names and
   * places only, special (涉密) units hidden.
   */
  async targetsByPlaceUnscoped(q: TargetsByPlaceQuery): Promise<TransferTargetNode[]> {
    const purpose = q.type ? TRANSFER_ROUTES[q.type].requiredPurpose : null;
    const qb = this.directoryQuery()
      .addSelect('o.parent_id', 'parentId')
      .addSelect(MAY_RECEIVE, 'mayReceive')
      // Below it in the same place, and not a special unit (its ancestors here are not: NOT_SPECIAL).
      .addSelect(`EXISTS (SELECT 1 FROM org c WHERE c.parent_id = o.id AND c.region_code = o.region_code AND c.industry IS DISTINCT FROM 'special')`, 'hasChildren')
      .where('o.region_code = :region', { region: q.region })
      .andWhere(NOT_SPECIAL)
      // Committees first (they hold the branches), then by name.
      .orderBy(`CASE WHEN o.kind = 'branch' THEN 1 ELSE 0 END`, 'ASC')
      .addOrderBy('o.name', 'ASC')
      .limit(PLACE_LEVEL_MAX);
    if (q.parentId) qb.andWhere('o.parent_id = :parentId', { parentId: q.parentId });
    else qb.andWhere('(p.id IS NULL OR p.region_code <> o.region_code)');
    const rows = await qb.getRawMany<DirectoryRow & { parentId: string | null; mayReceive: boolean; hasChildren: boolean }>();
    const offered = await this.offeredFor(q);
    const nodes = rows
      .map((o) => ({ o, selectable: o.mayReceive && (!purpose || o.purpose === purpose) && offered(o) }))
      .filter(({ o, selectable }) => selectable || o.hasChildren);
    const views = await this.targetViews(nodes.map(({ o }) => o));
    return views.map((v, i) => {
      const node = nodes[i] as (typeof nodes)[number];
      return { ...v, parentId: node.o.parentId, hasChildren: node.o.hasChildren, selectable: node.selectable };
    });
  }

  /** The directory's reads of an org: its names and place, and the facts `offerAsTarget` reads. */
  private directoryQuery() {
    return this.db.lagTolerant
      .unscoped('transfers.directory')
      .createQueryBuilder(OrgEntity, 'o')
      .leftJoin('region', 'r', 'r.code = o.region_code')
      .leftJoin('region', 'r1', 'r1.code = r.parent_code')
      .leftJoin('region', 'r2', 'r2.code = r1.parent_code')
      .leftJoin('org', 'p', 'p.id = o.parent_id')
      .select(['o.id AS id', 'o.name AS name', 'o.kind AS kind', 'o.purpose AS purpose', 'o.industry AS industry', 'o.region_code AS "regionCode"', 'r.name AS "regionName"', 'p.name AS "parentName"'])
      // The region's own name and the two above it, for `placeName` (沈阳市和平区, not 和平区 alone).
      .addSelect(['r.level AS "regionLevel"', 'r1.name AS "region1Name"', 'r2.name AS "region2Name"'])
      .addSelect(['o.level AS level', 'o.path AS path', 'p.level AS "parentLevel"'])
      .addSelect(`EXISTS (SELECT 1 FROM org sch WHERE o.path @> ARRAY[sch.id] AND sch.id <> o.id AND sch.industry IN (:...schoolIndustries))`, 'underSchool')
      .setParameter('schoolIndustries', [...SCHOOL_DOMAIN_INDUSTRIES]);
  }

  /** What the directory offers for a type (and the member, when the caller sees them): `offerAsTarget`. */
  private async offeredFor(q: { type?: TransferType; memberId?: string }): Promise<(o: DirectoryCandidate) => boolean> {
    if (!q.type) return () => true;
    const type = q.type;
    const from = q.memberId ? await this.memberOrgFacts(q.memberId) : null;
    const now = this.clock.now();
    return (o) => offerAsTarget(type, o, from?.org ?? null, now, { fromSchoolId: from?.schoolId ?? null });
  }

  /** Found orgs as the directory answers them: with their place and, beside each name, what tells it from the same-named. */
  private async targetViews(rows: readonly DirectoryRow[]): Promise<TransferTargetView[]> {
    const contextOf = await orgContexts(this.db.lagTolerant.unscoped('transfers.directory'), rows.map((o) => o.path));
    return rows.map(({ id, name, kind, purpose, industry, regionCode, regionName, regionLevel, region1Name, region2Name, parentName, path }) => ({
      id, name, kind, purpose, industry, regionCode, regionName, placeName: placeOf({ regionName, regionLevel, region1Name, region2Name }), parentName, context: contextOf(path),
    }));
  }

  /** The org of a member the caller sees (the member, the outgoing side), as the routing rules read it; null otherwise. */
  private async memberOrgFacts(memberId: string): Promise<{ org: OrgFacts; schoolId: string | null } | null> {
    const member = await this.db.byId('member', memberId).catch(() => null);
    if (!member) return null;
    const { facts: orgs, chain } = await orgFactsAndChain(this.db.unscoped('transfers.routing'), [member.orgId], member.orgId);
    const org = orgs.get(member.orgId);
    return org ? { org, schoolId: schoolOf(chain)?.id ?? member.schoolOrgId } : null;
  }

  /**
   * 发起转接 (§5, Q21). Initiations naming members by id from callers of one province that arrive
   * while an earlier one is being written are made together in one transaction (group commit,
   * `initiations`), each answered as if alone; one naming the member by ID number and name runs on
   * its own.
   */
  async initiate(dto: CreateTransferDto): Promise<TransferView> {
    if (!dto.toOrgId === !dto.external) throw new AppError('TRANSFER_TARGET_REQUIRED');
    if (!dto.memberId === !dto.member) throw new AppError('TRANSFER_MEMBER_REQUIRED');
    if (!dto.memberId) return this.initiateByIdentity(dto);
    const actor = RequestContext.actor();
    return this.initiations.submit(groupKey(actor), { dto, actor });
  }

  /**
   * §5: a member named by ID number and full name. Rationed per org subtree and day
   * (`IdLookupRation`): once the ration is spent every such request is refused alike, and every
   * answer but a created transfer — a wrong name, a number nobody holds, a refusal that shows the
   * pair exists — draws on it. The transaction has ended before the ration is counted.
   */
  private async initiateByIdentity(dto: CreateTransferDto): Promise<TransferView> {
    const actor = RequestContext.actor();
    await this.ration.assertLeft(actor);
    try {
      return await this.initiateAlone(dto);
    } catch (e) {
      await this.ration.spend(actor);
      throw e;
    }
  }

  /**
   * 发起转接 for a class (issue 23): one type and destination for up to 100 members by id, each
   * decided as its own initiation would be (§5, Q21, §3) and answered per member — made together in
   * one transaction (`initiateTogether`), or each alone if that fails as a whole.
   */
  async initiateMany(dto: BulkInitiateDto): Promise<BulkInitiateResult> {
    if (!dto.toOrgId === !dto.external) throw new AppError('TRANSFER_TARGET_REQUIRED');
    const actor = RequestContext.actor();
    const items: QueuedInitiation[] = dto.memberIds.map((memberId) => ({
      actor,
      dto: { memberId, type: dto.type, ...(dto.toOrgId ? { toOrgId: dto.toOrgId } : {}), ...(dto.external ? { external: dto.external } : {}), ...(dto.note ? { note: dto.note } : {}) },
    }));
    const outcomes = await togetherOrEachAlone(items, (xs) => this.initiateTogether(xs), (x) => this.initiateAlone(x.dto));
    const created: TransferView[] = [];
    const refused: BulkInitiateResult['refused'] = [];
    outcomes.forEach((o, i) => {
      if (o instanceof AppError) {
        const body = o.getResponse() as { code: string; message: string; messageEn: string };
        refused.push({ memberId: dto.memberIds[i] as string, code: body.code, message: body.message, messageEn: body.messageEn });
      } else if (o instanceof Error) throw o;
      else created.push(o);
    });
    return { created, refused };
  }

  private initiateAlone(dto: CreateTransferDto): Promise<TransferView> {
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      // The receiving side may initiate for a member it cannot otherwise see (Q21), naming it by ID
      // number and full name (§5): read unscoped, then answer 404 unless the caller is on a side.
      const member = await this.memberToTransfer(tx.unscoped('transfers.initiate'), dto);
      if (!member) throw notFound();
      // §1: with the parents' levels, so a mobile branch's tier is read from its committee; the
      // member's org's ancestors for its school (§6) — one query.
      const { facts: orgs, chain } = await orgFactsAndChain(tx.unscoped('transfers.routing'), [member.orgId, ...(dto.toOrgId ? [dto.toOrgId] : [])], member.orgId);
      const t = this.newTransfer(tx, dto, member, orgs, chain, await pendingTransferFacts(tx.unscoped('transfers.open-transfer'), member.id), now);
      await tx.save(t);
      await this.audit.recordMany(tx, initiationEntries(t, orgs));
      return this.initiatedView(t, member, orgs, now);
    });
  }

  /**
   * Initiations waiting together (callers of one province, members by id), in one transaction: the
   * members locked in id order, their orgs with their ancestors, their pending transfers — one
   * statement each — then each decided as alone for its own caller (`newTransfer`), the accepted
   * ones inserted with one statement and their audit entries with one more.
   */
  private async initiateTogether(items: readonly QueuedInitiation[]): Promise<(TransferView | AppError)[]> {
    const now = this.clock.now();
    const dtos = items.map((x) => x.dto);
    return this.db.transaction(async (tx) => {
      const ids = dtos.map((d) => d.memberId as string).filter(isUuid);
      const members = new Map(
        (await tx.unscoped('transfers.initiate').createQueryBuilder(MemberEntity, 'mb').setLock('pessimistic_write').where('mb.id = ANY(CAST(:ids AS uuid[]))', { ids }).orderBy('mb.id').getMany()).map((x) => [x.id, x]),
      );
      // The members' orgs and the targets, then the members' orgs' ancestors (their schools, §6).
      const orgs = await orgFactsByIds(tx.unscoped('transfers.routing'), [...[...members.values()].map((x) => x.orgId), ...dtos.flatMap((d) => (d.toOrgId ? [d.toOrgId] : []))]);
      const ancestors = await orgFactsByIds(tx.unscoped('transfers.routing'), [...new Set([...members.values()].flatMap((x) => orgs.get(x.orgId)?.path ?? []))]);
      const pending = await pendingTransferFactsOf(tx.unscoped('transfers.open-transfer'), [...members.keys()]);
      // Each decided for its own caller (the rules read the caller from the request context).
      const outcomes: (TransferEntity | AppError)[] = items.map(({ dto, actor }) =>
        RequestContext.runAs(actor, () => {
          try {
            const member = dto.memberId ? members.get(dto.memberId) : undefined;
            if (!member) throw notFound();
            const chain = (orgs.get(member.orgId)?.path ?? []).flatMap((id) => ancestors.get(id) ?? []);
            return this.newTransfer(tx, dto, member, orgs, chain, pending.get(member.id) ?? [], now);
          } catch (e) {
            if (e instanceof AppError) return e;
            throw e;
          }
        }),
      );
      const created = outcomes.flatMap((o, i) => (o instanceof TransferEntity ? [{ t: o, actor: items[i].actor }] : []));
      if (created.length) {
        await tx.save(created.map((x) => x.t));
        await this.audit.recordMany(tx, created.flatMap(({ t, actor }) => initiationEntries(t, orgs).map((e) => ({ ...e, actor }))));
      }
      return outcomes.map((o, i) => (o instanceof TransferEntity ? RequestContext.runAs(items[i].actor, () => this.initiatedView(o, members.get(o.memberId) as MemberEntity, orgs, now)) : o));
    });
  }

  /**
   * The rules of an initiation on its loaded facts (§5, Q21): the caller on a side, the member
   * active, `decideInitiation` on the route and the member's pending transfers. Throws the refusal;
   * returns the new transfer, not yet saved.
   */
  private newTransfer(
    tx: ScopedTx,
    dto: CreateTransferDto,
    member: MemberEntity,
    orgs: Map<string, OrgEntity & OrgFacts>,
    chain: readonly OrgEntity[],
    pending: TransferFacts[],
    now: Date,
  ): TransferEntity {
    const actorCtx = RequestContext.actor();
    const from = orgs.get(member.orgId);
    if (!from) throw notFound();
    const toOrg = dto.toOrgId ? (orgs.get(dto.toOrgId) ?? null) : null;
    if (dto.toOrgId && !toOrg) throw notFound();
    // A member initiates only for themself; anyone else's id is simply not found. By id only whoever
    // sees the member (the member, the outgoing side); the receiving side by ID number and name (§5).
    const onASide =
      actorCtx.role === 'member'
        ? actorCtx.memberId === member.id
        : from.path.includes(actorCtx.orgId) || (dto.member !== undefined && (toOrg?.path.includes(actorCtx.orgId) ?? false));
    if (!onASide) throw notFound();
    // §5: a receiving side that named the member by ID number and name learns nothing more of
    // them before the outgoing side agrees — one who left answers like a number nobody holds.
    const blind = dto.member !== undefined && actorCtx.role !== 'member' && !from.path.includes(actorCtx.orgId);
    if (member.status === 'left') throw blind ? notFound() : new AppError('MEMBER_ALREADY_LEFT');
    const to: TransferTarget = toOrg ?? { external: true, provinceCode: dto.external?.provinceCode ?? '', orgFullName: dto.external?.orgFullName ?? '' };
    const decision = decideInitiation({
      actor: domainActor(actorCtx),
      member: { id: member.id, birthDate: member.birthDate, holdsLeaguePost: Boolean(member.leaguePost) },
      type: dto.type,
      from,
      to,
      now,
      transfers: pending,
      options: { fromSchoolId: schoolOf([...chain])?.id ?? member.schoolOrgId, abroadRequest: dto.abroadRequest ?? null, graduationDate: member.graduationDate },
    });
    // Q21 names who initiated the open transfer — not to a receiving side that does not see the member (§5).
    if (blind && !decision.ok && decision.code === 'TRANSFER_ALREADY_OPEN') {
      throw new AppError('TRANSFER_ALREADY_OPEN', {
        message: '该团员已有一条待审核的组织关系转接，请等待审批结果',
        messageEn: 'This member already has an open transfer; wait for its review',
      });
    }
    assertAllowed(decision);
    return tx.create(TransferEntity, {
      memberId: member.id,
      type: dto.type,
      status: 'pending',
      fromOrgId: from.id,
      fromOrgName: from.name,
      toOrgId: toOrg?.id ?? null,
      toOrgName: toOrg?.name ?? null,
      externalProvinceCode: dto.external ? dto.external.provinceCode.slice(0, 2) + '0000' : null,
      externalOrgName: dto.external?.orgFullName ?? null,
      initiatedBy: actorCtx.userId,
      initiatorRole: actorCtx.role,
      initiatorSide: decision.ok ? decision.side : null,
      initiatedAt: now,
      decidedBy: null,
      decidedAt: null,
      reason: null,
      note: dto.note ?? null,
      ...initiationRecord(dto, toOrg),
    });
  }

  /** The answer from what was read and written (a new transfer has no decider or reminders). */
  private initiatedView(t: TransferEntity, member: MemberEntity, orgs: Map<string, OrgEntity & OrgFacts>, now: Date): TransferView {
    const toName = t.toOrgId ? (orgs.get(t.toOrgId)?.name ?? null) : null;
    return transferView(t, { member_name: member.name, from_name: t.fromOrgName, to_name: toName, initiator_username: RequestContext.actor().username }, now);
  }

  /** §5: the member by id, or by ID number and full name (both must match); locked for the initiation. */
  private async memberToTransfer(m: UnscopedReader, dto: CreateTransferDto): Promise<MemberEntity | null> {
    const qb = m.createQueryBuilder(MemberEntity, 'mb').setLock('pessimistic_write');
    if (dto.memberId) return qb.where('mb.id = :id', { id: dto.memberId }).getOne();
    const id = parseIdCardNumber(dto.member?.idCardNumber ?? '');
    if (!id.ok) throw notFound();
    const found = await qb.where('mb.idCardNumber = :id', { id: id.normalized }).getOne();
    return found && found.name.trim() === (dto.member?.name ?? '').trim() ? found : null;
  }

  private async view(id: string): Promise<TransferView> {
    const { t, n } = await this.loadScoped(id, this.db, false);
    return transferView(t, n, this.clock.now());
  }

  async list(q: TransferListQuery): Promise<Page<TransferView>> {
    const actor = RequestContext.actor();
    const qb = withNames(this.db.query('transfer', 't'));
    const inScope = `(SELECT so.id FROM org so WHERE so.path @> ARRAY[:boxOrg]::uuid[])`;
    if (q.box === 'incoming') qb.andWhere(`t.toOrgId IN ${inScope}`, { boxOrg: actor.orgId });
    if (q.box === 'outgoing') qb.andWhere(`t.fromOrgId IN ${inScope}`, { boxOrg: actor.orgId });
    // §5 two-party consent: pending transfers the caller's side decides — sent to its subtree, or
    // pulled from it — that the caller did not initiate itself (待我审核).
    if (q.box === 'decide') {
      if (actor.role === 'member') qb.andWhere('1 = 0');
      qb.andWhere(`t.status = 'pending' AND t.externalOrgName IS NULL AND t.initiatedBy <> :me`, { me: actor.userId });
      qb.andWhere(`((t.initiatorSide IS DISTINCT FROM 'receiving' AND t.toOrgId IN ${inScope}) OR (t.initiatorSide = 'receiving' AND t.fromOrgId IN ${inScope}))`, { boxOrg: actor.orgId });
    }
    if (q.box === 'mine') {
      if (actor.memberId) qb.andWhere('t.memberId = :me', { me: actor.memberId });
      else qb.andWhere('t.initiatedBy = :me', { me: actor.userId });
    }
    // Returned to the caller (Q15, Q20, §3.2.3) and neither sent again (no newer transfer of the
    // member) nor closed: the caller's own requests, or a member's own transfers.
    if (q.box === 'returned') {
      qb.andWhere(`t.status IN ('rejected', 'expired') AND t.returnClosedAt IS NULL`);
      qb.andWhere(actor.memberId ? 't.memberId = :me' : 't.initiatedBy = :me', { me: actor.memberId ?? actor.userId });
      qb.andWhere('NOT EXISTS (SELECT 1 FROM transfer nt WHERE nt.member_id = t.member_id AND nt.initiated_at >= t.initiated_at AND nt.id <> t.id)');
    }
    if (q.status) qb.andWhere('t.status = :status', { status: q.status });
    if (q.type) qb.andWhere('t.type = :type', { type: q.type });
    // The member's name by prefix, as the member list finds it (the range for the index, LIKE to confirm).
    if (q.q) {
      qb.andWhere(`tm.name >= :nameFrom AND tm.name < :nameTo AND tm.name LIKE :namePrefix ESCAPE '\\'`, {
        nameFrom: q.q,
        nameTo: `${q.q}\u{10FFFF}`,
        namePrefix: `${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
      });
    }
    const total = await qb.getCount();
    const { entities, raw } = await qb
      .orderBy('t.initiatedAt', 'DESC')
      .addOrderBy('t.id', 'ASC')
      .offset((q.page - 1) * q.pageSize)
      .limit(q.pageSize)
      .getRawAndEntities<Names>();
    const now = this.clock.now();
    return { items: await withContexts(this.db.unscoped('orgs.ancestors'), entities.map((t, i) => ({ view: transferView(t, raw[i] as Names, now), n: raw[i] as Names }))), total };
  }

  /** The approval view (Q16): the member's basic info and contacts, both orgs and their admins. */
  async detail(id: string): Promise<TransferDetail> {
    const { t, n } = await this.loadScoped(id, this.db, false);
    const view = this.db.unscoped('transfers.approval-view');
    const member = await view.findOneByOrFail(MemberEntity, { id: t.memberId });
    const current = await view.findOneByOrFail(OrgEntity, { id: member.orgId });
    // §5, Q16: while pending, the member, the outgoing side and those who decide see the contacts —
    // not a receiving-side initiator; afterwards whoever has the member in scope.
    const actor = domainActor(RequestContext.actor());
    const showMember = canSeeTransferContacts(actor, facts(t, n), current.path);
    const admins = async (orgId: string | null) =>
      orgId ? (await view.find(UserEntity, { where: { orgId }, order: { username: 'ASC' } })).map((u) => ({ id: u.id, username: u.username, role: u.role, contactName: u.contactName, contactPhone: u.contactPhone })) : [];
    // The abroad request's domestic phone (§2.5) whole only for those who may decide the transfer now.
    const mayDecide = canReviewTransfer(actor, facts(t, n), 'approve', this.clock.now()).ok;
    const [withContext] = await withContexts(this.db.unscoped('orgs.ancestors'), [{ view: transferView(t, n, this.clock.now(), mayDecide), n }]);
    return {
      ...(withContext as TransferView),
      member: showMember
        ? {
        id: member.id,
        name: member.name,
        gender: member.gender,
        birthDate: member.birthDate,
        idCardNumber: maskIdCardNumber(member.idCardNumber),
        phone: member.phone,
        emergencyContact: member.emergencyContact,
        partyMember: member.partyMember,
        currentOrgId: current.id,
        currentOrgName: current.name,
      }
        : null,
      // §5: the receiving side of a pull learns nothing of the member's side before it approves.
      fromOrgAdmins: originVisible(t, n.from_path) ? await admins(t.fromOrgId) : [],
      toOrgAdmins: await admins(t.toOrgId),
      assignBranch: await needsBranchAssignment(this.db.unscoped('transfers.routing'), t),
      actions: transferActions(actor, facts(t, n), n.last_reminded_at ?? null, this.clock.now()),
    };
  }

  /**
   * Approve (§5). Without a branch, approvals from callers of one province that arrive while an
   * earlier one is being written are decided together in one transaction (group commit,
   * `approvals`), each answered as if alone — one alone runs at once (`decide`), and if the shared
   * transaction fails as a whole each is retried on its own; with a branch (a committee target), on
   * its own.
   */
  approve(id: string, branchId?: string): Promise<TransferView> {
    if (branchId !== undefined) return this.decide(id, 'approve', undefined, branchId);
    const actor = RequestContext.actor();
    return this.approvals.submit(groupKey(actor), { id, actor });
  }

  reject(id: string, reason: string): Promise<TransferView> {
    return this.decide(id, 'reject', reason);
  }

  /**
   * Approve or reject (§5): one locking read, the branch check when the target is a committee, one
   * UPDATE per row and one audit INSERT; the answer is built from what was read and written, not
   * read again. Every round trip counts at 32 approvals in parallel (docs/benchmarks.md).
   */
  private async decide(id: string, action: 'approve' | 'reject', reason?: string, branchId?: string): Promise<TransferView> {
    const actorCtx = RequestContext.actor();
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      const d = (await this.loadForDecision([id], tx)).get(id);
      if (!d) throw notFound();
      const { t, n, member } = d;
      assertDecidable(domainActor(actorCtx), d, member, action, now, reason);
      // §5 分配到团支部: a transfer to a committee is approved into a branch under it.
      const targetBefore = t.toOrgId;
      if (action === 'approve') await assignBranchOnApproval(tx.unscoped('transfers.routing'), t, member, branchId ?? null, now);
      if (action === 'reject') t.reason = (reason ?? '').trim();
      await this.writeDecisions(tx, [d], action, now);
      // The target's name is the branch's when one was assigned (§5).
      return this.decidedView({ ...d, n: { ...n, to_name: t.toOrgId === targetBefore ? n.to_name : t.toOrgName } }, now);
    });
  }

  /**
   * 批量审核通过: a page of the incoming box approved in one action. Each transfer is decided as
   * its own approval would be (`canReviewTransfer`, the member still at the origin, §5's branch
   * rule — a committee target needs a branch, so it is refused here with BRANCH_REQUIRED and
   * approved on its own); the approved ones are written with one UPDATE per table and one audit
   * INSERT, in one transaction, and the rest come back with the code their approval would answer.
   */
  async approveMany(ids: readonly string[]): Promise<BatchApproveResult> {
    const actor = RequestContext.actor();
    const outcomes = await this.approveTogether(ids.map((id) => ({ id, actor })));
    const approved: TransferView[] = [];
    const refused: BatchApproveResult['refused'] = [];
    ids.forEach((id) => {
      const o = outcomes.get(id);
      if (o instanceof AppError) {
        const body = o.getResponse() as { code: string; message: string; messageEn: string };
        refused.push({ id, code: body.code, message: body.message, messageEn: body.messageEn });
      } else if (o) approved.push(o);
    });
    return { approved, refused };
  }

  /**
   * Approvals decided together in one transaction (§5), each as its own approval would be: each
   * caller's transfers read in that caller's scope (one statement per caller), the rules applied
   * for each with its caller, the answer per id its view or the refusal its approval would answer.
   * Used by 批量审核通过 (one caller) and by single approvals that arrive together (`approvals`).
   */
  private async approveTogether(items: readonly QueuedApproval[]): Promise<Map<string, TransferView | AppError>> {
    const now = this.clock.now();
    const ids = items.map((x) => x.id);
    return this.db.transaction(async (tx) => {
      const loaded = new Map<string, Decidable>();
      for (const group of byCaller(items)) {
        const found = await RequestContext.runAs(group[0].actor, () => this.loadForDecision(group.map((x) => x.id), tx));
        for (const [id, d] of found) loaded.set(id, d);
      }
      // The targets and the members' orgs as the routing rules read them: one query for the batch.
      const orgs = await orgFactsByIds(tx.unscoped('transfers.routing'), [...loaded.values()].flatMap((d) => (d.t.toOrgId ? [d.t.toOrgId, d.member.orgId] : [d.member.orgId])));
      const approved: Decidable[] = [];
      const outcomes = new Map<string, TransferView | AppError>();
      // Two transfers of one member in a batch: the second sees the member moved by the first.
      const movedTo = new Map<string, string>();
      for (const id of ids) {
        const d = loaded.get(id);
        try {
          if (!d) throw notFound();
          const member = { ...d.member, orgId: movedTo.get(d.member.id) ?? d.member.orgId };
          // d.actor: the caller in whose scope it was read, the one who asked for it.
          assertDecidable(domainActor(d.actor), d, member, 'approve', now);
          if (d.t.toOrgId) {
            const target = orgs.get(d.t.toOrgId);
            const from = orgs.get(member.orgId);
            if (!target || !from) throw notFound();
            // No branch is asked for: the rule answers from the target alone (routing options unread).
            assertAllowed(checkBranchAssignment(d.t.type, from, target, null, now, { fromSchoolId: member.schoolOrgId, graduationDate: member.graduationDate }));
            movedTo.set(member.id, d.t.toOrgId);
          }
          approved.push({ ...d, member });
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
          outcomes.set(id, e);
        }
      }
      await this.writeDecisions(tx, approved, 'approve', now);
      for (const d of approved) outcomes.set(d.t.id, this.decidedView(d, now));
      return outcomes;
    });
  }

  /**
   * Writes decisions taken on locked rows: one UPDATE of the transfers, one of the members an
   * approval moves (§5: atomically; the school and graduation date stay, §6), one audit INSERT
   * with both sides' entries. Sets the decision on the loaded entities for the answer.
   */
  private async writeDecisions(tx: ScopedTx, decided: readonly Decidable[], action: 'approve' | 'reject', now: Date): Promise<void> {
    if (!decided.length) return;
    const entries: AuditInput[] = [];
    const moves: { id: string; orgId: string; destination: Destination | null }[] = [];
    for (const { t, n, member, actor } of decided) {
      const before = { status: t.status };
      t.status = action === 'approve' ? 'approved' : 'rejected';
      t.decidedAt = now;
      t.decidedBy = actor.userId;
      // Both sides find the decision in their audit log; a pull's refusal only the outgoing side,
      // whose admin the receiving side does not learn of (§5).
      const sides = action === 'reject' && t.initiatorSide === 'receiving' ? [n.from_path] : [n.from_path, n.to_path];
      for (const orgPath of sides) {
        if (orgPath) entries.push({ action: `transfer.${action}`, entityType: 'transfer', entityId: t.id, before, after: { status: t.status, reason: t.reason }, orgPath, actor });
      }
      if (action === 'approve' && t.toOrgId) {
        const destination = !member.destination && (DESTINATIONS as readonly string[]).includes(t.type) ? (t.type as Destination) : member.destination;
        moves.push({ id: member.id, orgId: t.toOrgId, destination });
        entries.push({
          action: 'member.move',
          entityType: 'member',
          entityId: member.id,
          before: { orgId: member.orgId, destination: member.destination },
          after: { orgId: t.toOrgId, destination, transferId: t.id },
          orgPath: n.to_path ?? n.from_path ?? [],
          actor,
        });
      }
    }
    // One statement per table for the whole batch (plain parameters: no entity per row). The
    // members move first, telling their trigger that the transfer statement below refreshes their
    // cohort facts (FactsRefreshOnce1765300000002): one refresh per approval, from the final state.
    if (moves.length) {
      await tx.execute(
        `${PREPARED}WITH deferred AS MATERIALIZED (SELECT set_config('${FACTS_REFRESH_SETTING}', 'transfer', true))
         UPDATE member AS mb SET org_id = v.org_id, destination = v.destination
           FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS v(id, org_id, destination), deferred
          WHERE mb.id = v.id`,
        [moves.map((x) => x.id), moves.map((x) => x.orgId), moves.map((x) => x.destination)],
      );
    }
    await tx.execute(
      `${PREPARED}WITH refresh AS MATERIALIZED (SELECT set_config('${FACTS_REFRESH_SETTING}', '', true))
       UPDATE transfer AS t SET status = $1, decided_at = $2, decided_by = v.decided_by, reason = v.reason, to_org_id = v.to_org_id, to_org_name = v.to_org_name,
              requested_org_id = v.requested_org_id, requested_org_name = v.requested_org_name
         FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::uuid[], $7::text[], $8::uuid[], $9::text[])
                AS v(id, decided_by, reason, to_org_id, to_org_name, requested_org_id, requested_org_name), refresh
        WHERE t.id = v.id`,
      [
        action === 'approve' ? 'approved' : 'rejected',
        now,
        decided.map((d) => d.t.id),
        decided.map((d) => d.actor.userId),
        decided.map((d) => d.t.reason),
        decided.map((d) => d.t.toOrgId),
        decided.map((d) => d.t.toOrgName),
        decided.map((d) => d.t.requestedOrgId),
        decided.map((d) => d.t.requestedOrgName),
      ],
    );
    // The setting ends with the statement above; no later write of this transaction is deferred.
    await this.audit.recordMany(tx, entries);
  }

  /** A decided transfer's answer from what was read and written: the decider is its caller. */
  private decidedView(d: Decidable, now: Date): TransferView {
    return transferView(d.t, { ...d.n, decider_org_name: d.deciderOrgName, decider_role: d.actor.role }, now);
  }

  async withdraw(id: string): Promise<TransferView> {
    const actorCtx = RequestContext.actor();
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      const { t, n } = await this.loadScoped(id, tx, true);
      assertAllowed(canWithdrawTransfer(domainActor(actorCtx), facts(t, n), now));
      t.status = 'withdrawn';
      t.decidedAt = now;
      t.decidedBy = actorCtx.userId;
      await tx.save(t);
      await this.audit.record(tx, { action: 'transfer.withdraw', entityType: 'transfer', entityId: t.id, before: { status: 'pending' }, after: { status: 'withdrawn' }, orgPath: n.from_path ?? [] });
    });
    return this.view(id);
  }

  /** A returned transfer leaves its initiator's 首页 (`canCloseReturn`); audited. */
  async closeReturn(id: string): Promise<TransferView> {
    const actorCtx = RequestContext.actor();
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      const { t, n } = await this.loadScoped(id, tx, true);
      assertAllowed(canCloseReturn(domainActor(actorCtx), facts(t, n)));
      if (t.returnClosedAt) return;
      t.returnClosedAt = now;
      await tx.save(t);
      await this.audit.record(tx, { action: 'transfer.close_return', entityType: 'transfer', entityId: t.id, after: { returnClosedAt: now.toISOString() }, orgPath: (t.initiatorSide === 'receiving' ? n.to_path : n.from_path) ?? [] });
    });
    return this.view(id);
  }

  /** §3.2.3: return every transfer due for the automatic return at the app clock's now (one process at a time). */
  expireDue(): Promise<SweepResult> {
    return this.sweep.runUnscoped();
  }

  async expireDueAsNational(): Promise<SweepResult> {
    if (RequestContext.actor().role !== 'national_admin') throw forbidden();
    return this.expireDue();
  }
}

