// What happens around a transfer after (or outside) the online review (DOMAIN.md §4, §5): the
// separate systems' outcome (Q17), arrivals from them, the offline check-in date (Q10, Q16),
// abroad members' periodic reports (§2.5), and branches that become graduates orgs on 1 June (§4).
// The check-in permission itself is `canRecordCheckIn` in workflow.ts.
import type { Codes } from './errors';
import type { Actor, DateString, Decision, Instant, OrgFacts, TransferStatus, TransferType } from './types';
import { allow, isAdmin, refuse } from './types';
import { dateInYear, isDateString, isDueForAutoReturn, toShanghaiDate } from './calendar';
import { isSeparateSystemProvince } from './regions';
import { mayHoldMembers } from './orgs';
import { CHECK_IN_NOT_NEEDED_FOR, GRADUATES_ORG_FROM } from './interpretations';

const blank = (s: string | null | undefined): boolean => typeof s !== 'string' || s.trim() === '';

/* ------------------------------------------------------------------ separate systems (Q17, §5) */

/** The other system's decision, recorded by the outgoing side (Q17). */
export const EXTERNAL_OUTCOMES = ['approved', 'returned'] as const;
export type ExternalOutcome = (typeof EXTERNAL_OUTCOMES)[number];

export interface ExternalOutcomeFacts {
  status: TransferStatus;
  initiatedAt: Instant;
  /** Path of the org the member leaves. */
  fromOrgPath: readonly string[];
  /** True when the receiving org is in Beijing, Guangdong or Fujian's own system. */
  external: boolean;
}

/**
 * Q17, §5: a transfer to Beijing, Guangdong or Fujian stays `pending` here until the outgoing
 * side (an admin of the member's org or an ancestor) records that system's outcome — approved,
 * or returned with its reason — or the 10-day rule returns it (§3.2.3). Approved → `approved`
 * (the member leaves this system); returned → `rejected` with the reason.
 */
export function canRecordExternalOutcome(
  actor: Actor,
  transfer: ExternalOutcomeFacts,
  outcome: ExternalOutcome,
  reason: string | null | undefined,
  now: Instant,
): Decision<
  Codes<'NOT_EXTERNAL_TRANSFER' | 'EXTERNAL_OUTCOME_NOT_ALLOWED' | 'TRANSFER_NOT_PENDING' | 'TRANSFER_EXPIRED' | 'REJECT_REASON_REQUIRED'>
> {
  if (!transfer.external) return refuse('NOT_EXTERNAL_TRANSFER');
  if (!isAdmin(actor) || !transfer.fromOrgPath.includes(actor.orgId)) return refuse('EXTERNAL_OUTCOME_NOT_ALLOWED');
  if (transfer.status !== 'pending') return refuse('TRANSFER_NOT_PENDING');
  if (isDueForAutoReturn({ status: transfer.status, initiatedAt: transfer.initiatedAt, external: true }, now))
    return refuse('TRANSFER_EXPIRED');
  if (outcome === 'returned' && blank(reason)) return refuse('REJECT_REASON_REQUIRED');
  return allow();
}

/** The target of an arrival recorded by the receiving org (§5). */
export interface ExternalArrival {
  provinceCode: string;
  orgFullName: string;
}

/**
 * §5: a member arriving from Beijing, Guangdong or Fujian is recorded by the receiving org (an
 * admin of it or an ancestor) as an approved incoming transfer with the external org's full name.
 * The receiving org must be able to hold members (a branch or a special-purpose org).
 */
export function canRecordExternalArrival(
  actor: Actor,
  to: Pick<OrgFacts, 'path' | 'kind' | 'purpose'>,
  from: ExternalArrival,
): Decision<Codes<'EXTERNAL_OUTCOME_NOT_ALLOWED' | 'EXTERNAL_PROVINCE_NOT_SEPARATE' | 'EXTERNAL_NAME_REQUIRED' | 'NOT_A_BRANCH'>> {
  if (!isAdmin(actor) || !to.path.includes(actor.orgId)) return refuse('EXTERNAL_OUTCOME_NOT_ALLOWED');
  if (!isSeparateSystemProvince(from.provinceCode)) return refuse('EXTERNAL_PROVINCE_NOT_SEPARATE');
  if (blank(from.orgFullName)) return refuse('EXTERNAL_NAME_REQUIRED');
  if (!mayHoldMembers(to)) return refuse('NOT_A_BRANCH');
  return allow();
}

