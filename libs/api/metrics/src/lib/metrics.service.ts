import { Injectable } from '@nestjs/common';
import { isInRegion, maskIdCardNumber, regionLevel, regionPrefix, toShanghaiDate } from '@zhtj/domain';
import { Clock, RequestContext, notFound } from '@zhtj/api/core';
import { ScopedDb } from '@zhtj/api/db';
import type { RegionReader } from '@zhtj/api/db';
import { orgContexts } from '@zhtj/api/orgs';
import type { Indicator, IndicatorView, MetricsGraduate, Page, RankingItem, RankingView, TrendView } from '@zhtj/shared/contract';

/** Summed counters of one region (metric_count over its shards). */
interface CountRow {
  region: string;
  b: number;
  c: number;
  a: number;
  e: number;
  f: number;
  d: number;
  w: number;
  sx_pending: number;
  xs_pending: number;
}

const ZERO = { b: 0, c: 0, a: 0, e: 0, f: 0, d: 0, w: 0, sx_pending: 0, xs_pending: 0 };

const rate = (n: number, d: number): number | null => (d === 0 ? null : n / d);

/**
 * Each indicator's columns in the region counters (`metric_count`, `metric_day`; DOMAIN.md §6):
 * its numerator, the two parts of its denominator, its pending count, and the parts it shows.
 */
const REGION_COUNTERS = {
  sx: { num: 'a', den: ['b', 'c'], pending: 'sx_pending', parts: (r: CountRow) => ({ A: r.a, B: r.b, C: r.c }) },
  xs: { num: 'd', den: ['e', 'f'], pending: 'xs_pending', parts: (r: CountRow) => ({ D: r.d, E: r.e, F: r.f }) },
  dw: { num: 'w', den: ['e', 'f'], pending: 'xs_pending', parts: (r: CountRow) => ({ W: r.w, E: r.e, F: r.f }) },
} as const;

/** Each indicator's done, total and pending columns in the school counters (`metric_school`). */
const SCHOOL_COUNTERS: Record<Indicator, readonly [done: string, total: string, pending: string]> = {
  sx: ['sx_done', 'sx_total', 'sx_pending'],
  xs: ['xs_done', 'xs_total', 'xs_pending'],
  dw: ['w_done', 'xs_total', 'xs_pending'],
};

function view(row: CountRow, indicator: Indicator, year: number, names: Map<string, string>): Omit<IndicatorView, 'children'> {
  const c = REGION_COUNTERS[indicator];
  const den = row[c.den[0]] + row[c.den[1]];
  return {
    region: row.region,
    regionName: names.get(row.region) ?? row.region,
    year,
    indicator,
    value: rate(row[c.num], den),
    numerator: row[c.num],
    denominator: den,
    parts: c.parts(row),
    pending: row[c.pending],
  };
}

/** The LIKE pattern of every code inside a region ('%' for the nation). */
function like(region: string): string {
  return `${regionPrefix(region) ?? region}%`;
}

/**
 * SX 升学衔接率, XS 学社衔接率 and DW 单位团组织转接率 (DOMAIN.md §6), read from the facts and
 * counters the database keeps in the same transaction as every marking and transfer change
 * (migration GraduateCohort1764700000000): each read is one small SQL sum, never a scan of members.
 */
@Injectable()
export class MetricsService {
  constructor(
    private readonly db: ScopedDb,
    private readonly clock: Clock,
  ) {}

  /**
   * The reads of `region` once the region rule (`REGION_SCOPE`, data-scope.ts) admits the caller,
   * and the region is a GB/T 2260 code (for reads that do not find that out themselves).
   */
  private async knownRegion(region: string): Promise<RegionReader> {
    const r = this.db.region(region);
    const [row]: { known: boolean }[] = await r.query(`SELECT EXISTS (SELECT 1 FROM region WHERE code = $1) AS known`, [region]);
    if (!row?.known) throw notFound();
    return r;
  }

  async defaultRegion(): Promise<string> {
    return RequestContext.actor().orgRegion;
  }

  defaultYear(): number {
    return Number((toShanghaiDate(this.clock.now()) as string).slice(0, 4));
  }

