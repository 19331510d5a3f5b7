import { Global, Module } from '@nestjs/common';
import { MetricsCheckJob } from './metrics-check.job';
import { WorkGauges } from './work-gauges';

/** Gauges read on scrape and the metrics_check() job (docs/operations.md, Monitoring). */
@Global()
@Module({ providers: [WorkGauges, MetricsCheckJob], exports: [MetricsCheckJob] })
export class TelemetryModule {}
