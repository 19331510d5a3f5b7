import { Injectable } from '@nestjs/common';
import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Counter, Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { AUTO_RETURN_DAYS, autoReturnDueAt } from '@zhtj/domain';
import { Clock } from '@zhtj/api/core';
import { telemetryRegistry } from './instruments';

/**
 * How long past its 10-day return a pending transfer must be before it counts as missed: the
 * sweep runs every 10 minutes in one replica (SWEEP_EVERY_MS), so an hour is six missed runs.
 */
export const PAST_RETURN_GRACE_MS = 60 * 60_000;
/** A scrape storm (two Prometheus servers, a dashboard reload) reads the database at most this often. */
const WORK_CACHE_MS = 10_000;

interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/** The reader that fills the gauges below on scrape; one per process (the running app's). */
const current: { source: WorkGauges | null } = { source: null };

/** A standby as ReadReplicas' monitor last saw it (libs/api/db registers its reader: `setStandbySource`). */
export interface StandbyGaugeView {
  name: string;
  usable: boolean;
  lagMs: number | null;
  reads: number;
}
const standbySource: { read: (() => { standbys: StandbyGaugeView[]; readsOnPrimary: number }) | null } = { read: null };

/** Called by ReadReplicas (libs/api/db) so that /metrics shows standby usage without telemetry depending on the db lib. */
export function setStandbySource(read: (() => { standbys: StandbyGaugeView[]; readsOnPrimary: number }) | null): void {
  standbySource.read = read;
}

// Standby usage (issue 24): each configured standby as ReadReplicas' monitor last saw it, and the
// lag-tolerant reads it and the primary answered — read from memory on scrape.
new Gauge({
  name: 'zhtj_standby_usable',
  help: 'A configured hot standby is up, in recovery and within REPLICA_MAX_LAG_MS (1), or skipped (0)',
  labelNames: ['standby'] as const,
  registers: [telemetryRegistry],
  collect() {
    this.reset();
    for (const s of standbySource.read?.().standbys ?? []) this.set({ standby: s.name }, s.usable ? 1 : 0);
  },
});
new Gauge({
  name: 'zhtj_standby_lag_ms',
  help: "A standby's replay lag as the monitor measured it from the primary's WAL position (absent while it is down)",
  labelNames: ['standby'] as const,
  registers: [telemetryRegistry],
  collect() {
    this.reset();
    for (const s of standbySource.read?.().standbys ?? []) if (s.lagMs !== null) this.set({ standby: s.name }, s.lagMs);
  },
});
new Gauge({
  name: 'zhtj_lag_tolerant_reads',
  help: 'Lag-tolerant reads answered since the process started, by where (a standby, or the primary while standbys are configured); use rate()',
  labelNames: ['served_by'] as const,
  registers: [telemetryRegistry],
  collect() {
    this.reset();
    const src = standbySource.read?.();
    if (!src) return;
    for (const s of src.standbys) this.set({ served_by: s.name }, s.reads);
    if (src.standbys.length) this.set({ served_by: 'primary' }, src.readsOnPrimary);
  },
});

const readErrors = new Counter({
  name: 'zhtj_telemetry_read_errors_total',
  help: 'Scrapes whose database reads failed (those gauges are absent from that scrape)',
  labelNames: ['gauge'] as const,
  registers: [telemetryRegistry],
});

new Gauge({
  name: 'zhtj_db_pool_connections',
  help: "Connections of the API's PostgreSQL pools (pool: primary, standby_N) by state: total, idle, waiting (requests queued for a connection)",
  labelNames: ['pool', 'state'] as const,
  registers: [telemetryRegistry],
  collect() {
    this.reset();
    for (const [pool, p] of current.source?.pools() ?? []) {
      this.set({ pool, state: 'total' }, p.totalCount);
      this.set({ pool, state: 'idle' }, p.idleCount);
      this.set({ pool, state: 'waiting' }, p.waitingCount);
    }
  },
});

new Gauge({
  name: 'zhtj_transfers_pending_past_return',
  help: 'Pending transfers more than an hour past their 10-day automatic return (§3.2.3): the sweep should have returned them; should be 0',
  registers: [telemetryRegistry],
  async collect() {
    this.reset();
    const source = current.source;
    if (!source) return;
    try {
      this.set(await source.pendingPastReturn());
    } catch {
      readErrors.inc({ gauge: 'zhtj_transfers_pending_past_return' });
    }
  },
});

