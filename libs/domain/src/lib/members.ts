// Members (DOMAIN.md §2): the 28-year rule (Q1), org changes only by transfer (Q18), leaving
// as a status with a reason.
import type { Codes } from './errors';
import type { Decision, DateString, Instant, Refusal } from './types';
import { allow, refuse } from './types';
import { addDays, addMonths, isDateString, toShanghaiDate } from './calendar';
import { LEAGUE_AGE_LIMIT, LEAGUE_MIN_AGE } from './interpretations';
import { isKnownIdCardRegion, parseIdCardNumber } from './identity';
import type { IdCardResult } from './identity';

/** Age in full years (周岁) on the China-Standard-Time date of `on`; null if a date is invalid or `on` precedes birth. */
export function ageOn(birthDate: string, on: Instant): number | null {
  const today = toShanghaiDate(on);
  if (!isDateString(birthDate) || today === null || today < birthDate) return null;
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  // Born 29 Feb: the birthday is reached on 1 Mar in common years.
  return today.slice(5) >= birthDate.slice(5) ? years : years - 1;
}

export interface MemberAgeFacts {
  birthDate: string;
  /** Holds a post in the League (团内职务). */
  holdsLeaguePost?: boolean;
  /** 党员. Recorded, but it changes nothing here: Q1. */
  partyMember?: boolean;
}

/**
 * Q1: a member who is 28 or older and holds no League post no longer keeps League membership.
 * Party membership is irrelevant: a party member under 28 keeps it, and so must still transfer.
 */
export function keepsLeagueMembership(member: MemberAgeFacts, now: Instant): Decision<Codes<'MEMBERSHIP_LAPSED_AGE' | 'INVALID_DATE'>> {
  const age = ageOn(member.birthDate, now);
  if (age === null) return refuse('INVALID_DATE');
  if (age >= LEAGUE_AGE_LIMIT && member.holdsLeaguePost !== true) return refuse('MEMBERSHIP_LAPSED_AGE');
  return allow();
}

/** Q1: must this graduating member's relationship be transferred? Yes while they keep membership — party member or not. */
export function mustTransferOnGraduation(member: MemberAgeFacts, now: Instant): boolean {
  return keepsLeagueMembership(member, now).ok;
}

/** The date a member turns 28 (when, without a League post, membership lapses; Q1). */
export function ageLimitDate(birthDate: string): string | null {
  if (!isDateString(birthDate)) return null;
  const y = Number(birthDate.slice(0, 4)) + LEAGUE_AGE_LIMIT;
  if (y > 9999) return null;
  const md = birthDate.slice(5);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return `${String(y).padStart(4, '0')}-${md === '02-29' && !leap ? '03-01' : md}`;
}

/** Q18: a member's org changes only through a transfer; an edit that changes `orgId` is refused. */
export function checkOrgChange(
  currentOrgId: string,
  requestedOrgId: string | null | undefined,
): Decision<Codes<'MEMBER_ORG_NOT_PATCHABLE'>> {
  return requestedOrgId === undefined || requestedOrgId === null || requestedOrgId === currentOrgId
    ? allow()
    : refuse('MEMBER_ORG_NOT_PATCHABLE');
}

/** §2, Q18: members are not deleted; leaving is a status that needs a reason. */
export function checkLeaveReason(reason: string | null | undefined): Decision<Codes<'LEAVE_REASON_REQUIRED'>> {
  return typeof reason === 'string' && reason.trim() !== '' ? allow() : refuse('LEAVE_REASON_REQUIRED');
}

/**
 * Q1 as a threshold, for lists filtered in SQL: on the date of `now`, members born on or before
 * the returned date are 28 or older (`ageOn` ≥ 28). Derived from `ageOn` itself, so 29 February
 * births follow the same rule. Null if `now` is invalid.
 */
export function ageLimitBornOnOrBefore(now: Instant): string | null {
  const today = toShanghaiDate(now);
  if (today === null) return null;
  const y = Number(today.slice(0, 4)) - LEAGUE_AGE_LIMIT;
  if (y < 1) return null;
  // Ages only fall as the birth date moves later, so the members of age form a prefix of birth
  // dates: start a few days past "same day 28 years back" and step back to the last one of age.
  const start = addMonths(today, -12 * LEAGUE_AGE_LIMIT);
  let candidate = start === null ? null : addDays(start, 3);
  for (let i = 0; candidate !== null && i < 10; i++) {
    const age = ageOn(candidate, today);
    if (age !== null && age >= LEAGUE_AGE_LIMIT) return candidate;
    candidate = addDays(candidate, -1);
  }
  return null;
}

/* ------------------------------------------------------------------ a member's identity (§2, issue 21) */

export type MemberIdentityRefusal = Codes<
  | 'ID_CARD_FORMAT'
  | 'ID_CARD_BIRTH_DATE'
  | 'ID_CARD_CHECKSUM'
  | 'ID_CARD_REGION'
  | 'ID_CARD_BIRTH_IN_FUTURE'
  | 'MEMBER_UNDER_LEAGUE_AGE'
  | 'INVALID_DATE'
>;

/**
 * §2: the ID number of a member being recorded (or corrected) at `now`: GB 11643 format and
 * check character (`parseIdCardNumber`), a GB/T 2260 address code (`isKnownIdCardRegion`, the codes
 * handed in), a birth date not after today, and a member at least LEAGUE_MIN_AGE (14, 团章) today.
 * No upper age bound: see LEAGUE_MIN_AGE's Interpretation (Q1, members who aged out stay on record).
 */
export function checkMemberIdCard(
  input: string,
  now: Instant,
  knownRegions: ReadonlySet<string>,
): Extract<IdCardResult, { ok: true }> | Refusal<MemberIdentityRefusal> {
  const id = parseIdCardNumber(input);
  if (!id.ok) return refuse(id.code);
  if (!isKnownIdCardRegion(id.regionCode, knownRegions)) return refuse('ID_CARD_REGION');
  const today = toShanghaiDate(now);
  if (today === null) return refuse('INVALID_DATE');
  if (id.birthDate > today) return refuse('ID_CARD_BIRTH_IN_FUTURE');
  const age = ageOn(id.birthDate, today);
  if (age === null || age < LEAGUE_MIN_AGE) return refuse('MEMBER_UNDER_LEAGUE_AGE');
  return id;
}

/** The date a member born on `birthDate` turns LEAGUE_MIN_AGE (a 29 February birthday falls on 1 March); null if invalid. */
export function leagueAgeDate(birthDate: string): DateString | null {
  if (!isDateString(birthDate)) return null;
  const y = Number(birthDate.slice(0, 4)) + LEAGUE_MIN_AGE;
  const md = birthDate.slice(5);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return `${String(y).padStart(4, '0')}-${md === '02-29' && !leap ? '03-01' : md}`;
}

/**
 * §2 入团时间: not after today, and not before the member turned 14 (团章 Art. 1: one joins the
 * League at 14 at the earliest). `birthDate` is the member's (from their ID number).
 */
export function checkJoinDate(
  joinDate: string,
  birthDate: string,
  now: Instant,
): Decision<Codes<'JOIN_DATE_IN_FUTURE' | 'JOIN_DATE_BEFORE_LEAGUE_AGE' | 'INVALID_DATE'>> {
  const today = toShanghaiDate(now);
  const from = leagueAgeDate(birthDate);
  if (!isDateString(joinDate) || today === null || from === null) return refuse('INVALID_DATE');
  if (joinDate > today) return refuse('JOIN_DATE_IN_FUTURE');
  if (joinDate < from) return refuse('JOIN_DATE_BEFORE_LEAGUE_AGE');
  return allow();
}
