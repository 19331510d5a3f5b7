// Accounts (DOMAIN.md §2): password reset by a one-time code (Q19).
import type { Codes } from './errors';
import type { Actor, Decision, Instant, Refusal, Role } from './types';
import { maskIdCardNumber } from './identity';
import { allow, isAdmin, refuse } from './types';
import { instantMs } from './calendar';
import { RESET_CODE_TTL_MINUTES } from './interpretations';

/** §2 password policy: 8–64 characters with at least one letter and one digit (PASSWORD_POLICY). */
export const PASSWORD_LENGTH = { min: 8, max: 64 } as const;

/** §2: does a new password meet the policy (PASSWORD_LENGTH, a letter and a digit)? */
export function meetsPasswordPolicy(password: string): boolean {
  return (
    password.length >= PASSWORD_LENGTH.min && password.length <= PASSWORD_LENGTH.max && /[A-Za-z]/.test(password) && /\d/.test(password)
  );
}

/**
 * Q19: an admin of the member's org or of any ancestor org may generate a reset code — for a
 * member account only (§2: "the member enters it"); an admin account is never reset by code,
 * or any admin above could take it over.
 */
export function canIssueResetCode(
  actor: Pick<Actor, 'role' | 'orgId'>,
  account: { orgPath: readonly string[]; role: Role },
): Decision<Codes<'RESET_NOT_ALLOWED' | 'RESET_CODE_MEMBERS_ONLY'>> {
  if (!isAdmin(actor) || !account.orgPath.includes(actor.orgId)) return refuse('RESET_NOT_ALLOWED');
  return account.role === 'member' ? allow() : refuse('RESET_CODE_MEMBERS_ONLY');
}

/* ------------------------------------------------------------------ usernames */

/** Invisible or direction-changing characters: controls, format characters (zero-width, bidi), separators. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Zs}\p{Co}\p{Cn}]/u;
const ALLOWED = /^[\p{L}\p{M}\p{N}._@-]+$/u;

/**
 * A username as stored and compared: Unicode NFKC (full-width `ａｄｍｉｎ` is `admin`), trimmed;
 * refused when it holds invisible characters or mixes Latin with Cyrillic or Greek letters
 * (`аdmin` with a Cyrillic а). Comparison is case-insensitive on this form.
 */
export function normalizeUsername(raw: string): { ok: true; value: string } | Refusal<Codes<'USERNAME_INVALID'>> {
  const value = raw.normalize('NFKC').trim();
  if (value === '' || INVISIBLE.test(value) || !ALLOWED.test(value)) return refuse('USERNAME_INVALID');
  const latin = /\p{Script=Latin}/u.test(value);
  if (latin && /[\p{Script=Cyrillic}\p{Script=Greek}]/u.test(value)) return refuse('USERNAME_INVALID');
  return { ok: true, value };
}

/** TR39's confusables table (`confusables.txt`): a code point → the prototype it looks like. */
export type ConfusablesTable = Readonly<Record<string, string | undefined>>;

const MARKS = /\p{M}/gu;

/** One pass of TR39's skeleton over NFD, with combining marks dropped (see `usernameSkeleton`). */
function fold(s: string, table: ConfusablesTable): string {
  let out = '';
  for (const c of s.normalize('NFD').replace(MARKS, '')) out += table[c] ?? c;
  return out.normalize('NFD').replace(MARKS, '');
}

/**
 * What a username looks like (Unicode TR39 §4 skeleton), for "no two accounts look alike" (等保
 * 身份鉴别 a: unique identities). Two names with one skeleton are refused as the same name. Beyond
 * TR39: case is folded (names compare case-insensitively) and combining marks are dropped, so
 * `admín` is `admin` too (TR39 keeps accents as visible; on a login page an accent is easy to miss).
 * `table` is TR39's confusables data, handed in by the caller (the domain ships no table).
 * `ɑdmin` (U+0251), `admın` (U+0131), `jinjianɡ` (U+0261), `sichuaռ` (Armenian) and `admín` all
 * have the skeleton of their ASCII model.
 */
export function usernameSkeleton(username: string, table: ConfusablesTable): string {
  // Lower case first: names are one account whatever their case (`ADMIN` is `admin`), so an upper-case
  // `I` is an `i` here, not the `l` TR39 would make of it.
  return fold(username.normalize('NFKC').trim().toLowerCase(), table).toLowerCase();
}

/** A member's username is their ID number: shown masked like one (DOMAIN.md §2) wherever usernames are listed. */
export function maskUsername(username: string): string;
export function maskUsername(username: string | null): string | null;
export function maskUsername(username: string | null): string | null {
  if (username === null) return null;
  return /^\d{15}(\d{2}[\dXx])?$/.test(username.trim()) ? maskIdCardNumber(username.trim()) : username;
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
