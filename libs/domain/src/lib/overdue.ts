// Lists of members who have stayed too long or gone quiet (DOMAIN.md §3, §5). Each rule gives
// a status and the date it turns (or turned) overdue; "more than N" means strictly after the
// due date. None of these is an error: they feed lists for admins to follow up.
import type { DateString, Instant, OrgFacts, TransferType } from './types';
import { addDays, addMonths, toShanghaiDate } from './calendar';
import {
  ABROAD_SILENCE_MONTHS,
  CHECK_IN_DAYS,
  COUNTY_MOBILE_LIMIT_MONTHS,
  MOBILE_FOLLOW_UP_MONTHS,
  RETENTION_MONTHS,
  TOWNSHIP_MOBILE_OVERDUE_MONTHS,
} from './interpretations';
import { mobileTier } from './orgs';

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
export function townshipMobileStatus(
  entry: { receivedAt: Instant | null; receivedAs: TransferType | null },
  now: Instant,
): ListResult {
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
export function checkInStatus(
  entry: { approvedAt: Instant | null; checkedInAt?: Instant | null },
  now: Instant,
): ListResult {
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
export function abroadSilenceStatus(
  entry: { joinedAt: Instant | null; lastReportAt?: Instant | null },
  now: Instant,
): ListResult {
  const joined = toShanghaiDate(entry.joinedAt);
  const report = toShanghaiDate(entry.lastReportAt);
  const last = joined === null ? report : report === null || report < joined ? joined : report;
  return overdueAfter(last, ABROAD_SILENCE_MONTHS, now);
}
