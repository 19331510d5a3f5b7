import type { Actor } from './types';

// Data scope (API.md conventions; STYLE.md): an admin sees the org it is bound to and everything
// under it; a member sees only themself. Objects outside scope are reported as not found.

/** Is the org with ancestor path `targetPath` (root … self) inside the subtree of `scopeOrgId`? */
export function isOrgInScope(scopeOrgId: string, targetPath: readonly string[]): boolean {
  return targetPath.includes(scopeOrgId);
}

/** Is `ancestorId` a strict ancestor of the org whose path is `targetPath`? */
export function isStrictAncestor(ancestorId: string, targetPath: readonly string[]): boolean {
  const i = targetPath.indexOf(ancestorId);
  return i >= 0 && i < targetPath.length - 1;
}

/**
 * The data scope of a request, computed once (STYLE.md): an admin's subtree, or a member's self.
 * Lists filter by it and reads by id answer "not found" (404) outside it.
 */
export type DataScope = { kind: 'subtree'; orgId: string } | { kind: 'self'; memberId: string } | { kind: 'none' };

export function dataScopeOf(actor: Pick<Actor, 'role' | 'orgId' | 'memberId'>): DataScope {
  if (actor.role !== 'member') return { kind: 'subtree', orgId: actor.orgId };
  return actor.memberId ? { kind: 'self', memberId: actor.memberId } : { kind: 'none' };
}

/** Is the org (with ancestor path `orgPath`) in the actor's scope? A member sees only their own org. */
export function canSeeOrg(actor: Pick<Actor, 'role' | 'orgId'>, orgPath: readonly string[]): boolean {
  if (actor.role === 'member') return orgPath.length > 0 && orgPath[orgPath.length - 1] === actor.orgId;
  return isOrgInScope(actor.orgId, orgPath);
}

/** Is the member (in the org with path `orgPath`) in the actor's scope? A member sees only themself. */
export function canSeeMember(
  actor: Pick<Actor, 'role' | 'orgId' | 'memberId'>,
  member: { id: string; orgPath: readonly string[] },
): boolean {
  if (actor.role === 'member') return actor.memberId !== undefined && actor.memberId === member.id;
  return isOrgInScope(actor.orgId, member.orgPath);
}

/**
 * Is a transfer in the actor's scope? Admins of either side (the outgoing org or the receiving
 * org, or an ancestor of one) see it; a member sees their own.
 */
export function canSeeTransfer(
  actor: Pick<Actor, 'role' | 'orgId' | 'memberId'>,
  transfer: { memberId: string; fromOrgPath: readonly string[]; toOrgPath: readonly string[] | null },
): boolean {
  if (actor.role === 'member') return actor.memberId !== undefined && actor.memberId === transfer.memberId;
  return isOrgInScope(actor.orgId, transfer.fromOrgPath) || (transfer.toOrgPath !== null && isOrgInScope(actor.orgId, transfer.toOrgPath));
}
