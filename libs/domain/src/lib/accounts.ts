// Accounts (DOMAIN.md §2): password reset by a one-time code (Q19).
import type { Codes } from './errors';
import type { Actor, Decision, Instant } from './types';
import { allow, isAdmin, refuse } from './types';
import { instantMs } from './calendar';
import { RESET_CODE_TTL_MINUTES } from './interpretations';

/** Q19: an admin of the member's org or of any ancestor org may generate a reset code. */
export function canIssueResetCode(
  actor: Pick<Actor, 'role' | 'orgId'>,
  member: { orgPath: readonly string[] },
): Decision<Codes<'RESET_NOT_ALLOWED'>> {
  return isAdmin(actor) && member.orgPath.includes(actor.orgId) ? allow() : refuse('RESET_NOT_ALLOWED');
}

/** Q19: when a code issued at `issuedAt` stops working; null if the instant is invalid. */
export function resetCodeExpiresAt(issuedAt: Instant): Date | null {
  const t = instantMs(issuedAt);
  if (t === null) return null;
  const expires = new Date(t + RESET_CODE_TTL_MINUTES * 60 * 1000);
  return Number.isFinite(expires.getTime()) ? expires : null;
}

/** Q19: a reset code works once, before it expires. (Matching the code itself is the API's job.) */
export function checkResetCode(
  code: { expiresAt: Instant; usedAt?: Instant | null },
  now: Instant,
): Decision<Codes<'RESET_CODE_USED' | 'RESET_CODE_EXPIRED' | 'RESET_CODE_INVALID'>> {
  if (code.usedAt !== undefined && code.usedAt !== null) return refuse('RESET_CODE_USED');
  const expires = instantMs(code.expiresAt);
  const t = instantMs(now);
  if (expires === null || t === null) return refuse('RESET_CODE_INVALID');
  return t < expires ? allow() : refuse('RESET_CODE_EXPIRED');
}
