// Calendar of the guide (DOMAIN.md §5; guide §1, §3): China Standard Time dates, the phases of
// the graduate transfer season, the 10-day automatic return and the new-students deadline.
// China has kept UTC+8 without DST since 1991, so a fixed offset is exact; no Intl needed.
// Nothing here reads the clock: `now` is always passed in.
import type { DateString, Instant, TransferStatus } from './types';
import {
  AUTO_RETURN_APPLIES_TO_EXTERNAL,
  AUTO_RETURN_CUTOFF,
  AUTO_RETURN_DAYS,
  FURTHER_STUDY_COMPLETE_BY,
  GRADUATE_WINDOW_END,
  GRADUATE_WINDOW_START,
  INITIATION_PHASE_END,
  NEW_STUDENTS_DEADLINE_MONTHS,
  RECEIVING_COMPLETE_BY,
  REVIEW_PHASE_START,
  SEASON_STARTS,
} from './interpretations';

/** China Standard Time, the zone every calendar date of the guide is in (UTC+8, no DST); the database's name for it. */
export const TIME_ZONE = 'Asia/Shanghai';

/** UTC+8, in milliseconds. */
export const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function daysInMonth(year: number, month1: number): number {
  return new Date(Date.UTC(year, month1, 0)).getUTCDate();
}

function validYmd(y: number, m: number, d: number): boolean {
  return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** Is `s` a real calendar date written 'YYYY-MM-DD' (years 0001–9999)? */
export function isDateString(s: unknown): s is DateString {
  if (typeof s !== 'string') return false;
  const m = DATE_RE.exec(s);
  return m !== null && validYmd(Number(m[1]), Number(m[2]), Number(m[3]));
}

/**
 * Epoch milliseconds of an instant, or null when it is not a valid instant. A string without an
 * offset is China Standard Time; a bare date is its midnight in China Standard Time.
 */
export function instantMs(instant: Instant | null | undefined): number | null {
  if (instant instanceof Date) {
    const t = instant.getTime();
    return Number.isFinite(t) ? t : null;
  }
  if (typeof instant !== 'string') return null;
  const m = ISO_RE.exec(instant.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!validYmd(y, mo, d)) return null;
  const h = Number(m[4] ?? 0);
  const mi = Number(m[5] ?? 0);
  const s = Number(m[6] ?? 0);
  if (h > 23 || mi > 59 || s > 59) return null;
  const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  let offsetMs = SHANGHAI_OFFSET_MS;
  const z = m[8];
  if (z !== undefined) {
    if (z.toUpperCase() === 'Z') offsetMs = 0;
    else {
      const sign = z[0] === '-' ? -1 : 1;
      const digits = z.slice(1).replace(':', '');
      const oh = Number(digits.slice(0, 2));
      const om = Number(digits.slice(2) || '0');
      if (oh > 23 || om > 59) return null;
      offsetMs = sign * (oh * 60 + om) * 60 * 1000;
    }
  }
  const utc = new Date(0);
  utc.setUTCFullYear(y, mo - 1, d);
  utc.setUTCHours(h, mi, s, ms);
  return utc.getTime() - offsetMs;
}

/** The China-Standard-Time calendar date of an instant ('YYYY-MM-DD'), or null if invalid. */
export function toShanghaiDate(instant: Instant | null | undefined): DateString | null {
  if (typeof instant === 'string' && isDateString(instant)) return instant;
  const t = instantMs(instant);
  if (t === null) return null;
  const local = new Date(t + SHANGHAI_OFFSET_MS);
  const y = local.getUTCFullYear();
  if (!Number.isFinite(y) || y < 1 || y > 9999) return null;
  return `${pad(y, 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
}

/** 'YYYY-MM-DD HH:mm' in China Standard Time (for messages such as TRANSFER_ALREADY_OPEN). */
export function formatShanghaiDateTime(instant: Instant | null | undefined): string | null {
  const date = toShanghaiDate(instant);
  const t = instantMs(instant);
  if (date === null || t === null) return null;
  const local = new Date(t + SHANGHAI_OFFSET_MS);
  return `${date} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
}

/** The instant a China-Standard-Time date begins (00:00 +08:00), or null if invalid. */
export function shanghaiMidnight(date: DateString): Date | null {
  if (!isDateString(date)) return null;
  return new Date(instantMs(date) as number);
}

function dayNumber(date: DateString): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  return Math.round(t.getTime() / DAY_MS);
}