  /** R and its child regions (GB/T 2260 table) with names and summed counters, in one query. */
  private async regionCounts(
    r: RegionReader,
    year: number,
  ): Promise<{ codes: string[]; names: Map<string, string>; counts: Map<string, CountRow> }> {
    const region = r.region;
    const rows: (CountRow & { name: string })[] = await r.query(
      `WITH r AS (SELECT code::text AS code, name FROM region WHERE code = $2 OR parent_code = $2)
       SELECT r.code AS region, r.name, ${Object.keys(ZERO)
         .map((k) => `coalesce(c.${k}, 0)::int AS ${k}`)
         .join(', ')}
         FROM r LEFT JOIN (
           SELECT region, ${Object.keys(ZERO)
             .map((k) => `sum(${k}) AS ${k}`)
             .join(', ')}
             FROM metric_count WHERE year = $1 AND region IN (SELECT code FROM r) GROUP BY region) c ON c.region = r.code
        ORDER BY (r.code = $2) DESC, r.code`,
      [year, region],
    );
    return {
      codes: rows.map((r) => r.region),
      names: new Map(rows.map((r) => [r.region, r.name])),
      counts: new Map(rows.map((r) => [r.region, r])),
    };
  }

  async indicator(indicator: Indicator, region: string, year: number): Promise<IndicatorView> {
    return (await this.indicators([indicator], this.db.region(region), year))[0] as IndicatorView;
  }

  /** Several indicators of R and its children from one read of the counters (404 when R is no GB/T 2260 code). */
  private async indicators(indicators: Indicator[], r: RegionReader, year: number): Promise<IndicatorView[]> {
    const region = r.region;
    const { codes, names, counts } = await this.regionCounts(r, year);
    // regionCounts puts R first when the region table holds it.
    if (codes[0] !== region) throw notFound();
    const row = (code: string): CountRow => counts.get(code) ?? { region: code, ...ZERO };
    return indicators.map((ind) => ({
      ...view(row(region), ind, year, names),
      children: codes.filter((c) => c !== region).map((c) => view(row(c), ind, year, names)),
    }));
  }

  async exportRows(region: string, year: number): Promise<IndicatorView[]> {
    return this.indicators(['sx', 'xs', 'dw'], this.db.region(region), year);
  }

  /**
   * Day by day from 1 May (DOMAIN.md §6): R's figures as they stood at the end of each day, in one
   * query — the sum of the ledger `metric_day` up to that day (every change of the facts is
   * recorded there on the day it happened, so a later rejection, withdrawal or replacement never
   * alters a day before it).
   */
  async trend(indicator: Indicator, region: string, year: number): Promise<TrendView> {
    const r = await this.knownRegion(region);
    const today = toShanghaiDate(this.clock.now()) as string;
    const start = `${year}-05-01`;
    const last = `${year}-12-31` < today ? `${year}-12-31` : today;
    if (last < start) return { region, year, indicator, points: [] };
    const c = REGION_COUNTERS[indicator];
    const [num, den] = [c.num, c.den.join(' + ')];
    const rows: { date: string; numerator: number; denominator: number }[] = await r.query(
      `WITH daily AS (SELECT day, sum(${num})::int AS num, sum(${den})::int AS den
                        FROM metric_day WHERE year = $1 AND region = $2 AND day <= $4::date GROUP BY day),
            series AS (SELECT d::date AS day FROM generate_series($3::date, $4::date, interval '1 day') d),
            before AS (SELECT coalesce(sum(num), 0)::int AS num, coalesce(sum(den), 0)::int AS den FROM daily WHERE day < $3::date)
       SELECT to_char(s.day, 'YYYY-MM-DD') AS date,
              (before.num + sum(coalesce(daily.num, 0)) OVER w)::int AS numerator,
              (before.den + sum(coalesce(daily.den, 0)) OVER w)::int AS denominator
         FROM series s LEFT JOIN daily ON daily.day = s.day CROSS JOIN before
       WINDOW w AS (ORDER BY s.day) ORDER BY s.day`,
      [year, region, start, last],
    );
    return { region, year, indicator, points: rows.map((r) => ({ ...r, value: rate(r.numerator, r.denominator) })) };
  }

