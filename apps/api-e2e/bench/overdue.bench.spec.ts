import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { Client as PgClient } from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { OVERDUE_LISTS } from '@zhtj/domain';
import { createTestDatabase } from '@zhtj/api/db';
import { createApp } from '@zhtj/api/shell';

/**
 * Issue 11: the overdue lists (`GET /api/members/overdue?list=`) as the national admin, over
 * `OVERDUE_BENCH_MEMBERS` (default 300,000) members, through HTTP: first page and total. A
 * measurement, never an assertion on time. Needs TEST_DATABASE_URL (PostgreSQL). Run:
 *   flock /tmp/heavy.lock env TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \
 *     npx vitest run --config apps/api-e2e/vite.bench.mts bench/overdue.bench.spec.ts
 */
const MEMBERS = Number(process.env['OVERDUE_BENCH_MEMBERS'] ?? 300_000);
const RUNS = 10;
const ADMIN_PASSWORD = 'Admin@2026x';

const results: { what: string; runs: number; medianMs: number; maxMs: number; total: number }[] = [];
const round = (n: number) => Math.round(n * 10) / 10;

afterAll(() => {
  if (results.length === 0) return;
  const lines = [
    `#### Overdue lists (issue 11): ${MEMBERS.toLocaleString('en')} members, national admin, PostgreSQL, through HTTP`,
    '',
    '| list | runs | median ms | max ms | rows listed |',
    '|---|---:|---:|---:|---:|',
    ...results.map((r) => `| ${r.what} | ${r.runs} | ${r.medianMs} | ${r.maxMs} | ${r.total} |`),
  ];
  console.log(`\n${lines.join('\n')}\n`);
  mkdirSync('test-output', { recursive: true });
  writeFileSync('test-output/bench-overdue.json', JSON.stringify({ members: MEMBERS, results }, null, 2));
});

