import { ref, shallowRef } from 'vue';
import type { IndicatorView, TrendView } from '@zhtj/shared/contract';
import { errorMessage, saveFile, useAuthStore } from '@zhtj/admin/data-access';

/** SX and XS of a region with its children, and their day-by-day trend (§6). */
export function useMetrics() {
  const auth = useAuthStore();
  const api = auth.endpoints.metrics;
  const sx = shallowRef<IndicatorView | null>(null);
  const xs = shallowRef<IndicatorView | null>(null);
  const trendSx = shallowRef<TrendView | null>(null);
  const trendXs = shallowRef<TrendView | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);

  async function load(year: number, region?: string): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      [sx.value, xs.value, trendSx.value, trendXs.value] = await Promise.all([
        api.indicator('sx', year, region),
        api.indicator('xs', year, region),
        api.trend('sx', year, region),
        api.trend('xs', year, region),
      ]);
    } catch (e) {
      error.value = errorMessage(e);
    } finally {
      loading.value = false;
    }
  }

  async function exportXlsx(year: number, region?: string): Promise<void> {
    saveFile(await api.export(year, region));
  }

  return { sx, xs, trendSx, trendXs, loading, error, load, exportXlsx };
}

/** 0.6667 → '66.7%'; null → the "no data" text (§6: never 0% or 100%). */
export function percent(value: number | null, noData: string): string {
  return value === null ? noData : `${(value * 100).toFixed(1)}%`;
}
