import { describe, expect, it } from 'vitest';
import { classifyGraduates, graduateTransfer, indicatorOf, isRetainedAtSchool, membershipEndedAt } from './metrics';
import { regionMetrics } from './region-metrics';
import { provinceRegionCode } from './regions';
import { grad, tr, Y } from './__fixtures__/graduates';

describe('who is counted (§6)', () => {
  it('counts graduates of school-domain orgs only (§6, §1)', () => {
    const facts = [
      grad('a', { schoolIndustry: 'primary' }),
      grad('b', { schoolIndustry: 'enterprise' }),
      grad('c', { schoolIndustry: null }),
      grad('d', { schoolIndustry: 'vocational' }),
    ];
    expect(classifyGraduates(facts, Y).map((g) => g.memberId)).toEqual(['d']);
  });

  it('counts graduates whose graduation date is in Y only (§6)', () => {
    const facts = [
      grad('a', { graduationDate: '2025-06-30' }),
      grad('b', { graduationDate: null }),
      grad('c', { graduationDate: '2026-13-01' }),
      grad('d'),
    ];
    expect(classifyGraduates(facts, Y).map((g) => g.memberId)).toEqual(['d']);
  });

  it('excludes delayed graduation, set by the school or by the transfer type (§6)', () => {
    const facts = [
      grad('a', { destination: 'delayed_graduation' }),
      grad('b', { transfers: [tr('510100', 'approved', { type: 'delayed_graduation' })] }),
    ];
    expect(classifyGraduates(facts, Y)).toEqual([]);
  });

  it('counts a member once per region, keeping their latest graduation in Y (§6)', () => {
    const facts = [grad('a', { graduationDate: '2026-01-15', destination: 'employment' }), grad('a', { destination: 'further_study' })];
    const m = regionMetrics(facts, '510100', Y);
    expect(m.sx.b + m.xs.e).toBe(1);
    expect(m.sx.b).toBe(1);
  });
});

describe('the graduate’s transfer (§6)', () => {
  it('is the most recent one initiated on or after 1 May of Y that is pending or approved (§6)', () => {
    const t = graduateTransfer(
      {
        transfers: [
          tr('510700', 'approved', { initiatedAt: '2026-05-02' }),
          tr('500000', 'pending', { initiatedAt: '2026-07-01' }),
          tr('110000', 'rejected', { initiatedAt: '2026-08-01' }),
          tr('440000', 'withdrawn', { initiatedAt: '2026-08-02' }),
          tr('350000', 'expired', { initiatedAt: '2026-10-02' }),
        ],
      },
      Y,
    );
    expect(t?.targetRegionCode).toBe('500000');
  });

  it('ignores transfers initiated before 1 May of Y (Shanghai date) (§6)', () => {
    expect(graduateTransfer({ transfers: [tr('510700', 'approved', { initiatedAt: '2026-04-30T23:59:00+08:00' })] }, Y)).toBeNull();
    expect(
      graduateTransfer({ transfers: [tr('510700', 'approved', { initiatedAt: new Date('2026-04-30T16:00:00Z') })] }, Y),
    ).not.toBeNull();
  });

  it('counts a graduate with no transfer only in B or E (§6)', () => {
    const facts = [grad('a', { schoolRegionCode: '500000', destination: 'further_study', transfers: [tr('510100', 'rejected')] })];
    expect(regionMetrics(facts, '510100', Y).sx).toEqual({ a: 0, b: 0, c: 0, value: null });
    expect(regionMetrics(facts, '500000', Y).sx).toEqual({ a: 0, b: 1, c: 0, value: 0 });
  });

  it('targets the external province for Beijing, Guangdong and Fujian (§6, Q17)', () => {
    const facts = [grad('a', { destination: 'employment', transfers: [tr(provinceRegionCode('11') as string, 'approved')] })];
    expect(regionMetrics(facts, '110000', Y).xs).toEqual({ d: 1, e: 0, f: 1, value: 1 });
  });
});

