import type { Client } from 'pg';

// The reads standby.e2e.spec.ts sends and how it finds where they ran: the lag-tolerant routes with
// the SQL each sends (docs/scaling.md, "Reads that go to replicas"), pg_stat_statements on either
// server, the standby's lag sampled on the primary, and a poll with a generous timeout.

/** The province the data set is loaded for, and the reader's (its committee's admin). */
export const PROVINCE = '500000';

export interface Read {
  name: string;
  path: string;
  /** A piece of the SQL only this route sends, as pg_stat_statements keeps it. */
  sql: RegExp;
}
export const SX: Read = {
  name: 'SX',
  path: `/api/metrics/sx?region=${PROVINCE}&year=2026`,
  sql: /FROM metric_count WHERE year = \$1 AND region IN \(SELECT code FROM r\)/,
};
export const RANKING: Read = {
  name: 'ranking',
  path: `/api/metrics/ranking?region=${PROVINCE}&year=2026&indicator=xs&by=school`,
  sql: /FROM metric_school WHERE year = \$1 AND school_region LIKE/,
};
export const DIRECTORY: Read = {
  name: 'org directory',
  path: `/api/transfers/targets?q=${encodeURIComponent('团支部')}`,
  sql: /"sch"\."industry" IN|sch\.industry IN/,
};
/** Each lag-tolerant route (docs/scaling.md, "Reads that go to replicas"). */
export const READS: Read[] = [
  SX,
  RANKING,
  { name: 'trend', path: `/api/metrics/trend?region=${PROVINCE}&year=2026&indicator=sx`, sql: /generate_series/ },
  { name: 'indicator export', path: `/api/metrics/export?region=${PROVINCE}&year=2026`, sql: SX.sql },
  DIRECTORY,
  { name: 'member list', path: `/api/members?pageSize=20&page=3`, sql: /FROM "member" "m"/ },
  { name: 'member export', path: `/api/members/export`, sql: /DECLARE scoped_cursor_/ },
  { name: 'overdue list', path: `/api/members/overdue?list=check_in`, sql: /FROM "member" "m"/ },
];

export async function statements(c: Client): Promise<{ query: string; calls: number; mean: number }[]> {
  const { rows } = await c.query(
    `SELECT query, calls::int AS calls, mean_exec_time AS mean FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`,
  );
  return rows as { query: string; calls: number; mean: number }[];
}

export async function callsOf(c: Client, sql: RegExp): Promise<number> {
  return (await statements(c)).filter((s) => sql.test(s.query)).reduce((n, s) => n + s.calls, 0);
}

/**
 * Samples the standby's lag as the primary reports it (pg_stat_replication) every 20 ms until
 * `stop()`: replay_lag (time from a commit on the primary to its replay on the standby) and the
 * WAL bytes not yet replayed.
 */
export function sampleLag(primary: Client): { stop(): Promise<Record<string, number | null>> } {
  const samples: { lag: number; bytes: number }[] = [];
  let on = true;
  const loop = (async () => {
    while (on) {
      const { rows } = await primary.query(
        `SELECT coalesce(EXTRACT(EPOCH FROM replay_lag) * 1000, 0)::float8 AS lag, pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::float8 AS bytes FROM pg_stat_replication`,
      );
      if (rows[0]) samples.push({ lag: rows[0].lag as number, bytes: rows[0].bytes as number });
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const started = Date.now();
  return {
    async stop() {
      on = false;
      await loop;
      const lags = samples.map((x) => x.lag).sort((a, b) => a - b);
      return {
        ms: Date.now() - started,
        samples: samples.length,
        p50ReplayLagMs: lags[Math.floor(lags.length / 2)] ?? null,
        maxReplayLagMs: lags[lags.length - 1] ?? null,
        maxBytesBehind: Math.max(0, ...samples.map((x) => x.bytes)),
      };
    },
  };
}

/** Polls `check` until it holds (generous timeout; never a timing assertion). */
export async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
