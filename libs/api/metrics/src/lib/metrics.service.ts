import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { addDays, isInRegion, metricsSeries, regionBreakdown, regionPrefix, toShanghaiDate } from '@zhtj/domain';
import type { Destination, GraduateFact, RegionMetrics, TransferStatus, TransferType } from '@zhtj/domain';
import { Clock, RequestContext, forbidden, notFound } from '@zhtj/api/core';
import { OrgEntity, RegionEntity } from '@zhtj/api/db';
import type { Indicator, IndicatorView, TrendView } from '@zhtj/shared/contract';

interface GraduateRow {
  id: string;
  graduation_date: string;
  destination: Destination | null;
  school_region: string;
  school_industry: GraduateFact['schoolIndustry'];
  at_school: boolean;
}

interface TransferRow {
  member_id: string;
  type: TransferType;
  status: TransferStatus;
  initiated_at: Date;
  decided_at: Date | null;
  target: string | null;
}

function indicatorOf(m: RegionMetrics, indicator: Indicator, names: Map<string, string>): Omit<IndicatorView, 'children'> {
  const base = { region: m.regionCode, regionName: names.get(m.regionCode) ?? m.regionCode, year: m.year, indicator };
  if (indicator === 'sx') {
    return { ...base, value: m.sx.value, numerator: m.sx.a, denominator: m.sx.b + m.sx.c, parts: { A: m.sx.a, B: m.sx.b, C: m.sx.c } };
  }
  return { ...base, value: m.xs.value, numerator: m.xs.d, denominator: m.xs.e + m.xs.f, parts: { D: m.xs.d, E: m.xs.e, F: m.xs.f } };
}

/**
 * SX 升学衔接率 and XS 学社衔接率 (DOMAIN.md §6). The database selects the graduates that can
 * count for the region (school in R, or a transfer targeting R); `libs/domain` does the counting.
 */
@Injectable()
export class MetricsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  /** An admin reads the indicators of its own org's region and the regions inside it. */
  private async assertRegion(region: string): Promise<void> {
    const actor = RequestContext.actor();
    if (actor.role === 'member') throw forbidden();
    const org = await this.ds.manager.findOneByOrFail(OrgEntity, { id: actor.orgId });
    if (!isInRegion(region, org.regionCode)) throw notFound();
    if (!(await this.ds.manager.existsBy(RegionEntity, { code: region }))) throw notFound();
  }

  async defaultRegion(): Promise<string> {
    const org = await this.ds.manager.findOneByOrFail(OrgEntity, { id: RequestContext.actor().orgId });
    return org.regionCode;
  }

  private async facts(region: string, year: number): Promise<GraduateFact[]> {
    const prefix = `${regionPrefix(region) ?? ''}%`;
    const windowStart = `${year}-05-01T00:00:00+08:00`;
    const graduates: GraduateRow[] = await this.ds.query(
      `SELECT m.id, to_char(m.graduation_date, 'YYYY-MM-DD') AS graduation_date, m.destination,
              s.region_code AS school_region, s.industry AS school_industry,
              (o.path @> ARRAY[m.school_org_id]) AS at_school
         FROM member m
         JOIN org s ON s.id = m.school_org_id
         JOIN org o ON o.id = m.org_id
        WHERE m.graduation_date BETWEEN $1::date AND $2::date
          AND (s.region_code LIKE $3 OR EXISTS (
                SELECT 1 FROM transfer t LEFT JOIN org tor ON tor.id = t.to_org_id
                 WHERE t.member_id = m.id AND t.initiated_at >= $4::timestamptz
                   AND COALESCE(tor.region_code, t.external_province_code) LIKE $3))`,
      [`${year}-01-01`, `${year}-12-31`, prefix, windowStart],
    );
    if (graduates.length === 0) return [];
    const transfers: TransferRow[] = await this.ds.query(
      `SELECT t.member_id, t.type, t.status, t.initiated_at, t.decided_at, COALESCE(tor.region_code, t.external_province_code) AS target
         FROM transfer t LEFT JOIN org tor ON tor.id = t.to_org_id
        WHERE t.member_id = ANY($1::uuid[]) AND t.initiated_at >= $2::timestamptz`,
      [graduates.map((g) => g.id), windowStart],
    );
    const byMember = new Map<string, TransferRow[]>();
    for (const t of transfers) byMember.set(t.member_id, [...(byMember.get(t.member_id) ?? []), t]);
    return graduates.map((g) => ({
      memberId: g.id,
      schoolRegionCode: g.school_region,
      schoolIndustry: g.school_industry,
      graduationDate: g.graduation_date,
      destination: g.destination,
      // §5 note: an unemployed graduate kept at school is not completed.
      retainedAtSchool: g.destination === 'unemployed' && g.at_school,
      transfers: (byMember.get(g.id) ?? []).map((t) => ({
        type: t.type,
        status: t.status,
        initiatedAt: t.initiated_at,
        decidedAt: t.decided_at,
        targetRegionCode: t.target ?? '',
      })),
    }));
  }

  private async names(codes: string[]): Promise<Map<string, string>> {
    const rows = await this.ds.manager.find(RegionEntity, { where: codes.map((code) => ({ code })) });
    return new Map(rows.map((r) => [r.code, r.name]));
  }

  async indicator(indicator: Indicator, region: string, year: number): Promise<IndicatorView> {
    await this.assertRegion(region);
    const children = (await this.ds.manager.find(RegionEntity, { where: { parentCode: region }, order: { code: 'ASC' } })).map((r) => r.code);
    const b = regionBreakdown(await this.facts(region, year), region, children, year);
    const names = await this.names([region, ...children]);
    return { ...indicatorOf(b.region, indicator, names), children: b.children.map((c) => indicatorOf(c, indicator, names)) };
  }

  async trend(indicator: Indicator, region: string, year: number): Promise<TrendView> {
    await this.assertRegion(region);
    const today = toShanghaiDate(this.clock.now()) as string;
    const last = `${year}-12-31` < today ? `${year}-12-31` : today;
    const days: string[] = [];
    for (let d = `${year}-05-01`; d <= last; d = addDays(d, 1) as string) days.push(d);
    const series = metricsSeries(await this.facts(region, year), region, year, days);
    const names = new Map<string, string>();
    return {
      region,
      year,
      indicator,
      points: series.map((p) => {
        const v = indicatorOf(p.metrics, indicator, names);
        return { date: p.date, value: v.value, numerator: v.numerator, denominator: v.denominator };
      }),
    };
  }
}
