export { default as MetricsDashboard } from './lib/MetricsDashboard.vue';
export * from './lib/use-metrics';
