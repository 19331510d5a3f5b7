import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  autoReturnDueAt,
  seasonYear,
  daysBetween,
  formatShanghaiDateTime,
  instantMs,
  isDateString,
  isDueForAutoReturn,
  isInGraduateTransferWindow,
  isNewStudentsDeadlinePassed,
  newStudentsDeadline,
  seasonCalendar,
  shanghaiMidnight,
  toShanghaiDate,
  transferPhase,
} from './calendar';

describe('China Standard Time dates (DOMAIN.md preamble: Asia/Shanghai, UTC+8)', () => {
  it('converts instants to the Shanghai calendar date with a fixed +08:00 offset', () => {
    expect(toShanghaiDate(new Date('2026-09-30T15:59:59Z'))).toBe('2026-09-30');
    expect(toShanghaiDate(new Date('2026-09-30T16:00:00Z'))).toBe('2026-10-01');
    expect(toShanghaiDate('2026-09-30T23:30:00+08:00')).toBe('2026-09-30');
    expect(toShanghaiDate('2026-09-30T16:00:00.000Z')).toBe('2026-10-01');
    expect(toShanghaiDate('2026-09-30T12:00:00-05:00')).toBe('2026-10-01');
  });

  it('reads strings without an offset, and bare dates, as Shanghai time', () => {
    expect(toShanghaiDate('2026-10-01')).toBe('2026-10-01');
    expect(instantMs('2026-10-01')).toBe(Date.parse('2026-09-30T16:00:00Z'));
    expect(instantMs('2026-10-01T08:00:00')).toBe(Date.parse('2026-10-01T00:00:00Z'));
    expect(instantMs('2026-10-01 08:00')).toBe(Date.parse('2026-10-01T00:00:00Z'));
    expect(shanghaiMidnight('2026-10-01')?.toISOString()).toBe('2026-09-30T16:00:00.000Z');
  });

  it('returns null for invalid instants and dates instead of throwing', () => {
    expect(toShanghaiDate(new Date(Number.NaN))).toBeNull();
    expect(toShanghaiDate('yesterday')).toBeNull();
    expect(toShanghaiDate('2026-02-30')).toBeNull();
    expect(toShanghaiDate('2026-10-01T25:00:00Z')).toBeNull();
    expect(toShanghaiDate(new Date(8.64e15))).toBeNull();
    expect(shanghaiMidnight('2026-13-01')).toBeNull();
    expect(isDateString('2024-02-29')).toBe(true);
    expect(isDateString('2026-02-29')).toBe(false);
    expect(isDateString(20260101)).toBe(false);
  });

  it('formats an instant as Shanghai date and time for messages', () => {
    expect(formatShanghaiDateTime('2026-06-01T02:05:00Z')).toBe('2026-06-01 10:05');
    expect(formatShanghaiDateTime('garbage')).toBeNull();
  });

  it('adds days and months, clamping to the end of a shorter month', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2027-08-31', 6)).toBe('2028-02-29');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-07-01', 12)).toBe('2027-07-01');
    expect(addMonths('2026-07-01', -7)).toBe('2025-12-01');
    expect(addMonths('9999-12-01', 1)).toBeNull();
    expect(daysBetween('2026-10-01', '2026-10-11')).toBe(10);
  });
});

describe('phases of the season (§5; guide §1, §3.2)', () => {
  it('puts 1 Jan – 30 Apr outside the graduate transfer window (§1)', () => {
    expect(transferPhase('2026-01-01')).toBe('off_season');
    expect(transferPhase('2026-04-30')).toBe('off_season');
    expect(isInGraduateTransferWindow('2026-04-30')).toBe(false);
  });

  it('runs the window 1 May – 31 Dec (§1)', () => {
    expect(isInGraduateTransferWindow('2026-05-01')).toBe(true);
    expect(isInGraduateTransferWindow('2026-12-31')).toBe(true);
    expect(isInGraduateTransferWindow(new Date('2026-12-31T16:00:00Z'))).toBe(false); // 1 Jan in Shanghai
    expect(isInGraduateTransferWindow('not a date')).toBe(false);
  });

  it('is the initiation phase 1 May – 31 Aug (§3.2.1)', () => {
    expect(transferPhase('2026-05-01')).toBe('initiation');
    expect(transferPhase('2026-08-31')).toBe('initiation');
  });

  it('is the review phase 1 – 30 Sep (§3.2.2)', () => {
    expect(transferPhase('2026-09-01')).toBe('review');
    expect(transferPhase(new Date('2026-09-30T15:59:59Z'))).toBe('review');
  });

  it('is the automatic-return phase from 1 Oct (§3.2.3)', () => {
    expect(transferPhase(new Date('2026-09-30T16:00:00Z'))).toBe('auto_return');
    expect(transferPhase('2026-12-31')).toBe('auto_return');
  });

  it('has no phase for an invalid instant', () => {
    expect(transferPhase(new Date(Number.NaN))).toBeNull();
  });

  it('lists the key dates of a cohort year (§3.1, §3.2)', () => {
    expect(seasonCalendar(2026)).toEqual({
      year: 2026,
      windowStart: '2026-05-01',
      initiationEnd: '2026-08-31',
      reviewStart: '2026-09-01',
      receivingCompleteBy: '2026-09-30',
      autoReturnFrom: '2026-10-01',
      furtherStudyCompleteBy: '2026-10-31',
      windowEnd: '2026-12-31',
    });
  });
});

