import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource, QueryRunner } from 'typeorm';
import { PREPARED, preparedName } from '@zhtj/api/db';
import { Client, Json, TestApi, withSqlFileVariant } from './support/harness';
import { Tree, memberWithContacts, seedTree } from './support/fixtures';

/**
 * Issue 8, approvals at 32 clients: the hot paths' statements are prepared once per connection
 * on a PostgreSQL server (libs/api/db/src/lib/prepared.ts), and the facts refresh is planned once
 * per session (`SET plan_cache_mode = force_generic_plan` in metrics_refresh_members.sql). PGlite serves every connection from one session,
 * where one connection's named statement would collide with another's: there nothing is named.
 */
describe('prepared statements on the hot paths (issue 8)', () => {
  let api: TestApi;
  let ds: DataSource;
  let admin: Client;
  let t: Tree;
  let embedded: boolean;

  beforeAll(async () => {
    api = await TestApi.start();
    ds = api.app.get(DataSource);
    embedded = !process.env['TEST_DATABASE_URL'];
    await api.setClock('2026-07-10T10:00:00+08:00');
    admin = await api.admin();
    t = await seedTree(api, admin);
  });
  afterAll(() => api?.close());

  /** Every connection of the API's pool at once (so each is looked at), released afterwards. */
  async function everyConnection<T>(read: (r: QueryRunner) => Promise<T>): Promise<T[]> {
    const runners = Array.from({ length: embedded ? 1 : 20 }, () => ds.createQueryRunner());
    try {
      await Promise.all(runners.map((r) => r.connect()));
      return await Promise.all(runners.map(read));
    } finally {
      await Promise.all(runners.map((r) => r.release()));
    }
  }

  it('sends a marked statement as a named one, planned once it is generic, and leaves the rest unnamed', async () => {
    const runner = ds.createQueryRunner();
    try {
      const marked = `${PREPARED}SELECT id FROM org WHERE id = $1`;
      for (let i = 0; i < 8; i++) expect(await runner.query(marked, [t.branch1.id])).toEqual([{ id: t.branch1.id }]);
      await runner.query(`SELECT id FROM org WHERE id = $1`, [t.branch1.id]);
      const named: { name: string; statement: string; generic_plans: number }[] = await runner.query(
        `SELECT name, statement, generic_plans FROM pg_prepared_statements`,
      );
      if (embedded) {
        expect(named.filter((s) => s.name.startsWith('p_'))).toEqual([]);
      } else {
        const mine = named.find((s) => s.name === preparedName(marked));
        expect(mine?.statement).toBe(marked);
        // Five custom plans, then the generic one for good (plan_cache_mode = auto).
        expect(Number(mine?.generic_plans)).toBeGreaterThan(0);
        expect(named.filter((s) => s.statement.startsWith('SELECT id FROM org'))).toEqual([]);
      }
    } finally {
      await runner.release();
    }
  });

  it('prepares an approval’s statements — the caller, the locking read, the routing facts, both writes and the audit entry', async () => {
    const transfers: Json[] = [];
    for (let i = 0; i < 8; i++) {
      const m = await memberWithContacts(admin, t.branch1.id, `预备${'甲乙丙丁戊己庚辛'[i]}`);
      transfers.push(await admin.create('/api/transfers', { memberId: m.id, type: 'general', toOrgId: t.branch2.id }));
    }
    // Approved one after another by the receiving side (not the initiator, §5), each on the
    // connection the last one released.
    const uni2 = await api.login('uni2');
    for (const x of transfers) expect((await uni2.post(`/api/transfers/${x.id}/approve`)).status).toBe(200);
    const statements = (
      await everyConnection((r) => r.query(`SELECT statement, generic_plans FROM pg_prepared_statements WHERE name LIKE 'p\\_%'`))
    ).flat() as {
      statement: string;
      generic_plans: number;
    }[];
    if (embedded) {
      expect(statements).toEqual([]);
      return;
    }
    const find = (pattern: RegExp) => statements.filter((s) => pattern.test(s.statement));
    expect(find(/FROM app_user u/).length, 'the caller (AuthGuard.loadActor)').toBeGreaterThan(0);
    expect(find(/FOR UPDATE OF/).length, 'the decision’s locking read').toBeGreaterThan(0);
    expect(find(/FROM "org" "o"/).length, 'the routing facts').toBeGreaterThan(0);
    expect(find(/UPDATE member AS mb/).length, 'the member moved').toBeGreaterThan(0);
    expect(find(/UPDATE transfer AS t/).length, 'the decision written').toBeGreaterThan(0);
    expect(find(/INSERT INTO audit_log/).length, 'the audit entries').toBeGreaterThan(0);
    // The single decision's read is planned once per connection after its first five.
    const reads = find(/FOR UPDATE OF/).filter((s) => /"t"\."id" = \$/.test(s.statement));
    expect(reads.reduce((n, s) => n + Number(s.generic_plans), 0)).toBeGreaterThan(0);
  });

  it('keeps an idle connection past pg-pool’s default 10 s, so its caches, compiled triggers and prepared plans are used again', async () => {
    const pid = async () => Number((await ds.query(`SELECT pg_backend_pid() AS pid`))[0].pid);
    const before = await pid();
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    // The pool hands out the connection released last: the same session, not a new one.
    expect(await pid()).toBe(before);
  }, 30_000);

  it('plans the facts refresh once per session (its file sets force_generic_plan), and a variant of the file without it does not', async () => {
    const config = async () =>
      (await ds.query(`SELECT proconfig FROM pg_proc WHERE proname = 'metrics_refresh_members'`))[0].proconfig as string[] | null;
    expect(await config()).toContain('plan_cache_mode=force_generic_plan');
    const withoutPlanMode = (sql: string) => sql.replace(/\n\s*SET plan_cache_mode = force_generic_plan/, '');
    await withSqlFileVariant(ds, 'metrics/functions/metrics_refresh_members.sql', withoutPlanMode, async () => {
      expect(await config()).not.toContain('plan_cache_mode=force_generic_plan');
    });
    expect(await config()).toContain('plan_cache_mode=force_generic_plan');
    // The facts are still exact after the approvals above.
    expect(await ds.query(`SELECT * FROM metrics_check()`)).toEqual([]);
  });
});
