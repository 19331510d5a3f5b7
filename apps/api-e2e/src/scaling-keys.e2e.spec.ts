import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { MemberListWalk1765400000001 } from '@zhtj/api/db';
import { TestApi, functionBody, idCard, withMigrationUndone } from './support/harness';
import { WORKSPACE } from './support/built-api';

// docs/scaling.md names the partition / distribution keys; the migrations must carry them:
// the column on each named table, NOT NULL, leading an index, and kept right by the database.
function documentedKeys(): { table: string; column: string }[] {
  const doc = readFileSync(join(WORKSPACE, 'docs/scaling.md'), 'utf8');
  const block = /<!-- keys:start -->([\s\S]*?)<!-- keys:end -->/.exec(doc)?.[1] ?? '';
  return block
    .split('\n')
    .map((l) => l.split('|').map((c) => c.trim()))
    .filter((c) => c.length > 3 && /^[a-z_]+$/.test(c[1] ?? '') && c[1] !== 'table')
    .map((c) => ({ table: c[1] as string, column: c[2] as string }));
}

describe('partition and distribution keys of docs/scaling.md (issue 8)', () => {
  let api: TestApi;
  let ds: DataSource;

  beforeAll(async () => {
    api = await TestApi.start();
    ds = api.app.get(DataSource);
  });
  afterAll(() => api?.close());

  it('names at least the member and transfer keys', () => {
    const keys = documentedKeys();
    expect(keys.map((k) => k.table)).toEqual(expect.arrayContaining(['member', 'transfer']));
  });

  it('finds every documented key in the migrated schema: NOT NULL and leading an index', async () => {
    for (const { table, column } of documentedKeys()) {
      const [col] = await ds.query(`SELECT is_nullable FROM information_schema.columns WHERE table_name = $1 AND column_name = $2`, [
        table,
        column,
      ]);
      expect(col, `${table}.${column}`).toBeDefined();
      expect(col.is_nullable, `${table}.${column}`).toBe('NO');
      const leading = await ds.query(
        `SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
           JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[0]
          WHERE t.relname = $1 AND a.attname = $2`,
        [table, column],
      );
      expect(leading.length, `an index led by ${table}.${column}`).toBeGreaterThan(0);
    }
  });

  it('reads the data scope without GIN pending lists or full heap pages in the way (docs/scaling.md)', async () => {
    // Every scope subquery searches org (path): a pending list would be read in full on each search.
    const [gin] = await ds.query(`SELECT reloptions FROM pg_class WHERE relname = 'org_path_gin'`);
    expect(gin.reloptions).toContain('fastupdate=off');
    // A root org added now goes into the index itself, not a pending list.
    await ds.query(
      `INSERT INTO org (id, parent_id, name, kind, level, region_code, path) SELECT gen_random_uuid(), id, '键测试索引', 'committee', 'provincial', '520000', path || gen_random_uuid() FROM org WHERE parent_id IS NULL`,
    );
    await ds.query(`CREATE EXTENSION IF NOT EXISTS pgstattuple`).catch(() => undefined);
    const [stats] = await ds.query(`SELECT pending_tuples FROM pgstatginindex('org_path_gin')`).catch(() => [{ pending_tuples: 0 }]);
    expect(Number(stats.pending_tuples)).toBe(0);
    // The API’s sessions on PostgreSQL run without parallel workers or JIT (short OLTP statements).
    if (process.env['TEST_DATABASE_URL']) {
      expect((await ds.query(`SHOW max_parallel_workers_per_gather`))[0].max_parallel_workers_per_gather).toBe('0');
      expect((await ds.query(`SHOW jit`))[0].jit).toBe('off');
    }
  });

  it('walks a provincial list past its earlier rows in the list index alone, no member row read (MemberListWalk1765400000001)', async () => {
    // The walk of a page by number (MembersService.list): ids in list order, the scope and the status tested on the way.
    const walk = `SELECT m.id FROM member m
      WHERE m.province_code = '51' AND m.status = 'active'
        AND m.org_id IN (SELECT scope_org.id FROM org scope_org WHERE scope_org.path @> ARRAY[(SELECT id FROM org WHERE parent_id IS NULL)]::uuid[])
      ORDER BY m.name, m.id LIMIT 20 OFFSET 40`;
    // Every scan of the plan as "<node type> <index>".
    const scans = (node: { 'Node Type': string; 'Index Name'?: string; Plans?: unknown[] }): string[] => [
      `${node['Node Type']} ${node['Index Name'] ?? ''}`.trim(),
      ...((node.Plans ?? []) as (typeof node)[]).flatMap(scans),
    ];
    const plan = async (): Promise<string[]> => {
      const runner = ds.createQueryRunner();
      try {
        await runner.query(`VACUUM member`);
        // Whatever the table's size: only the walks of the list index are compared.
        await runner.query(`SET enable_seqscan = off`);
        await runner.query(`SET enable_bitmapscan = off`);
        await runner.query(`SET enable_sort = off`);
        const [row] = await runner.query(`EXPLAIN (FORMAT JSON) ${walk}`);
        return scans(row['QUERY PLAN'][0].Plan);
      } finally {
        await runner.query(`RESET ALL`);
        await runner.release();
      }
    };
    expect(await plan()).toContain('Index Only Scan member_province_name_idx');
    await withMigrationUndone(ds, new MemberListWalk1765400000001(), async () => {
      // Before it: the same index walked, each row read from the heap.
      expect(await plan()).toContain('Index Scan member_province_name_idx');
    });
    expect(await plan()).toContain('Index Only Scan member_province_name_idx');
    const [def] = await ds.query(`SELECT indexdef FROM pg_indexes WHERE indexname = 'member_province_name_idx'`);
    expect(def.indexdef).toContain('(province_code, name, id) INCLUDE (org_id, status)');
  });

  it('marks a branch whose members share their pages without a new index entry for any of them (MarkingRoom1765300000000)', async () => {
    // A branch's members are written together, so they share heap pages; a marking updates them all.
    const [root] = await ds.query(`SELECT id, path FROM org WHERE parent_id IS NULL`);
    const [{ id: schoolId }] = await ds.query(`SELECT gen_random_uuid() AS id`);
    await ds.query(
      `INSERT INTO org (id, parent_id, name, kind, level, region_code, industry, path) VALUES ($1, $2, '页空间测试大学', 'committee', 'base', '510000', 'university', $3)`,
      [schoolId, root.id, [...root.path, schoolId]],
    );
    const [school] = await ds.query(`SELECT id, path, region_code, industry FROM org WHERE id = $1`, [schoolId]);
    const [{ id: branch }] = await ds.query(`SELECT gen_random_uuid() AS id`);
    await ds.query(
      `INSERT INTO org (id, parent_id, name, kind, level, region_code, industry, path) VALUES ($1, $2, '页空间测试团支部', 'branch', 'base', $3, $4, $5)`,
      [branch, school.id, school.region_code, school.industry, [...school.path, branch]],
    );
    await ds.query(
      `INSERT INTO member (org_id, name, id_card_number, gender, birth_date, school_org_id)
       SELECT $1, '页空间' || g, '91' || lpad(g::text, 16, '0'), 'male', '2004-01-01', $2 FROM generate_series(1, 200) g`,
      [branch, school.id],
    );
    // Time-ordered ids (MemberIds1765300000001): members created together are neighbours by id.
    const ids: { id: string }[] = await ds.query(`SELECT id FROM member WHERE org_id = $1 ORDER BY name COLLATE "C"`, [branch]);
    for (const { id } of ids) expect(id[14]).toBe('7');
    // Updates of this transaction only (pg_stat_xact_*), HOT ones apart.
    const mark = async (date: string): Promise<Record<string, { upd: number; hot: number }>> => {
      const qr = ds.createQueryRunner();
      await qr.connect();
      try {
        await qr.startTransaction();
        await qr.query(`UPDATE member SET graduation_date = $1, updated_at = now() WHERE org_id = $2`, [date, branch]);
        const rows: { relname: string; upd: string; hot: string }[] = await qr.query(
          `SELECT relname, n_tup_upd AS upd, n_tup_hot_upd AS hot FROM pg_stat_xact_user_tables WHERE relname IN ('member', 'graduate_cohort')`,
        );
        await qr.commitTransaction();
        return Object.fromEntries(rows.map((r) => [r.relname, { upd: Number(r.upd), hot: Number(r.hot) }]));
      } finally {
        await qr.release();
      }
    };
    // The first marking: 200 members updated, all but a few in place (the first page may be shared
    // with older rows; at fillfactor 85 fewer than 60 were). The cohort rows are inserted.
    const first = await mark('2031-06-20');
    expect(first['member']?.upd).toBe(200);
    expect(first['member']?.hot).toBeGreaterThanOrEqual(190);
    expect(await ds.query(`SELECT count(*)::int AS n FROM graduate_cohort WHERE school_org_id = $1 AND year = 2031`, [school.id])).toEqual([
      { n: 200 },
    ]);
    // A corrected date: each cohort row's first update stays on its page too.
    const second = await mark('2031-06-25');
    expect(second['graduate_cohort']?.upd).toBe(200);
    expect(second['graduate_cohort']?.hot).toBeGreaterThanOrEqual(190);
    // Through the API too (TypeORM leaves the id to the column default).
    const created = await (await api.admin()).create('/api/members', { orgId: branch, name: '页空间接口', idCardNumber: idCard() });
    expect((created['id'] as string)[14]).toBe('7');
  });

  it('refreshes a member’s cohort facts once per approval: the members’ trigger that runs is its file, which leaves the refresh to the transfer statement (zhtj.facts_refresh)', async () => {
    const [{ src }] = await ds.query(`SELECT prosrc AS src FROM pg_proc WHERE oid = 'metrics_member_stmt()'::regprocedure`);
    expect(src).toBe(functionBody('metrics/functions/metrics_member_stmt.sql'));
    expect(src).toContain(`current_setting('zhtj.facts_refresh', true)`);
    expect(src).toContain('IF stale IS NOT NULL AND NOT deferred THEN');
    expect(src).toContain('IF moved IS NOT NULL AND NOT deferred THEN');
  });

  it('keeps the keys right whatever the write path: a member’s follows its org, a transfer’s is the outgoing province', async () => {
    const [root] = await ds.query(`SELECT id, path FROM org WHERE parent_id IS NULL`);
    const org = async (region: string, name: string): Promise<string> => {
      const [{ id }] = await ds.query(`SELECT gen_random_uuid() AS id`);
      await ds.query(
        `INSERT INTO org (id, parent_id, name, kind, level, region_code, path) VALUES ($1, $2, $3, 'committee', 'provincial', $4, $5)`,
        [id, root.id, name, region, [...root.path, id]],
      );
      return id;
    };
    const sichuan = await org('510000', '键测试四川');
    const chongqing = await org('500000', '键测试重庆');
    const [{ id: member }] = await ds.query(
      `INSERT INTO member (org_id, name, id_card_number, gender, birth_date) VALUES ($1, '键测试', '510107200401010011', 'male', '2004-01-01') RETURNING id`,
      [sichuan],
    );
    const province = async (): Promise<string> =>
      (await ds.query(`SELECT province_code FROM member WHERE id = $1`, [member]))[0].province_code;
    expect(await province()).toBe('51');
    const [{ id: admin }] = await ds.query(`SELECT id FROM app_user WHERE username = 'admin'`);
    const [{ province_code: transferKey }] = await ds.query(
      `INSERT INTO transfer (member_id, type, status, from_org_id, to_org_id, initiated_by, initiator_role, initiated_at)
       VALUES ($1, 'general', 'approved', $2, $3, $4, 'national_admin', now()) RETURNING province_code`,
      [member, sichuan, chongqing, admin],
    );
    expect(transferKey).toBe('51');
    await ds.query(`UPDATE member SET org_id = $2 WHERE id = $1`, [member, chongqing]);
    expect(await province()).toBe('50');
    // An org that moves to another province takes its members along.
    await ds.query(`UPDATE org SET region_code = '510000' WHERE id = $1`, [chongqing]);
    expect(await province()).toBe('51');
  });
});
