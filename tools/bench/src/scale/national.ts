// `npm run bench -- --scale 0.05 [--seed 1] [--duration 15] [--skip-vitest] [--skip-login-flood]`
//
// One command for the national-scale benchmarks (issue 8): loads (or reuses) the generated data set
// of that scale in its own database, starts the built API on it, measures the table's rows
// (rows/index.ts) over HTTP with a closed-loop driver (lib/load.ts) and `pgbench -N` on the same
// PostgreSQL in the same run, prints the table (p50, p95, p99, throughput, goal, met?) and rewrites
// the national-scale section of docs/benchmarks.md. Then the login flood (its own database) and
// the in-process benchmarks (apps/api-e2e/bench) run too.
import { loadavg } from 'node:os';
import { Client } from 'pg';
import type { LoginResult } from '@zhtj/shared/contract';
import { startBuiltApi } from '../lib/built-api';
import { postmasterOf } from '../lib/cpu';
import { call } from '../lib/load';
import { dbUrl, run } from '../lib/workspace';
import { Meter } from './bench';
import type { Bench, Places, RowId } from './bench';
import { scaleConfig } from './config';
import type { ScaleConfig } from './config';
import { copyDataset, ensureDataset, log } from './dataset';
import { budget, recordRow, writeReport } from './report';
import type { RecordedRow } from './report';
import { TABLE } from './rows';
import { pgbench } from './yardsticks';

async function login(baseUrl: string, username: string, password: string): Promise<string> {
  const r = await call<LoginResult>(baseUrl, 'POST', '/api/auth/login', { username, password });
  if (r.status !== 200 || !r.json) throw new Error(`login ${username}: ${r.status} ${r.text}`);
  return r.json.accessToken;
}

/** The biggest province (by orgs) and its committee's generated admin, its first city and county, 团中央. */
async function findPlaces(db: Client): Promise<Places> {
  const province = (
    await db.query<Places['province']>(
      `SELECT o.id, o.region_code, u.username FROM org o JOIN app_user u ON u.org_id = o.id
        WHERE o.level = 'provincial' AND o.kind = 'committee'
        ORDER BY (SELECT count(*) FROM org c WHERE left(c.region_code, 2) = left(o.region_code, 2)) DESC LIMIT 1`,
    )
  ).rows[0] as Places['province'];
  const one = async <T>(sql: string, params: unknown[] = []): Promise<T> => (await db.query(sql, params)).rows[0] as T;
  const county = await one<Places['county']>(
    `SELECT o.id, o.region_code FROM org o WHERE o.level = 'county' AND left(o.region_code, 2) = left($1, 2) ORDER BY o.region_code LIMIT 1`,
    [province.region_code],
  );
  const city = await one<Places['city']>(
    `SELECT id, region_code FROM org WHERE level = 'city' AND left(region_code, 2) = left($1, 2) ORDER BY region_code LIMIT 1`,
    [province.region_code],
  );
  const root = await one<{ id: string }>(`SELECT id FROM org WHERE parent_id IS NULL`);
  const { members } = await one<{ members: number }>(
    `SELECT count(*)::int AS members FROM member m JOIN org o ON o.id = m.org_id WHERE o.path @> ARRAY[$1::uuid]`,
    [province.id],
  );
  log(`province ${province.region_code}: ${members} members`);
  return { province, county, city, rootId: root.id, provinceMembers: members };
}

/** Measures the table on a fresh copy of the data set and writes the report. */
async function measure(config: ScaleConfig): Promise<void> {
  const info = await ensureDataset(config);
  await copyDataset(config, config.runDb);
  const db = new Client({ connectionString: dbUrl(config.runDb) });
  await db.connect();
  const pgPid = await postmasterOf(db);
  const clock = new Date(info.clock);
  const loadBefore = loadavg()[0] as number;

  log('pgbench -N, 32 clients …');
  const bench = pgbench(config);
  log(`pgbench -N: ${bench.tps} tps, latency average ${bench.latencyAvgMs} ms`);

  const api = await startBuiltApi(dbUrl(config.runDb), {
    APP_CLOCK: 'controllable',
    ADMIN_PASSWORD: config.adminPassword,
    JWT_SECRET: 'bench-secret-not-for-production',
    LOGIN_RATE_LIMIT: '1000000',
  });
  try {
    const { baseUrl } = api;
    const adminToken = await login(baseUrl, 'admin', config.adminPassword);
    await call(baseUrl, 'PUT', '/api/test/clock', { now: clock.toISOString() }, adminToken);
    let provinceToken: Promise<string> | null = null;
    const b: Bench = {
      config,
      info,
      clock,
      year: info.summary.cohortYear,
      db,
      baseUrl,
      adminToken,
      pgbench: bench,
      places: await findPlaces(db),
      meter: new Meter(api.pid, pgPid),
      loginAs: (username) => login(baseUrl, username, config.password),
      provinceToken: () => (provinceToken ??= login(baseUrl, b.places.province.username, config.password)),
    };
    const rows: RecordedRow[] = [];
    const byId = new Map<RowId, RecordedRow>();
    for (const part of TABLE) {
      await part(b, (outcome) => {
        const row = recordRow(outcome);
        rows.push(row);
        if (outcome.id) byId.set(outcome.id, row);
      });
    }
    const text = budget(b, byId.get('floor') as RecordedRow, byId.get('approve') as RecordedRow, byId.get('sql'));
    writeReport(b, rows, [loadBefore, loadavg()[0] as number], text);
  } finally {
    await api.stop();
    await db.end();
  }
}

export async function nationalScale(args: string[]): Promise<void> {
  const config = scaleConfig(args);
  log('building api and generate …');
  run('npx', ['nx', 'run-many', '-t', 'build', '-p', 'api,generate', '--outputStyle=static']);
  await measure(config);
  // Logins under a flood from many addresses, on a fresh database of its own (issue 21 item 5).
  if (!config.skipLoginFlood) run(process.execPath, [process.argv[1] as string, 'login-flood']);
  if (!config.skipVitest) run('npx', ['vitest', 'run', '--config', 'apps/api-e2e/vite.bench.mts']);
}
