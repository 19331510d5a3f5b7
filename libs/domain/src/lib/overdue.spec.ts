import { describe, expect, it } from 'vitest';
import { mobileTierKeys } from './overdue';
import {
  abroadSilenceStatus,
  checkInStatus,
  countyMobileStatus,
  mobileBranchStatus,
  schoolRetentionStatus,
  townshipMobileStatus,
  isMemberOverdue,
  listedIfStartedOnOrBefore,
  OVERDUE_LISTS,
  overdueListStatus,
  retentionOverdueGraduatedOnOrBefore,
} from './overdue';
import { addDays } from './calendar';
import { ageLimitBornOnOrBefore, keepsLeagueMembership } from './members';
import { o } from './__fixtures__/tree';

describe('unemployed graduates retained at school (§2.4, §3: 6 months)', () => {
  it('keeps a retained graduate in time up to 6 months after graduation (§2.4)', () => {
    expect(schoolRetentionStatus({ graduationDate: '2026-06-30' }, '2026-12-30')).toEqual({ status: 'ok', dueBy: '2026-12-30' });
  });

  it('lists a retained graduate as overdue after 6 months (§2.4)', () => {
    expect(schoolRetentionStatus({ graduationDate: '2026-06-30' }, '2026-12-31')).toEqual({ status: 'overdue', dueBy: '2026-12-30' });
  });

  it('clamps month ends: graduated 31 Aug, due by 28 Feb', () => {
    expect(schoolRetentionStatus({ graduationDate: '2026-08-31' }, '2027-03-01').status).toBe('overdue');
    expect(schoolRetentionStatus({ graduationDate: '2026-08-31' }, '2027-02-28').status).toBe('ok');
  });

  it('says unknown without a valid graduation date', () => {
    expect(schoolRetentionStatus({ graduationDate: null }, '2027-01-01')).toEqual({ status: 'unknown', dueBy: null });
  });
});

describe('county mobile branch (§2.1, §3: out within one year)', () => {
  it('keeps a member in time for a year after receipt (§2.1)', () => {
    expect(countyMobileStatus({ receivedAt: '2026-09-15T10:00:00+08:00' }, '2027-09-15')).toEqual({ status: 'ok', dueBy: '2027-09-15' });
  });

  it('lists a member still there after a year as overdue (§2.1)', () => {
    expect(countyMobileStatus({ receivedAt: '2026-09-15' }, '2027-09-16').status).toBe('overdue');
  });
});

describe('township mobile branch (§2.8, §3: follow up after a month, overdue after a year)', () => {
  const entry = { receivedAt: '2026-07-10', receivedAs: 'unemployed' as const };

  it('is fine during the first month (§3)', () => {
    expect(townshipMobileStatus(entry, '2026-08-10').status).toBe('ok');
  });

  it('lists a member still there after a month as "follow up", not overdue (§3 Interpretation, struck Q6)', () => {
    expect(townshipMobileStatus(entry, '2026-08-11')).toEqual({ status: 'follow_up', dueBy: '2027-07-10' });
    expect(townshipMobileStatus(entry, '2027-07-10').status).toBe('follow_up');
  });

  it('lists a member received as unemployed still there after a year as overdue (§3)', () => {
    expect(townshipMobileStatus(entry, '2027-07-11')).toEqual({ status: 'overdue', dueBy: '2027-07-10' });
  });

  it('does not list members received by other types (§3)', () => {
    expect(townshipMobileStatus({ receivedAt: '2026-07-10', receivedAs: 'employment' }, '2028-01-01')).toEqual({
      status: 'ok',
      dueBy: null,
    });
  });

  it('says unknown without a valid receipt date', () => {
    expect(townshipMobileStatus({ receivedAt: 'x', receivedAs: 'unemployed' }, '2027-01-01').status).toBe('unknown');
  });
});

describe('mobile branch lists by tier (§2.1, §2.8, Q8)', () => {
  const e = { receivedAt: '2026-09-15', receivedAs: 'employment' as const };

  it('applies the one-year limit to any member of a county mobile branch (§2.1)', () => {
    expect(mobileBranchStatus(o('jjMobile'), e, '2027-09-16').status).toBe('overdue');
  });

  it('applies the township rule to a township mobile branch (§2.8)', () => {
    expect(mobileBranchStatus(o('townMobile'), { ...e, receivedAs: 'unemployed' }, '2026-11-01').status).toBe('follow_up');
  });

  it('lists nobody for a park mobile branch or an ordinary org (Q8)', () => {
    expect(mobileBranchStatus(o('parkMobile'), e, '2030-01-01').status).toBe('ok');
    expect(mobileBranchStatus(o('firmBranch'), e, '2030-01-01').status).toBe('ok');
  });
});