  /** The lagging schools or counties of R: lowest completion first (no-data ones left out). */
  async ranking(indicator: Indicator, region: string, year: number, by: 'school' | 'county', limit: number): Promise<RankingView> {
    const r = await this.knownRegion(region);
    let rows: { id: string; name: string; region_code: string; numerator: number; denominator: number; pending: number }[];
    if (by === 'county') {
      const c = REGION_COUNTERS[indicator];
      const [num, den, pend] = [c.num, c.den.join(' + '), c.pending];
      rows = await r.query(
        `SELECT mc.region AS id, coalesce(r.name, mc.region) AS name, mc.region AS region_code, mc.numerator, mc.denominator, mc.pending
           FROM (SELECT region, sum(${num})::int AS numerator, sum(${den})::int AS denominator, sum(${pend})::int AS pending
                   FROM metric_count WHERE year = $1 AND region LIKE $2 AND right(region, 2) <> '00' GROUP BY region) mc
           LEFT JOIN region r ON r.code = mc.region
          WHERE mc.denominator > 0
          ORDER BY mc.numerator::float8 / mc.denominator, mc.denominator - mc.numerator DESC, mc.region LIMIT $3`,
        [year, like(region), limit],
      );
    } else {
      const [num, den, pend] = SCHOOL_COUNTERS[indicator];
      rows = await r.query(
        `SELECT ms.school_org_id AS id, coalesce(o.name, '') AS name, coalesce(o.region_code::text, ms.school_region) AS region_code,
                ms.numerator, ms.denominator, ms.pending
           FROM (SELECT school_org_id, max(school_region) AS school_region, sum(${num})::int AS numerator, sum(${den})::int AS denominator,
                        sum(${pend})::int AS pending
                   FROM metric_school WHERE year = $1 AND school_region LIKE $2 GROUP BY school_org_id) ms
           LEFT JOIN org o ON o.id = ms.school_org_id
          WHERE ms.denominator > 0
          ORDER BY ms.numerator::float8 / ms.denominator, ms.denominator - ms.numerator DESC, o.name LIMIT $3`,
        [year, like(region), limit],
      );
    }
    const items: RankingItem[] = rows.map((r) => ({
      id: r.id,
      name: r.name,
      regionCode: r.region_code,
      value: rate(r.numerator, r.denominator),
      numerator: r.numerator,
      denominator: r.denominator,
      pending: r.pending,
      notDone: r.denominator - r.numerator,
    }));
    return { region, year, indicator, by, items };
  }

  /**
   * The size of a list straight from the counters when they hold it (a region, or one school's
   * own graduates inside the region), so a total never scans the facts; null otherwise.
   */
  private async quickTotal(
    q: { indicator: Indicator; year: number; completed?: boolean; part?: string },
    r: RegionReader,
    orgId?: string,
  ): Promise<number | null> {
    if (q.part !== undefined) return null;
    const region = r.region;
    const pick = (den: number, num: number) => (q.completed === undefined ? den : q.completed ? num : den - num);
    if (orgId === undefined) {
      const [c] = await r.query(
        `SELECT coalesce(sum(a), 0)::int AS a, coalesce(sum(b + c), 0)::int AS bc, coalesce(sum(d), 0)::int AS d, coalesce(sum(e + f), 0)::int AS ef, coalesce(sum(w), 0)::int AS w
           FROM metric_count WHERE year = $1 AND region = $2`,
        [q.year, region],
      );
      return q.indicator === 'sx' ? pick(c.bc, c.a) : pick(c.ef, q.indicator === 'dw' ? c.w : c.d);
    }
    const [sc] = await r.query(
      `SELECT o.region_code::text AS region, coalesce(sum(ms.sx_total), 0)::int AS sx_total, coalesce(sum(ms.sx_done), 0)::int AS sx_done,
              coalesce(sum(ms.xs_total), 0)::int AS xs_total, coalesce(sum(ms.xs_done), 0)::int AS xs_done, coalesce(sum(ms.w_done), 0)::int AS w_done
         FROM org o LEFT JOIN metric_school ms ON ms.school_org_id = o.id AND ms.year = $1
        WHERE o.id = $2 AND metrics_school_of(o.id) = o.id GROUP BY o.region_code`,
      [q.year, orgId],
    );
    if (!sc || !isInRegion(sc.region, region)) return null;
    return q.indicator === 'sx' ? pick(sc.sx_total, sc.sx_done) : pick(sc.xs_total, q.indicator === 'dw' ? sc.w_done : sc.xs_done);
  }

