import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { countCapped } from '@zhtj/api/db';
import { RegionEntity } from '@zhtj/api/regions';
import { Client, Json, TestApi, expectError, idCard } from './support/harness';
import { Tree, apiWithTree } from './support/fixtures';

// Lists at millions of rows (issue 8): an exact count up to the cap, the planner's estimate past it.
describe('list totals without count(*) over millions', () => {
  let api: TestApi;
  let ds: DataSource;

  beforeAll(async () => {
    api = await TestApi.start();
    ds = api.app.get(DataSource);
  });
  afterAll(() => api?.close());

  it('counts exactly up to the cap', async () => {
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM region WHERE level = 'county'`);
    const qb = ds.getRepository(RegionEntity).createQueryBuilder('r').where('r.level = :l', { l: 'county' }).orderBy('r.code').limit(20);
    expect(await countCapped(qb, 10_000)).toEqual({ total: n });
  });

  it('past the cap answers the planner’s estimate, marked as such, never below the cap', async () => {
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM region`);
    const qb = ds.getRepository(RegionEntity).createQueryBuilder('r');
    const counted = await countCapped(qb, 100);
    expect(counted.totalEstimated).toBe(true);
    expect(counted.total).toBeGreaterThan(100);
    // The planner knows the table after ANALYZE: the estimate is close to the truth.
    await ds.query('ANALYZE region');
    const again = await countCapped(qb, 100);
    expect(Math.abs(again.total - n) / n).toBeLessThan(0.1);
  });

  it('does not count a list the planner puts at ten times the cap or more: its estimate is the total', async () => {
    // Statistics of 5,000 rows, then all but 40 deleted: the planner still expects 5,000.
    await ds.query(`CREATE TABLE paging_estimate (id int PRIMARY KEY)`);
    await ds.query(`INSERT INTO paging_estimate SELECT g FROM generate_series(1, 5000) g`);
    await ds.query(`ANALYZE paging_estimate`);
    await ds.query(`DELETE FROM paging_estimate WHERE id > 40`);
    const all = ds.createQueryBuilder().select('p.id').from('paging_estimate', 'p');
    // 5,000 expected against a cap of 100: taken as it is (the 40 are never counted).
    const far = await countCapped(all, 100);
    expect(far.totalEstimated).toBe(true);
    expect(far.total).toBeGreaterThan(1_000);
    // Expected below ten times the cap: counted, and exact up to the cap.
    expect(await countCapped(all, 1_000)).toEqual({ total: 40 });
    await ds.query(`DROP TABLE paging_estimate`);
  });
});

// Keyset paging (issue 8): `after=<nextCursor>` walks the list in its order, every page like the first.
describe('GET /api/members?after= (keyset paging)', () => {
  let api: TestApi;
  let admin: Client;
  let t: Tree;

  beforeAll(async () => {
    ({ api, admin, t } = await apiWithTree());
    // Names that tie, so the id breaks them; 23 in all with the fixture's member.
    for (let i = 0; i < 22; i++) {
      await admin.create('/api/members', {
        orgId: t.branch3.id,
        name: i % 3 === 0 ? '同名' : `翻页${String(i).padStart(2, '0')}`,
        idCardNumber: idCard(),
        joinDate: '2018-05-04',
      });
    }
  });
  afterAll(() => api?.close());

  it('returns every member once, in the order of the page-numbered list, and ends with a null cursor', async () => {
    const whole = (await admin.get(`/api/members?orgId=${t.branch3.id}&pageSize=100`)).body;
    expect(whole.total).toBe(23);
    expect(whole.nextCursor).toBeNull();
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url = `/api/members?orgId=${t.branch3.id}&pageSize=10${cursor ? `&after=${cursor}` : ''}`;
      const res = await admin.get(url);
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(23);
      seen.push(...res.body.items.map((m: Json) => m.id));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(whole.items.map((m: Json) => m.id));
    // The numbered pages and the cursor agree: page 2's first row follows page 1's cursor.
    const page1 = (await admin.get(`/api/members?orgId=${t.branch3.id}&pageSize=10`)).body;
    const page2 = (await admin.get(`/api/members?orgId=${t.branch3.id}&pageSize=10&page=2`)).body;
    const next = (await admin.get(`/api/members?orgId=${t.branch3.id}&pageSize=10&after=${page1.nextCursor}`)).body;
    expect(next.items).toEqual(page2.items);
  });

  it('keeps the caller’s scope and filters after a cursor, and refuses a cursor it did not issue', async () => {
    const first = (await admin.get(`/api/members?pageSize=5`)).body;
    // Another admin with the same cursor sees only its own scope.
    const uni2 = await api.login('uni2');
    const theirs = (await uni2.get(`/api/members?pageSize=50&after=${first.nextCursor}`)).body;
    const inScope = (await uni2.get(`/api/members?pageSize=50`)).body.items.map((m: Json) => m.id);
    for (const m of theirs.items as Json[]) expect(inScope).toContain(m.id);
    for (const bad of [
      'x',
      Buffer.from('["a"]').toString('base64url'),
      Buffer.from('["a","not-a-uuid"]').toString('base64url'),
      'a'.repeat(401),
    ]) {
      expectError(await admin.get(`/api/members?after=${bad}`), 400, 'VALIDATION_FAILED');
    }
  });
});