describe('which indicator, and completion (§6)', () => {
  it('follows the destination set by the school, else the type of the transfer (§6)', () => {
    const [a, b, c, d] = classifyGraduates(
      [
        grad('a', { destination: 'further_study' }),
        grad('b', { transfers: [tr('510700', 'pending', { type: 'further_study' })] }),
        grad('c', { destination: 'employment', transfers: [tr('510700', 'pending', { type: 'further_study' })] }),
        grad('d', { transfers: [tr('510700', 'pending', { type: 'general' })] }),
      ],
      Y,
    );
    expect([a?.indicator, b?.indicator, c?.indicator, d?.indicator]).toEqual(['sx', 'sx', 'xs', 'xs']);
    expect(d?.destination).toBeNull();
  });

  it('counts every non-further-study destination as society-bound (XS, §6)', () => {
    for (const destination of ['employment', 'special_unit', 'unemployed', 'abroad_study', 'abroad_official', 'abroad_private'] as const) {
      expect(classifyGraduates([grad('a', { destination })], Y)[0]?.indicator).toBe('xs');
    }
  });

  it('completes on approval; a pending transfer is not complete (§6)', () => {
    const facts = [
      grad('a', { destination: 'employment', transfers: [tr('510100', 'pending')] }),
      grad('b', { destination: 'employment', transfers: [tr('510100', 'approved')] }),
    ];
    const m = regionMetrics(facts, '510100', Y);
    expect(m.xs).toEqual({ d: 1, e: 2, f: 0, value: 1 / 2 });
  });

  it('counts abroad study as completed once its retention is approved (§6, §2.5)', () => {
    expect(regionMetrics([grad('a', { destination: 'abroad_study', abroadRetentionApproved: true })], '510100', Y).xs.d).toBe(1);
    expect(regionMetrics([grad('a', { destination: 'abroad_study' })], '510100', Y).xs.d).toBe(0);
  });

  it('counts an unemployed graduate retained at school as not completed (§6, guide §5 note)', () => {
    const m = regionMetrics(
      [grad('a', { destination: 'unemployed', retainedAtSchool: true, transfers: [tr('510100', 'approved')] })],
      '510100',
      Y,
    );
    expect(m.xs).toEqual({ d: 0, e: 1, f: 0, value: 0 });
  });

  it('counts A as completions, as D does (§6 Interpretation)', () => {
    const m = regionMetrics(
      [grad('a', { destination: 'further_study', transfers: [tr('510700', 'pending', { type: 'further_study' })] })],
      '510100',
      Y,
    );
    expect(m.sx).toEqual({ a: 0, b: 1, c: 0, value: 0 });
  });

  it('reports "no data" for an empty denominator, never 0% or 100% (§6)', () => {
    const m = regionMetrics([], '510100', Y);
    expect(m.sx.value).toBeNull();
    expect(m.xs.value).toBeNull();
    expect(regionMetrics([grad('a')], 'bogus', Y).xs.value).toBeNull();
  });

  it('counts everyone as local for the nation (§6)', () => {
    const m = regionMetrics(
      [grad('a', { schoolRegionCode: '500106', destination: 'employment', transfers: [tr('510104', 'approved')] })],
      '000000',
      Y,
    );
    expect(m.xs).toEqual({ d: 1, e: 1, f: 0, value: 1 });
  });
});

