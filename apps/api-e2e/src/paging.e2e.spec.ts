import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { RegionEntity, countCapped } from '@zhtj/api/db';
import { TestApi } from './support/harness';

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
});