/* ------------------------------------------------------------------ dates recorded by admins */

/** Q10, Q16 (Interpretation `CHECK_IN_NOT_NEEDED_FOR`): does a member received by this type check in offline? */
export function needsCheckIn(type: TransferType): boolean {
  return !CHECK_IN_NOT_NEEDED_FOR.includes(type);
}

/**
 * A date an admin records (offline check-in Q10/Q16, an abroad report §2.5): a real date, not in
 * the future, and not before `notBefore` (the approval / joining date) when given.
 */
export function checkRecordedDate(
  date: unknown,
  now: Instant,
  notBefore?: Instant | null,
): Decision<Codes<'INVALID_DATE' | 'DATE_IN_FUTURE' | 'DATE_BEFORE_TRANSFER'>> {
  const today = toShanghaiDate(now);
  if (!isDateString(date) || today === null) return refuse('INVALID_DATE');
  if (date > today) return refuse('DATE_IN_FUTURE');
  const from = toShanghaiDate(notBefore ?? null);
  if (from !== null && date < from) return refuse('DATE_BEFORE_TRANSFER');
  return allow();
}

/* ------------------------------------------------------------------ abroad reports (§2.5) */

/**
 * §2.5: members abroad for study report on themselves periodically; the abroad-study branch (an
 * admin of it or an ancestor) keeps a dated log. Only for members in an `abroad_study` branch.
 */
export function canRecordAbroadReport(
  actor: Actor,
  memberOrg: Pick<OrgFacts, 'path' | 'purpose'>,
): Decision<Codes<'ABROAD_REPORT_NOT_ALLOWED' | 'NOT_ABROAD_MEMBER'>> {
  if (!isAdmin(actor) || !memberOrg.path.includes(actor.orgId)) return refuse('ABROAD_REPORT_NOT_ALLOWED');
  if (memberOrg.purpose !== 'abroad_study') return refuse('NOT_ABROAD_MEMBER');
  return allow();
}

/* ------------------------------------------------------------------ graduates orgs (§4 Interpretation) */

/** A school branch's graduation fields, as the 1 June rule sees them. */
export interface GraduatedBranchFacts {
  kind: OrgFacts['kind'];
  purpose: OrgFacts['purpose'];
  graduationDate: string | null;
  mixed: boolean;
}

/**
 * §4 **Interpretation:** the day a marked branch becomes a `graduates` org — 1 June of its
 * graduation year (or the marking day, if later: the rule is applied when marking too). Null
 * for orgs the rule does not touch (not a branch, mixed, unmarked, already special-purpose).
 */
export function graduatesOrgFrom(branch: GraduatedBranchFacts): DateString | null {
  if (branch.kind !== 'branch' || branch.mixed || branch.purpose !== null || !isDateString(branch.graduationDate)) return null;
  return dateInYear(Number(branch.graduationDate.slice(0, 4)), GRADUATES_ORG_FROM);
}

/** §4 Interpretation: has this branch become a graduates org by `now`? */
export function becomesGraduatesOrg(branch: GraduatedBranchFacts, now: Instant): boolean {
  const from = graduatesOrgFrom(branch);
  const today = toShanghaiDate(now);
  return from !== null && today !== null && today >= from;
}

/**
 * §4 Interpretation, the other way: a branch that became a graduates org through its marking
 * stays one only while the marking still makes it one — clearing the date, making the branch
 * mixed, or moving the date to a year whose 1 June has not come undoes it.
 */
export function staysGraduatesOrg(branch: GraduatedBranchFacts, now: Instant): boolean {
  return becomesGraduatesOrg({ ...branch, purpose: null }, now);
}

/**
 * The same rule as a threshold for the daily job's SQL: on `now`, unmixed, unmarked-purpose
 * branches whose graduation date is on or before the returned date have become graduates orgs.
 */
export function graduatesOrgGraduatedOnOrBefore(now: Instant): DateString | null {
  const today = toShanghaiDate(now);
  if (today === null) return null;
  const year = Number(today.slice(0, 4));
  const lastYear = today >= dateInYear(year, GRADUATES_ORG_FROM) ? year : year - 1;
  return lastYear < 1 ? null : dateInYear(lastYear, '12-31');
}
