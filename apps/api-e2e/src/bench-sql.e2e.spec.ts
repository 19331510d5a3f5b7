import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase } from '@zhtj/api/db';
import type { DatabaseHandle } from '@zhtj/api/db';
import { loadDataset } from '@zhtj/api/datagen';
import { WORKSPACE, buildApi, http, startBuiltApi } from './support/built-api';
import type { BuiltApi } from './support/built-api';

// Issue 8: the bench's budget rests on one claim — that tools/bench/approve.pgbench, the row
// "approvals' statements alone in PostgreSQL", writes what an approval through the API writes
// (docs/benchmarks.md). Here the same group of pending transfers is approved both ways on one data
// set: by the script's statements in a transaction that is then rolled back, and by the built API's
// 批量审核通过 (the shared transaction single approvals also use); what each leaves in the
// transfers, the members, their cohort facts, the rate counters and the audit log must be equal.
// Then pgbench itself runs the file, as the bench does, and the facts still add up.
const ADMIN_PASSWORD = 'Admin@2026x';
const CLOCK = '2026-12-02T10:00:00+08:00';
const SCRIPT = join(WORKSPACE, 'tools/bench/approve.pgbench');
const realPostgres = Boolean(process.env['TEST_DATABASE_URL']);

/** The script's SQL statements (meta-command and transaction lines aside), with pgbench's variables set. */
function scriptStatements(vars: Record<string, string>): string[] {
  const sql = readFileSync(SCRIPT, 'utf8')
    .split('\n')
    .filter((line) => !line.startsWith('--') && !line.includes('\\gset'))
    .join('\n');
  return sql
    .split(/;\s*\n/)
    .map((s) => s.trim())
    .filter((s) => s && s !== 'BEGIN' && s !== 'COMMIT')
    .map((s) => s.replace(/:(slot|root|admin|now)\b/g, (_m, name: string) => vars[name] as string));
}

