// Transfer workflow (DOMAIN.md §5): who may initiate, approve, reject and withdraw; the state
// machine; one open transfer per member (Q21); the offline check-in (Q10, Q12, Q16).
import type { Codes } from './errors';
import type { Actor, Decision, Instant, Refusal, Role, TransferStatus, TransferTarget, TransferType, OrgFacts } from './types';
import { allow, isAdmin, isExternalTarget, refuse, refuseWith } from './types';
import { formatShanghaiDateTime, instantMs, isDueForAutoReturn } from './calendar';
import { keepsLeagueMembership } from './members';
import { isStrictAncestor } from './scope';
import type { RouteOptions, RoutingRefusal } from './transfer-routing';
import { routeTransfer, targetsCommittee } from './transfer-routing';
import { NO_DECISION_ON_OWN_REQUEST } from './interpretations';

/* ------------------------------------------------------------------ state machine */

/** What can happen to a transfer. `expire` is the system's automatic return (§3.2.3). */
export const TRANSFER_ACTIONS = ['approve', 'reject', 'withdraw', 'expire'] as const;
export type TransferAction = (typeof TRANSFER_ACTIONS)[number];

/**
 * §5: `pending` → `approved` | `rejected` | `withdrawn` | `expired`; every other state is final.
 * (`special_unit` is approved by the provincial committee, then the member is in the special library.)
 */
export const TRANSFER_TRANSITIONS: Readonly<Record<TransferStatus, Readonly<Partial<Record<TransferAction, TransferStatus>>>>> = {
  pending: { approve: 'approved', reject: 'rejected', withdraw: 'withdrawn', expire: 'expired' },
  approved: {},
  rejected: {},
  withdrawn: {},
  expired: {},
};

/** The state an action leads to, or null if the action is not legal in that state. */
export function nextTransferStatus(status: TransferStatus, action: TransferAction): TransferStatus | null {
  return TRANSFER_TRANSITIONS[status]?.[action] ?? null;
}

/** Is `from` → `to` one of the legal transitions? */
export function canTransition(from: TransferStatus, to: TransferStatus): Decision<Codes<'ILLEGAL_TRANSITION'>> {
  const targets = Object.values(TRANSFER_TRANSITIONS[from] ?? {});
  return targets.includes(to) ? allow() : refuse('ILLEGAL_TRANSITION');
}

export function isFinalStatus(status: TransferStatus): boolean {
  return Object.keys(TRANSFER_TRANSITIONS[status] ?? {}).length === 0;
}

/* ------------------------------------------------------------------ facts */

/** Who initiated a transfer (Q21: shown when a second one is attempted, and in the history). */
export interface TransferInitiator {
  userId: string;
  name?: string | null;
  role: Role;
  /** Q21: which party initiated; a receiving-side request is reviewed by the outgoing side. */
  side?: InitiatorSide;
}

/** A transfer as the workflow rules see it. */
export interface TransferFacts {
  id: string;
  memberId: string;
  type: TransferType;
  status: TransferStatus;
  /** Path (root … self) of the org the member leaves. */
  fromOrgPath: readonly string[];
  /** Path of the receiving org; null when it is in a separate provincial system (Q17). */
  toOrgPath: readonly string[] | null;
  initiator: TransferInitiator;
  initiatedAt: Instant;
}

/** Q21: which of the three parties initiates. */
export type InitiatorSide = 'member' | 'outgoing' | 'receiving';

/* ------------------------------------------------------------------ open transfers (Q21) */

/** Open = `pending` and not yet due for the automatic return at `now` (§3.2.3). */
export function isOpenTransfer(t: Pick<TransferFacts, 'status' | 'initiatedAt' | 'toOrgPath'>, now: Instant): boolean {
  if (t.status !== 'pending') return false;
  return !isDueForAutoReturn({ status: t.status, initiatedAt: t.initiatedAt, external: t.toOrgPath === null }, now);
}

/**
 * Q21: at most one open transfer per member. A second attempt is refused naming who initiated
 * the open one and when (details: transferId, initiatorName, initiatorRole, initiatedAt).
 */
export function checkNoOpenTransfer(
  memberId: string,
  transfers: readonly TransferFacts[],
  now: Instant,
): Decision<Codes<'TRANSFER_ALREADY_OPEN'>> {
  const open = transfers.find((t) => t.memberId === memberId && isOpenTransfer(t, now));
  if (!open) return allow();
  // Q21 names who initiated and when — no ids of a transfer the caller may not see.
  return refuseWith('TRANSFER_ALREADY_OPEN', {
    initiatorName: open.initiator.name ?? null,
    initiatorRole: open.initiator.role,
    initiatedAt: formatShanghaiDateTime(open.initiatedAt),
  });
}

