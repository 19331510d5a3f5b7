// Shared presentational components of the console: no API, no store; text comes in as props.
export { default as PageHeader } from './lib/PageHeader.vue';
export { default as LoadState } from './lib/LoadState.vue';
export { default as MaskedValue } from './lib/MaskedValue.vue';
export { default as RegionPicker } from './lib/RegionPicker.vue';
export { default as KeyIcon } from './lib/KeyIcon.vue';
export { default as OrgName } from './lib/OrgName.vue';
export { regionPath } from './lib/region-path';
export { default as TableToolbar } from './lib/TableToolbar.vue';
export { useTableSettings } from './lib/table-settings';
export type { TableColumn, TableDensity } from './lib/table-settings';
export { vSelectionA11y } from './lib/selection-a11y';
export { PHONE_MEDIA, usePhone } from './lib/use-phone';
export { default as TablePager } from './lib/TablePager.vue';
export { ask } from './lib/ask';
export { default as CardList } from './lib/CardList.vue';
export { default as ErrorAlert } from './lib/ErrorAlert.vue';