describe('a member who graduates twice (§6, Interpretation COHORT_WINDOW_ENDS_AT_NEXT_COHORT)', () => {
  it('counts in each cohort with that cohort’s school; the later cohort’s transfers leave the earlier alone', () => {
    const transfers = [
      tr('510700', 'approved', { type: 'further_study', initiatedAt: '2026-07-01T10:00:00+08:00' }),
      tr('500000', 'approved', { type: 'employment', initiatedAt: '2030-07-01T10:00:00+08:00' }),
    ];
    const facts = [
      grad('m', {
        schoolRegionCode: '510104',
        graduationDate: '2026-06-30',
        destination: 'further_study',
        transfers,
        nextCohortYear: 2030,
      }),
      grad('m', { schoolRegionCode: '510703', graduationDate: '2030-06-30', destination: 'employment', transfers }),
    ];
    expect(regionMetrics(facts, '510104', 2026).sx).toEqual({ a: 1, b: 1, c: 0, value: 1 });
    expect(regionMetrics(facts, '510700', 2026).sx).toEqual({ a: 1, b: 0, c: 1, value: 1 });
    expect(regionMetrics(facts, '510703', 2030).xs).toEqual({ d: 1, e: 1, f: 0, value: 1 });
    expect(regionMetrics(facts, '500000', 2030).xs).toMatchObject({ d: 1, f: 1 });
    // Without the next cohort the 2030 job would be the 2026 graduate's transfer too.
    expect(graduateTransfer({ transfers }, 2026)?.type).toBe('employment');
    expect(graduateTransfer({ transfers, nextCohortYear: 2030 }, 2026)?.type).toBe('further_study');
  });
});

describe('the rules the facts SQL renders (§6, issue 22)', () => {
  it('counts further study towards SX, delayed graduation nowhere, every other destination and none towards XS', () => {
    expect(indicatorOf('further_study')).toBe('sx');
    expect(indicatorOf('delayed_graduation')).toBeNull();
    expect(indicatorOf('employment')).toBe('xs');
    expect(indicatorOf('unemployed')).toBe('xs');
    expect(indicatorOf(null)).toBe('xs');
  });

  it('takes an unemployed graduate whose current org is inside the school for retained at school (§5 note), nobody else', () => {
    expect(isRetainedAtSchool('unemployed', ['root', 'school', 'branch'], 'school')).toBe(true);
    expect(isRetainedAtSchool('unemployed', ['root', 'town', 'mobile'], 'school')).toBe(false);
    expect(isRetainedAtSchool('employment', ['root', 'school', 'branch'], 'school')).toBe(false);
    expect(isRetainedAtSchool(null, ['root', 'school'], 'school')).toBe(false);
    expect(isRetainedAtSchool('unemployed', ['root', 'school'], null)).toBe(false);
  });
});

describe('graduation events (§6 "Graduation events")', () => {
  it('keeps a bachelor of 2026 who stays at the same school for a master’s of 2029 in the 2026 cohort, exactly as it was', () => {
    const transfers = [
      tr('510104', 'approved', { type: 'further_study', initiatedAt: '2026-06-20T10:00:00+08:00', decidedAt: '2026-06-21T10:00:00+08:00' }),
    ];
    const bachelor = grad('m', { schoolRegionCode: '510104', graduationDate: '2026-06-30', destination: 'further_study', transfers });
    const before = regionMetrics([bachelor], '510104', 2026);
    const master = grad('m', { schoolRegionCode: '510104', graduationDate: '2029-06-30', destination: null, transfers });
    const after = regionMetrics([{ ...bachelor, nextCohortYear: 2029 }, master], '510104', 2026);
    expect(after).toEqual(before);
    expect(after.sx).toEqual({ a: 1, b: 1, c: 0, value: 1 });
    // The transfer of 2026 is before the 2029 window: the master's cohort has none yet.
    expect(regionMetrics([master], '510104', 2029).xs).toEqual({ d: 0, e: 1, f: 0, value: 0 });
  });
});