  /**
   * The graduates behind a number (masked, paged): those counted for R (or for one school, or an
   * org above schools, with `orgId`), optionally only the completed or not completed ones. An
   * admin of a base-level org (a school) sees only its own graduates.
   */
  async graduates(
    q: { indicator: Indicator; region?: string; year: number; orgId?: string; completed?: boolean; part?: 'local' | 'incoming' },
    page: number,
    pageSize: number,
  ): Promise<Page<MetricsGraduate>> {
    const caller = await this.db.byId('org', RequestContext.actor().orgId);
    const region = q.region ?? caller.regionCode;
    const r = await this.knownRegion(region);
    let orgId = q.orgId;
    if (orgId !== undefined) await this.db.byId('org', orgId);
    else if (caller.level === 'base') {
      // A school (or an org inside one) sees only the graduates of its school.
      const [own] = await r.query(`SELECT metrics_school_of($1) AS id`, [caller.id]);
      orgId = (own?.id as string | null) ?? caller.id;
    }
    const params: unknown[] = [q.year, like(region), q.indicator === 'sx' ? 'sx' : 'xs'];
    const where = [`g.year = $1`, `g.indicator = $3`, `g.counted`, `NOT g.dropped`];
    if (regionLevel(region) !== 'national') {
      where.push(`(g.school_region LIKE $2 OR (g.target_region LIKE $2 AND g.school_region NOT LIKE $2))`);
    } else {
      // The whole country: $2 is still sent, so PostgreSQL must be told its type (found by the bundle smoke test).
      where.push(`$2::text IS NOT NULL`);
    }
    if (orgId !== undefined) {
      params.push(orgId);
      where.push(`s.path @> ARRAY[$${params.length}::uuid]`);
    }
    if (q.completed !== undefined) {
      params.push(q.completed);
      where.push(`${q.indicator === 'dw' ? 'g.to_unit' : 'g.completed'} = $${params.length}`);
    }
    if (q.part !== undefined) where.push(q.part === 'local' ? `g.school_region LIKE $2` : `g.school_region NOT LIKE $2`);
    const from = `FROM graduate_cohort g JOIN member m ON m.id = g.member_id LEFT JOIN org s ON s.id = g.school_org_id WHERE ${where.join(' AND ')}`;
    const total = (await this.quickTotal(q, r, orgId)) ?? (await r.query(`SELECT count(*)::int AS total ${from}`, params))[0].total;
    const rows: {
      member_id: string;
      name: string;
      id_card_number: string;
      school_org_id: string | null;
      school_name: string | null;
      org_name: string | null;
      org_path: string[] | null;
      graduation_date: string;
      destination: string | null;
      indicator: 'sx' | 'xs';
      local: boolean;
      pending: boolean;
      completed: boolean;
      to_unit: boolean;
      target_region: string | null;
      transfer_id: string | null;
    }[] = await r.query(
      `SELECT g.member_id, m.name, m.id_card_number, g.school_org_id, s.name AS school_name, o.name AS org_name, o.path AS org_path,
              to_char(g.graduation_date, 'YYYY-MM-DD') AS graduation_date, g.destination, g.indicator,
              (g.school_region LIKE $2) AS local, g.pending, g.completed, g.to_unit, g.target_region, g.transfer_id
         ${from.replace('LEFT JOIN org s', 'LEFT JOIN org o ON o.id = m.org_id LEFT JOIN org s')}
        ORDER BY g.completed, s.name, m.name, g.member_id
        LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
      params,
    );
    // Same-named orgs told apart (issue 23 item 6): the context of the page's orgs in one query.
    const contextOf = await orgContexts(
      this.db.lagTolerant.unscoped('orgs.ancestors'),
      rows.map((r) => r.org_path),
    );
    return {
      total,
      items: rows.map((r) => ({
        memberId: r.member_id,
        name: r.name,
        idCardNumber: maskIdCardNumber(r.id_card_number),
        schoolOrgId: r.school_org_id,
        schoolName: r.school_name,
        orgName: r.org_name,
        orgContext: contextOf(r.org_path),
        graduationDate: r.graduation_date,
        destination: r.destination,
        indicator: r.indicator,
        part: r.local ? 'local' : 'incoming',
        status: r.transfer_id === null ? 'none' : r.pending ? 'pending' : 'approved',
        transferId: r.transfer_id,
        completed: r.completed,
        toWorkUnit: r.to_unit,
        targetRegion: r.target_region,
      })),
    };
  }
}