/** Transfers that the system should return automatically at `now` (§3.2.3). */
export function transfersDueForAutoReturn<T extends Pick<TransferFacts, 'status' | 'initiatedAt' | 'toOrgPath'>>(
  transfers: readonly T[],
  now: Instant,
): T[] {
  return transfers.filter((t) => isDueForAutoReturn({ status: t.status, initiatedAt: t.initiatedAt, external: t.toOrgPath === null }, now));
}

/* ------------------------------------------------------------------ initiate (Q21) */

/** The member being transferred (their current org is `from`). */
export interface TransferMemberFacts {
  id: string;
  birthDate?: string | null;
  holdsLeaguePost?: boolean;
}

/**
 * Q21: which party the actor initiates as — the member themself, an admin of the member's org
 * or an ancestor (outgoing side), or an admin of the receiving org or an ancestor (receiving
 * side). Null when the actor is none of them.
 */
export function initiatorSide(
  actor: Actor,
  member: Pick<TransferMemberFacts, 'id'>,
  fromOrgPath: readonly string[],
  to: TransferTarget,
): InitiatorSide | null {
  if (!isAdmin(actor)) return actor.memberId !== undefined && actor.memberId === member.id ? 'member' : null;
  if (fromOrgPath.includes(actor.orgId)) return 'outgoing';
  if (!isExternalTarget(to) && to.path.includes(actor.orgId)) return 'receiving';
  return null;
}

export type InitiationDecision = { ok: true; side: InitiatorSide } | Refusal<Codes<'INITIATE_NOT_ALLOWED'>>;

/** Q21: may `actor` initiate this member's transfer to `to`? */
export function canInitiateTransfer(
  actor: Actor,
  member: Pick<TransferMemberFacts, 'id'>,
  fromOrgPath: readonly string[],
  to: TransferTarget,
): InitiationDecision {
  const side = initiatorSide(actor, member, fromOrgPath, to);
  return side === null ? refuse('INITIATE_NOT_ALLOWED') : { ok: true, side };
}

export interface InitiationInput {
  actor: Actor;
  member: TransferMemberFacts;
  type: TransferType;
  /** The member's current org. */
  from: OrgFacts;
  to: TransferTarget;
  now: Instant;
  /** The member's transfers (any state); the open one, if any, blocks a new one (Q21). */
  transfers: readonly TransferFacts[];
  options?: RouteOptions;
}

export type InitiationRefusal =
  Codes<'INITIATE_NOT_ALLOWED' | 'TRANSFER_ALREADY_OPEN' | 'MEMBERSHIP_LAPSED_AGE' | 'PULL_NEEDS_BRANCH'> | RoutingRefusal;

/**
 * Everything that decides whether a transfer may be initiated, in order: the actor's right
 * (Q21), the 28-year rule (Q1, only when the birth date is known), one open transfer per member
 * (Q21), then routing (§3). On success, the side the actor initiates as.
 */
export function decideInitiation(input: InitiationInput): { ok: true; side: InitiatorSide } | Refusal<InitiationRefusal> {
  const { actor, member, type, from, to, now, transfers, options } = input;
  const permission = canInitiateTransfer(actor, member, from.path, to);
  if (!permission.ok) return permission;
  if (member.birthDate) {
    const age = keepsLeagueMembership({ birthDate: member.birthDate, holdsLeaguePost: member.holdsLeaguePost }, now);
    if (!age.ok && age.code === 'MEMBERSHIP_LAPSED_AGE') return age as Refusal<'MEMBERSHIP_LAPSED_AGE'>;
  }
  const open = checkNoOpenTransfer(member.id, transfers, now);
  if (!open.ok) return open;
  const route = routeTransfer(type, from, to, now, options);
  if (!route.ok) return route;
  // §5: a pull names its receiving branch itself — the outgoing side that decides it does not
  // choose among the receiving side's branches.
  if (permission.side === 'receiving' && targetsCommittee(type, to)) return refuse('PULL_NEEDS_BRANCH');
  return permission;
}

/* ------------------------------------------------------------------ review (Q15, Q20, two-party consent) */

/**
 * §5 two-party consent: a pull is a transfer the receiving side initiated (Q21). Transfers
 * recorded before the initiator's side was kept count as initiated by the outgoing side.
 */
export function isPull(transfer: Pick<TransferFacts, 'initiator'>): boolean {
  return transfer.initiator.side === 'receiving';
}

/**
 * §5 **Interpretation (two-party consent)**: the path of the org whose admins (or whose
 * ancestors' admins) decide the transfer — the receiving org, or for a pull the org the member
 * leaves; null when the other province's system decides (Q17).
 */
export function decidingPath(transfer: Pick<TransferFacts, 'fromOrgPath' | 'toOrgPath' | 'initiator'>): readonly string[] | null {
  if (transfer.toOrgPath === null) return null;
  return isPull(transfer) ? transfer.fromOrgPath : transfer.toOrgPath;
}

