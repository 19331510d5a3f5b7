import { Injectable } from '@nestjs/common';
import { canCloseReturn, canWithdrawTransfer, checkBranchAssignment } from '@zhtj/domain';
import { AppError, Clock, Coalescer, RequestContext, assertAllowed, domainActor, notFound, togetherOrEachAlone } from '@zhtj/api/core';
import type { Actor } from '@zhtj/api/core';
import { AuditService, ScopedDb } from '@zhtj/api/db';
import { orgFactsByIds } from '@zhtj/api/orgs';
import type { BatchApproveResult } from '@zhtj/shared/contract';
import { groupCommitSize } from '@zhtj/api/telemetry';
import { assignBranchOnApproval } from './branch-assignment';
import { type Decidable, assertDecidable, decidedView, loadForDecision, writeDecisions } from './decision-rows';
import { BATCH_APPROVE_MAX } from './dto';
import { APPROVAL_RUNS_IN_FLIGHT, byCaller, groupKey } from './group-commit';
import { type TransferView, facts, loadTransfer, transferView } from './transfer-view';

interface QueuedApproval {
  id: string;
  actor: Actor;
}

/**
 * Deciding a transfer (DOMAIN.md §5): approve or reject by the deciding side — one, a batch
 * (批量审核通过), or single approvals that arrive together (group commit) — and, on the
 * initiator's side, withdraw a pending request or close a returned one. Every decision is a
 * `libs/domain` rule; this service loads the facts.
 */
@Injectable()
export class TransferDecisionService {
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
  ) {}

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
      const d = (await loadForDecision([id], tx)).get(id);
      if (!d) throw notFound();
      const { t, n, member } = d;
      assertDecidable(domainActor(actorCtx), d, member, action, now, reason);
      // §5 分配到团支部: a transfer to a committee is approved into a branch under it.
      const targetBefore = t.toOrgId;
      if (action === 'approve') await assignBranchOnApproval(tx.unscoped('transfers.routing'), t, member, branchId ?? null, now);
      if (action === 'reject') t.reason = (reason ?? '').trim();
      await writeDecisions(tx, this.audit, [d], action, now);
      // The target's name is the branch's when one was assigned (§5).
      return decidedView({ ...d, n: { ...n, to_name: t.toOrgId === targetBefore ? n.to_name : t.toOrgName } }, now);
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
        const found = await RequestContext.runAs(group[0].actor, () =>
          loadForDecision(
            group.map((x) => x.id),
            tx,
          ),
        );
        for (const [id, d] of found) loaded.set(id, d);
      }
      // The targets and the members' orgs as the routing rules read them: one query for the batch.
      const orgs = await orgFactsByIds(
        tx.unscoped('transfers.routing'),
        [...loaded.values()].flatMap((d) => (d.t.toOrgId ? [d.t.toOrgId, d.member.orgId] : [d.member.orgId])),
      );
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
            assertAllowed(
              checkBranchAssignment(d.t.type, from, target, null, now, {
                fromSchoolId: member.schoolOrgId,
                graduationDate: member.graduationDate,
              }),
            );
            movedTo.set(member.id, d.t.toOrgId);
          }
          approved.push({ ...d, member });
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
          outcomes.set(id, e);
        }
      }
      await writeDecisions(tx, this.audit, approved, 'approve', now);
      for (const d of approved) outcomes.set(d.t.id, decidedView(d, now));
      return outcomes;
    });
  }

  /** 撤销 (Q13): the initiator or the member withdraws a pending transfer (`canWithdrawTransfer`); audited. */
  async withdraw(id: string): Promise<TransferView> {
    const actorCtx = RequestContext.actor();
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      const { t, n } = await loadTransfer(id, tx, true);
      assertAllowed(canWithdrawTransfer(domainActor(actorCtx), facts(t, n), now));
      t.status = 'withdrawn';
      t.decidedAt = now;
      t.decidedBy = actorCtx.userId;
      await tx.save(t);
      await this.audit.record(tx, {
        action: 'transfer.withdraw',
        entityType: 'transfer',
        entityId: t.id,
        before: { status: 'pending' },
        after: { status: 'withdrawn' },
        orgPath: n.from_path ?? [],
      });
    });
    return this.view(id);
  }

  /** A returned transfer leaves its initiator's 首页 (`canCloseReturn`); audited. */
  async closeReturn(id: string): Promise<TransferView> {
    const actorCtx = RequestContext.actor();
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      const { t, n } = await loadTransfer(id, tx, true);
      assertAllowed(canCloseReturn(domainActor(actorCtx), facts(t, n)));
      if (t.returnClosedAt) return;
      t.returnClosedAt = now;
      await tx.save(t);
      await this.audit.record(tx, {
        action: 'transfer.close_return',
        entityType: 'transfer',
        entityId: t.id,
        after: { returnClosedAt: now.toISOString() },
        orgPath: (t.initiatorSide === 'receiving' ? n.to_path : n.from_path) ?? [],
      });
    });
    return this.view(id);
  }

  /** The transfer as the caller now sees it. */
  private async view(id: string): Promise<TransferView> {
    const { t, n } = await loadTransfer(id, this.db, false);
    return transferView(t, n, this.clock.now());
  }
}
