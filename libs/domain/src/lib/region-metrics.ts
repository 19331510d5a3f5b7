// Monitoring indicators (监测指标), DOMAIN.md §6 (guide §5): SX 升学衔接率 and XS 学社衔接率 of a
// region R and cohort year Y, with their parts A–F, and DW 单位团组织转接率, counted from the
// graduates metrics.ts classifies; R with its child regions (dashboards) and R day by day.
import type { DateString } from './types';
import { isInRegion } from './regions';
import { classifyGraduates } from './metrics';
import type { ClassifiedGraduate, GraduateFact, MetricsOptions } from './metrics';

export interface SxParts {
  /** Completed (approved) among B ∪ C (**Interpretation**: the seed prints A as a copy of B). */
  a: number;
  /** Further-study graduates whose school is in R. */
  b: number;
  /** Further-study graduates whose school is outside R and whose transfer targets R. */
  c: number;
  /** A / (B + C); null ("no data") when B + C = 0. */
  value: number | null;
}

export interface XsParts {
  /** Completed among E ∪ F. */
  d: number;
  /** Society-bound graduates whose school is in R. */
  e: number;
  /** Society-bound graduates whose school is outside R and whose transfer targets R. */
  f: number;
  /** D / (E + F); null ("no data") when E + F = 0. */
  value: number | null;
}

export interface DwParts {
  /** Completed transfers of E ∪ F to a work unit's own League org. */
  w: number;
  e: number;
  f: number;
  /** W / (E + F); null ("no data") when E + F = 0. */
  value: number | null;
}

export interface RegionMetrics {
  regionCode: string;
  year: number;
  sx: SxParts;
  xs: XsParts;
  dw: DwParts;
}

/** Which parts a graduate is counted in for one region. */
export interface GraduateRegionParts {
  indicator: 'sx' | 'xs';
  /** `local`: B or E (school in R). `incoming`: C or F (school outside R, transfer targets R). */
  part: 'local' | 'incoming';
  /** In A (for SX) or D (for XS). */
  completed: boolean;
}

/** §6: where a classified graduate counts for region R, or null when not at all. */
export function graduateRegionParts(g: ClassifiedGraduate, region: string): GraduateRegionParts | null {
  if (isInRegion(g.schoolRegionCode, region)) return { indicator: g.indicator, part: 'local', completed: g.completed };
  if (g.targetRegionCode !== null && isInRegion(g.targetRegionCode, region)) {
    return { indicator: g.indicator, part: 'incoming', completed: g.completed };
  }
  return null;
}

const rate = (numerator: number, denominator: number): number | null => (denominator === 0 ? null : numerator / denominator);

/** SX and XS of region R from graduates already classified (reuse them across regions). */
export function metricsOfClassified(graduates: readonly ClassifiedGraduate[], region: string, year: number): RegionMetrics {
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  let e = 0;
  let f = 0;
  let w = 0;
  for (const g of graduates) {
    const parts = graduateRegionParts(g, region);
    if (parts === null) continue;
    if (parts.indicator === 'sx') {
      if (parts.part === 'local') b++;
      else c++;
      if (parts.completed) a++;
    } else {
      if (parts.part === 'local') e++;
      else f++;
      if (parts.completed) d++;
      if (g.toWorkUnit) w++;
    }
  }
  return {
    regionCode: region,
    year,
    sx: { a, b, c, value: rate(a, b + c) },
    xs: { d, e, f, value: rate(d, e + f) },
    dw: { w, e, f, value: rate(w, e + f) },
  };
}

/** §6: SX (A/(B+C)) and XS (D/(E+F)) of region R for cohort Y. */
export function regionMetrics(facts: readonly GraduateFact[], region: string, year: number, options: MetricsOptions = {}): RegionMetrics {
  return metricsOfClassified(classifyGraduates(facts, year, options), region, year);
}

/** Ids of the graduates in each part A–F for region R (drill-down lists). */
export function regionMetricsMembers(
  facts: readonly GraduateFact[],
  region: string,
  year: number,
  options: MetricsOptions = {},
): Record<'a' | 'b' | 'c' | 'd' | 'e' | 'f', string[]> {
  const out = { a: [] as string[], b: [] as string[], c: [] as string[], d: [] as string[], e: [] as string[], f: [] as string[] };
  for (const g of classifyGraduates(facts, year, options)) {
    const parts = graduateRegionParts(g, region);
    if (parts === null) continue;
    const sx = parts.indicator === 'sx';
    out[sx ? (parts.part === 'local' ? 'b' : 'c') : parts.part === 'local' ? 'e' : 'f'].push(g.memberId);
    if (parts.completed) out[sx ? 'a' : 'd'].push(g.memberId);
  }
  return out;
}

export interface RegionBreakdown {
  region: RegionMetrics;
  /** One per child code, in the order given. */
  children: RegionMetrics[];
  /**
   * Graduates whose school is in R but in none of the children (e.g. a university registered at
   * province level): B(R) = ΣB(child) + direct.b, and likewise E.
   */
  direct: { b: number; e: number };
}

/**
 * §6: R's indicators with those of its child regions (dashboards). Child codes come from the
 * caller (e.g. `childRegionCodes(R, known)`); they should not overlap.
 */
export function regionBreakdown(
  facts: readonly GraduateFact[],
  region: string,
  childCodes: readonly string[],
  year: number,
  options: MetricsOptions = {},
): RegionBreakdown {
  const graduates = classifyGraduates(facts, year, options);
  const direct = { b: 0, e: 0 };
  for (const g of graduates) {
    if (!isInRegion(g.schoolRegionCode, region)) continue;
    if (childCodes.some((child) => isInRegion(g.schoolRegionCode, child))) continue;
    if (g.indicator === 'sx') direct.b++;
    else direct.e++;
  }
  return {
    region: metricsOfClassified(graduates, region, year),
    children: childCodes.map((child) => metricsOfClassified(graduates, child, year)),
    direct,
  };
}

/** §6: how R's indicators change day by day — one entry per given day, as things stood at its end. */
export function metricsSeries(
  facts: readonly GraduateFact[],
  region: string,
  year: number,
  days: readonly DateString[],
): Array<{ date: DateString; metrics: RegionMetrics }> {
  return days.map((date) => ({ date, metrics: regionMetrics(facts, region, year, { asOf: date }) }));
}
