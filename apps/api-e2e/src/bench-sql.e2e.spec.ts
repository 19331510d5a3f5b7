import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from 'pg';
import { createTestDatabase } from '@zhtj/api/db';
import type { DatabaseHandle } from '@zhtj/api/db';
import { loadDataset } from '@zhtj/api/datagen';
import { WORKSPACE, buildApi, http, startBuiltApi } from './support/built-api';
import type { BuiltApi } from './support/built-api';

// Issue 8: the bench's budget rests on one claim — that the row "approvals' statements alone in
// PostgreSQL" runs what an approval through the API runs (tools/bench/approve-sql.mjs, under
// pgbench; docs/benchmarks.md). Here the same group of pending transfers is approved both ways on
// one data set: by the script, its pgbench variables and \gset emulated here, in a transaction that
// is then rolled back, and by the built API's 批量审核通过 (the shared transaction single approvals
// also use); what each leaves in the transfers, the members, their cohort facts, the rate counters
// and the audit log must be equal. Then pgbench itself runs the script, as the bench does.
const ADMIN_PASSWORD = 'Admin@2026x';
const CLOCK = '2026-12-02T10:00:00+08:00';
const realPostgres = Boolean(process.env['TEST_DATABASE_URL']);

/** tools/bench/approve-sql.mjs: the bench's own module, loaded as the bench loads it. */
interface ApproveSql {
  APPROVABLE: string;
  PRE_READ: string;
  APPROVAL_TX: string;
  pgbenchArgs(url: string, o: { script: string; perClient: number; vars: Record<string, string>; logPrefix?: string }): string[];
}
const loadApproveSql = async (): Promise<ApproveSql> =>
  (await import(pathToFileURL(join(WORKSPACE, 'tools/bench/approve-sql.mjs')).href)) as ApproveSql;

interface Command {
  sql: string;
  /** `\gset`: the one row's columns become variables. */
  gset: boolean;
}

/** A pgbench script's SQL commands: each ends with `;` or `\gset` at the end of a line. */
function commands(script: string): Command[] {
  const out: Command[] = [];
  let lines: string[] = [];
  for (const line of script.split('\n')) {
    const end = line.trimEnd();
    if (end.endsWith('\\gset')) {
      out.push({ sql: [...lines, end.slice(0, -'\\gset'.length)].join('\n').trim(), gset: true });
      lines = [];
    } else if (end.endsWith(';')) {
      out.push({ sql: [...lines, end.slice(0, -1)].join('\n').trim(), gset: false });
      lines = [];
    } else lines.push(line);
  }
  return out;
}

/** Runs commands as pgbench -M prepared would: each defined `:name` a parameter, `\gset` setting variables. */
async function runCommands(c: Client, list: Command[], vars: Record<string, string>): Promise<void> {
  for (const cmd of list) {
    const values: string[] = [];
    const text = cmd.sql.replace(/(?<!:):([A-Za-z_][A-Za-z0-9_]*)/g, (whole, name: string) => {
      if (!(name in vars)) return whole;
      values.push(vars[name] as string);
      return `$${values.length}`;
    });
    const { rows } = await c.query(text, values);
    if (cmd.gset) {
      expect(rows).toHaveLength(1);
      for (const [k, v] of Object.entries(rows[0] as Record<string, unknown>)) vars[k] = String(v);
    }
  }
}

