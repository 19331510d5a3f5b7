// What the API's figures are set against: `pgbench -N` on the same server in the same run, and
// PostgreSQL's own share of an approval, measured without the API.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APPROVAL_TX, PRE_READ, benchPendingSql, pgbenchArgs } from '../../approve-sql.mjs';
import { cpuNow, cpuSince } from '../lib/cpu';
import { stats } from '../lib/load';
import { BASE_URL, dbUrl, run, withClient } from '../lib/workspace';
import type { Bench, Measured } from './bench';
import type { ScaleConfig } from './config';
import { copyDataset, log } from './dataset';

/** `pgbench -N` (simple updates) at 32 clients on the same PostgreSQL: the yardstick for approvals. */
export function pgbench(config: ScaleConfig): { tps: number; latencyAvgMs: number } {
  const name = 'zhtj_pgbench';
  const u = new URL(BASE_URL);
  const conn = ['-h', u.hostname, '-p', u.port || '5432', '-U', decodeURIComponent(u.username || 'postgres')];
  spawnSync('createdb', [...conn, name], { stdio: 'ignore' });
  const check = spawnSync('psql', [...conn, '-d', name, '-tAc', 'SELECT count(*) FROM pgbench_branches'], { encoding: 'utf8' });
  if (check.status !== 0 || Number(check.stdout.trim()) !== 10) run('pgbench', [...conn, '-i', '-q', '-s', '10', name]);
  const r = spawnSync(
    'pgbench',
    [...conn, '-N', '-c', '32', '-j', '2', '-T', String(Math.round(config.durationMs / 1000)), '-n', '-r', name],
    { encoding: 'utf8' },
  );
  const tps = Number(/tps = ([\d.]+)/.exec(r.stdout)?.[1]);
  const lat = Number(/latency average = ([\d.]+) ms/.exec(r.stdout)?.[1]);
  return { tps, latencyAvgMs: lat };
}

/** Approvals a transaction in the SQL-alone row: about what the API's shared transaction holds at 32 clients. */
export const SQL_GROUP = 30;
/** At most this many groups (the whole run at scale 0.05: ~770 groups, ~8 s). */
const SQL_GROUPS_MAX = 1000;

/**
 * PostgreSQL's share of an approval, measured without the API: pgbench runs the statements the API
 * sends to approve a group (tools/bench/approve-sql.mjs: APPROVAL_TX, prepared as the API's are),
 * SQL_GROUP approvals a transaction, 2 clients (one per core: PostgreSQL's best throughput here), on
 * a copy of the data set of its own, over pending transfers of the approve rows' kind (one a member). What the
 * API works out in JavaScript between its statements (PRE_READ) is read before each transaction;
 * a second pass runs PRE_READ alone over the same groups, and its CPU is taken off. Throughput in
 * approvals a second; latencies per transaction (a group); CPU per approval, pgbench as the driver.
 * Null when the data set holds fewer than two groups; `preRead` receives PRE_READ's CPU an approval.
 */
export async function approvalsSqlAlone(b: Bench, preRead: { pg: number }): Promise<Measured | null> {
  const { config, clock } = b;
  const pgPid = b.meter.pgPid;
  const name = `${config.dbName}_sql`;
  await copyDataset(config, name);
  const dir = mkdtempSync(join(tmpdir(), 'zhtj-bench-sql-'));
  try {
    const { rootId, adminId, groups } = await withClient(dbUrl(name), async (c) => {
      for (const statement of benchPendingSql(SQL_GROUP)) await c.query(statement);
      const ids = (
        await c.query<{ root: string; admin: string; groups: number }>(
          `SELECT (SELECT id FROM org WHERE parent_id IS NULL) AS root, (SELECT id FROM app_user WHERE username = 'admin') AS admin, (SELECT count(DISTINCT slot)::int FROM bench_pending WHERE slot <= ${SQL_GROUPS_MAX}) AS groups`,
        )
      ).rows[0] as { root: string; admin: string; groups: number };
      // The last slot may be short of a group.
      return { rootId: ids.root, adminId: ids.admin, groups: ids.groups - 1 };
    });
    const perClient = Math.floor(groups / 2);
    if (perClient < 1) {
      log(`approvals' statements alone: skipped, ${groups} full groups of ${SQL_GROUP}`);
      return null;
    }
    writeFileSync(join(dir, 'approve.pgbench'), PRE_READ + APPROVAL_TX);
    writeFileSync(join(dir, 'pre-read.pgbench'), PRE_READ);
    const pass = (script: string, logPrefix: string | null): { seconds: number; before: ReturnType<typeof cpuNow> } => {
      const before = cpuNow(0, pgPid);
      const t0 = process.hrtime.bigint();
      const r = spawnSync(
        'pgbench',
        pgbenchArgs(dbUrl(name), {
          script: join(dir, script),
          perClient,
          vars: { root: rootId, admin: adminId, now: new Date(clock).toISOString() },
          logPrefix: logPrefix ? join(dir, logPrefix) : undefined,
        }),
        { encoding: 'utf8' },
      );
      if (r.status !== 0 || /aborted|error/i.test(r.stderr)) throw new Error(`pgbench ${script}: ${r.status} ${r.stderr}`);
      return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, before };
    };
    const approveRun = pass('approve.pgbench', 'tx');
    const approved = await withClient(
      dbUrl(name),
      async (c) =>
        (
          await c.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM transfer t JOIN bench_pending p ON p.id = t.id WHERE t.status = 'approved'`,
          )
        ).rows[0]?.n ?? 0,
    );
    const total = cpuSince(approveRun.before, 0, pgPid, approved);
    // The same groups read again, nothing written: what PRE_READ cost, per approval.
    await withClient(dbUrl(name), (c) => c.query(`SELECT setval('bench_pending_slot', 1, false)`));
    const read = pass('pre-read.pgbench', null);
    const readCpu = cpuSince(read.before, 0, pgPid, approved);
    preRead.pg = readCpu.pg;
    const cpu = { api: NaN, pg: total.pg - readCpu.pg, driver: total.driver - readCpu.driver };
    // pgbench's transaction log: client, transaction, elapsed µs, …
    const latencies = readdirSync(dir)
      .filter((f) => f.startsWith('tx'))
      .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n'))
      .filter((line) => line.trim())
      .map((line) => Number(line.split(' ')[2]) / 1000);
    return { ...stats(latencies), n: approved, ok: approved, throughput: approved / approveRun.seconds, cpu };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await withClient(BASE_URL, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  }
}
