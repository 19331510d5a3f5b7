import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@zhtj/api/db';
import {
  addMembers,
  decideInOwnTransaction,
  expectExact,
  factsDatabase,
  graduatesWithPendingTransfers,
  modelSetGraduation,
  stored,
  syncCohort,
  world,
} from './support/metrics-facts-model';
import type { MemberModel, Org, TransferModel } from './support/metrics-facts-model';

/**
 * Issue 9: the facts and counters the database keeps (graduate_cohort, metric_*) equal a
 * brute-force recount by libs/domain's definition (DOMAIN.md §6) after any random sequence of
 * graduation markings, destination changes and transfer operations, for every region; and stay
 * exact under concurrent approvals. The operations are the SQL statements the services issue; the
 * model and the recount are in support/metrics-facts-model.ts.
 */

let db: DatabaseHandle;
let ds: DataSource;
let pool: Pool;

beforeAll(async () => {
  ({ db, ds, pool } = await factsDatabase());
}, 120_000);
afterAll(async () => {
  await pool?.end();
  await ds?.destroy();
  await db?.close();
});

const DATES = ['2026-06-30', '2026-07-15', '2027-06-20', '2030-06-30'];
const DAYS = [
  '2026-04-20T10:00:00+08:00',
  '2026-06-10T10:00:00+08:00',
  '2026-07-01T10:00:00+08:00',
  '2026-09-15T10:00:00+08:00',
  '2027-06-01T10:00:00+08:00',
  '2030-07-01T10:00:00+08:00',
];
const DESTS = [null, 'further_study', 'employment', 'unemployed', 'abroad_study', 'special_unit', 'delayed_graduation'];
const TYPES = ['further_study', 'employment', 'unemployed', 'abroad_study', 'general', 'delayed_graduation'];
const OUTCOMES = ['approved', 'approved', 'rejected', 'withdrawn', 'expired'];

const op = fc.oneof(
  fc.record({ op: fc.constant('mark' as const), branch: fc.nat(3), date: fc.constantFrom(...DATES) }),
  fc.record({ op: fc.constant('dest' as const), m: fc.nat(99), dest: fc.constantFrom(...DESTS) }),
  fc.record({ op: fc.constant('unmark' as const), m: fc.nat(99) }),
  fc.record({ op: fc.constant('init' as const), m: fc.nat(99), type: fc.constantFrom(...TYPES), target: fc.nat(6), day: fc.nat(5) }),
  fc.record({ op: fc.constant('decide' as const), t: fc.nat(99), outcome: fc.constantFrom(...OUTCOMES), day: fc.nat(5) }),
);