/** Why `actor` is not one who decides the transfer (`checkDecider`). */
export type DeciderRefusal = Codes<
  | 'EXTERNAL_REVIEWED_ELSEWHERE'
  | 'REVIEW_NOT_ALLOWED'
  | 'PULL_DECIDED_BY_OUTGOING_SIDE'
  | 'REVIEW_OWN_REQUEST'
  | 'SPECIAL_UNIT_NEEDS_PROVINCIAL_APPROVAL'
  | 'ABROAD_STUDY_NEEDS_SCHOOL_APPROVAL'
>;

export type ReviewRefusal = DeciderRefusal | Codes<'TRANSFER_NOT_PENDING' | 'TRANSFER_EXPIRED' | 'REJECT_REASON_REQUIRED'>;

/**
 * §5: is `actor` one who decides this transfer, whatever its state? An admin of the deciding org
 * or one of its ancestors (`decidingPath`: the receiving side, or the outgoing side for a pull),
 * never the account that initiated it (`NO_DECISION_ON_OWN_REQUEST`); when the receiving side
 * decides, `special_unit` only by the provincial committee above the special library (§2.3, Q12)
 * and `abroad_study` only by the school committee above the abroad-study branch (§2.5).
 */
export function checkDecider(actor: Actor, transfer: TransferFacts): Decision<DeciderRefusal> {
  const path = decidingPath(transfer);
  if (path === null) return refuse('EXTERNAL_REVIEWED_ELSEWHERE');
  if (!isAdmin(actor) || !path.includes(actor.orgId)) {
    // The receiving side of a pull waits for the member's side (two-party consent).
    const receiving = transfer.toOrgPath ?? [];
    return isAdmin(actor) && isPull(transfer) && receiving.includes(actor.orgId)
      ? refuse('PULL_DECIDED_BY_OUTGOING_SIDE')
      : refuse('REVIEW_NOT_ALLOWED');
  }
  // §5 Interpretation (separation of duties): never a decision on one's own request.
  if (NO_DECISION_ON_OWN_REQUEST && actor.userId !== undefined && actor.userId === transfer.initiator.userId)
    return refuse('REVIEW_OWN_REQUEST');
  if (isPull(transfer)) return allow();
  // The committee above the receiving org decides, not the receiving branch's own admin.
  const committeeAbove = isStrictAncestor(actor.orgId, path);
  if (transfer.type === 'special_unit' && !(actor.role === 'provincial_admin' && committeeAbove)) {
    return refuse('SPECIAL_UNIT_NEEDS_PROVINCIAL_APPROVAL');
  }
  if (transfer.type === 'abroad_study' && !(actor.role === 'school_admin' && committeeAbove)) {
    return refuse('ABROAD_STUDY_NEEDS_SCHOOL_APPROVAL');
  }
  return allow();
}

/**
 * §5: may `actor` approve or reject this transfer at `now`? One who decides it (`checkDecider`),
 * only while `pending` and not yet due for the automatic return (§3.2.3); rejecting needs a
 * non-empty reason, shown to the initiator (Q15, Q20). A transfer to Beijing, Guangdong or Fujian
 * is reviewed in that province's system (Q17).
 */
export function canReviewTransfer(
  actor: Actor,
  transfer: TransferFacts,
  action: 'approve' | 'reject',
  now: Instant,
  reason?: string | null,
): Decision<ReviewRefusal> {
  const decider = checkDecider(actor, transfer);
  if (!decider.ok) return decider;
  if (transfer.status !== 'pending') return refuse('TRANSFER_NOT_PENDING');
  if (isDueForAutoReturn({ status: transfer.status, initiatedAt: transfer.initiatedAt }, now)) {
    return refuse('TRANSFER_EXPIRED');
  }
  if (action === 'reject' && (typeof reason !== 'string' || reason.trim() === '')) {
    return refuse('REJECT_REASON_REQUIRED');
  }
  return allow();
}

/**
 * §5, Q16: who sees the member's contacts (phone, emergency contact, full details) in the
 * approval view: the member; the outgoing side (the member's current org or an ancestor:
 * `memberOrgPath`), which after an approval is the receiving org; and, while it is pending, those
 * who may decide it (`checkDecider`) — never a receiving-side admin who cannot decide it (the
 * initiator of a pull, a branch under the special library or the abroad branch).
 */
export function canSeeTransferContacts(actor: Actor, transfer: TransferFacts, memberOrgPath: readonly string[]): boolean {
  if (!isAdmin(actor)) return actor.memberId !== undefined && actor.memberId === transfer.memberId;
  if (memberOrgPath.includes(actor.orgId)) return true;
  return transfer.status === 'pending' && checkDecider(actor, transfer).ok;
}

