// The domain's calendar (libs/domain calendar.ts) for the generator's own dates, which are valid
// by construction (the domain's functions answer null only for invalid input). Memoised: a data
// set asks about a few thousand dates millions of times, and each answer is a pure function of
// its arguments.
import { addDays, daysBetween, shanghaiMidnight, toShanghaiDate } from '@zhtj/domain';
import type { DateString } from '@zhtj/domain';
import type { Rng } from './random';

const sums = new Map<string, DateString>();
const spans = new Map<string, number>();
const midnights = new Map<DateString, number>();

/** `date` plus `days` calendar days (`addDays`). */
export function plusDays(date: DateString, days: number): DateString {
  const key = `${date}${days}`;
  let sum = sums.get(key);
  if (sum === undefined) sums.set(key, (sum = addDays(date, days) as DateString));
  return sum;
}

/** Whole days from `from` to `to` (`daysBetween`). */
export function daysFrom(from: DateString, to: DateString): number {
  const key = `${from}${to}`;
  let span = spans.get(key);
  if (span === undefined) spans.set(key, (span = daysBetween(from, to) as number));
  return span;
}

/** The China-Standard-Time date of an instant (`toShanghaiDate`). */
export const shanghaiDate = (at: Date): DateString => toShanghaiDate(at) as DateString;

/** The earlier of two dates. */
export const earlier = (a: DateString, b: DateString): DateString => (a < b ? a : b);

/** An instant during office hours (08:00–20:00 CST) of a China-Standard-Time date. */
export function officeInstant(rng: Rng, date: DateString): Date {
  let midnight = midnights.get(date);
  if (midnight === undefined) midnights.set(date, (midnight = (shanghaiMidnight(date) as Date).getTime()));
  return new Date(midnight + rng.int(8 * 3600, 20 * 3600 - 1) * 1000);
}