describe('membership ended (§6 Interpretation, §2 Q1)', () => {
  const pending = tr('510100', 'pending', { initiatedAt: '2026-06-10T09:00:00+08:00' });
  const approved = tr('510100', 'approved', { initiatedAt: '2026-06-10T09:00:00+08:00', decidedAt: '2026-06-12T09:00:00+08:00' });

  it('takes a graduate who left before completing out of the figures from the day they left, not before', () => {
    const facts = [
      grad('a', { destination: 'employment', transfers: [pending], membershipEndedAt: '2026-07-01T11:00:00+08:00' }),
      grad('b', { destination: 'employment' }),
    ];
    expect(regionMetrics(facts, '510100', Y, { asOf: '2026-06-30' }).xs).toEqual({ d: 0, e: 2, f: 0, value: 0 });
    expect(regionMetrics(facts, '510100', Y, { asOf: '2026-07-01' }).xs).toEqual({ d: 0, e: 1, f: 0, value: 0 });
    expect(regionMetrics(facts, '510100', Y).xs).toEqual({ d: 0, e: 1, f: 0, value: 0 });
  });

  it('keeps a graduate whose transfer completed first counted after they leave', () => {
    const facts = [grad('a', { destination: 'employment', transfers: [approved], membershipEndedAt: '2026-07-01T11:00:00+08:00' })];
    expect(regionMetrics(facts, '510100', Y, { asOf: '2026-08-01' }).xs).toEqual({ d: 1, e: 1, f: 0, value: 1 });
  });

  it('ends membership at the start of the 28th birthday without a League post, never with one (Q1)', () => {
    expect(membershipEndedAt({ status: 'active', birthDate: '1998-07-15' })).toBe('2026-07-14T16:00:00.000Z');
    expect(membershipEndedAt({ status: 'active', birthDate: '1998-07-15', leaguePost: '团支部书记' })).toBeNull();
    expect(membershipEndedAt({ status: 'left', leftAt: '2026-06-01T08:00:00+08:00', birthDate: '1998-07-15' })).toBe(
      '2026-06-01T00:00:00.000Z',
    );
    // An active member's old leaving time no longer applies (they came back); the birthday still does.
    expect(membershipEndedAt({ status: 'active', leftAt: '2026-06-01T08:00:00+08:00', birthDate: '2004-07-15' })).toBe(
      '2032-07-14T16:00:00.000Z',
    );
    expect(membershipEndedAt({ status: 'active', birthDate: '1998-02-28' })).toBe('2026-02-27T16:00:00.000Z');
    const aging = grad('a', {
      destination: 'employment',
      transfers: [pending],
      membershipEndedAt: membershipEndedAt({ status: 'active', birthDate: '1998-07-15' }),
    });
    expect(regionMetrics([aging], '510100', Y, { asOf: '2026-07-14' }).xs.e).toBe(1);
    expect(regionMetrics([aging], '510100', Y, { asOf: '2026-07-15' }).xs.e).toBe(0);
  });

  it('counts a graduate who completed on the very instant they left as completed first', () => {
    const facts = [grad('a', { destination: 'employment', transfers: [approved], membershipEndedAt: '2026-06-12T09:00:00+08:00' })];
    expect(regionMetrics(facts, '510100', Y).xs.d).toBe(1);
  });
});

describe('an unemployed graduate sent to Beijing, Guangdong or Fujian (§6)', () => {
  it('completes once the outside approval is recorded, though the record keeps them under the school', () => {
    const external = tr('110000', 'approved', { type: 'unemployed', external: true, decidedAt: '2026-06-20T10:00:00+08:00' });
    const m = regionMetrics([grad('a', { destination: 'unemployed', retainedAtSchool: true, transfers: [external] })], '510100', Y);
    expect(m.xs).toEqual({ d: 1, e: 1, f: 0, value: 1 });
    // Pending outside: not completed; and a transfer inside this system still needs the member to leave the school.
    const waiting = tr('110000', 'pending', { type: 'unemployed', external: true });
    expect(regionMetrics([grad('a', { destination: 'unemployed', retainedAtSchool: true, transfers: [waiting] })], '510100', Y).xs.d).toBe(
      0,
    );
    expect(
      regionMetrics([grad('a', { destination: 'unemployed', retainedAtSchool: true, transfers: [tr('510100', 'approved')] })], '510100', Y)
        .xs.d,
    ).toBe(0);
  });
});
