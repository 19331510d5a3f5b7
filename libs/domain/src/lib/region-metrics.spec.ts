import { describe, expect, it } from 'vitest';
import { isWorkUnitOrg } from './metrics';
import type { GraduateFact } from './metrics';
import { metricsSeries, regionBreakdown, regionMetrics, regionMetricsMembers } from './region-metrics';
import { grad, tr, Y } from './__fixtures__/graduates';

describe('DOMAIN.md §6 worked example (Y = 2026)', () => {
  // School S1 in Chengdu (510100), school S2 in Mianyang (510700), both in Sichuan (510000).
  const S1 = '510100';
  const S2 = '510700';
  const CQ = '500000';
  const facts: GraduateFact[] = [
    // m1: S1 → further study at S2, approved.
    grad('m1', { schoolRegionCode: S1, destination: 'further_study', transfers: [tr(S2, 'approved', { type: 'further_study' })] }),
    // m2: S1 → further study at a Chongqing school, pending.
    grad('m2', { schoolRegionCode: S1, destination: 'further_study', transfers: [tr(CQ, 'pending', { type: 'further_study' })] }),
    // m3: S1 → employment at a Chengdu firm, approved.
    grad('m3', { schoolRegionCode: S1, destination: 'employment', transfers: [tr(S1, 'approved', { targetIsWorkUnit: true })] }),
    // m4: S1 unemployed, retained at S1.
    grad('m4', { schoolRegionCode: S1, destination: 'unemployed', retainedAtSchool: true }),
    // m5: Chongqing school → employment in Chengdu, approved.
    grad('m5', { schoolRegionCode: CQ, destination: 'employment', transfers: [tr(S1, 'approved', { targetIsWorkUnit: true })] }),
  ];

  it('Chengdu: B = {m1, m2}, C = {}, A = {m1} → SX = 1/2; E = {m3, m4}, F = {m5}, D = {m3, m5} → XS = 2/3', () => {
    expect(regionMetrics(facts, '510100', Y)).toEqual({
      regionCode: '510100',
      year: Y,
      sx: { a: 1, b: 2, c: 0, value: 1 / 2 },
      xs: { d: 2, e: 2, f: 1, value: 2 / 3 },
      dw: { w: 2, e: 2, f: 1, value: 2 / 3 },
    });
    expect(regionMetricsMembers(facts, '510100', Y)).toEqual({
      a: ['m1'],
      b: ['m1', 'm2'],
      c: [],
      d: ['m3', 'm5'],
      e: ['m3', 'm4'],
      f: ['m5'],
    });
  });

  it('Mianyang: B = {}, C = {m1}, A = {m1} → SX = 1/1; XS = no data', () => {
    expect(regionMetrics(facts, '510700', Y)).toEqual({
      regionCode: '510700',
      year: Y,
      sx: { a: 1, b: 0, c: 1, value: 1 },
      xs: { d: 0, e: 0, f: 0, value: null },
      dw: { w: 0, e: 0, f: 0, value: null },
    });
    expect(regionMetricsMembers(facts, '510700', Y)).toMatchObject({ a: ['m1'], b: [], c: ['m1'] });
  });

  it('Sichuan: B = {m1, m2}, C = {} → SX = 1/2; E = {m3, m4}, F = {m5} → XS = 2/3', () => {
    expect(regionMetrics(facts, '510000', Y)).toEqual({
      regionCode: '510000',
      year: Y,
      sx: { a: 1, b: 2, c: 0, value: 1 / 2 },
      xs: { d: 2, e: 2, f: 1, value: 2 / 3 },
      dw: { w: 2, e: 2, f: 1, value: 2 / 3 },
    });
    expect(regionMetricsMembers(facts, '510000', Y)).toEqual({
      a: ['m1'],
      b: ['m1', 'm2'],
      c: [],
      d: ['m3', 'm5'],
      e: ['m3', 'm4'],
      f: ['m5'],
    });
  });

  it('breaks Sichuan down into Chengdu and Mianyang (§6 dashboards)', () => {
    const r = regionBreakdown(facts, '510000', ['510100', '510700'], Y);
    expect(r.children.map((c) => [c.regionCode, c.sx.value, c.xs.value])).toEqual([
      ['510100', 1 / 2, 2 / 3],
      ['510700', 1, null],
    ]);
    expect(r.direct).toEqual({ b: 0, e: 0 });
    expect(r.region.sx.b).toBe(r.children.reduce((s, c) => s + c.sx.b, 0));
  });
});

