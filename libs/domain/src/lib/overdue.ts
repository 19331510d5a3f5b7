// Lists of members who have stayed too long or gone quiet (DOMAIN.md §3, §5). Each rule gives
// a status and the date it turns (or turned) overdue; "more than N" means strictly after the
// due date. None of these is an error: they feed lists for admins to follow up.
import type { DateString, Instant, OrgFacts, TransferType } from './types';
import { INDUSTRIES, ORG_LEVELS } from './types';
import { addDays, addMonths, toShanghaiDate } from './calendar';
import { keepsLeagueMembership } from './members';
import {
  ABROAD_SILENCE_MONTHS,
  CHECK_IN_DAYS,
  COUNTY_MOBILE_LIMIT_MONTHS,
  MOBILE_FOLLOW_UP_MONTHS,
  RETENTION_MONTHS,
  TOWNSHIP_MOBILE_OVERDUE_MONTHS,
} from './interpretations';
import { mobileTier } from './orgs';
import type { MobileTier } from './orgs';

/**
 * - `ok`: nothing to do (yet);
 * - `follow_up`: listed for follow-up, not an error (township mobile after a month, §3);
 * - `overdue`: listed as overdue;
 * - `unknown`: a date was missing or invalid, so the rule cannot tell.
 */
export type ListStatus = 'ok' | 'follow_up' | 'overdue' | 'unknown';

export interface ListResult {
  status: ListStatus;
  /** The last day that is still in time; the member is overdue from the day after. */
  dueBy: DateString | null;
}

const unknown: ListResult = { status: 'unknown', dueBy: null };

function overdueAfter(start: Instant | null | undefined, months: number, now: Instant): ListResult {
  const from = toShanghaiDate(start);
  const today = toShanghaiDate(now);
  const dueBy = from === null ? null : addMonths(from, months);
  if (dueBy === null || today === null) return unknown;
  return { status: today > dueBy ? 'overdue' : 'ok', dueBy };
}

/**
 * §2.4, §3: an `unemployed` graduate retained at school (no transfer) more than 6 months after
 * graduation is overdue. `graduationDate` is the member's effective graduation date (§4).
 */
export function schoolRetentionStatus(retained: { graduationDate: Instant | null }, now: Instant): ListResult {
  return overdueAfter(retained.graduationDate, RETENTION_MONTHS, now);
}

/** §2.1, §3: a county mobile branch transfers each member out within one year of receiving them. */
export function countyMobileStatus(entry: { receivedAt: Instant | null }, now: Instant): ListResult {
  return overdueAfter(entry.receivedAt, COUNTY_MOBILE_LIMIT_MONTHS, now);
}

/**
 * §2.8, §3: a township mobile branch transfers a member out as soon as they find work. A member
 * received as `unemployed` is listed "follow up" after a month (**Interpretation**, struck Q6)
 * and overdue after a year. Members received by other types are not listed.
 */
export function townshipMobileStatus(entry: { receivedAt: Instant | null; receivedAs: TransferType | null }, now: Instant): ListResult {
  const overdue = overdueAfter(entry.receivedAt, TOWNSHIP_MOBILE_OVERDUE_MONTHS, now);
  if (overdue.status === 'unknown') return unknown;
  if (entry.receivedAs !== 'unemployed') return { status: 'ok', dueBy: null };
  if (overdue.status === 'overdue') return overdue;
  const followUp = overdueAfter(entry.receivedAt, MOBILE_FOLLOW_UP_MONTHS, now);
  return followUp.status === 'overdue' ? { status: 'follow_up', dueBy: overdue.dueBy } : overdue;
}

/**
 * §3: the status of a member in a mobile branch, by the branch's tier (county: one year; township:
 * follow-up then a year; park: not listed). `ok` for members of other orgs.
 */
export function mobileBranchStatus(
  branch: Pick<OrgFacts, 'purpose' | 'level' | 'industry'>,
  entry: { receivedAt: Instant | null; receivedAs: TransferType | null },
  now: Instant,
): ListResult {
  switch (mobileTier(branch)) {
    case 'county':
      return countyMobileStatus(entry, now);
    case 'township':
      return townshipMobileStatus(entry, now);
    default:
      return { status: 'ok', dueBy: null };
  }
}

/**
 * Q10, Q16: after approval the receiving org records the member's offline check-in; members not
 * checked in within 30 days (**Interpretation**) are listed. Checked in → `ok`.
 */
export function checkInStatus(entry: { approvedAt: Instant | null; checkedInAt?: Instant | null }, now: Instant): ListResult {
  const approved = toShanghaiDate(entry.approvedAt);
  const today = toShanghaiDate(now);
  const dueBy = approved === null ? null : addDays(approved, CHECK_IN_DAYS);
  if (dueBy === null) return unknown;
  if (toShanghaiDate(entry.checkedInAt) !== null) return { status: 'ok', dueBy };
  if (today === null) return unknown;
  return { status: today > dueBy ? 'overdue' : 'ok', dueBy };
}

/**
 * §2.5: members abroad report on themselves periodically; a member silent for more than a year
 * (**Interpretation**) since their last report — or, with none, since joining the abroad-study
 * branch — is listed.
 */
export function abroadSilenceStatus(entry: { joinedAt: Instant | null; lastReportAt?: Instant | null }, now: Instant): ListResult {
  const joined = toShanghaiDate(entry.joinedAt);
  const report = toShanghaiDate(entry.lastReportAt);
  const last = joined === null ? report : report === null || report < joined ? joined : report;
  return overdueAfter(last, ABROAD_SILENCE_MONTHS, now);
}

