import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from 'pg';
import { isDueForAutoReturn } from '@zhtj/domain';
import { createTestDatabase } from '@zhtj/api/db';
import type { DatabaseHandle } from '@zhtj/api/db';
import { loadDataset } from '@zhtj/api/datagen';
import { SWEEP_LOCK_KEY } from '@zhtj/api/transfers';
import { buildApi, http, startBuiltApi } from './support/built-api';
import type { BuiltApi } from './support/built-api';

// Issue 8: the API scales out as stateless replicas. Two processes of the built bundle on one
// database: either serves any request (a token from one works on the other), the 10-day return
// runs once across them (advisory lock), and the login rate limit is one budget for both.
const ADMIN_PASSWORD = 'Admin@2026x';
const CLOCK = '2026-12-02T10:00:00+08:00';
const LIMIT = 8;
const realPostgres = Boolean(process.env['TEST_DATABASE_URL']);

// Replicas share a PostgreSQL server: on the embedded PGlite every connection is one and the same
// session, so session advisory locks cannot tell two processes apart (both migrated at once and
// failed: "relation "throttle" already exists"), and an embedded database belongs to one process
// anyway. Without TEST_DATABASE_URL this file has nothing true to check.
describe.runIf(realPostgres)('two API processes on one database (issue 8)', () => {
  let db: DatabaseHandle;
  let a: BuiltApi;
  let b: BuiltApi;
  let sql: Client;
  let token: string;

  beforeAll(async () => {
    const main = buildApi();
    db = await createTestDatabase();
    const env = {
      DATABASE_URL: db.url,
      ADMIN_PASSWORD,
      APP_CLOCK: 'controllable',
      JWT_SECRET: 'replicas-test-secret',
      LOGIN_RATE_LIMIT: String(LIMIT),
      TRUST_PROXY: 'loopback',
    };
    // Started together: the bootstrap's advisory lock lets one of them migrate.
    [a, b] = await Promise.all([startBuiltApi(main, 'replica-a', env), startBuiltApi(main, 'replica-b', env)]);
    sql = new Client({ connectionString: db.url });
    await sql.connect();
    await loadDataset(sql, { scale: 0.0002, seed: 3, now: new Date(CLOCK), password: 'Demo@2026', method: 'copy', provinces: ['500000'] });
    const login = await http(a.baseUrl, 'POST', '/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
    expect(login.status).toBe(200);
    token = login.body['accessToken'] as string;
    for (const p of [a, b]) expect((await http(p.baseUrl, 'PUT', '/api/test/clock', { now: CLOCK }, token)).status).toBe(200);
  }, 300_000);

  afterAll(async () => {
    await sql?.end();
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.close();
  });

  it('migrated once: both processes started together on a fresh database', async () => {
    const { rows } = await sql.query(`SELECT count(*)::int AS n, count(DISTINCT name)::int AS d FROM migrations`);
    expect(rows[0].n).toBe(rows[0].d);
    const admins = await sql.query(`SELECT count(*)::int AS n FROM app_user WHERE username = 'admin'`);
    expect(admins.rows[0].n).toBe(1);
  });

  it('serves any request from either process: a token and a write of one are good on the other', async () => {
    expect((await http(b.baseUrl, 'GET', '/api/auth/me', undefined, token)).status).toBe(200);
    const root = (await sql.query(`SELECT id FROM org WHERE parent_id IS NULL`)).rows[0].id as string;
    const province = (await sql.query(`SELECT id FROM org WHERE parent_id = $1 LIMIT 1`, [root])).rows[0].id as string;
    const created = await http(
      a.baseUrl,
      'POST',
      '/api/orgs',
      { parentId: province, name: '副本测试团支部', kind: 'branch', level: 'provincial' },
      token,
    );
    expect(created.status).toBe(201);
    const read = await http(b.baseUrl, 'GET', `/api/orgs/${created.body['id'] as string}`, undefined, token);
    expect(read.status).toBe(200);
    expect(read.body['name']).toBe('副本测试团支部');
  });

  it('runs the 10-day return once across processes: a held lock stops both, a race returns each transfer once', async () => {
    // Make some pending transfers due: initiated 15 October, never reviewed (§3.2.3).
    await sql.query(
      `UPDATE transfer SET initiated_at = '2026-10-15T10:00:00+08:00'
        WHERE id IN (SELECT id FROM transfer WHERE status = 'pending' AND to_org_id IS NOT NULL ORDER BY id LIMIT 25)`,
    );
    const pending = (
      await sql.query(
        `SELECT id, initiated_at, (to_org_id IS NULL AND external_org_name IS NOT NULL) AS external FROM transfer WHERE status = 'pending'`,
      )
    ).rows as {
      id: string;
      initiated_at: Date;
      external: boolean;
    }[];
    const due = pending
      .filter((t) => isDueForAutoReturn({ status: 'pending', initiatedAt: t.initiated_at, external: t.external }, CLOCK))
      .map((t) => t.id);
    expect(due.length).toBeGreaterThanOrEqual(25);

    // Someone else (a third process) holds the sweep: neither process runs it.
    await sql.query('SELECT pg_advisory_lock($1)', [SWEEP_LOCK_KEY]);
    const held = await Promise.all([a, b].map((p) => http(p.baseUrl, 'POST', '/api/jobs/expire-transfers', {}, token)));
    await sql.query('SELECT pg_advisory_unlock($1)', [SWEEP_LOCK_KEY]);
    for (const r of held) expect(r.body).toMatchObject({ expired: 0, skipped: true });
    const still = await sql.query(`SELECT count(*)::int AS n FROM transfer WHERE id = ANY($1::uuid[]) AND status = 'pending'`, [due]);
    expect(still.rows[0].n).toBe(due.length);

    const results = await Promise.all([a, b].map((p) => http(p.baseUrl, 'POST', '/api/jobs/expire-transfers', {}, token)));
    for (const r of results) expect(r.status).toBe(200);
    const ids = results.flatMap((r) => r.body['ids'] as string[]);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...due].sort());
    const audit = await sql.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'transfer.expire' AND entity_id = ANY($1::text[])`,
      [due],
    );
    expect(audit.rows[0].n).toBe(due.length);
  });

  it('counts the login rate limit once for both processes (one budget per address, in PostgreSQL)', async () => {
    // A client address of its own (behind the proxy) starts a fresh budget; the burst fits in its minute.
    const from = { 'x-forwarded-for': '203.0.113.7' };
    const answers = await Promise.all(
      Array.from({ length: 2 * LIMIT }, (_, i) =>
        http(
          i % 2 === 0 ? a.baseUrl : b.baseUrl,
          'POST',
          '/api/auth/login',
          { username: `nobody${i}`, password: 'Wrong-pass-1' },
          undefined,
          from,
        ),
      ),
    );
    const statuses = answers.map((r) => r.status);
    // One shared budget of LIMIT a minute; two budgets in process memory would accept 2 × LIMIT.
    expect(statuses.filter((s) => s !== 429)).toHaveLength(LIMIT);
    for (const r of answers) expect(r.body['code']).toMatch(/^(LOGIN_FAILED|TOO_MANY_REQUESTS)$/);
    // The shared count passed the budget in PostgreSQL; once a process has seen it spent it refuses
    // that address from memory until the window ends (LoginService.anonymousLane, issue 21 finding
    // 5), so later refusals need not reach the database.
    const counted = await sql.query(`SELECT hits FROM throttle WHERE key = 'login-addr:203.0.113.7'`);
    expect(counted.rows[0].hits).toBeGreaterThan(LIMIT);
    expect(counted.rows[0].hits).toBeLessThanOrEqual(2 * LIMIT);
  });
});
