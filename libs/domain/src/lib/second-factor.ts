// Two-factor authentication for admin accounts (issue 24; 等保 2.0 level 3, 身份鉴别 d).
import type { Codes } from './errors';
import type { Actor, Decision, Role } from './types';
import { allow, isAdmin, refuse } from './types';

/** Roles that may require a second factor for every admin account in their subtree. */
const POLICY_ROLES: readonly Role[] = ['national_admin', 'provincial_admin'];

/**
 * `PUT /api/orgs/:id/security`: a national or provincial admin sets (or lifts) the requirement on
 * an org in its subtree; an org outside it does not exist for the caller (404).
 */
export function canRequireSecondFactor(
  actor: Pick<Actor, 'role' | 'orgId'>,
  org: { path: readonly string[] },
): Decision<Codes<'NOT_IN_SCOPE' | 'SECOND_FACTOR_POLICY_NOT_ALLOWED'>> {
  if (!isAdmin(actor) || !org.path.includes(actor.orgId)) return refuse('NOT_IN_SCOPE');
  return POLICY_ROLES.includes(actor.role) ? allow() : refuse('SECOND_FACTOR_POLICY_NOT_ALLOWED');
}

/**
 * Whether an org requires a second factor of its admins: the flag is inherited, so any org on its
 * path (root … org) that sets it requires it.
 */
export function secondFactorRequiredBy(pathFlags: readonly { require2fa: boolean }[]): boolean {
  return pathFlags.some((o) => o.require2fa);
}

/** What a login with the right password still needs. */
export type SecondFactorAtLogin =
  /** Nothing: a member account, or an admin who neither enrolled nor is required to. */
  | 'none'
  /** A TOTP code or an unused recovery code. */
  | 'verify'
  /** Required but not enrolled: a token good only for enrolment. */
  | 'enrol';

/** Member accounts are unchanged (issue 24): only admin accounts carry or are required a second factor. */
export function secondFactorAtLogin(account: { role: Role; enabled: boolean }, required: boolean): SecondFactorAtLogin {
  if (account.role === 'member') return 'none';
  if (account.enabled) return 'verify';
  return required ? 'enrol' : 'none';
}

/**
 * Lost device: an admin of an org strictly above the account's org resets its second factor. An
 * admin of the same org (a peer) or the account itself may not — otherwise a stolen password of
 * any account of the org would undo the factor; an account outside the caller's subtree is 404.
 */
export function canResetSecondFactor(
  actor: Pick<Actor, 'role' | 'orgId' | 'userId'>,
  account: { id: string; role: Role; orgPath: readonly string[] },
): Decision<Codes<'NOT_IN_SCOPE' | 'SECOND_FACTOR_RESET_NOT_ALLOWED'>> {
  if (!isAdmin(actor) || !account.orgPath.includes(actor.orgId)) return refuse('NOT_IN_SCOPE');
  if (account.role === 'member') return refuse('NOT_IN_SCOPE');
  const above = account.orgPath.indexOf(actor.orgId) < account.orgPath.length - 1;
  return above && account.id !== actor.userId ? allow() : refuse('SECOND_FACTOR_RESET_NOT_ALLOWED');
}

/**
 * Routes that change accounts, issue reset codes, export or decide in bulk need a token that used
 * the second factor where the caller's org requires one; member accounts are never asked.
 */
export function needsStepUp(actor: Pick<Actor, 'role'>, required: boolean, usedSecondFactor: boolean): boolean {
  return isAdmin(actor) && required && !usedSecondFactor;
}
