import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import { makeIdCardNumber } from '@zhtj/api/bootstrap';
import { TestApi } from '../src/support/harness';
import { seedTree } from '../src/support/fixtures';

const MEMBERS = 5000;
const RUNS = 15;

interface Row {
  database: string;
  what: string;
  runs: number;
  minMs: number;
  medianMs: number;
  p95Ms: number;
}

const results: Row[] = [];

function summarize(database: string, what: string, samples: number[]): Row {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] as number;
  const row = { database, what, runs: s.length, minMs: round(at(0)), medianMs: round(at(0.5)), p95Ms: round(at(0.95)) };
  results.push(row);
  return row;
}

const round = (n: number) => Math.round(n * 10) / 10;

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** Runs the scenario on the database `TestApi` gets: TEST_DATABASE_URL (PostgreSQL) or PGlite. */
async function scenario(database: string): Promise<void> {
  const api = await TestApi.start();
  try {
    const admin = await api.admin();
    const t = await seedTree(api, admin);
    const branch = await admin.create('/api/orgs', { parentId: t.college1.id, name: '大支部', kind: 'branch', level: 'base' });
    const rows = Array.from({ length: MEMBERS }, (_, i) => ({
      name: `团员${i}`,
      idCardNumber: makeIdCardNumber('510107', `200${i % 6}-0${(i % 9) + 1}-1${i % 10}`, i),
      phone: '13800000000',
    }));
    const school = await api.login('uni1');
    const imported = await time(async () => {
      const res = await school.post('/api/members/import', { orgId: branch.id, rows });
      expect(res.body.created, JSON.stringify(res.body).slice(0, 500)).toBe(MEMBERS);
    });
    summarize(database, `import ${MEMBERS} members (one request, all or nothing)`, [imported]);

    const marks: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const date = `2026-06-${String(10 + (i % 20)).padStart(2, '0')}`;
      marks.push(
        await time(async () => {
          const res = await school.put(`/api/orgs/${branch.id}/graduation`, { graduationDate: date });
          expect(res.body.membersUpdated).toBe(MEMBERS);
        }),
      );
    }
    summarize(database, `PUT /api/orgs/:id/graduation, ${MEMBERS}-member branch`, marks);

    const lists: number[] = [];
    for (let i = 0; i < RUNS; i++) lists.push(await time(() => school.get(`/api/members?orgId=${t.uni1.id}&page=${i + 1}&pageSize=20`)));
    summarize(database, `GET /api/members (page of 20 of ${MEMBERS + 1}, school scope)`, lists);
  } finally {
    await api.close();
  }
}

describe('benchmarks', () => {
  afterAll(() => {
    const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'cpu'}), Node ${process.version}`;
    const lines = [
      `Machine: ${machine}`,
      '',
      '| database | what | runs | min ms | median ms | p95 ms |',
      '|---|---|---|---|---|---|',
      ...results.map((r) => `| ${r.database} | ${r.what} | ${r.runs} | ${r.minMs} | ${r.medianMs} | ${r.p95Ms} |`),
    ];
    console.log(`\n${lines.join('\n')}\n`);
    mkdirSync('../../test-output', { recursive: true });
    writeFileSync('../../test-output/bench.json', JSON.stringify({ machine, results }, null, 2));
  });

  it('on the configured database', async () => {
    const url = process.env['TEST_DATABASE_URL'];
    await scenario(url ? `PostgreSQL (${new URL(url).host})` : 'PGlite (embedded)');
  });

  it('on embedded PGlite', async () => {
    const saved = process.env['TEST_DATABASE_URL'];
    if (!saved) return; // already measured above
    delete process.env['TEST_DATABASE_URL'];
    try {
      await scenario('PGlite (embedded)');
    } finally {
      process.env['TEST_DATABASE_URL'] = saved;
    }
  });
});
