// Monitoring indicators (监测指标), DOMAIN.md §6 (guide §5): who counts in cohort Y and how —
// plain graduate facts reduced to classified graduates (indicator, transfer target, completion,
// work unit). region-metrics.ts counts the indicators of a region from them: SX 升学衔接率 and
// XS 学社衔接率 with their parts A–F, and DW 单位团组织转接率. The API keeps these counts in the
// database (graduate_cohort and its counters); the two files stay the reference definition its
// tests recount against.
import type { DateString, Destination, Industry, Instant, OrgPurpose, TransferStatus, TransferType } from './types';
import { DESTINATIONS, isSchoolDomain } from './types';
import {
  COHORT_WINDOW_ENDS_AT_NEXT_COHORT,
  GRADUATE_WINDOW_START,
  WORK_UNIT_EXCLUDED_PURPOSES,
  WORK_UNIT_INDUSTRIES,
} from './interpretations';
import { addDays, dateInYear, instantMs, isDateString, shanghaiMidnight, toShanghaiDate } from './calendar';
import { ageLimitDate } from './members';

/** One of a graduate's transfers, as the indicators need it. */
export interface GraduateTransferFact {
  type: TransferType;
  status: TransferStatus;
  initiatedAt: Instant;
  /** When it left `pending` (approved, rejected, withdrawn, expired); lets a past day be recomputed. */
  decidedAt?: Instant | null;
  /** The receiving org's region code; for Beijing/Guangdong/Fujian, the province ('110000'). */
  targetRegionCode: string;
  /** DW: the receiving org is a work unit's own League org (`isWorkUnitOrg`). */
  targetIsWorkUnit?: boolean;
  /** To Beijing, Guangdong or Fujian (Q17): recorded approved, it completes whatever org the record keeps the member under (§6). */
  external?: boolean;
}

/** §6 DW: is an org a work unit's own League org (Interpretation WORK_UNIT_INDUSTRIES)? */
export function isWorkUnitOrg(industry: Industry | string | null | undefined, purpose: OrgPurpose | string | null | undefined): boolean {
  return industry != null && WORK_UNIT_INDUSTRIES.includes(industry) && (purpose == null || !WORK_UNIT_EXCLUDED_PURPOSES.includes(purpose));
}

/** §6: destinations that count towards SX (升学); every other counted destination counts towards XS. */
export const SX_DESTINATIONS: readonly Destination[] = ['further_study'];

/** §6: graduates with these destinations are not counted in any cohort figure (`delayed_graduation`). */
export const UNCOUNTED_DESTINATIONS: readonly Destination[] = ['delayed_graduation'];

/**
 * §6: the indicator a graduate counts towards by their destination: `sx` for further study,
 * `xs` for every other (society-bound) one and for none, null when not counted at all.
 */
export function indicatorOf(destination: Destination | string | null | undefined): 'sx' | 'xs' | null {
  if (destination != null && (UNCOUNTED_DESTINATIONS as readonly string[]).includes(destination)) return null;
  return destination != null && (SX_DESTINATIONS as readonly string[]).includes(destination) ? 'sx' : 'xs';
}

/**
 * §5 note, §2.4: destinations of a graduate who may stay at school (`unemployed`); such a graduate
 * whose current org is still inside the school is "retained at school" and never completed.
 */
export const RETAINED_AT_SCHOOL_DESTINATIONS: readonly Destination[] = ['unemployed'];

/**
 * §5 note: is a graduate retained at school — a destination that may stay (RETAINED_AT_SCHOOL_DESTINATIONS)
 * and a current org inside the school they graduate from (its ancestor path holds the school)?
 */
export function isRetainedAtSchool(
  destination: Destination | string | null | undefined,
  currentOrgPath: readonly string[] | null | undefined,
  schoolId: string | null | undefined,
): boolean {
  return (
    destination != null &&
    (RETAINED_AT_SCHOOL_DESTINATIONS as readonly string[]).includes(destination) &&
    schoolId != null &&
    (currentOrgPath ?? []).includes(schoolId)
  );
}

/**
 * A graduating student member's graduation *event* (§6 "Graduation events"), with the school they
 * graduate from (it stays with them). An event is the branch that was marked (and, in a mixed
 * branch, the member): a correction replaces the event's fact, a marking in another branch adds
 * one — a member who graduates twice has one fact per cohort.
 */
