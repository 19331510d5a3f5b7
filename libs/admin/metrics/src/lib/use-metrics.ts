import { shallowRef } from 'vue';
import type { Indicator, IndicatorView, RankingView, TrendView } from '@zhtj/shared/contract';
import type { RankingBy } from '@zhtj/admin/data-access';
import { errorMessage, metricsApi, saveFile, t, useLoading, usePage } from '@zhtj/admin/data-access';

/** SX, XS and DW of a region with its children, the chosen indicator's trend and ranking (§6). */
export function useMetrics() {
  const sx = shallowRef<IndicatorView | null>(null);
  const xs = shallowRef<IndicatorView | null>(null);
  const dw = shallowRef<IndicatorView | null>(null);
  const trend = shallowRef<TrendView | null>(null);
  const ranking = shallowRef<RankingView | null>(null);
  const { loading, error, run } = useLoading();

  function load(year: number, indicator: Indicator, by: RankingBy, region?: string): Promise<void> {
    return run(async () => {
      [sx.value, xs.value, dw.value, trend.value, ranking.value] = await Promise.all([
        metricsApi.indicator('sx', year, region),
        metricsApi.indicator('xs', year, region),
        metricsApi.indicator('dw', year, region),
        metricsApi.trend(indicator, year, region),
        metricsApi.ranking(indicator, year, region, by),
      ]);
    });
  }

  async function loadRanking(year: number, indicator: Indicator, by: RankingBy, region?: string): Promise<void> {
    try {
      ranking.value = await metricsApi.ranking(indicator, year, region, by);
    } catch (e) {
      error.value = errorMessage(e);
    }
  }

  async function exportXlsx(year: number, region?: string): Promise<void> {
    saveFile(await metricsApi.export(year, region));
  }

  async function exportRanking(year: number, indicator: Indicator, by: RankingBy, region?: string): Promise<void> {
    saveFile(await metricsApi.exportRanking(indicator, year, region, by));
  }

  return { sx, xs, dw, trend, ranking, loading, error, load, loadRanking, exportXlsx, exportRanking };
}

/** The graduates behind a number, paged (masked by the API). */
export function useMetricsGraduates() {
  return usePage((q: Parameters<typeof metricsApi.graduates>[0]) => metricsApi.graduates(q));
}

/** An indicator's name: SX 升学衔接率, XS 学社衔接率, DW 单位团组织转接率 (§6). */
export function indicatorLabel(indicator: Indicator): string {
  return indicator === 'sx' ? t('sxLabel') : indicator === 'xs' ? t('xsLabel') : t('dwLabel');
}

/** 0.6667 → '66.7%'; null → the "no data" text (§6: never 0% or 100%). */
export function percent(value: number | null, noData: string): string {
  return value === null ? noData : `${(value * 100).toFixed(1)}%`;
}
