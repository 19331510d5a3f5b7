export * from './lib/metrics.service';
export * from './lib/metrics.controller';
export * from './lib/membership-ends.job';