export interface GraduateFact {
  memberId: string;
  /** Region code of the school (the org the graduate graduates from). */
  schoolRegionCode: string;
  /** Industry of the school; only school-domain schools count (§6). */
  schoolIndustry: Industry | null;
  /** Effective graduation date (§4: the member's own if the branch is mixed, else the branch's). */
  graduationDate: string | null;
  /** 毕业去向 set by the school; when null, the type of the graduate's transfer decides. */
  destination: Destination | null;
  /** An `unemployed` graduate kept at school (§2.4): never completed (§5 note). */
  retainedAtSchool?: boolean;
  /** §2.5: an `abroad_study` graduate whose retention at school was approved counts as completed. */
  abroadRetentionApproved?: boolean;
  transfers: readonly GraduateTransferFact[];
  /**
   * When the member's League membership ended (leaving with a reason, or the 28th birthday without
   * a League post, §2 Q1; `membershipEndedAt`), if it has: §6 Interpretation "membership ended".
   */
  membershipEndedAt?: Instant | null;
  /**
   * The year of the member's next graduation, if they graduate again (Interpretation
   * COHORT_WINDOW_ENDS_AT_NEXT_COHORT): this cohort's transfer is initiated before 1 May of it.
   */
  nextCohortYear?: number | null;
}
export interface MetricsOptions {
  /** Compute as things stood at the end of this China-Standard-Time day (for day-by-day charts). */
  asOf?: DateString;
}

/** A graduate reduced to what the indicators look at, independent of the region. */
export interface ClassifiedGraduate {
  memberId: string;
  schoolRegionCode: string;
  /** `sx` for further study, `xs` for every other (society-bound) destination. */
  indicator: 'sx' | 'xs';
  destination: Destination | null;
  /** Region the graduate's transfer targets; null when they have none (then only B or E). */
  targetRegionCode: string | null;
  completed: boolean;
  /** DW: completed, society-bound, to a work unit's own League org. */
  toWorkUnit: boolean;
  /** The transfer that counts is still pending. */
  pending: boolean;
}

/** §6: transfer types that name a destination (every type but `general`): with none set, the transfer's type is the destination. */
export const DESTINATION_TYPES: readonly TransferType[] = DESTINATIONS;

function endOfDayMs(date: DateString | undefined): number | null {
  if (date === undefined || !isDateString(date)) return null;
  const next = addDays(date, 1);
  const midnight = next === null ? null : shanghaiMidnight(next);
  return midnight === null ? null : midnight.getTime() - 1;
}

/** The status a transfer had at `asOfMs` (null: not initiated yet, or not a valid instant). */
function statusAsOf(t: GraduateTransferFact, asOfMs: number | null): TransferStatus | null {
  const initiated = instantMs(t.initiatedAt);
  if (initiated === null) return null;
  if (asOfMs === null) return t.status;
  if (initiated > asOfMs) return null;
  if (t.status !== 'pending') {
    const decided = instantMs(t.decidedAt ?? null);
    if (decided !== null && decided > asOfMs) return 'pending';
  }
  return t.status;
}

/**
 * §6: a graduate's transfer is their most recent transfer initiated on or after 1 May of Y that
 * is `pending` or `approved` (rejected, withdrawn and expired ones no longer apply).
 */
export function graduateTransfer(
  fact: Pick<GraduateFact, 'transfers' | 'nextCohortYear'>,
  year: number,
  options: MetricsOptions = {},
): (GraduateTransferFact & { statusAsOf: 'pending' | 'approved' }) | null {
  const from = dateInYear(year, GRADUATE_WINDOW_START);
  const next =
    COHORT_WINDOW_ENDS_AT_NEXT_COHORT && fact.nextCohortYear != null ? dateInYear(fact.nextCohortYear, GRADUATE_WINDOW_START) : null;
  const asOfMs = endOfDayMs(options.asOf);
  if (options.asOf !== undefined && asOfMs === null) return null;
  let best: (GraduateTransferFact & { statusAsOf: 'pending' | 'approved' }) | null = null;
  let bestMs = -Infinity;
  for (const t of fact.transfers ?? []) {
    const status = statusAsOf(t, asOfMs);
    if (status !== 'pending' && status !== 'approved') continue;
    const day = toShanghaiDate(t.initiatedAt);
    const ms = instantMs(t.initiatedAt);
    if (day === null || ms === null || day < from || (next !== null && day >= next)) continue;
    if (ms >= bestMs) {
      best = { ...t, statusAsOf: status };
      bestMs = ms;
    }
  }
  return best;
}

