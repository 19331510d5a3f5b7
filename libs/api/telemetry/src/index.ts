export * from './lib/instruments';
export * from './lib/json-logger';
export * from './lib/request-telemetry';
export * from './lib/metrics-server';
export * from './lib/work-gauges';
export * from './lib/metrics-check.job';
export * from './lib/telemetry.module';