describe('day by day (§6)', () => {
  const facts = [
    grad('a', {
      destination: 'employment',
      transfers: [tr('510100', 'approved', { initiatedAt: '2026-06-10T09:00:00+08:00', decidedAt: '2026-06-20T15:00:00+08:00' })],
    }),
    grad('b', {
      schoolRegionCode: '500000',
      destination: 'employment',
      transfers: [tr('510100', 'rejected', { initiatedAt: '2026-06-12', decidedAt: '2026-06-25' })],
    }),
  ];

  it('recomputes the indicators as they stood at the end of each day (§6)', () => {
    const series = metricsSeries(facts, '510100', Y, ['2026-06-01', '2026-06-12', '2026-06-20', '2026-06-25']);
    expect(series.map((p) => [p.date, p.metrics.xs.d, p.metrics.xs.e, p.metrics.xs.f])).toEqual([
      ['2026-06-01', 0, 1, 0],
      ['2026-06-12', 0, 1, 1],
      ['2026-06-20', 1, 1, 1],
      ['2026-06-25', 1, 1, 0],
    ]);
  });

  it('ignores transfers when the day is not a valid date', () => {
    expect(regionMetrics(facts, '510100', Y, { asOf: 'soon' }).xs).toEqual({ d: 0, e: 1, f: 0, value: 0 });
  });
});

describe('children breakdown (§6)', () => {
  it('keeps graduates of schools registered at R itself in `direct` (§6)', () => {
    const facts = [
      grad('a', { schoolRegionCode: '510000' }),
      grad('b', { schoolRegionCode: '510104', destination: 'further_study' }),
      grad('c', { schoolRegionCode: '510703' }),
    ];
    const r = regionBreakdown(facts, '510000', ['510100', '510700'], Y);
    expect(r.direct).toEqual({ b: 0, e: 1 });
    expect(r.children.map((c) => [c.sx.b, c.xs.e])).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(r.region.xs.e).toBe(2);
  });
});

describe('DW 单位团组织转接率 (§6, Interpretation WORK_UNIT_INDUSTRIES)', () => {
  it('counts completed society-bound transfers to a work unit’s own League org over E + F', () => {
    const facts = [
      grad('firm', { transfers: [tr('510100', 'approved', { targetIsWorkUnit: true })] }),
      grad('mobile', { destination: 'unemployed', transfers: [tr('510100', 'approved', { type: 'unemployed', targetIsWorkUnit: false })] }),
      grad('pending', { transfers: [tr('510100', 'pending', { targetIsWorkUnit: true })] }),
      grad('study', {
        destination: 'further_study',
        transfers: [tr('510100', 'approved', { type: 'further_study', targetIsWorkUnit: true })],
      }),
    ];
    expect(regionMetrics(facts, '510100', Y).dw).toEqual({ w: 1, e: 3, f: 0, value: 1 / 3 });
  });

  it('knows a work unit by its industry, never a township, school, mobile or temporary branch', () => {
    expect(isWorkUnitOrg('enterprise', null)).toBe(true);
    expect(isWorkUnitOrg('public_institution', null)).toBe(true);
    expect(isWorkUnitOrg('enterprise', 'temporary')).toBe(false);
    expect(isWorkUnitOrg('township', 'mobile')).toBe(false);
    expect(isWorkUnitOrg('university', 'new_students')).toBe(false);
    expect(isWorkUnitOrg(null, null)).toBe(false);
  });
});