/** Has a membership that ends at `endedAt` ended by the end of `options.asOf` (with no day given: it has, when it ends at all)? */
function membershipEnded(endedAt: Instant | null | undefined, options: MetricsOptions): boolean {
  const ended = instantMs(endedAt ?? null);
  if (ended === null) return false;
  if (options.asOf === undefined) return true;
  const asOfMs = endOfDayMs(options.asOf);
  return asOfMs !== null && ended <= asOfMs;
}

/** Was the completing transfer decided no later than `endedAt` (abroad retention has no decision day: it counts as first)? */
function completedBy(transfer: (GraduateTransferFact & { statusAsOf: string }) | null, endedAt: Instant): boolean {
  if (transfer === null || transfer.statusAsOf !== 'approved') return true;
  const decided = instantMs(transfer.decidedAt ?? transfer.initiatedAt);
  const ended = instantMs(endedAt);
  return decided !== null && ended !== null && decided <= ended;
}

/**
 * §2 Q1, §6 "membership ended": when a member's League membership ends — when they left (status
 * `left`, at `leftAt`), or at the start (Shanghai midnight) of their 28th birthday when they hold no
 * League post (`ageLimitDate`), whichever is first; null while it has not ended and will not by age.
 */
export function membershipEndedAt(member: {
  status: 'active' | 'left';
  leftAt?: Instant | null;
  birthDate: string;
  leaguePost?: string | null;
}): Instant | null {
  const left = member.status === 'left' ? instantMs(member.leftAt ?? null) : null;
  const limit = member.leaguePost == null || member.leaguePost.trim() === '' ? ageLimitDate(member.birthDate) : null;
  const aged = limit === null ? null : (shanghaiMidnight(limit)?.getTime() ?? null);
  const first = left === null ? aged : aged === null ? left : Math.min(left, aged);
  return first === null ? null : new Date(first).toISOString();
}

/**
 * §6: reduce graduate facts to those counted for cohort Y — school-domain school, graduation date
 * in Y, not `delayed_graduation` — one per member (the latest graduation date in Y; on a tie the
 * later fact), each with its indicator, transfer target and completion.
 */
export function classifyGraduates(facts: readonly GraduateFact[], year: number, options: MetricsOptions = {}): ClassifiedGraduate[] {
  const latest = new Map<string, GraduateFact>();
  for (const fact of facts) {
    if (!isSchoolDomain(fact.schoolIndustry)) continue;
    if (!isDateString(fact.graduationDate) || Number(fact.graduationDate.slice(0, 4)) !== year) continue;
    const seen = latest.get(fact.memberId);
    if (seen === undefined || (seen.graduationDate as string) <= fact.graduationDate) latest.set(fact.memberId, fact);
  }
  const out: ClassifiedGraduate[] = [];
  for (const fact of latest.values()) {
    const transfer = graduateTransfer(fact, year, options);
    // The indicator follows the destination set by the school, else the type of the transfer.
    const destination: Destination | null =
      fact.destination ?? (transfer !== null && DESTINATION_TYPES.includes(transfer.type) ? (transfer.type as Destination) : null);
    const indicator = indicatorOf(destination);
    if (indicator === null) continue;
    // Completed = approved; abroad study once its retention is approved; retained at school never
    // (§5 note) — unless the approved transfer went to Beijing, Guangdong or Fujian (§6).
    const approved = transfer?.statusAsOf === 'approved';
    const completed =
      (fact.retainedAtSchool !== true || (approved && transfer?.external === true)) &&
      (approved || (destination === 'abroad_study' && fact.abroadRetentionApproved === true));
    // §6 Interpretation "membership ended": out of the figures from that day on, unless the
    // transfer completed first.
    if (membershipEnded(fact.membershipEndedAt, options) && !(completed && completedBy(transfer, fact.membershipEndedAt as Instant)))
      continue;
    out.push({
      memberId: fact.memberId,
      schoolRegionCode: fact.schoolRegionCode,
      indicator,
      destination,
      targetRegionCode: transfer?.targetRegionCode ?? null,
      completed,
      toWorkUnit: completed && indicator === 'xs' && transfer?.statusAsOf === 'approved' && transfer.targetIsWorkUnit === true,
      pending: transfer?.statusAsOf === 'pending',
    });
  }
  return out;
}
