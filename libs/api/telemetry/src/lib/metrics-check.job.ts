import { Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock, scheduleEvery } from '@zhtj/api/core';
import { recordJob } from './instruments';

/** pg advisory lock key of the check (any constant bigint shared by every replica). */
export const METRICS_CHECK_LOCK_KEY = 7_310_012_002;
/** How often each replica asks whether a check is due (the interval itself is METRICS_CHECK_EVERY_MS). */
const TICK_MS = 10 * 60_000;

/**
 * `METRICS_CHECK_EVERY_MS`: how often `metrics_check()` runs in the API. Unset: every 6 hours
 * when this process serves metrics (METRICS_PORT), else never. 0 turns it off (the nightly
 * `npm run metrics:rebuild -- --check` then keeps the gauge, writing the same table).
 */
export function metricsCheckEveryMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env['METRICS_CHECK_EVERY_MS'];
  if (raw !== undefined && raw !== '') {
    const ms = Number(raw);
    if (!Number.isFinite(ms) || ms < 0) throw new Error(`METRICS_CHECK_EVERY_MS must be a number of milliseconds, got "${raw}"`);
    return ms;
  }
  return env['METRICS_PORT'] ? 6 * 3600_000 : 0;
}

export interface MetricsCheckRun {
  differences: number;
  durationMs: number;
  /** Another replica holds the check, or the last one is recent enough. */
  skipped?: boolean;
}

/**
 * `metrics_check()` recounts every monitoring fact and counter (25 s on 200,000 members,
 * docs/benchmarks.md; it grows with the data), far too slow for a scrape. So it runs on a slow
 * interval, in one replica at a time (advisory lock), at most once an interval across replicas
 * (the last result's time in `metrics_check_result` decides), and the scrape reads its last
 * result (`WorkGauges`). A system job: unscoped by design.
 */
@Injectable()
export class MetricsCheckJob implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('MetricsCheckJob');
  private stop: () => void = () => undefined;
  private readonly everyMs = metricsCheckEveryMs();

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    if (this.everyMs <= 0) return;
    this.stop = scheduleEvery(this.clock, Math.min(TICK_MS, this.everyMs), () => this.runUnscoped(), {
      runNow: true,
      onError: (e) => this.log.error(e.message, e.stack),
    });
  }

  onModuleDestroy(): void {
    this.stop();
  }

  runUnscoped(): Promise<MetricsCheckRun> {
    return recordJob(
      'metrics_check',
      () => this.checkIfDue(),
      (r) => r.skipped === true,
    );
  }

  private async checkIfDue(): Promise<MetricsCheckRun> {
    const runner = this.ds.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = (await runner.query(`SELECT pg_try_advisory_lock($1) AS locked`, [METRICS_CHECK_LOCK_KEY])) as [
        { locked: boolean },
      ];
      if (!locked) return { differences: 0, durationMs: 0, skipped: true };
      try {
        const [{ due }] = (await runner.query(
          `SELECT coalesce(max(checked_at) < now() - make_interval(secs => $1::double precision / 1000), true) AS due FROM metrics_check_result`,
          [this.everyMs * 0.9],
        )) as [{ due: boolean }];
        if (!due) return { differences: 0, durationMs: 0, skipped: true };
        const started = Date.now();
        const [{ n }] = (await runner.query(`SELECT count(*)::int AS n FROM metrics_check()`)) as [{ n: number }];
        const durationMs = Date.now() - started;
        await runner.query(`INSERT INTO metrics_check_result (differences, duration_ms, source) VALUES ($1, $2, 'api')`, [n, durationMs]);
        if (n > 0) this.log.warn(`metrics_check() found ${n} difference(s); npm run metrics:rebuild -- --check lists them`);
        return { differences: n, durationMs };
      } finally {
        await runner.query(`SELECT pg_advisory_unlock($1)`, [METRICS_CHECK_LOCK_KEY]);
      }
    } finally {
      await runner.release();
    }
  }
}
