// What a row of the national-scale bench is (a name, a goal, how to measure it), what it measures
// on (`Bench`), and the meter that adds each row's CPU an operation.
import type { Client } from 'pg';
import { cpuNow, cpuSince } from '../lib/cpu';
import type { Cpu } from '../lib/cpu';
import { load } from '../lib/load';
import type { LoadResult } from '../lib/load';
import { round } from '../lib/workspace';
import type { ScaleConfig } from './config';
import type { DatasetInfo } from './dataset';

/** A row's figures: latencies in ms, operations a second, and the CPU an operation took. */
export interface Measured {
  /** Operations measured (default: successful ones). */
  n?: number;
  ok?: number;
  p50: number;
  p95: number;
  p99: number;
  max?: number;
  throughput: number;
  /** Shown as "(+N refused)". */
  failed?: number;
  /** What failed, for the log (kinds of failure and their counts, or statuses). */
  failures?: readonly unknown[];
  cpu?: Cpu | null;
}

export interface Goal<S = unknown> {
  text: (b: Bench) => string;
  /** Unset: the row has no pass mark ("—"). */
  met?: (m: Measured, b: Bench, s: S) => boolean;
}

export type RowId = 'floor' | 'approve' | 'sql';

/** A row of the table. `S` is what its section found before its rows ran (and what they leave there). */
export interface Row<S> {
  /** The figures other parts read by name: the budget reads the floor, a single approval and PostgreSQL alone. */
  id?: RowId;
  /** The table's first column: what is measured, with any figure the measurement found. */
  what: string | ((s: S, b: Bench) => string);
  goal?: Goal<S>;
  /** How it is measured; null leaves the row out (this data set cannot give it). */
  measure: (b: Bench, s: S) => Promise<Measured | null>;
}

export interface Section<S> {
  /** What the rows need, found (not measured) before they run; null leaves the section out. */
  prepare: (b: Bench) => Promise<S | null>;
  rows: Row<S>[];
  /** Clean-up after the rows, not measured. */
  after?: (b: Bench, s: S) => Promise<void>;
}

/** A row as measured: its name, goal and whether it was met (undefined: no pass mark). */
export interface Outcome {
  id?: RowId;
  what: string;
  goal: string;
  met?: boolean;
  m: Measured;
}

/** A section with its state type closed over: what the table is made of. */
export type Part = (b: Bench, record: (o: Outcome) => void) => Promise<void>;

export function section<S>(s: Section<S>): Part {
  return async (b, record) => {
    const state = await s.prepare(b);
    if (state === null) return;
    for (const row of s.rows) {
      const m = await row.measure(b, state);
      if (!m) continue;
      record({
        id: row.id,
        what: typeof row.what === 'string' ? row.what : row.what(state, b),
        goal: row.goal?.text(b) ?? '—',
        met: row.goal?.met?.(m, b, state),
        m,
      });
    }
    await s.after?.(b, state);
  };
}

/** Rows that need nothing found first. */
export const rows = (list: Row<object>[]): Part => section({ prepare: async () => ({}), rows: list });

/** The places the rows measure in: the biggest province, its first city and county, 团中央. */
export interface Places {
  province: { id: string; region_code: string; username: string };
  county: { id: string; region_code: string };
  city: { id: string; region_code: string };
  rootId: string;
  provinceMembers: number;
}

export interface Bench {
  config: ScaleConfig;
  info: DatasetInfo;
  clock: Date;
  /** The cohort year of the data set. */
  year: number;
  /** The run's copy of the data set. */
  db: Client;
  baseUrl: string;
  adminToken: string;
  /** `pgbench -N` on the same server in the same run: the yardstick of the write goals. */
  pgbench: { tps: number; latencyAvgMs: number };
  places: Places;
  meter: Meter;
  /** A generated account's token (its password is the generator's). */
  loginAs(username: string): Promise<string>;
  /** The province committee's generated admin's token, logged in when first asked for. */
  provinceToken(): Promise<string>;
}

/**
 * A read row: 200 requests from 4 clients, measured after 50 of the same requests that are not
 * (WARM_UP). A row lasts one to two seconds; without the warm-up its first requests — V8 compiling
 * that route's code path, the server reading that query's pages into its buffers — were a large
 * part of its p95 (page 50 by number: PostgreSQL 9.5 → 6.0 ms and the API 5.5 → 3.0 ms of CPU a
 * request between a row's first and second 8 seconds). A long-running API is past that point.
 */
export const WARM_UP = 50;

/** The API's process and the PostgreSQL server's postmaster, for their CPU time (lib/cpu.ts). */
export class Meter {
  constructor(
    readonly apiPid: number,
    readonly pgPid: number | null,
  ) {}

  /**
   * Runs a row's measurement and adds what it cost in CPU per operation — in the API, in
   * PostgreSQL, in this driver (and the tools it ran) — to its result; `ops` counts the operations
   * from the result (by default its successful requests).
   */
  async metered<R extends { ok: number }>(fn: () => Promise<R>, ops: (r: R) => number = (r) => r.ok): Promise<R & { cpu: Cpu }> {
    const before = cpuNow(this.apiPid, this.pgPid);
    const r = await fn();
    return { ...r, cpu: cpuSince(before, this.apiPid, this.pgPid, ops(r)) };
  }

  async read(baseUrl: string, path: string, token?: string): Promise<LoadResult & { cpu: Cpu }> {
    await load({ baseUrl, concurrency: 4, count: WARM_UP, next: () => ({ path, token }) });
    return this.metered(() => load({ baseUrl, concurrency: 4, count: 200, next: () => ({ path, token }) }));
  }
}

/** Goal: p95 within `ms`. */
export const p95Within = (ms: number): Goal => ({ text: () => `p95 ≤ ${ms} ms`, met: (m) => m.p95 <= ms });

/** Goal of the write rows: half pgbench's throughput, p99 ≤ 100 ms. */
export const halfPgbench: Goal = {
  text: (b) => `≥ 0.5 × pgbench (${round(b.pgbench.tps / 2)}/s), p99 ≤ 100 ms`,
  met: (m, b) => m.throughput >= b.pgbench.tps / 2 && m.p99 <= 100,
};