describe.runIf(process.env['TEST_DATABASE_URL'])(`overdue lists over ${MEMBERS} members`, () => {
  it('pages each list from SQL with the domain’s thresholds', async () => {
    const db = await createTestDatabase();
    const { app } = await createApp({
      databaseUrl: db.url,
      embedded: false,
      controllableClock: true,
      logger: false,
      bootstrap: { adminPassword: ADMIN_PASSWORD, demoData: false },
    });
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const pg = new PgClient({ connectionString: db.url });
    await pg.connect();
    try {
      // One county with a county mobile branch, 20 townships with a mobile branch each, 50 schools
      // with 20 class branches and an abroad branch each; a fifth of the members were received
      // by approved transfers at spread-out dates, some checked in.
      await pg.query(`
        WITH root AS (SELECT id FROM org WHERE parent_id IS NULL LIMIT 1)
        INSERT INTO org (id, parent_id, name, kind, level, region_code, path)
        SELECT '00000000-0000-0000-0000-000000000001', root.id, '压测县团委', 'committee', 'county', '510104', ARRAY[root.id, '00000000-0000-0000-0000-000000000001'::uuid] FROM root;
        INSERT INTO org (parent_id, name, kind, level, region_code, purpose, path)
        SELECT c.id, '压测县流动团员团支部', 'branch', 'base', '510104', 'mobile', c.path FROM org c WHERE c.id = '00000000-0000-0000-0000-000000000001';
        INSERT INTO org (parent_id, name, kind, level, industry, region_code, path)
        SELECT c.id, '压测街道' || g, 'committee', 'base', 'township', '510104', c.path FROM org c, generate_series(1, 20) g WHERE c.id = '00000000-0000-0000-0000-000000000001';
        INSERT INTO org (parent_id, name, kind, level, industry, region_code, path)
        SELECT c.id, '压测大学' || g, 'committee', 'base', 'university', '510104', c.path FROM org c, generate_series(1, 50) g WHERE c.id = '00000000-0000-0000-0000-000000000001';
        UPDATE org SET path = path || id WHERE NOT (path @> ARRAY[id]);
        INSERT INTO org (parent_id, name, kind, level, industry, region_code, purpose, path)
        SELECT t.id, t.name || '流动团员团支部', 'branch', 'base', 'township', '510104', 'mobile', t.path FROM org t WHERE t.industry = 'township' AND t.kind = 'committee';
        INSERT INTO org (parent_id, name, kind, level, industry, region_code, purpose, path)
        SELECT s.id, s.name || '出国团支部', 'branch', 'base', 'university', '510104', 'abroad_study', s.path FROM org s WHERE s.industry = 'university' AND s.kind = 'committee';
        INSERT INTO org (parent_id, name, kind, level, industry, region_code, graduation_date, path)
        SELECT s.id, s.name || '班' || g, 'branch', 'base', 'university', '510104', DATE '2026-06-30', s.path FROM org s, generate_series(1, 20) g WHERE s.industry = 'university' AND s.kind = 'committee';
        UPDATE org SET path = path || id WHERE NOT (path @> ARRAY[id]);
      `);
      await pg.query(
        `WITH b AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k, count(*) OVER () AS n FROM org WHERE kind = 'branch')
         INSERT INTO member (org_id, name, id_card_number, gender, birth_date, graduation_date, destination, status, created_at)
         SELECT b.id, '压测' || i, 'B' || lpad(i::text, 17, '0'), 'male', DATE '1999-01-01' + (i % 2500), DATE '2026-06-30',
                CASE WHEN i % 3 = 0 THEN 'unemployed' ELSE NULL END, 'active', timestamptz '2026-07-01 10:00+08'
           FROM generate_series(1, $1::int) i JOIN b ON b.k = i % b.n`,
        [MEMBERS],
      );
      await pg.query(`
        INSERT INTO transfer (member_id, type, status, from_org_id, to_org_id, initiated_by, initiator_role, initiated_at, decided_by, decided_at, checked_in_on)
        SELECT m.id, CASE WHEN o.purpose = 'mobile' THEN 'unemployed' ELSE 'employment' END, 'approved', NULL, m.org_id, u.id, 'national_admin',
               timestamptz '2025-09-01 10:00+08' + (row_number() OVER () % 400) * interval '1 day', u.id,
               timestamptz '2025-09-02 10:00+08' + (row_number() OVER () % 400) * interval '1 day',
               CASE WHEN random() < 0.5 THEN DATE '2026-10-01' END
          FROM member m JOIN org o ON o.id = m.org_id, (SELECT id FROM app_user WHERE username = 'admin') u
         WHERE m.name LIKE '压测%' AND (o.purpose IS NOT NULL OR right(m.name, 1) = '5');
        ANALYZE org; ANALYZE member; ANALYZE transfer;
      `);
      const clock = await fetch(`${base}/api/test/clock`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ now: '2027-01-15T12:00:00+08:00' }),
      });
      expect(clock.status).toBe(200);
      const login = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
      });
      const token = ((await login.json()) as { accessToken: string }).accessToken;
      for (const list of OVERDUE_LISTS) {
        const samples: number[] = [];
        let total = 0;
        for (let i = 0; i < RUNS; i++) {
          const t0 = performance.now();
          const res = await fetch(`${base}/api/members/overdue?list=${list}&pageSize=20`, {
            headers: { authorization: `Bearer ${token}` },
          });
          samples.push(performance.now() - t0);
          expect(res.status).toBe(200);
          total = ((await res.json()) as { total: number }).total;
        }
        const s = samples.sort((a, b) => a - b);
        results.push({
          what: list,
          runs: RUNS,
          medianMs: round(s[Math.floor(s.length / 2)] as number),
          maxMs: round(s[s.length - 1] as number),
          total,
        });
      }
    } finally {
      await pg.end();
      await app.close();
      await db.close();
    }
  });
});
