export { default as MetricsDashboard } from './lib/MetricsDashboard.vue';
export { default as MetricsGraduates } from './lib/MetricsGraduates.vue';
export * from './lib/use-metrics';
