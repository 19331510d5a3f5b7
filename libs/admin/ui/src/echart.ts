// A separate entry point: ECharts (~600 KB) loads only with the pages that draw charts, never
// with the shared UI chunk every page uses.
export { default as EChart } from './lib/EChart.vue';