/** What an approval leaves behind, for the transfers `ids`: comparable across the two ways of writing it. */
async function outcome(c: Client, ids: string[], auditAfter: string) {
  const q = async (sql: string, params: unknown[] = []) => (await c.query(sql, params)).rows;
  return {
    transfers: await q(
      `SELECT id, status, decided_by, (decided_at AT TIME ZONE 'Asia/Shanghai')::date::text AS decided_day, to_org_id, to_org_name, reason
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
      `SELECT year, region, day::text, sum(sx_done)::int sx, sum(xs_done)::int xs, sum(w_done)::int w, sum(sx_in)::int sxi, sum(xs_in)::int xsi
         FROM metric_day GROUP BY 1, 2, 3 HAVING sum(sx_done) <> 0 OR sum(xs_done) <> 0 OR sum(w_done) <> 0 OR sum(sx_in) <> 0 OR sum(xs_in) <> 0 ORDER BY 1, 2, 3`,
    ),
    schools: await q(
      `SELECT year, school_org_id, sum(sx_total)::int sxt, sum(sx_done)::int sxd, sum(sx_pending)::int sxp, sum(xs_total)::int xst, sum(xs_done)::int xsd, sum(xs_pending)::int xsp, sum(w_done)::int w
         FROM metric_school GROUP BY 1, 2 ORDER BY 1, 2`,
    ),
    audit: await q(
      `SELECT action, entity_type, entity_id, org_path::text, actor_id FROM audit_log WHERE id > $1 ORDER BY entity_type, entity_id, action, org_path::text`,
      [auditAfter],
    ),
  };
}

describe.runIf(realPostgres)('the bench\'s approvals-alone script writes what the API writes (issue 8)', () => {
  let db: DatabaseHandle;
  let api: BuiltApi;
  let sql: Client;
  let token: string;
  let vars: Record<string, string>;
  /** Pending transfers as the bench's SQL-alone row picks them: one per member, to an org. */
  const pendingGroup = async (limit: number) =>
    (
      await sql.query(
        `SELECT t.id FROM transfer t JOIN member m ON m.id = t.member_id
          WHERE t.status = 'pending' AND t.to_org_id IS NOT NULL AND t.type IN ('further_study', 'employment', 'unemployed', 'abroad_official', 'abroad_private') AND m.status = 'active'
            AND NOT EXISTS (SELECT 1 FROM transfer o WHERE o.member_id = t.member_id AND o.status = 'pending' AND o.id <> t.id)
          ORDER BY md5(t.id::text) LIMIT ${limit}`,
      )
    ).rows.map((r: { id: string }) => r.id);

  beforeAll(async () => {
    const main = buildApi();
    db = await createTestDatabase();
    api = await startBuiltApi(main, 'bench-sql', { DATABASE_URL: db.url, ADMIN_PASSWORD, APP_CLOCK: 'controllable', JWT_SECRET: 'bench-sql-test-secret' });
    sql = new Client({ connectionString: db.url });
    await sql.connect();
    await loadDataset(sql, { scale: 0.0005, seed: 5, now: new Date(CLOCK), password: 'Demo@2026', method: 'copy' });
    const login = await http(api.baseUrl, 'POST', '/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
    expect(login.status).toBe(200);
    token = login.body['accessToken'] as string;
    expect((await http(api.baseUrl, 'PUT', '/api/test/clock', { now: CLOCK }, token)).status).toBe(200);
    const ids = (await sql.query(`SELECT (SELECT id FROM org WHERE parent_id IS NULL) AS root, (SELECT id FROM app_user WHERE username = 'admin') AS admin`)).rows[0];
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
    const graduates = (await sql.query(`SELECT count(*)::int AS n FROM graduate_cohort WHERE member_id IN (SELECT member_id FROM transfer WHERE id = ANY($1))`, [group])).rows[0].n;
    expect(group.length).toBeGreaterThanOrEqual(10);
    expect(graduates).toBeGreaterThanOrEqual(5);
    // Half of them with no destination declared: an approval takes it from the transfer's type (§6).
    await sql.query(`UPDATE member SET destination = NULL WHERE id IN (SELECT member_id FROM transfer WHERE id = ANY($1))`, [group.slice(0, group.length / 2)]);
    const auditAfter = (await sql.query(`SELECT coalesce(max(id), 0)::text AS id FROM audit_log`)).rows[0].id as string;
    const before = await outcome(sql, group, auditAfter);

    // The script's statements, the group as slot 1, in a transaction rolled back afterwards.
    await sql.query('BEGIN');
    await sql.query(`CREATE TABLE bench_pending AS SELECT unnest($1::uuid[]) AS id, 1 AS slot`, [group]);
    await sql.query('CREATE SEQUENCE bench_pending_slot');
    const slot = (await sql.query(`SELECT nextval('bench_pending_slot') AS slot`)).rows[0].slot as string;
    for (const statement of scriptStatements({ ...vars, slot })) await sql.query(statement);
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
    await sql.query(`CREATE TABLE bench_pending AS SELECT id, ((row_number() OVER (ORDER BY id) - 1) / 5 + 1)::int AS slot FROM unnest($1::uuid[]) AS id`, [group]);
    await sql.query('CREATE SEQUENCE bench_pending_slot');
    const u = new URL(db.url);
    const r = spawnSync(
      'pgbench',
      ['-h', u.hostname, '-p', u.port || '5432', '-U', decodeURIComponent(u.username || 'postgres'), '-n', '-c', '2', '-j', '2', '-t', '2', '-f', SCRIPT, ...Object.entries(vars).flatMap(([k, v]) => ['-D', `${k}=${v}`]), u.pathname.slice(1)],
      { encoding: 'utf8' },
    );
    expect(r.stderr).not.toMatch(/error|aborted/i);
    expect(r.status).toBe(0);
    // Two clients, two transactions each, five transfers a slot: the first twenty.
    const approved = (await sql.query(`SELECT count(*)::int AS n FROM transfer WHERE id = ANY($1) AND status = 'approved'`, [group])).rows[0].n;
    expect(approved).toBe(20);
    expect((await sql.query('SELECT * FROM metrics_check()')).rows).toEqual([]);
  });
});
