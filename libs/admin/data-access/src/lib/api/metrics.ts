import type { Indicator, IndicatorView, MetricsGraduate, Page, RankingView, TrendView } from '@zhtj/shared/contract';
import type { DownloadedFile } from '../api-client';
import { http } from './http';

export type RankingBy = 'school' | 'county';

/** Which graduates behind a number (§6). */
export interface GraduatesQuery {
  indicator: Indicator;
  year?: number;
  region?: string;
  orgId?: string;
  completed?: boolean;
  part?: 'local' | 'incoming';
}

/** 衔接率监测 (§6): SX, XS, DW of a region, their trend and ranking, the graduates behind them. */
export const metricsApi = {
  /** Without year and region: the API's defaults (the caller's region, the current cohort). */
  indicator: (indicator: Indicator, year?: number, region?: string) => http.get<IndicatorView>(`/metrics/${indicator}`, { year, region }),
  trend: (indicator: Indicator, year: number, region?: string) => http.get<TrendView>('/metrics/trend', { indicator, year, region }),
  export: (year: number, region?: string): Promise<DownloadedFile> => http.download('/metrics/export', { year, region }, '衔接率.xlsx'),
  ranking: (indicator: Indicator, year: number, region: string | undefined, by: RankingBy, limit = 10) =>
    http.get<RankingView>('/metrics/ranking', { indicator, year, region, by, limit }),
  /** The graduates behind a number (masked, paged). */
  graduates: (q: GraduatesQuery & { page?: number; pageSize?: number }) => http.get<Page<MetricsGraduate>>('/metrics/graduates', q),
  /** The graduates list as .xlsx (every page; rates with numerator and denominator). */
  exportGraduates: (q: GraduatesQuery): Promise<DownloadedFile> => http.download('/metrics/graduates/export', q, '毕业生名单.xlsx'),
  /** The ranking of lagging schools or counties as .xlsx. */
  exportRanking: (indicator: Indicator, year: number, region: string | undefined, by: RankingBy, limit = 200): Promise<DownloadedFile> =>
    http.download('/metrics/ranking/export', { indicator, year, region, by, limit }, '滞后排名.xlsx'),
};
