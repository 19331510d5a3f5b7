import { t } from './i18n';

// Text for the shared components of @zhtj/admin/ui (which take their text as props), in the current language.

/** The table toolbar's text (refresh, density, columns), for `TableToolbar`'s `texts`. */
export function tableToolbarTexts() {
  return {
    group: t('tableToolbar'),
    refresh: t('tableRefresh'),
    density: t('tableDensity'),
    columns: t('tableColumns'),
    reset: t('tableColumnsReset'),
    large: t('densityLarge'),
    default: t('densityDefault'),
    small: t('densitySmall'),
  };
}

/** `LoadState`'s text (`v-bind`): loading, retry, and what shows when there is nothing (暂无数据 unless given). */
export function loadStateTexts(emptyText: string = t('noData')) {
  return { emptyText, loadingText: t('loading'), retryText: t('retry') };
}

/** `MaskedValue`'s text (`v-bind`): 显示 / 隐藏 and the field the buttons name. */
export function maskedValueTexts(fieldLabel: string) {
  return { showLabel: t('show'), hideLabel: t('hide'), fieldLabel };
}

/** `TablePager`'s text: the page-size choice's name and each size's label. */
export function tablePagerTexts() {
  return { pageSize: t('pageSize'), perPage: (n: number) => t('perPage', { n }) };
}