/** What an approval leaves behind, for the transfers `ids`: comparable across the two ways of writing it. */
async function outcome(c: Client, ids: string[], auditAfter: string) {
  const q = async (sql: string, params: unknown[] = []) => (await c.query(sql, params)).rows;
  return {
    transfers: await q(
      `SELECT id, status, decided_by, decided_at, to_org_id, to_org_name, reason, requested_org_id, requested_org_name
         FROM transfer WHERE id = ANY($1) ORDER BY id`,
      [ids],
    ),
    members: await q(
      `SELECT m.id, m.org_id, m.destination, m.province_code, m.school_org_id, m.graduation_date::text
         FROM member m WHERE m.id IN (SELECT member_id FROM transfer WHERE id = ANY($1)) ORDER BY m.id`,
      [ids],
    ),
    cohorts: await q(
      `SELECT g.* FROM graduate_cohort g WHERE g.member_id IN (SELECT member_id FROM transfer WHERE id = ANY($1)) ORDER BY g.member_id, g.year`,
      [ids],
    ),
    // The counters are kept in shards by backend: summed over them.
    counts: await q(
      `SELECT year, region, sum(b)::int b, sum(c)::int c, sum(a)::int a, sum(e)::int e, sum(f)::int f, sum(d)::int d, sum(w)::int w, sum(sx_pending)::int sxp, sum(xs_pending)::int xsp
         FROM metric_count GROUP BY 1, 2 ORDER BY 1, 2`,
    ),
    days: await q(
      `SELECT year, region, day::text, sum(b)::int b, sum(c)::int c, sum(a)::int a, sum(e)::int e, sum(f)::int f, sum(d)::int d, sum(w)::int w
         FROM metric_day GROUP BY 1, 2, 3 HAVING ROW(sum(b), sum(c), sum(a), sum(e), sum(f), sum(d), sum(w)) <> ROW(0, 0, 0, 0, 0, 0, 0) ORDER BY 1, 2, 3`,
    ),
    schools: await q(
      `SELECT year, school_org_id, sum(sx_total)::int sxt, sum(sx_done)::int sxd, sum(sx_pending)::int sxp, sum(xs_total)::int xst, sum(xs_done)::int xsd, sum(xs_pending)::int xsp, sum(w_done)::int w
         FROM metric_school GROUP BY 1, 2 ORDER BY 1, 2`,
    ),
    audit: await q(
      `SELECT at, actor_id, actor_username, action, entity_type, entity_id, before, after, org_path::text FROM audit_log WHERE id > $1 ORDER BY entity_type, entity_id, action, org_path::text`,
      [auditAfter],
    ),
  };
}