describe('graduate facts and counters equal a brute-force recount (DOMAIN.md §6, issue 9)', () => {
  it('after any random sequence of markings and transfer operations, for every region and cohort', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 60 }), async (ops) => {
        const w = await world(pool, `p${++run}`);
        const members: MemberModel[] = [];
        await addMembers(w, w.s1a, 4, members);
        await addMembers(w, w.s2a, 3, members);
        await addMembers(w, w.s4a, 3, members);
        const transfers: TransferModel[] = [];
        // Most start marked for 2026; the operations then change dates, destinations and transfers.
        for (const branch of [w.s1a, w.s2a]) {
          await pool.query(`UPDATE member SET graduation_date = '2026-06-30' WHERE org_id = $1`, [branch.id]);
          for (const m of members.filter((x) => x.orgId === branch.id)) modelSetGraduation(w, m, '2026-06-30');
        }
        for (const o of ops) {
          if (o.op === 'mark') {
            const branch = w.branches[o.branch] as Org;
            const ms = members.filter((m) => m.orgId === branch.id && m.gradDate !== o.date);
            await pool.query(`UPDATE member SET graduation_date = $2 WHERE org_id = $1`, [branch.id, o.date]);
            for (const m of ms) modelSetGraduation(w, m, o.date);
          } else if (o.op === 'dest') {
            const m = members[o.m % members.length] as MemberModel;
            await pool.query(`UPDATE member SET destination = $2 WHERE id = $1`, [m.id, o.dest]);
            m.dest = o.dest;
            syncCohort(w, m);
          } else if (o.op === 'unmark') {
            const m = members[o.m % members.length] as MemberModel;
            await pool.query(`UPDATE member SET graduation_date = NULL WHERE id = $1`, [m.id]);
            modelSetGraduation(w, m, null);
          } else if (o.op === 'init') {
            const m = members[o.m % members.length] as MemberModel;
            if (transfers.some((t) => t.memberId === m.id && t.status === 'pending')) continue;
            const to = o.target === 6 ? null : (w.targets[o.target] as Org);
            if (to?.id === m.orgId) continue;
            const at = DAYS[o.day] as string;
            const { rows } = await pool.query(
              `INSERT INTO transfer (member_id, type, status, from_org_id, to_org_id, external_province_code, external_org_name, initiated_by, initiator_role, initiated_at)
               VALUES ($1, $2, 'pending', $3, $4, $5, $6, $7, 'national_admin', $8) RETURNING id`,
              [m.id, o.type, m.orgId, to?.id ?? null, to ? null : '110000', to ? null : '北京某单位团支部', w.userId, at],
            );
            transfers.push({
              id: rows[0].id,
              memberId: m.id,
              type: o.type,
              status: 'pending',
              toOrgId: to?.id ?? null,
              external: to ? null : '110000',
              initiatedAt: at,
              decidedAt: null,
            });
          } else {
            const open = transfers.filter((x) => x.status === 'pending');
            const t = open[o.t % Math.max(open.length, 1)];
            if (!t) continue;
            const m = members.find((x) => x.id === t.memberId) as MemberModel;
            const at = new Date(Math.max(Date.parse(t.initiatedAt) + 3_600_000, Date.parse(DAYS[o.day] as string))).toISOString();
            const client = await pool.connect();
            try {
              await client.query('BEGIN');
              await client.query(`UPDATE transfer SET status = $2, decided_at = $3 WHERE id = $1`, [t.id, o.outcome, at]);
              if (o.outcome === 'approved' && t.toOrgId)
                await client.query(`UPDATE member SET org_id = $2 WHERE id = $1`, [m.id, t.toOrgId]);
              await client.query('COMMIT');
            } finally {
              client.release();
            }
            t.status = o.outcome;
            t.decidedAt = at;
            if (o.outcome === 'approved' && t.toOrgId) m.orgId = t.toOrgId;
          }
        }
        await expectExact(w, members, transfers);
      }),
      // A failure prints its seed; METRICS_FACTS_SEED=<seed> replays it.
      { numRuns: 25, ...(process.env['METRICS_FACTS_SEED'] ? { seed: Number(process.env['METRICS_FACTS_SEED']) } : {}) },
    );
  }, 300_000);

  it('a member who graduates twice counts in both cohorts, each with its school', async () => {
    const w = await world(pool, 'twice');
    const members: MemberModel[] = [];
    await addMembers(w, w.s2a, 1, members);
    const m = members[0] as MemberModel;
    await pool.query(`UPDATE member SET graduation_date = '2026-06-30', destination = 'further_study' WHERE id = $1`, [m.id]);
    const { rows } = await pool.query(
      `INSERT INTO transfer (member_id, type, status, from_org_id, to_org_id, initiated_by, initiator_role, initiated_at, decided_at)
       VALUES ($1, 'further_study', 'approved', $2, $3, $4, 'national_admin', '2026-08-20T10:00:00+08:00', '2026-08-21T10:00:00+08:00') RETURNING id`,
      [m.id, w.s2a.id, w.s3new.id, w.userId],
    );
    expect(rows).toHaveLength(1);
    await pool.query(`UPDATE member SET org_id = $2 WHERE id = $1`, [m.id, w.s3new.id]);
    const before = await stored(w, 2026, '510703');
    // The Chongqing university marks its graduates of 2030.
    await pool.query(`UPDATE member SET graduation_date = '2030-06-30' WHERE org_id = $1`, [w.s3new.id]);
    const cohorts = await pool.query(
      `SELECT year, school_org_id, school_region, destination, indicator, completed FROM graduate_cohort WHERE member_id = $1 ORDER BY year`,
      [m.id],
    );
    expect(cohorts.rows).toEqual([
      { year: 2026, school_org_id: w.s2a.path[1], school_region: '510703', destination: 'further_study', indicator: 'sx', completed: true },
      { year: 2030, school_org_id: w.s3new.path[1], school_region: '500103', destination: null, indicator: 'xs', completed: false },
    ]);
    // Marking the second graduation changed nothing in 2026, nor does the 2030 job transfer.
    expect(await stored(w, 2026, '510703')).toEqual(before);
    await pool.query(
      `INSERT INTO transfer (member_id, type, status, from_org_id, to_org_id, initiated_by, initiator_role, initiated_at, decided_at)
       VALUES ($1, 'employment', 'approved', $2, $3, $4, 'national_admin', '2030-07-01T10:00:00+08:00', '2030-07-02T10:00:00+08:00')`,
      [m.id, w.s3new.id, w.firm.id, w.userId],
    );
    expect(await stored(w, 2026, '510703')).toEqual(before);
    expect(await stored(w, 2030, '500103')).toMatchObject({ e: 1, d: 1, w: 1 });
    expect(await stored(w, 2030, '510104')).toMatchObject({ f: 1, d: 1 });
    expect((await pool.query(`SELECT * FROM metrics_check()`)).rows).toEqual([]);
  });

  it('stays exact under concurrent approvals, rejections and destination changes (no lost updates)', async () => {
    const w = await world(pool, 'conc');
    const { members, ids } = await graduatesWithPendingTransfers(w, 60);
    const work = members.map((m, i) => decideInOwnTransaction(w, ids[i] as string, m.id, w.firm.id, i % 5 !== 4));
    // Meanwhile the school sets destinations of some of the same members.
    const dests = members
      .filter((_, i) => i % 3 === 0)
      .map((m) => pool.query(`UPDATE member SET destination = 'employment' WHERE id = $1`, [m.id]));
    await Promise.all([...work, ...dests]);
    expect((await pool.query(`SELECT * FROM metrics_check()`)).rows).toEqual([]);
    const approved = members.filter((_, i) => i % 5 !== 4).length;
    expect(await stored(w, 2026, '510104')).toMatchObject({ e: 60, d: approved, w: approved });
    expect(await stored(w, 2026, '000000')).toMatchObject({ e: 60, d: approved, w: approved });
  });

  it('stays exact when a branch is re-marked while its members’ transfers are approved (the members’ row locks, no buckets)', async () => {
    const w = await world(pool, 'remark');
    const { members, ids } = await graduatesWithPendingTransfers(w, 40);
    // Approvals as the service writes them (transfers, then members, in one transaction each) …
    const approvals = members.map((m, i) => decideInOwnTransaction(w, ids[i] as string, m.id, w.firm.id, true));
    // … while the school moves its branch's graduation date twice (the members still there).
    const remarks = ['2026-07-01', '2026-06-29'].map((d) =>
      pool.query(`UPDATE member SET graduation_date = $2 WHERE org_id = $1`, [w.s1a.id, d]),
    );
    await Promise.all([...approvals, ...remarks]);
    expect((await pool.query(`SELECT * FROM metrics_check()`)).rows).toEqual([]);
    expect(await stored(w, 2026, '510104')).toMatchObject({ e: 40, d: 40 });
  });

  it('takes 10,000 graduates in one statement (an import into a marked branch, a big branch marked) within the lock table', async () => {
    const w = await world(pool, 'bulk');
    const school = w.s1a.path[1] as string;
    await pool.query(
      `INSERT INTO member (org_id, name, id_card_number, gender, birth_date, school_org_id, graduation_date)
       SELECT $1, 'bulk' || i, lpad(i::text, 17, '0') || 'X', 'male', '2004-01-01', $2, '2026-06-30' FROM generate_series(1, 10000) i`,
      [w.s1a.id, school],
    );
    await pool.query(`UPDATE member SET graduation_date = '2026-07-01' WHERE org_id = $1`, [w.s1a.id]);
    expect(await stored(w, 2026, '510104')).toMatchObject({ e: 10000 });
    expect((await pool.query(`SELECT * FROM metrics_check()`)).rows).toEqual([]);
  });

  it('npm run metrics:rebuild -- --check exits 1 on any difference; the rebuild repairs it', async () => {
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    // Run asynchronously: on the embedded PGlite the database answers from this very process,
    // which a synchronous spawn would block (the test hung there without TEST_DATABASE_URL).
    const run = (...args: string[]) =>
      new Promise<{ status: number; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          ['tools/metrics-rebuild.mjs', ...args],
          { cwd: root, env: { ...process.env, DATABASE_URL: db.url }, encoding: 'utf8' },
          (error, _stdout, stderr) => resolve({ status: error ? Number(error.code ?? 1) : 0, stderr }),
        );
      });
    expect((await run('--check')).status).toBe(0);
    await pool.query(
      `UPDATE metric_count SET d = d + 1 WHERE (year, region, shard) = (SELECT year, region, shard FROM metric_count LIMIT 1)`,
    );
    await pool.query(
      `UPDATE graduate_cohort SET completed = NOT completed WHERE member_id = (SELECT member_id FROM graduate_cohort LIMIT 1)`,
    );
    const bad = await run('--check');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('metric_count');
    expect(bad.stderr).toContain('cohort');
    expect((await run()).status).toBe(0);
    expect((await run('--check')).status).toBe(0);
  });

  it('metrics_rebuild() recomputes the same facts and counters', async () => {
    const before = await pool.query(
      `SELECT year, region, sum(a) a, sum(b) b, sum(c) c, sum(d) d, sum(e) e, sum(f) f, sum(w) w FROM metric_count GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    await pool.query(`SELECT metrics_rebuild()`);
    const after = await pool.query(
      `SELECT year, region, sum(a) a, sum(b) b, sum(c) c, sum(d) d, sum(e) e, sum(f) f, sum(w) w FROM metric_count GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    expect(after.rows).toEqual(before.rows);
    expect((await pool.query(`SELECT * FROM metrics_check()`)).rows).toEqual([]);
  });
});