/**
 * §5: until the outgoing side approves a pull, the receiving side learns nothing of the member
 * beyond what it named — not the org the member is in, nor its admins. The member and the
 * outgoing side (`fromOrgPath`) always see where the transfer comes from.
 */
export function canSeeTransferOrigin(
  actor: Actor,
  transfer: Pick<TransferFacts, 'initiator' | 'status' | 'memberId' | 'fromOrgPath'>,
): boolean {
  if (!isPull(transfer) || transfer.status === 'approved') return true;
  if (!isAdmin(actor)) return actor.memberId !== undefined && actor.memberId === transfer.memberId;
  return transfer.fromOrgPath.includes(actor.orgId);
}

/**
 * §5 "Approval moves the member atomically": checked again with the member's row locked, so a
 * member who moved or left since the transfer was initiated is never moved by it.
 */
export function checkMemberStillAtOrigin(
  member: { orgId: string },
  transfer: { fromOrgId: string | null },
): Decision<Codes<'TRANSFER_MEMBER_MOVED'>> {
  if (transfer.fromOrgId !== null && member.orgId !== transfer.fromOrgId) return refuse('TRANSFER_MEMBER_MOVED');
  return allow();
}

/* ------------------------------------------------------------------ withdraw (Q13, Q21) */

export type WithdrawRefusal = Codes<'WITHDRAW_NOT_ALLOWED' | 'TRANSFER_NOT_PENDING' | 'TRANSFER_EXPIRED'>;

/** Q13, Q21: the initiator (by account) or the member may withdraw while the transfer is pending. */
export function canWithdrawTransfer(actor: Actor, transfer: TransferFacts, now: Instant): Decision<WithdrawRefusal> {
  const isInitiator = actor.userId !== undefined && actor.userId === transfer.initiator.userId;
  const isMember = !isAdmin(actor) && actor.memberId !== undefined && actor.memberId === transfer.memberId;
  if (!isInitiator && !isMember) return refuse('WITHDRAW_NOT_ALLOWED');
  if (transfer.status !== 'pending') return refuse('TRANSFER_NOT_PENDING');
  if (isDueForAutoReturn({ status: transfer.status, initiatedAt: transfer.initiatedAt, external: transfer.toOrgPath === null }, now)) {
    return refuse('TRANSFER_EXPIRED');
  }
  return allow();
}

/* ------------------------------------------------------------------ returned transfers (Q15, Q20, §3.2.3) */

/** A transfer sent back to its initiator: returned by the deciding side (Q15, Q20) or by the 10-day rule (§3.2.3). */
export function isReturned(t: Pick<TransferFacts, 'status'>): boolean {
  return t.status === 'rejected' || t.status === 'expired';
}

/**
 * A returned transfer stays on its initiator's 首页, with its reason, until it is sent again (a
 * newer transfer of the member) or the initiator closes it: only the initiator (by account) or the
 * member it concerns may close it, and only a returned one.
 */
export function canCloseReturn(
  actor: Actor,
  transfer: Pick<TransferFacts, 'status' | 'initiator' | 'memberId'>,
): Decision<Codes<'RETURN_CLOSE_NOT_ALLOWED' | 'TRANSFER_NOT_RETURNED'>> {
  const isInitiator = actor.userId !== undefined && actor.userId === transfer.initiator.userId;
  const isMember = !isAdmin(actor) && actor.memberId !== undefined && actor.memberId === transfer.memberId;
  if (!isInitiator && !isMember) return refuse('RETURN_CLOSE_NOT_ALLOWED');
  if (!isReturned(transfer)) return refuse('TRANSFER_NOT_RETURNED');
  return allow();
}

/* ------------------------------------------------------------------ offline check-in (Q10, Q12, Q16) */

export interface CheckInFacts {
  status: TransferStatus;
  toOrgPath: readonly string[] | null;
  checkedInAt?: Instant | null;
}

/**
 * Q10, Q16: after approval the receiving org records the member's offline check-in (线下报到).
 * Q12: offline paperwork never replaces the online transfer, so only an approved one counts.
 */
export function canRecordCheckIn(
  actor: Actor,
  transfer: CheckInFacts,
): Decision<Codes<'CHECK_IN_NOT_ALLOWED' | 'CHECK_IN_NEEDS_APPROVED_TRANSFER' | 'ALREADY_CHECKED_IN'>> {
  if (!isAdmin(actor) || transfer.toOrgPath === null || !transfer.toOrgPath.includes(actor.orgId)) {
    return refuse('CHECK_IN_NOT_ALLOWED');
  }
  if (transfer.status !== 'approved') return refuse('CHECK_IN_NEEDS_APPROVED_TRANSFER');
  if (transfer.checkedInAt !== undefined && transfer.checkedInAt !== null && instantMs(transfer.checkedInAt) !== null) {
    return refuse('ALREADY_CHECKED_IN');
  }
  return allow();
}