describe('offline check-in within 30 days (Q10, Q16 Interpretation)', () => {
  it('is in time for 30 days after approval (Q10)', () => {
    expect(checkInStatus({ approvedAt: '2026-07-01T18:00:00+08:00' }, '2026-07-31')).toEqual({ status: 'ok', dueBy: '2026-07-31' });
  });

  it('lists members not checked in within 30 days (Q10, Q16)', () => {
    expect(checkInStatus({ approvedAt: '2026-07-01', checkedInAt: null }, '2026-08-01').status).toBe('overdue');
  });

  it('does not list members who checked in, even late (Q10)', () => {
    expect(checkInStatus({ approvedAt: '2026-07-01', checkedInAt: '2026-08-15' }, '2026-09-01').status).toBe('ok');
  });

  it('says unknown without an approval date', () => {
    expect(checkInStatus({ approvedAt: null }, '2026-09-01').status).toBe('unknown');
  });
});

describe('members abroad silent more than a year (§2.5 Interpretation)', () => {
  it('counts from the last report (§2.5)', () => {
    expect(abroadSilenceStatus({ joinedAt: '2026-07-01', lastReportAt: '2027-03-01' }, '2028-03-01').status).toBe('ok');
    expect(abroadSilenceStatus({ joinedAt: '2026-07-01', lastReportAt: '2027-03-01' }, '2028-03-02').status).toBe('overdue');
  });

  it('counts from joining the abroad branch when there is no report (§2.5)', () => {
    expect(abroadSilenceStatus({ joinedAt: '2026-07-01' }, '2027-07-02')).toEqual({ status: 'overdue', dueBy: '2027-07-01' });
    expect(abroadSilenceStatus({ joinedAt: '2026-07-01', lastReportAt: '2026-01-01' }, '2027-07-01').status).toBe('ok');
  });

  it('says unknown with no dates at all', () => {
    expect(abroadSilenceStatus({ joinedAt: null }, '2027-07-02').status).toBe('unknown');
  });
});

describe('one definition of the members list’s overdue filter (§3, Q1)', () => {
  const days = (from: string, n: number) => Array.from({ length: n }, (_, i) => addDays(from, i) as string);

  it('gives SQL thresholds that agree with the rules on every day of two years, month ends and 29 Feb included', () => {
    for (const today of days('2027-01-01', 2 * 366)) {
      const grad = retentionOverdueGraduatedOnOrBefore(today) as string;
      expect(schoolRetentionStatus({ graduationDate: grad }, today).status).toBe('overdue');
      expect(schoolRetentionStatus({ graduationDate: addDays(grad, 1) }, today).status).not.toBe('overdue');
      const born = ageLimitBornOnOrBefore(today) as string;
      expect(keepsLeagueMembership({ birthDate: born }, today).ok).toBe(false);
      expect(keepsLeagueMembership({ birthDate: addDays(born, 1) as string }, today).ok).toBe(true);
    }
  });

  it('gives every overdue list a SQL threshold that agrees with its rule on every day of two years (§3, §5)', () => {
    for (const list of OVERDUE_LISTS) {
      for (const today of days('2027-01-01', 2 * 366)) {
        const start = listedIfStartedOnOrBefore(list, today) as string;
        expect(overdueListStatus(list, start, today).status).not.toBe('ok');
        expect(overdueListStatus(list, addDays(start, 1), today).status).toBe('ok');
      }
    }
  });

  it('lists a graduation of 30 June as overdue on 31 Dec, the same day as the rule (§2.4)', () => {
    expect(retentionOverdueGraduatedOnOrBefore('2026-12-31')).toBe('2026-06-30');
    expect(retentionOverdueGraduatedOnOrBefore('2026-12-30')).toBe('2026-06-29');
  });

  it('does not list a member of 28 who holds a League post (Q1)', () => {
    const old = { birthDate: '1990-01-01', retainedAtSchool: false, graduationDate: null };
    expect(isMemberOverdue({ ...old, holdsLeaguePost: false }, '2026-06-01')).toBe(true);
    expect(isMemberOverdue({ ...old, holdsLeaguePost: true }, '2026-06-01')).toBe(false);
    expect(
      isMemberOverdue(
        { birthDate: '2004-01-01', holdsLeaguePost: false, retainedAtSchool: true, graduationDate: '2026-06-30' },
        '2026-12-31',
      ),
    ).toBe(true);
  });
});

describe('mobileTierKeys (§1, the lists’ SQL, issue 22)', () => {
  it('lists the committee level and industry of every mobile branch mobileTier places in a tier', () => {
    expect(mobileTierKeys('county')).toContain('county/');
    expect(mobileTierKeys('county')).toContain('city/township');
    expect(mobileTierKeys('township')).toContain('base/township');
    expect(mobileTierKeys('township')).toContain('base/');
    expect(mobileTierKeys('township')).not.toContain('base/park');
    expect(mobileTierKeys('park')).toEqual(['base/park']);
  });
});
