import type { SelectQueryBuilder } from 'typeorm';
import { autoReturnDueAt, canSeeTransferOrigin, maskPhone, maskUsername } from '@zhtj/domain';
import type { Role, TransferFacts } from '@zhtj/domain';
import { RequestContext, domainActor, notFound } from '@zhtj/api/core';
import { isUuid } from '@zhtj/api/db';
import type { ScopedTx, UnscopedReader } from '@zhtj/api/db';
import { orgContexts } from '@zhtj/api/orgs';
import type { TransferFollowUp, TransferHistoryItem } from '@zhtj/shared/contract';
import { TransferEntity } from './transfer.entity';

/*
 * A transfer as every use case reads it (§5): its names joined in one statement (`withNames`),
 * its answer (`transferView`), its facts for the workflow rules (`facts`), members' pending
 * transfers (`pendingTransferFacts`). Shared by the transfer services, the reminders and the
 * graduation marking.
 */

export type TransferView = TransferHistoryItem;

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
export function originVisible(
  t: Pick<TransferEntity, 'initiatorSide' | 'status' | 'memberId'>,
  fromPath: readonly string[] | null | undefined,
): boolean {
  const viewer = RequestContext.actorOrNull();
  if (!viewer) return true;
  return canSeeTransferOrigin(domainActor(viewer), {
    initiator: { userId: '', role: 'member', ...(t.initiatorSide ? { side: t.initiatorSide } : {}) },
    status: t.status,
    memberId: t.memberId,
    fromOrgPath: fromPath ?? [],
  });
}

export function transferView(
  t: TransferEntity,
  names: Pick<
    Names,
    | 'member_name'
    | 'from_name'
    | 'to_name'
    | 'initiator_username'
    | 'decider_org_name'
    | 'decider_role'
    | 'reminder_count'
    | 'first_reminded_at'
    | 'last_reminded_at'
  > & { from_path?: string[] | null },
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
    ...recordedWithTransfer(t, wholeContacts),
    returnDueAt: due ? due.toISOString() : null,
    daysLeft: due ? Math.max(0, Math.ceil((due.getTime() - now.getTime()) / (24 * 60 * 60 * 1000))) : null,
    reminders: { count: Number(names.reminder_count ?? 0), firstAt: iso(names.first_reminded_at), lastAt: iso(names.last_reminded_at) },
    originHidden: hidden,
    decidingSide: t.externalOrgName || t.externalArrival ? 'external' : t.initiatorSide === 'receiving' ? 'outgoing' : 'receiving',
  };
}

/**
 * What a transfer reads beyond API.md's fields: check-in, the abroad request, the committee
 * targeted, arrivals. The abroad request's domestic phone is masked like every phone (§2) unless
 * `wholeContacts`: only the approval view of those who may decide the transfer shows it whole (§5, Q16).
 */
export function recordedWithTransfer(t: TransferEntity, wholeContacts = false): TransferFollowUp {
  return {
    checkedInOn: t.checkedInOn ?? null,
    abroadRequest:
      t.abroadContactName || t.abroadContactPhone
        ? {
            domesticContactName: t.abroadContactName,
            domesticContactPhone: wholeContacts ? t.abroadContactPhone : maskPhone(t.abroadContactPhone),
          }
        : null,
    requestedOrgName: t.requestedOrgName ?? null,
    externalArrival: t.externalArrival === true,
  };
}

/**
 * Transfers as the lists read them, with their orgs' context beside the names (`orgContexts`, one
 * query for the page): none for an org deleted since, nor for an origin hidden from the caller (§5).
 */
export async function withContexts<V extends TransferView>(
  reader: UnscopedReader,
  rows: readonly { view: V; n: Pick<Names, 'from_path' | 'to_path'> }[],
): Promise<V[]> {
  const contextOf = await orgContexts(
    reader,
    rows.flatMap(({ n }) => [n.from_path, n.to_path]),
  );
  return rows.map(({ view, n }) => ({
    ...view,
    fromOrgContext: view.originHidden ? [] : contextOf(n.from_path),
    toOrgContext: contextOf(n.to_path),
  }));
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
    initiator: {
      userId: t.initiatedBy,
      role: t.initiatorRole,
      name: maskUsername(n.initiator_username),
      ...(t.initiatorSide ? { side: t.initiatorSide } : {}),
    },
    initiatedAt: t.initiatedAt,
  };
}

/** A transfer query with the names and reminders every answer reads (one statement). */
export function withNames(qb: SelectQueryBuilder<TransferEntity>): SelectQueryBuilder<TransferEntity> {
  return (
    qb
      .leftJoin('org', 'fo', 'fo.id = t.from_org_id')
      .leftJoin('org', 'tor', 'tor.id = t.to_org_id')
      .leftJoin('app_user', 'iu', 'iu.id = t.initiated_by')
      .leftJoin('member', 'tm', 'tm.id = t.member_id')
      // Who decided: the account's role and org.
      .leftJoin('app_user', 'du', 'du.id = t.decided_by')
      .leftJoin('org', 'duo', 'duo.id = du.org_id')
      .addSelect([
        'fo.name AS from_name',
        'tor.name AS to_name',
        'iu.username AS initiator_username',
        'fo.path AS from_path',
        'tor.path AS to_path',
        'tm.name AS member_name',
      ])
      .addSelect('du.role', 'decider_role')
      .addSelect('duo.name', 'decider_org_name')
      .addSelect('(SELECT count(*) FROM transfer_reminder r WHERE r.transfer_id = t.id)', 'reminder_count')
      .addSelect('(SELECT min(r.sent_at) FROM transfer_reminder r WHERE r.transfer_id = t.id)', 'first_reminded_at')
      .addSelect('(SELECT max(r.sent_at) FROM transfer_reminder r WHERE r.transfer_id = t.id)', 'last_reminded_at')
  );
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

/** A member's pending transfers as the rules see them (Q21: one open transfer per member). */
export async function pendingTransferFacts(m: UnscopedReader, memberId: string): Promise<TransferFacts[]> {
  return (await pendingTransferFactsOf(m, [memberId])).get(memberId) ?? [];
}

/** One transfer in the caller's scope with its names (404 otherwise), in one statement; `lock` takes its row lock. */
export async function loadTransfer(id: string, reads: Pick<ScopedTx, 'query'>, lock: boolean): Promise<{ t: TransferEntity; n: Names }> {
  if (!isUuid(id)) throw notFound();
  const qb = withNames(reads.query('transfer', 't')).andWhere('t.id = :id', { id });
  if (lock) qb.setLock('pessimistic_write', undefined, ['t']);
  const { entities, raw } = await qb.getRawAndEntities<Names>();
  if (!entities[0]) throw notFound();
  return { t: entities[0], n: raw[0] as Names };
}
