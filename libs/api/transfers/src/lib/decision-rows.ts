import { DESTINATIONS, canReviewTransfer, checkMemberStillAtOrigin } from '@zhtj/domain';
import type { Actor as DomainActor, Destination } from '@zhtj/domain';
import { AppError, RequestContext, assertAllowed } from '@zhtj/api/core';
import type { Actor } from '@zhtj/api/core';
import { FACTS_REFRESH_SETTING, PREPARED, PREPARED_COMMENT, isUuid } from '@zhtj/api/db';
import type { AuditInput, AuditService, ScopedTx } from '@zhtj/api/db';
import { MemberEntity } from '@zhtj/api/members';
import type { TransferEntity } from './transfer.entity';
import { type Names, type TransferView, facts, transferView, withNames } from './transfer-view';

/*
 * The rows of a decision (§5): read and locked in one statement, checked by the domain's rules,
 * written with one UPDATE per table and one audit INSERT — for one approval or rejection, a batch,
 * or single approvals decided together.
 */

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
export interface Decidable {
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
export function assertDecidable(
  actor: DomainActor,
  d: Decidable,
  member: DecisionMember,
  action: 'approve' | 'reject',
  now: Date,
  reason?: string,
): void {
  assertAllowed(canReviewTransfer(actor, facts(d.t, d.n), action, now, reason));
  if (action !== 'approve') return;
  if (member.status === 'left') throw new AppError('MEMBER_ALREADY_LEFT');
  assertAllowed(checkMemberStillAtOrigin(member, d.t));
}

/**
 * Decisions' facts in one statement (§5): each transfer in scope with its names, its member and
 * the deciding account's org name, the transfers' and the members' rows locked in id order — a
 * parallel approval of another transfer of a member waits here, then sees the member moved.
 * Ids outside scope (or not ids) are simply absent.
 */
export async function loadForDecision(ids: readonly string[], tx: ScopedTx): Promise<Map<string, Decidable>> {
  const valid = ids.filter(isUuid);
  if (!valid.length) return new Map();
  const { entities, raw } = await withNames(tx.query('transfer', 't'))
    .innerJoin(MemberEntity, 'mb', 'mb.id = t.member_id')
    .addSelect([
      'mb.org_id AS mb_org_id',
      'mb.status AS mb_status',
      'mb.destination AS mb_destination',
      'mb.school_org_id AS mb_school_org_id',
      'mb.graduation_date::text AS mb_graduation_date',
    ])
    .addSelect('(SELECT ao.name FROM org ao WHERE ao.id = :deciderOrg)', 'decider_org')
    // One id as a scalar: its prepared plan is then the generic one (planned once per
    // connection); an array's generic plan is costed for ten rows, so it is planned each time.
    .andWhere(valid.length === 1 ? 't.id = :id' : 't.id = ANY(CAST(:ids AS uuid[]))', {
      id: valid[0],
      ids: valid,
      deciderOrg: RequestContext.actor().orgId,
    })
    .orderBy('t.id')
    .comment(PREPARED_COMMENT)
    .setLock('pessimistic_write', undefined, ['t', 'mb'])
    .getRawAndEntities<Names & DecisionRow>();
  const byId = new Map(entities.map((t) => [t.id, t]));
  return new Map(
    raw.flatMap((r) => {
      const t = byId.get(r.t_id);
      if (!t) return [];
      const member = {
        id: t.memberId,
        orgId: r.mb_org_id,
        status: r.mb_status,
        destination: r.mb_destination,
        schoolOrgId: r.mb_school_org_id,
        graduationDate: r.mb_graduation_date,
      };
      return [[t.id, { t, n: r, member, deciderOrgName: r.decider_org, actor: RequestContext.actor() }] as const];
    }),
  );
}

/**
 * Writes decisions taken on locked rows: one UPDATE of the transfers, one of the members an
 * approval moves (§5: atomically; the school and graduation date stay, §6), one audit INSERT
 * with both sides' entries. Sets the decision on the loaded entities for the answer.
 */
export async function writeDecisions(
  tx: ScopedTx,
  audit: AuditService,
  decided: readonly Decidable[],
  action: 'approve' | 'reject',
  now: Date,
): Promise<void> {
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
      if (orgPath)
        entries.push({
          action: `transfer.${action}`,
          entityType: 'transfer',
          entityId: t.id,
          before,
          after: { status: t.status, reason: t.reason },
          orgPath,
          actor,
        });
    }
    if (action === 'approve' && t.toOrgId) {
      const destination =
        !member.destination && (DESTINATIONS as readonly string[]).includes(t.type) ? (t.type as Destination) : member.destination;
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
  await audit.recordMany(tx, entries);
}

/** A decided transfer's answer from what was read and written: the decider is its caller. */
export function decidedView(d: Decidable, now: Date): TransferView {
  return transferView(d.t, { ...d.n, decider_org_name: d.deciderOrgName, decider_role: d.actor.role }, now);
}