describe.runIf(realPostgres)("the bench's approvals-alone script writes what the API writes (issue 8)", () => {
  let db: DatabaseHandle;
  let api: BuiltApi;
  let sql: Client;
  let token: string;
  let vars: Record<string, string>;
  let APPROVABLE: string;
  let PRE_READ: string;
  let APPROVAL_TX: string;
  let pgbenchArgs: ApproveSql['pgbenchArgs'];
  /** Pending transfers as the bench's SQL-alone row picks them (APPROVABLE). */
  const pendingGroup = async (limit: number) =>
    (
      await sql.query(
        `SELECT t.id FROM transfer t JOIN member m ON m.id = t.member_id WHERE ${APPROVABLE} ORDER BY md5(t.id::text) LIMIT ${limit}`,
      )
    ).rows.map((r: { id: string }) => r.id);

  beforeAll(async () => {
    ({ APPROVABLE, PRE_READ, APPROVAL_TX, pgbenchArgs } = await loadApproveSql());
    const main = buildApi();
    db = await createTestDatabase();
    api = await startBuiltApi(main, 'bench-sql', {
      DATABASE_URL: db.url,
      ADMIN_PASSWORD,
      APP_CLOCK: 'controllable',
      JWT_SECRET: 'bench-sql-test-secret',
    });
    sql = new Client({ connectionString: db.url });
    await sql.connect();
    await loadDataset(sql, { scale: 0.0005, seed: 5, now: new Date(CLOCK), password: 'Demo@2026', method: 'copy' });
    const login = await http(api.baseUrl, 'POST', '/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
    expect(login.status).toBe(200);
    token = login.body['accessToken'] as string;
    expect((await http(api.baseUrl, 'PUT', '/api/test/clock', { now: CLOCK }, token)).status).toBe(200);
    const ids = (
      await sql.query(
        `SELECT (SELECT id FROM org WHERE parent_id IS NULL) AS root, (SELECT id FROM app_user WHERE username = 'admin') AS admin`,
      )
    ).rows[0];
    vars = { root: ids.root, admin: ids.admin, now: new Date(CLOCK).toISOString() };
  }, 300_000);

  afterAll(async () => {
    await sql?.end();
    await api?.stop();
    await db?.close();
  });

  it('the same group approved by the script and by the API leaves the same transfers, members, facts, counters and audit entries', async () => {
    const group = await pendingGroup(30);
    // Graduates among them, so that the cohort facts and the rate counters move.
    const graduates = (
      await sql.query(
        `SELECT count(*)::int AS n FROM graduate_cohort WHERE member_id IN (SELECT member_id FROM transfer WHERE id = ANY($1))`,
        [group],
      )
    ).rows[0].n;
    expect(group.length).toBeGreaterThanOrEqual(10);
    expect(graduates).toBeGreaterThanOrEqual(5);
    // Half of them with no destination declared: an approval takes it from the transfer's type (§6).
    await sql.query(`UPDATE member SET destination = NULL WHERE id IN (SELECT member_id FROM transfer WHERE id = ANY($1))`, [
      group.slice(0, group.length / 2),
    ]);
    const auditAfter = (await sql.query(`SELECT coalesce(max(id), 0)::text AS id FROM audit_log`)).rows[0].id as string;
    const before = await outcome(sql, group, auditAfter);

    // The script, the group as slot 1, in a transaction rolled back afterwards.
    await sql.query('BEGIN');
    await sql.query(`CREATE TABLE bench_pending AS SELECT unnest($1::uuid[]) AS id, 1 AS slot`, [group]);
    await sql.query('CREATE SEQUENCE bench_pending_slot');
    const tx = commands(APPROVAL_TX);
    expect(tx[0]?.sql).toBe('BEGIN');
    expect(tx[tx.length - 1]?.sql).toBe('COMMIT');
    await runCommands(sql, [...commands(PRE_READ), ...tx.slice(1, -1)], { ...vars });
    const byScript = await outcome(sql, group, auditAfter);
    expect((await sql.query('SELECT * FROM metrics_check()')).rows).toEqual([]);
    await sql.query('ROLLBACK');
    expect(await outcome(sql, group, auditAfter)).toEqual(before);

    // The API: 批量审核通过 of the same group, one shared transaction.
    const res = await http(api.baseUrl, 'POST', '/api/transfers/batch-approve', { ids: group }, token);
    expect(res.status).toBe(200);
    expect(res.body['refused']).toEqual([]);
    const byApi = await outcome(sql, group, auditAfter);

    expect(byScript.transfers.every((t) => t.status === 'approved')).toBe(true);
    expect(byScript.cohorts).not.toEqual(before.cohorts);
    expect(byScript).toEqual(byApi);
  });

  it('pgbench runs the file as the bench does (variables, slots), and the facts still add up', async () => {
    const group = await pendingGroup(20);
    expect(group.length).toBeGreaterThanOrEqual(10);
    await sql.query(
      `CREATE TABLE bench_pending AS SELECT id, ((row_number() OVER (ORDER BY id) - 1) / 5 + 1)::int AS slot FROM unnest($1::uuid[]) AS id`,
      [group],
    );
    await sql.query('CREATE SEQUENCE bench_pending_slot');
    const dir = mkdtempSync(join(tmpdir(), 'bench-sql-'));
    writeFileSync(join(dir, 'approve.pgbench'), PRE_READ + APPROVAL_TX);
    const r = spawnSync('pgbench', pgbenchArgs(db.url, { script: join(dir, 'approve.pgbench'), perClient: 2, vars }), { encoding: 'utf8' });
    rmSync(dir, { recursive: true, force: true });
    expect(r.stderr).not.toMatch(/error|aborted/i);
    expect(r.status).toBe(0);
    // Two clients, two transactions each, five transfers a slot: the first twenty.
    const approved = (await sql.query(`SELECT count(*)::int AS n FROM transfer WHERE id = ANY($1) AND status = 'approved'`, [group]))
      .rows[0].n;
    expect(approved).toBe(20);
    expect((await sql.query('SELECT * FROM metrics_check()')).rows).toEqual([]);
  });
});