describe('automatic return after 10 days (§3.2.3)', () => {
  const pending = (initiatedAt: string) => ({ status: 'pending' as const, initiatedAt });

  it('returns a transfer initiated after 30 Sep once 10 days pass unreviewed (§3.2.3)', () => {
    const t = pending('2026-10-01T09:00:00+08:00');
    expect(autoReturnDueAt(t.initiatedAt)?.toISOString()).toBe('2026-10-11T01:00:00.000Z');
    expect(isDueForAutoReturn(t, '2026-10-11T08:59:59+08:00')).toBe(false);
    expect(isDueForAutoReturn(t, '2026-10-11T09:00:00+08:00')).toBe(true);
    expect(isDueForAutoReturn(t, new Date('2026-12-01T00:00:00Z'))).toBe(true);
  });

  it('never expires a transfer initiated on or before 30 Sep (§3.2.3 Interpretation)', () => {
    const t = pending('2026-09-30T23:59:00+08:00');
    expect(autoReturnDueAt(t.initiatedAt)).toBeNull();
    expect(isDueForAutoReturn(t, '2027-06-01')).toBe(false);
    expect(isDueForAutoReturn(pending('2026-05-02'), '2026-12-31')).toBe(false);
  });

  it('uses the Shanghai date of initiation: 16:00Z on 30 Sep is already 1 Oct (§3.2.3)', () => {
    expect(autoReturnDueAt(new Date('2026-09-30T16:00:00Z'))).not.toBeNull();
    expect(autoReturnDueAt(new Date('2026-09-30T15:59:59Z'))).toBeNull();
  });

  it('expires a transfer initiated January–April: it belongs to the season of the year before (§3.2.3, by cohort year)', () => {
    const t = pending('2027-01-15T09:00:00+08:00');
    expect(autoReturnDueAt(t.initiatedAt)?.toISOString()).toBe('2027-01-25T01:00:00.000Z');
    expect(isDueForAutoReturn(t, '2027-01-25T09:00:00+08:00')).toBe(true);
    expect(isDueForAutoReturn(pending('2027-04-30'), '2027-05-20')).toBe(true);
    expect(autoReturnDueAt('2027-05-01')).toBeNull();
  });

  it('tells the season (cohort year) of a date: 1 May Y – 30 Apr Y+1 is Y (Interpretation)', () => {
    expect(seasonYear('2026-05-01')).toBe(2026);
    expect(seasonYear('2026-12-31')).toBe(2026);
    expect(seasonYear('2027-04-30T23:59:00+08:00')).toBe(2026);
    expect(seasonYear(new Date('2027-04-30T16:00:00Z'))).toBe(2027); // 1 May in Shanghai
    expect(seasonYear('nonsense')).toBeNull();
  });

  it('applies to transfers to or from Beijing, Guangdong and Fujian too (§3.2.3)', () => {
    expect(isDueForAutoReturn({ ...pending('2026-10-05'), external: true }, '2026-10-20')).toBe(true);
  });

  it('only returns pending transfers (§5 states)', () => {
    for (const status of ['approved', 'rejected', 'withdrawn', 'expired'] as const) {
      expect(isDueForAutoReturn({ status, initiatedAt: '2026-10-01' }, '2026-12-01')).toBe(false);
    }
  });

  it('never returns on an invalid instant', () => {
    expect(isDueForAutoReturn(pending('bad'), '2026-12-01')).toBe(false);
    expect(isDueForAutoReturn(pending('2026-10-01'), new Date(Number.NaN))).toBe(false);
  });
});

describe('new students (§3.1.2)', () => {
  it('gives the admitting school one month from enrolment (§3.1.2)', () => {
    expect(newStudentsDeadline('2026-09-01')).toBe('2026-10-01');
    expect(newStudentsDeadline('2026-01-31')).toBe('2026-02-28');
    expect(isNewStudentsDeadlinePassed('2026-09-01', '2026-10-01T23:00:00+08:00')).toBe(false);
    expect(isNewStudentsDeadlinePassed('2026-09-01', '2026-10-02')).toBe(true);
    expect(newStudentsDeadline('nope')).toBeNull();
    expect(isNewStudentsDeadlinePassed('nope', '2026-10-02')).toBe(false);
  });
});
