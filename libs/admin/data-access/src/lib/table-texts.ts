import { t } from './i18n';

/** The table toolbar's text (refresh, density, columns) in the current language, for `TableToolbar`'s `texts`. */
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
