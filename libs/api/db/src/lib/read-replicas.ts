import { setStandbySource } from '@zhtj/api/telemetry';
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource, QueryRunner } from 'typeorm';
import { RequestContext } from '@zhtj/api/core';
import { API_SESSION_OPTIONS, dataSourceOptions } from './database';

/**
 * Hot standbys for the reads that tolerate a few seconds of lag (issue 24, docs/scaling.md "Reads
 * that go to replicas"). `DATABASE_REPLICA_URLS` names them (comma-separated; unset = every read
 * on the primary), `REPLICA_MAX_LAG_MS` (default 5,000) is the replay lag past which a standby gets
 * none, `REPLICA_CHECK_MS` (default 1,000) how often each is checked.
 */
export interface ReplicaOptions {
  urls: string[];
  maxLagMs: number;
  checkMs: number;
}

export const REPLICA_OPTIONS = Symbol('REPLICA_OPTIONS');

export const NO_REPLICAS: ReplicaOptions = { urls: [], maxLagMs: 5_000, checkMs: 1_000 };

export function replicaOptionsFromEnv(env: Record<string, string | undefined> = process.env): ReplicaOptions {
  const urls = (env['DATABASE_REPLICA_URLS'] ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter((u) => u !== '');
  const ms = (name: string, fallback: number, min: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be a whole number of milliseconds ≥ ${min}: ${raw}`);
    return n;
  };
  return { urls, maxLagMs: ms('REPLICA_MAX_LAG_MS', 5_000, 0), checkMs: ms('REPLICA_CHECK_MS', 1_000, 50) };
}

/** Connections of each standby's pool per API process (the primary's pool is 20). */
export const REPLICA_POOL_MAX = 10;
/** A standby that does not accept a connection within this is taken as down for the read at hand. */
const CONNECT_TIMEOUT_MS = 2_000;

/** A `X/Y` WAL position as a number. */
export function parseLsn(lsn: string): bigint {
  const [hi, lo] = lsn.split('/');
  return (BigInt(`0x${hi}`) << 32n) + BigInt(`0x${lo}`);
}

/** A connection string without its password, for logs. */
function label(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'standby';
  }
}

/**
 * Why a failed read on a standby is worth running again on the primary: the standby is gone
 * (refused, shut down, the connection cut, no connection within the timeout), or hot standby
 * cancelled the statement for a conflict with the WAL it replays (SQLSTATE 40001 on a standby).
 * Null for anything else (a bug in the statement fails on the primary just the same).
 */
export function fallbackReason(e: unknown): 'down' | 'conflict' | null {
  const err = ((e as { driverError?: unknown }).driverError ?? e) as { code?: unknown; message?: unknown };
  const code = typeof err?.code === 'string' ? err.code : '';
  const message = typeof err?.message === 'string' ? err.message : '';
  if (code === '40001' && /recovery/i.test(message)) return 'conflict';
  if (
    /^(08|57P0)/.test(code) ||
    code === '53300' ||
    /^E(CONNREFUSED|CONNRESET|TIMEDOUT|HOSTUNREACH|NETUNREACH|PIPE|AI_AGAIN)$|^ENOTFOUND$/.test(code)
  )
    return 'down';
  if (
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connect ECONNREFUSED/i.test(
      message,
    )
  )
    return 'down';
  return null;
}

interface Sample {
  at: number;
  lsn: bigint;
}

/**
 * How far behind a standby is, in milliseconds, from the primary's WAL positions sampled by the
 * monitor (`history`, oldest first) and the standby's replay position at `now`: 0 when it has
 * replayed what the primary had at the last sample, else the time since the primary was first
 * seen past it. Not `now() - pg_last_xact_replay_timestamp()`: on an idle primary that grows
 * although nothing is behind, and a standby whose WAL receiver lost the primary looks current
 * by its own receive and replay positions alone.
 */
export function lagFrom(history: readonly Sample[], replayed: bigint, now: number): number {
  const last = history[history.length - 1];
  if (!last || replayed >= last.lsn) return 0;
  const firstAhead = history.find((s) => s.lsn > replayed) as Sample;
  return Math.max(0, now - firstAhead.at);
}

class Standby {
  readonly name: string;
  readonly ds: DataSource;
  monitor: Client | null = null;
  /** The DataSource has connected once (TypeORM's initialize); before that nothing reads here. */
  ready = false;
  up = false;
  inRecovery = false;
  paused = false;
  lagMs = Number.POSITIVE_INFINITY;
  /** What the log last said of it (a line on each change). */
  state = 'unknown';
  /** Reads sent here, and those that failed over to the primary. */
  reads = 0;
  fellBack = 0;

  /** `primary`: the entities are the primary's. */
  constructor(
    readonly url: string,
    primary: DataSource,
  ) {
    this.name = label(url);
    const base = dataSourceOptions(url, false, []);
    this.ds = new DataSource({
      ...base,
      entities: primary.options.entities,
      migrations: [],
      // A failed read here runs again on the primary and is logged once as the standby's state
      // (`report`); one that fails there too reaches the exception filter as on any read.
      logging: false,
      // Read-only: TypeORM would otherwise try CREATE EXTENSION on connecting.
      installExtensions: false,
      extra: { ...(base.extra as object), max: REPLICA_POOL_MAX, connectionTimeoutMillis: CONNECT_TIMEOUT_MS },
    } as never);
  }

  usable(maxLagMs: number): boolean {
    return this.ready && this.up && this.inRecovery && this.lagMs <= maxLagMs;
  }
}

/**
 * The one place reads are routed to hot standbys. A monitor checks every standby each
 * `checkMs` on a connection of its own (replay position, recovery, pause) against the primary's
 * current WAL position; `reader()` answers the DataSource for one lag-tolerant read: a standby that
 * is up, in recovery and within `maxLagMs` (round robin), or the primary — when there is none, when
 * the request writes (any method but GET/HEAD) or has written, or when its caller wrote in this
 * process within the last `maxLagMs` (what a user reads right after writing comes from the primary).
 * A read on a standby that fails because the standby went away (or hot standby cancelled it) runs
 * again on the primary, on the same query runner from then on: never an error for the user.
 */
@Injectable()
export class ReadReplicas implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger('ReadReplicas');
  private readonly standbys: Standby[];
  private readonly history: Sample[] = [];
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private closed = false;
  private next = 0;
  /** Users who wrote through this process, until when their lag-tolerant reads stay on the primary. */
  private readonly writers = new Map<string, number>();
  /** Lag-tolerant reads answered by the primary although standbys are configured. */
  private primaryReads = 0;

  constructor(
    @InjectDataSource() private readonly primary: DataSource,
    @Inject(REPLICA_OPTIONS) readonly options: ReplicaOptions,
  ) {
    this.standbys = options.urls.map((url) => new Standby(url, primary));
    for (const s of this.standbys) this.failOverToPrimary(s);
  }

  onModuleInit(): void {
    if (this.standbys.length === 0) return;
    // /metrics shows each standby's usability, lag and reads (zhtj_standby_*, libs/api/telemetry).
    setStandbySource(() => ({ standbys: this.status(), readsOnPrimary: this.readsOnPrimary }));
    const tick = () => {
      this.ticking ??= this.tick().finally(() => {
        this.ticking = null;
      });
    };
    tick();
    this.timer = setInterval(tick, this.options.checkMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    setStandbySource(null);
    if (this.timer) clearInterval(this.timer);
    await this.ticking;
    for (const s of this.standbys) {
      await s.monitor?.end().catch(() => undefined);
      if (s.ds.isInitialized) await s.ds.destroy().catch(() => undefined);
    }
  }

  /** The DataSource for one read that tolerates up to `maxLagMs` of lag. */
  reader(): DataSource {
    if (this.standbys.length === 0) return this.primary;
    const usable =
      RequestContext.readsMayLag() && !this.wroteRecently() ? this.standbys.filter((s) => s.usable(this.options.maxLagMs)) : [];
    if (usable.length === 0) {
      this.primaryReads++;
      return this.primary;
    }
    const s = usable[this.next++ % usable.length] as Standby;
    s.reads++;
    return s.ds;
  }

  /** The caller wrote (a request other than GET/HEAD ended): its lag-tolerant reads stay on the primary for `maxLagMs`. */
  noteWriter(userId: string): void {
    if (this.standbys.length === 0) return;
    const now = Date.now();
    if (this.writers.size > 10_000) for (const [u, until] of this.writers) if (until <= now) this.writers.delete(u);
    this.writers.set(userId, now + this.options.maxLagMs);
  }

  private wroteRecently(): boolean {
    const actor = RequestContext.actorOrNull();
    const until = actor ? this.writers.get(actor.userId) : undefined;
    return until !== undefined && until > Date.now();
  }

  /** Each standby as the monitor last saw it (health detail, logs, tests). */
  status(): { name: string; usable: boolean; up: boolean; paused: boolean; lagMs: number | null; reads: number; fellBack: number }[] {
    return this.standbys.map((s) => ({
      name: s.name,
      usable: s.usable(this.options.maxLagMs),
      up: s.up,
      paused: s.paused,
      lagMs: Number.isFinite(s.lagMs) ? s.lagMs : null,
      reads: s.reads,
      fellBack: s.fellBack,
    }));
  }

  /** Lag-tolerant reads the primary answered while standbys were configured. */
  get readsOnPrimary(): number {
    return this.primaryReads;
  }

  private async tick(): Promise<void> {
    if (this.closed) return;
    try {
      const [row] = (await this.primary.query(`SELECT pg_current_wal_lsn()::text AS lsn`)) as { lsn: string }[];
      this.history.push({ at: Date.now(), lsn: parseLsn((row as { lsn: string }).lsn) });
      // Keep the samples of a little more than the bound: a standby behind all of them is past it.
      const keep = Math.ceil(this.options.maxLagMs / this.options.checkMs) + 3;
      if (this.history.length > keep) this.history.splice(0, this.history.length - keep);
    } catch {
      // The primary did not answer: the standbys keep their last lag until it does.
    }
    await Promise.all(this.standbys.map((s) => this.check(s)));
  }

  private async check(s: Standby): Promise<void> {
    try {
      if (!s.monitor) {
        const c = new Client({
          connectionString: s.url,
          connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
          options: API_SESSION_OPTIONS,
          application_name: 'zhtj-replica-monitor',
        });
        // A connection cut while idle is an 'error' event; the next check finds it out.
        c.on('error', () => undefined);
        s.monitor = c;
        await c.connect();
      }
      const [r] = (
        await s.monitor.query(
          `SELECT pg_is_in_recovery() AS recovery, pg_last_wal_replay_lsn()::text AS replayed, pg_is_wal_replay_paused() AS paused`,
        )
      ).rows as { recovery: boolean; replayed: string | null; paused: boolean }[];
      const row = r as { recovery: boolean; replayed: string | null; paused: boolean };
      s.up = true;
      s.inRecovery = row.recovery;
      s.paused = row.recovery && row.paused;
      s.lagMs = row.recovery && row.replayed ? lagFrom(this.history, parseLsn(row.replayed), Date.now()) : Number.POSITIVE_INFINITY;
      if (!s.ready && row.recovery) {
        await s.ds.initialize();
        s.ready = true;
      }
    } catch (e) {
      s.up = false;
      const c = s.monitor;
      s.monitor = null;
      await c?.end().catch(() => undefined);
      this.report(s, `down (${(e as Error).message})`);
      return;
    }
    this.report(
      s,
      !s.inRecovery
        ? 'not a standby (pg_is_in_recovery() is false): skipped'
        : s.lagMs > this.options.maxLagMs
          ? `behind by more than ${this.options.maxLagMs} ms${s.paused ? ' (replay paused)' : ''}: skipped`
          : 'in use',
    );
  }

  /** One log line per change of a standby's state. */
  private report(s: Standby, state: string): void {
    const kind = state.startsWith('down') ? 'down' : state;
    if (kind === s.state) return;
    const first = s.state === 'unknown';
    s.state = kind;
    if (first && kind === 'in use') this.log.log(`standby ${s.name}: in use`);
    else this.log.warn(`standby ${s.name}: ${state}`);
  }

  /**
   * Every query runner of a standby's DataSource runs a statement again on the primary when the
   * standby fails it for `fallbackReason`, and keeps to the primary for the rest of its life (a
   * cursor declared there is fetched there). Lag-tolerant readers never open transactions.
   */
  private failOverToPrimary(s: Standby): void {
    const create = s.ds.createQueryRunner.bind(s.ds);
    s.ds.createQueryRunner = (mode) => {
      const runner = create(mode);
      const query = runner.query.bind(runner) as (sql: string, params?: unknown[], structured?: boolean) => Promise<unknown>;
      const connect = runner.connect.bind(runner);
      const release = runner.release.bind(runner);
      let onPrimary: QueryRunner | null = null;
      const failOver = (e: unknown): QueryRunner => {
        const reason = fallbackReason(e);
        if (reason === null || runner.isTransactionActive) throw e;
        s.fellBack++;
        if (reason === 'down') {
          s.up = false;
          this.report(s, `down (${(e as Error).message}): reads go to the primary`);
        }
        return (onPrimary = this.primary.createQueryRunner());
      };
      runner.connect = async () => {
        if (!onPrimary) {
          try {
            return await connect();
          } catch (e) {
            failOver(e);
          }
        }
        return (onPrimary as QueryRunner).connect();
      };
      runner.query = (async (sql: string, params?: unknown[], structured?: boolean) => {
        if (!onPrimary) {
          try {
            return await query(sql, params, structured);
          } catch (e) {
            failOver(e);
          }
        }
        return (onPrimary as QueryRunner).query(sql, params as never[], structured as never);
      }) as QueryRunner['query'];
      runner.release = async () => {
        try {
          await release();
        } finally {
          await (onPrimary as QueryRunner | null)?.release();
        }
      };
      return runner;
    };
  }
}