const checkDifferences = new Gauge({
  name: 'zhtj_metrics_check_differences',
  help: 'Differences metrics_check() found between the stored monitoring facts/counters and a recount, at its last run; should be 0',
  registers: [telemetryRegistry],
});
const checkTime = new Gauge({
  name: 'zhtj_metrics_check_last_run_timestamp_seconds',
  help: 'Unix time metrics_check() last finished (the API job or npm run metrics:rebuild -- --check)',
  registers: [telemetryRegistry],
});
new Gauge({
  name: 'zhtj_metrics_check_last_duration_seconds',
  help: 'How long the last metrics_check() took',
  registers: [telemetryRegistry],
  // One read fills the three gauges (prom-client calls each gauge's collect; this one reads).
  async collect() {
    this.reset();
    checkDifferences.reset();
    checkTime.reset();
    const source = current.source;
    if (!source) return;
    try {
      const last = await source.lastMetricsCheck();
      if (!last) return;
      checkDifferences.set(last.differences);
      checkTime.set(last.checkedAt.getTime() / 1000);
      this.set(last.durationMs / 1000);
    } catch {
      readErrors.inc({ gauge: 'zhtj_metrics_check_differences' });
    }
  },
});

/**
 * Gauges read from the database when Prometheus scrapes (`GET /metrics`): the pools' counts
 * (in memory), pending transfers past their return (one grouped index scan), the last
 * `metrics_check()` result (one row). Each costs well under a millisecond on the demo
 * data (docs/operations.md has the measured scrape).
 */
@Injectable()
export class WorkGauges implements OnModuleInit, OnModuleDestroy {
  private cached: { at: number; value: number } | null = null;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    current.source = this;
  }

  onModuleDestroy(): void {
    if (current.source === this) current.source = null;
  }

  /** TypeORM's pg pools: the primary (`master`) and, when replication is configured, each standby (`slaves`). */
  pools(): [string, PgPool][] {
    const driver = this.ds.driver as unknown as { master?: PgPool; slaves?: PgPool[] };
    const out: [string, PgPool][] = [];
    if (isPool(driver.master)) out.push(['primary', driver.master]);
    (driver.slaves ?? []).forEach((p, i) => {
      if (isPool(p)) out.push([`standby_${i + 1}`, p]);
    });
    return out;
  }

  /**
   * Pending transfers whose automatic return is more than PAST_RETURN_GRACE_MS behind. Whether a
   * transfer expires at all is the domain's (`autoReturnDueAt`: only those initiated after the
   * season's cutoff, which depends on the Shanghai date alone), so the database groups the
   * candidates by that date and whether they are external, and the domain decides each group.
   * The candidates are read through the partial index on pending transfers.
   */
  async pendingPastReturn(): Promise<number> {
    const wall = Date.now();
    if (this.cached && wall - this.cached.at < WORK_CACHE_MS) return this.cached.value;
    const now = this.clock.now();
    const before = new Date(now.getTime() - AUTO_RETURN_DAYS * 86_400_000 - PAST_RETURN_GRACE_MS);
    const groups: { day: string; external: boolean; n: number }[] = await this.ds.query(
      `SELECT to_char(initiated_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day,
              (to_org_id IS NULL AND external_org_name IS NOT NULL) AS external, count(*)::int AS n
         FROM transfer WHERE status = 'pending' AND initiated_at <= $1
        GROUP BY 1, 2`,
      [before],
    );
    // Noon in Shanghai stands for its day: the cutoff compares dates, and every candidate is past 10 days.
    const value = groups.reduce((sum, g) => sum + (autoReturnDueAt(`${g.day}T12:00:00+08:00`, g.external) ? g.n : 0), 0);
    this.cached = { at: wall, value };
    return value;
  }

  /** The last result of metrics_check() kept in `metrics_check_result` (MetricsCheckJob, npm run metrics:rebuild -- --check). */
  async lastMetricsCheck(): Promise<{ differences: number; checkedAt: Date; durationMs: number } | null> {
    const rows: { differences: number; checked_at: Date; duration_ms: number }[] = await this.ds.query(
      `SELECT differences, checked_at, duration_ms FROM metrics_check_result ORDER BY checked_at DESC LIMIT 1`,
    );
    const r = rows[0];
    if (!r) return null;
    return { differences: r.differences, checkedAt: r.checked_at, durationMs: r.duration_ms };
  }
}

function isPool(p: unknown): p is PgPool {
  return typeof p === 'object' && p !== null && typeof (p as PgPool).totalCount === 'number';
}