function fromDayNumber(n: number): DateString | null {
  const t = new Date(n * DAY_MS);
  const y = t.getUTCFullYear();
  if (!Number.isFinite(y) || y < 1 || y > 9999) return null;
  return `${pad(y, 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** `date` plus `days` calendar days (negative allowed); null if invalid or out of range. */
export function addDays(date: DateString, days: number): DateString | null {
  if (!isDateString(date) || !Number.isInteger(days)) return null;
  return fromDayNumber(dayNumber(date) + days);
}

/**
 * `date` plus `months` calendar months; a day that does not exist in the target month is clamped
 * to its last day (31 Aug + 6 months = 28/29 Feb). Null if invalid or out of range.
 */
export function addMonths(date: DateString, months: number): DateString | null {
  if (!isDateString(date) || !Number.isInteger(months)) return null;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const ty = Math.floor(total / 12);
  const tm = total - ty * 12 + 1;
  if (ty < 1 || ty > 9999) return null;
  return `${pad(ty, 4)}-${pad(tm)}-${pad(Math.min(d, daysInMonth(ty, tm)))}`;
}

/** Whole days from `from` to `to` (positive when `to` is later); null if either is invalid. */
export function daysBetween(from: DateString, to: DateString): number | null {
  if (!isDateString(from) || !isDateString(to)) return null;
  return dayNumber(to) - dayNumber(from);
}

/** 'MM-DD' of a date. */
export function monthDay(date: DateString): string {
  return date.slice(5);
}

/** The date `mmdd` ('MM-DD') falls on in `year`. */
export function dateInYear(year: number, mmdd: string): DateString {
  return `${pad(year, 4)}-${mmdd}`;
}

/* ------------------------------------------------------------------ phases of the season */

/**
 * The cohort year whose season a date belongs to (**Interpretation**, `SEASON_STARTS`): the year
 * itself from 1 May on, the year before until 30 April. Null if the instant is invalid.
 */
export function seasonYear(at: Instant): number | null {
  const date = toShanghaiDate(at);
  if (date === null) return null;
  const year = Number(date.slice(0, 4));
  return monthDay(date) >= SEASON_STARTS ? year : year - 1;
}

/**
 * Compares `at` with the date `mmdd` of the season (cohort year) it belongs to: negative before,
 * 0 on, positive after. Null if the instant is invalid.
 */
export function compareInSeason(at: Instant, mmdd: string): number | null {
  const date = toShanghaiDate(at);
  const year = seasonYear(at);
  if (date === null || year === null || year < 1) return null;
  const day = dateInYear(year, mmdd);
  return date < day ? -1 : date > day ? 1 : 0;
}

/**
 * Phase of the graduate transfer season a date falls in (§5; guide §3.2):
 * - `off_season`  1 Jan – 30 Apr: outside the graduate transfer window (§1);
 * - `initiation`  1 May – 31 Aug: schools initiate every school-to-society transfer (§3.2.1);
 * - `review`      1 – 30 Sep: every org completes review of what it received (§3.2.2);
 * - `auto_return` 1 Oct – 31 Dec: unreviewed transfers are returned after 10 days (§3.2.3).
 */
export const TRANSFER_PHASES = ['off_season', 'initiation', 'review', 'auto_return'] as const;
export type TransferPhase = (typeof TRANSFER_PHASES)[number];

/** The phase of the season at an instant (or date); null if it is not a valid instant. */
export function transferPhase(at: Instant): TransferPhase | null {
  const date = toShanghaiDate(at);
  if (date === null) return null;
  const md = monthDay(date);
  if (md < GRADUATE_WINDOW_START || md > GRADUATE_WINDOW_END) return 'off_season';
  if (md <= INITIATION_PHASE_END) return 'initiation';
  if (md >= REVIEW_PHASE_START && md <= AUTO_RETURN_CUTOFF) return 'review';
  if (md > AUTO_RETURN_CUTOFF) return 'auto_return';
  // Only reachable if the constants leave a gap between the initiation and review phases.
  return 'initiation';
}

/** §1: is the date inside the graduate transfer window (1 May – 31 Dec)? */
export function isInGraduateTransferWindow(at: Instant): boolean {
  const date = toShanghaiDate(at);
  if (date === null) return false;
  const md = monthDay(date);
  return md >= GRADUATE_WINDOW_START && md <= GRADUATE_WINDOW_END;
}

/** Key dates of cohort year Y's season (§5; guide §1, §3.1, §3.2). */
export interface SeasonCalendar {
  year: number;
  windowStart: DateString;
  /** §3.1.1: schools have initiated every school-to-society transfer by this date. */
  initiationEnd: DateString;
  reviewStart: DateString;
  /** §3.1.1, §3.2.2: receiving and review complete by this date. */
  receivingCompleteBy: DateString;
  /** §3.2.3: transfers initiated from this date on expire after 10 unreviewed days. */
  autoReturnFrom: DateString;
  /** §3.1.2: further-study transfers complete by this date. */
  furtherStudyCompleteBy: DateString;
  windowEnd: DateString;
}

export function seasonCalendar(year: number): SeasonCalendar {
  const y = Number.isInteger(year) && year >= 1 && year <= 9999 ? year : 1;
  const cutoff = dateInYear(y, AUTO_RETURN_CUTOFF);
  return {
    year: y,
    windowStart: dateInYear(y, GRADUATE_WINDOW_START),
    initiationEnd: dateInYear(y, INITIATION_PHASE_END),
    reviewStart: dateInYear(y, REVIEW_PHASE_START),
    receivingCompleteBy: dateInYear(y, RECEIVING_COMPLETE_BY),
    autoReturnFrom: addDays(cutoff, 1) ?? cutoff,
    furtherStudyCompleteBy: dateInYear(y, FURTHER_STUDY_COMPLETE_BY),
    windowEnd: dateInYear(y, GRADUATE_WINDOW_END),
  };
}

/* ------------------------------------------------------------------ automatic return (§3.2.3) */

/** The facts of a transfer the automatic return looks at. */
export interface AutoReturnFacts {
  status: TransferStatus;
  initiatedAt: Instant;
  /** True when the destination is in a separate provincial system (Beijing, Guangdong, Fujian). */
  external?: boolean;
}

/**
 * §3.2.3: the instant a transfer initiated at `initiatedAt` is returned if still unreviewed —
 * initiation + 10 × 24 h — or null when it never expires (**Interpretation:** initiated on or
 * before 30 Sep of the season it belongs to, `seasonYear`: January–April belong to the season of
 * the year before, so they expire) or the instant is invalid.
 */
export function autoReturnDueAt(initiatedAt: Instant, external = false): Date | null {
  const t = instantMs(initiatedAt);
  if (t === null) return null;
  const vsCutoff = compareInSeason(initiatedAt, AUTO_RETURN_CUTOFF);
  if (vsCutoff === null || vsCutoff <= 0) return null;
  if (external && !AUTO_RETURN_APPLIES_TO_EXTERNAL) return null;
  const due = t + AUTO_RETURN_DAYS * DAY_MS;
  return Number.isFinite(new Date(due).getTime()) ? new Date(due) : null;
}

/** §3.2.3: is this transfer pending and due to be returned automatically (`expired`) at `now`? */
export function isDueForAutoReturn(transfer: AutoReturnFacts, now: Instant): boolean {
  if (transfer.status !== 'pending') return false;
  const due = autoReturnDueAt(transfer.initiatedAt, transfer.external === true);
  const t = instantMs(now);
  return due !== null && t !== null && t >= due.getTime();
}

/* ------------------------------------------------------------------ new students (§3.1.2) */

/** §3.1.2: last day the admitting school may create its new-students org and initiate (enrolment + 1 month). */
export function newStudentsDeadline(enrolmentDate: Instant): DateString | null {
  const date = toShanghaiDate(enrolmentDate);
  return date === null ? null : addMonths(date, NEW_STUDENTS_DEADLINE_MONTHS);
}

/** §3.1.2: is `now` past the new-students deadline for this enrolment date? */
export function isNewStudentsDeadlinePassed(enrolmentDate: Instant, now: Instant): boolean {
  const deadline = newStudentsDeadline(enrolmentDate);
  const today = toShanghaiDate(now);
  return deadline !== null && today !== null && today > deadline;
}
