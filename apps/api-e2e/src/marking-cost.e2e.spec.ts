import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { CohortSchoolCheck1765500000001 } from '@zhtj/api/db';
import { Client, Json, TestApi, withMigrationUndone, withSqlFileVariant } from './support/harness';
import { Tree, seedTree } from './support/fixtures';

/**
 * Issue 8, marking a 5,000-member branch ≤ 300 ms: what PostgreSQL does for one marking, read from
 * its own plans (auto_explain, on a PostgreSQL server; PGlite cannot load it, and there only the
 * settings are checked). docs/benchmarks.md has the measurements.
 */
describe('the cost of a marking in PostgreSQL (§4, issue 8)', () => {
  let api: TestApi;
  let ds: DataSource;
  let admin: Client;
  let t: Tree;
  const embedded = !process.env['TEST_DATABASE_URL'];

  beforeAll(async () => {
    api = await TestApi.start();
    ds = api.app.get(DataSource);
    await api.setClock('2026-07-10T10:00:00+08:00');
    admin = await api.admin();
    t = await seedTree(api, admin);
  });
  afterAll(() => api?.close());

  /** A new branch of `size` of uni1's members, written as the import writes them (their school with them). */
  async function branchOf(name: string, size: number, idPrefix: string): Promise<Json> {
    const branch = await admin.create('/api/orgs', { parentId: t.uni1.id, name, kind: 'branch', level: 'base' });
    await ds.query(
      `INSERT INTO member (org_id, name, id_card_number, gender, birth_date, status, school_org_id)
       SELECT $1, $2 || g, $3 || lpad(g::text, 18 - length($3), '0'), 'male', '2004-01-01', 'active', $4 FROM generate_series(1, $5::int) g`,
      [branch.id, name, idPrefix, t.uni1.id, size],
    );
    return branch;
  }

  let day = 10;
  /**
   * The explained plans (nested statements and their triggers included) of each of `times`
   * markings of `branch` in one new session.
   */
  async function markingsExplained(branch: Json, times: number): Promise<string[][]> {
    const runner = ds.createQueryRunner();
    await runner.connect();
    type Notices = (e: 'notice', f: (n: { message: string }) => void) => void;
    const connection = (runner as unknown as { databaseConnection: { on: Notices; off: Notices } }).databaseConnection;
    const markings: string[][] = [];
    const onNotice = (n: { message: string }) => markings[markings.length - 1]?.push(n.message);
    connection.on('notice', onNotice);
    try {
      await runner.query(`LOAD 'auto_explain'`);
      await runner.query(
        `SET auto_explain.log_min_duration = 0; SET auto_explain.log_nested_statements = on; SET auto_explain.log_analyze = on;
         SET auto_explain.log_triggers = on; SET auto_explain.log_level = notice; SET client_min_messages = notice`,
      );
      for (let i = 0; i < times; i++) {
        markings.push([]);
        await runner.query(`UPDATE member SET graduation_date = $2 WHERE org_id = $1`, [branch.id, `2027-06-${day++}`]);
      }
      return markings;
    } finally {
      await runner.query(`RESET ALL`);
      // The connection goes back to the pool: it keeps no listener of this test.
      connection.off('notice', onNotice);
      await runner.release();
    }
  }

  it('plans the member trigger for each marking’s own members (SET plan_cache_mode = force_custom_plan in metrics_member_stmt.sql): a session’s seventh marking of a branch probes them as its first did', async () => {
    const config = async () =>
      (await ds.query(`SELECT proconfig FROM pg_proc WHERE proname = 'metrics_member_stmt'`))[0].proconfig as string[] | null;
    // The function as its file has it, and the same without the plan mode (as before issue 8's fix).
    const MEMBER_STMT = 'metrics/functions/metrics_member_stmt.sql';
    const withoutPlanMode = (sql: string) => sql.replace(/\n\s*SET plan_cache_mode = force_custom_plan/, '');
    expect(await config()).toContain('plan_cache_mode=force_custom_plan');
    const branch = await branchOf('计划测试团支部', 300, '8');
    if (!embedded) {
      // Generic, the members' ids are a parameter searched for each row of the transition table.
      const parameterArray = /Named Tuplestore Scan[^\n]*\n\s*Filter: \([^\n]*ANY \(\$\d+\)/;
      await withSqlFileVariant(ds, MEMBER_STMT, withoutPlanMode, async () => {
        expect(await config()).not.toContain('plan_cache_mode=force_custom_plan');
        const seventh = (await markingsExplained(branch, 7))[6] ?? [];
        expect(seventh.filter((p) => parameterArray.test(p)).length).toBeGreaterThan(0);
      });
      const seventh = (await markingsExplained(branch, 7))[6] ?? [];
      expect(seventh.filter((p) => /Named Tuplestore Scan/.test(p)).length, 'the trigger’s statements were explained').toBeGreaterThan(0);
      expect(seventh.filter((p) => parameterArray.test(p))).toEqual([]);
    } else {
      await withSqlFileVariant(ds, MEMBER_STMT, withoutPlanMode, async () =>
        expect(await config()).not.toContain('plan_cache_mode=force_custom_plan'),
      );
      expect(await config()).toContain('plan_cache_mode=force_custom_plan');
    }
    // The markings' facts are exact.
    expect(await ds.query(`SELECT * FROM metrics_check()`)).toEqual([]);
  });

  it('states a plan mode for every PL/pgSQL function that narrows by an array it is given or builds (the class of the above)', async () => {
    // PL/pgSQL decides between custom and generic plans by estimates that cost an array variable
    // at ten elements; a function that searches one must say which it wants (docs/operations.md).
    const functions: { name: string; src: string; config: string[] | null }[] = await ds.query(
      `SELECT p.proname AS name, p.prosrc AS src, p.proconfig AS config FROM pg_proc p
        WHERE p.pronamespace = 'public'::regnamespace AND p.prolang = (SELECT oid FROM pg_language WHERE lanname = 'plpgsql')`,
    );
    const byArray = functions.filter((f) => /\b(ANY|ALL)\s*\(\s*(?!ARRAY\s*\[)/i.test(f.src));
    expect(byArray.map((f) => f.name).sort()).toEqual(expect.arrayContaining(['metrics_member_stmt', 'metrics_refresh_members']));
    expect(byArray.filter((f) => !(f.config ?? []).some((c) => c.startsWith('plan_cache_mode='))).map((f) => f.name)).toEqual([]);
  });

  it('checks no key per member when a branch’s first marking writes its cohort (CohortSchoolCheck1765500000001)', async () => {
    const rowChecks = (plans: string[]) =>
      plans.flatMap((p) => [...p.matchAll(/Trigger for constraint (\S+): time=[\d.]+ calls=(\d+)/g)].map((m) => `${m[1]} × ${m[2]}`));
    if (!embedded) {
      await withMigrationUndone(ds, new CohortSchoolCheck1765500000001(), async () => {
        const [first] = await markingsExplained(await branchOf('键检查前团支部', 200, '71'), 1);
        expect(rowChecks(first ?? [])).toContain('graduate_cohort_school_org_id_fkey × 200');
      });
      const [first] = await markingsExplained(await branchOf('键检查后团支部', 200, '72'), 1);
      expect(
        first?.some((p) => /Insert on graduate_cohort/.test(p)),
        'the cohort rows were written',
      ).toBe(true);
      expect(rowChecks(first ?? [])).toEqual([]);
    }
    const keys = await ds.query(`SELECT conname FROM pg_constraint WHERE conrelid = 'graduate_cohort'::regclass AND contype = 'f'`);
    expect(keys).toEqual([]);
    expect(await ds.query(`SELECT * FROM metrics_check()`)).toEqual([]);
  });

  it('clears a deleted school from the cohorts that still name it, as the key did, and moves its counts', async () => {
    // 王三 graduates from 锦江中学 in 2026, then from 第一大学 in 2027: the first cohort keeps its school.
    await ds.query(`UPDATE member SET graduation_date = '2026-06-30' WHERE id = $1`, [t.m3.id]);
    await ds.query(`UPDATE member SET org_id = $2, graduation_date = '2027-06-30' WHERE id = $1`, [t.m3.id, t.branch1.id]);
    const cohorts = () => ds.query(`SELECT year, school_org_id FROM graduate_cohort WHERE member_id = $1 ORDER BY year`, [t.m3.id]);
    expect(await cohorts()).toEqual([
      { year: 2026, school_org_id: t.school3.id },
      { year: 2027, school_org_id: t.uni1.id },
    ]);
    // No member names 锦江中学 any more: it may be deleted (its branch first).
    expect((await admin.delete(`/api/orgs/${t.branch3.id}`)).status).toBe(204);
    expect((await admin.delete(`/api/orgs/${t.school3.id}`)).status).toBe(204);
    expect(await cohorts()).toEqual([
      { year: 2026, school_org_id: null },
      { year: 2027, school_org_id: t.uni1.id },
    ]);
    expect(
      await ds.query(`SELECT count(*)::int AS n FROM metric_school WHERE school_org_id = $1 AND (sx_total <> 0 OR xs_total <> 0)`, [
        t.school3.id,
      ]),
    ).toEqual([{ n: 0 }]);
    expect(await ds.query(`SELECT * FROM metrics_check()`)).toEqual([]);
  });
});
