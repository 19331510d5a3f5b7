// 催办 (reminders) on a pending transfer: who may send one, at most one a day, who sees it, and
// its escalation up the tree when it stays unanswered. See REMINDER_ESCALATION_DAYS.
import type { Codes } from './errors';
import type { Actor, Decision, Instant } from './types';
import { allow, isAdmin, refuse } from './types';
import { instantMs, isDueForAutoReturn, toShanghaiDate } from './calendar';
import { REMINDER_ESCALATION_DAYS } from './interpretations';
import type { TransferFacts } from './workflow';
import { canCloseReturn, canReviewTransfer, canWithdrawTransfer, decidingPath } from './workflow';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The path of the org that reviews the transfer (§5: the receiving side, the outgoing side for a pull), or null when it is reviewed in another system (Q17). */
export function reviewerPath(transfer: Pick<TransferFacts, 'fromOrgPath' | 'toOrgPath' | 'initiator'>): readonly string[] | null {
  return decidingPath(transfer);
}

export type RemindRefusal = Codes<
  'REMIND_NOT_ALLOWED' | 'EXTERNAL_REVIEWED_ELSEWHERE' | 'TRANSFER_NOT_PENDING' | 'TRANSFER_EXPIRED' | 'REMINDER_ALREADY_TODAY'
>;

/**
 * May `actor` remind the reviewing side of this transfer at `now`? The member, the initiator, or
 * an admin of the side waiting for the answer (not one who could decide it); only while pending;
 * at most once per calendar day per transfer (`lastRemindedAt`, Asia/Shanghai).
 */
export function canRemindTransfer(
  actor: Actor,
  transfer: TransferFacts,
  lastRemindedAt: Instant | null,
  now: Instant,
): Decision<RemindRefusal> {
  const reviewer = reviewerPath(transfer);
  if (reviewer === null) return refuse('EXTERNAL_REVIEWED_ELSEWHERE');
  const waitingSide = reviewer === transfer.fromOrgPath ? (transfer.toOrgPath ?? []) : transfer.fromOrgPath;
  const isMember = !isAdmin(actor) && actor.memberId !== undefined && actor.memberId === transfer.memberId;
  const isInitiator = actor.userId !== undefined && actor.userId === transfer.initiator.userId;
  const isWaitingAdmin = isAdmin(actor) && waitingSide.includes(actor.orgId) && !reviewer.includes(actor.orgId);
  if (!isMember && !isInitiator && !isWaitingAdmin) return refuse('REMIND_NOT_ALLOWED');
  if (transfer.status !== 'pending') return refuse('TRANSFER_NOT_PENDING');
  if (isDueForAutoReturn({ status: transfer.status, initiatedAt: transfer.initiatedAt }, now)) return refuse('TRANSFER_EXPIRED');
  if (lastRemindedAt !== null && toShanghaiDate(lastRemindedAt) === toShanghaiDate(now)) return refuse('REMINDER_ALREADY_TODAY');
  return allow();
}

export interface ReminderEscalation {
  /** 0 = the reviewing org and its superior; each level one committee further up. */
  level: number;
  /** The orgs that see the reminder on their home page: the reviewing org and the ancestors above it up to the escalation. */
  audience: readonly string[];
  /** The highest org it has reached, when escalated (level ≥ 1). */
  escalatedTo: string | null;
}

/**
 * Who sees a reminder at `now`: the reviewing org and its superior committee; after
 * REMINDER_ESCALATION_DAYS unanswered since the first reminder, one committee further up, and so
 * on to the root.
 */
export function reminderEscalation(reviewer: readonly string[], firstRemindedAt: Instant, now: Instant): ReminderEscalation {
  const first = instantMs(firstRemindedAt);
  const at = instantMs(now);
  const days = first === null || at === null ? 0 : Math.max(0, Math.floor((at - first) / DAY_MS));
  const wanted = Math.floor(days / REMINDER_ESCALATION_DAYS);
  // Index of the superior (parent) of the reviewing org, then further up per level.
  const superior = Math.max(0, reviewer.length - 2);
  const top = Math.max(0, superior - wanted);
  const level = superior - top;
  return { level, audience: reviewer.slice(top), escalatedTo: level > 0 ? (reviewer[top] ?? null) : null };
}

/** What the actor may do with a transfer at `now` — the decisions above, asked once for a screen. */
export interface TransferActions {
  approve: boolean;
  /** With a reason (a return without one is refused, Q15). */
  reject: boolean;
  withdraw: boolean;
  remind: boolean;
  /** A returned transfer leaves the initiator's 首页 (issue 23). */
  closeReturn: boolean;
}

/**
 * The buttons of the approval view (§5, Q13, Q21, 催办): each is the same decision the action's
 * route takes, so a screen never offers what the API refuses (the route still decides).
 */
export function transferActions(actor: Actor, transfer: TransferFacts, lastRemindedAt: Instant | null, now: Instant): TransferActions {
  return {
    approve: canReviewTransfer(actor, transfer, 'approve', now).ok,
    reject: canReviewTransfer(actor, transfer, 'reject', now, 'reason given').ok,
    withdraw: canWithdrawTransfer(actor, transfer, now).ok,
    remind: canRemindTransfer(actor, transfer, lastRemindedAt, now).ok,
    closeReturn: canCloseReturn(actor, transfer).ok,
  };
}