/** The overdue lists of DOMAIN.md §3, §5 (API.md `GET /api/members/overdue?list=`). */
export const OVERDUE_LISTS = ['school_retention', 'county_mobile', 'township_mobile', 'check_in', 'abroad_silent'] as const;
export type OverdueList = (typeof OVERDUE_LISTS)[number];

/**
 * Each list's rule as a function of the date its clock starts (graduation, receipt, approval,
 * last report) and today; the member is listed when it says `overdue` (or `follow_up`).
 */
const LIST_RULES: Readonly<
  Record<OverdueList, { months: number; days: number; status: (start: DateString, today: DateString) => ListResult }>
> = {
  school_retention: {
    months: RETENTION_MONTHS,
    days: 0,
    status: (start, today) => schoolRetentionStatus({ graduationDate: start }, today),
  },
  county_mobile: {
    months: COUNTY_MOBILE_LIMIT_MONTHS,
    days: 0,
    status: (start, today) => countyMobileStatus({ receivedAt: start }, today),
  },
  // Listed from the "follow up" month on (struck Q6 Interpretation); overdue after a year.
  township_mobile: {
    months: MOBILE_FOLLOW_UP_MONTHS,
    days: 0,
    status: (start, today) => townshipMobileStatus({ receivedAt: start, receivedAs: 'unemployed' }, today),
  },
  check_in: { months: 0, days: CHECK_IN_DAYS, status: (start, today) => checkInStatus({ approvedAt: start, checkedInAt: null }, today) },
  abroad_silent: { months: ABROAD_SILENCE_MONTHS, days: 0, status: (start, today) => abroadSilenceStatus({ joinedAt: start }, today) },
};

/** A list's status for a member whose clock started on `start` (see `LIST_RULES`). */
export function overdueListStatus(list: OverdueList, start: Instant | null | undefined, now: Instant): ListResult {
  const from = toShanghaiDate(start);
  const today = toShanghaiDate(now);
  if (from === null || today === null || !Object.prototype.hasOwnProperty.call(LIST_RULES, list)) return unknown;
  return LIST_RULES[list].status(from, today);
}

/** Is this result one that puts the member on a list? */
export function isListed(result: ListResult): boolean {
  return result.status === 'overdue' || result.status === 'follow_up';
}

/**
 * The same rules as a threshold, for lists filtered and paged in SQL: on the date of `now`, a
 * member whose clock started on or before the returned date is listed. Derived by asking the
 * rule itself (month-end clamping included), so SQL and the domain cannot disagree. Null if
 * `now` is invalid.
 */
export function listedIfStartedOnOrBefore(list: OverdueList, now: Instant): DateString | null {
  const today = toShanghaiDate(now);
  const rule = LIST_RULES[list];
  if (today === null || !rule) return null;
  const back = addMonths(today, -rule.months);
  const guess = back === null ? null : addDays(back, -rule.days);
  // Being listed only gets likelier as the start moves earlier: step back from a few days past the guess.
  let candidate = guess === null ? null : addDays(guess, 3);
  for (let i = 0; candidate !== null && i < 10; i++) {
    if (isListed(rule.status(candidate, today))) return candidate;
    candidate = addDays(candidate, -1);
  }
  return null;
}

/** §2.4, §3: the retention threshold for the members list's `overdue` filter. */
export function retentionOverdueGraduatedOnOrBefore(now: Instant): DateString | null {
  return listedIfStartedOnOrBefore('school_retention', now);
}

/** What the members list's `overdue` filter looks at (one definition, here). */
export interface MemberOverdueFacts {
  birthDate: string | null;
  holdsLeaguePost: boolean;
  /** Retained at school as `unemployed` (destination unemployed, current org in a school). */
  retainedAtSchool: boolean;
  graduationDate: string | null;
}

/**
 * The members list's "overdue" (DOMAIN.md §2 Q1, §3): aged 28 or more without a League post, or
 * an unemployed graduate retained at school past 6 months. SQL filters use the thresholds
 * `ageLimitBornOnOrBefore` and `retentionOverdueGraduatedOnOrBefore`, tested against this.
 */
export function isMemberOverdue(member: MemberOverdueFacts, now: Instant): boolean {
  const lapse =
    member.birthDate === null ? null : keepsLeagueMembership({ birthDate: member.birthDate, holdsLeaguePost: member.holdsLeaguePost }, now);
  const aged = lapse !== null && !lapse.ok && lapse.code === 'MEMBERSHIP_LAPSED_AGE';
  const retained = member.retainedAtSchool && schoolRetentionStatus({ graduationDate: member.graduationDate }, now).status === 'overdue';
  return aged || retained;
}

/**
 * §1: `mobileTier` as a list, for lists that select mobile branches in SQL: every
 * `'<committee level>/<industry or empty>'` that places a mobile branch in `tier`, asked of the rule
 * itself over every level and industry (the committee level is the parent's, else the branch's own).
 */
export function mobileTierKeys(tier: MobileTier): string[] {
  const keys: string[] = [];
  for (const level of ORG_LEVELS) {
    for (const industry of [...INDUSTRIES, null]) {
      if (mobileTier({ purpose: 'mobile', level, industry, parentLevel: level }) === tier) keys.push(`${level}/${industry ?? ''}`);
    }
  }
  return keys;
}
