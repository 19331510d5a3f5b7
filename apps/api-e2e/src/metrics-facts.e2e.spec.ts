import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWorkUnitOrg, regionMetrics, graduateTransfer, isSchoolDomain } from '@zhtj/domain';
import type { GraduateFact, GraduateTransferFact, Industry } from '@zhtj/domain';
import type { DatabaseHandle } from '@zhtj/api/db';
import { migratedDatabase } from './support/harness';

/**
 * Issue 9: the facts and counters the database keeps (graduate_cohort, metric_*) equal a
 * brute-force recount by libs/domain's definition (DOMAIN.md §6) after any random sequence of
 * graduation markings, destination changes and transfer operations, for every region; and stay
 * exact under concurrent approvals. The operations are the SQL statements the services issue.
 */

const REGIONS: [string, string, string | null, string][] = [
  ['000000', '全国', null, 'national'],
  ['510000', '四川省', '000000', 'province'],
  ['510100', '成都市', '510000', 'city'],
  ['510104', '锦江区', '510100', 'county'],
  ['510700', '绵阳市', '510000', 'city'],
  ['510703', '涪城区', '510700', 'county'],
  ['500000', '重庆市', '000000', 'province'],
  ['500100', '重庆市辖区', '500000', 'city'],
  ['500103', '渝中区', '500100', 'county'],
  ['110000', '北京市', '000000', 'province'],
];
const YEARS = [2026, 2027, 2030];

interface Org {
  id: string;
  path: string[];
  region: string;
  industry: Industry | null;
  purpose: string | null;
  level: string;
}
interface MemberModel {
  id: string;
  orgId: string;
  gradDate: string | null;
  school: string | null;
  dest: string | null;
  /** The branch whose marking gave `gradDate` (DOMAIN.md §6 graduation events): the member's org when it was written. */
  eventOrg: string;
  /** Every graduation event, as §6 defines them; `seq` orders them by when they began. */
  events: { branch: string; year: number; school: string; date: string; dest: string | null; seq: number }[];
}
interface TransferModel {
  id: string;
  memberId: string;
  type: string;
  status: string;
  toOrgId: string | null;
  external: string | null;
  initiatedAt: string;
  decidedAt: string | null;
}

let db: DatabaseHandle;
let ds: DataSource;
let pool: Pool;

beforeAll(async () => {
  ({ db, ds } = await migratedDatabase());
  pool = new Pool({ connectionString: db.url, max: db.embedded ? 4 : 12 });
  for (const [code, name, parent, level] of REGIONS) {
    await pool.query(`INSERT INTO region (code, name, parent_code, level) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, [
      code,
      name,
      parent,
      level,
    ]);
  }
}, 120_000);
afterAll(async () => {
  await pool?.end();
  await ds?.destroy();
  await db?.close();
});

/** A small world: schools in three regions (county, city-level), a Chongqing university, receiving orgs. */
async function world(tag: string) {
  // Each world starts from empty tables (TRUNCATE fires no row triggers).
  await pool.query(`TRUNCATE graduate_cohort, metric_count, metric_day, metric_school, transfer, member, app_user, org CASCADE`);
  const orgs = new Map<string, Org>();
  let n = 0;
  const org = async (
    parent: Org | null,
    kind: string,
    level: string,
    region: string,
    industry: string | null,
    purpose: string | null = null,
  ): Promise<Org> => {
    const { rows } = await pool.query(
      `INSERT INTO org (parent_id, name, kind, level, industry, region_code, purpose, path)
       VALUES ($1, $2, $3, $4, $5, $6, $7, '{}') RETURNING id`,
      [parent?.id ?? null, `${tag}-${++n}`, kind, level, industry, region, purpose],
    );
    const id = rows[0].id as string;
    const path = [...(parent?.path ?? []), id];
    await pool.query(`UPDATE org SET path = $2 WHERE id = $1`, [id, path]);
    const o = { id, path, region, industry: industry as Industry | null, purpose, level };
    orgs.set(id, o);
    return o;
  };
  const root = await org(null, 'committee', 'national', '000000', null);
  const s1 = await org(root, 'committee', 'base', '510104', 'university');
  const s1a = await org(s1, 'branch', 'base', '510104', null);
  const s1d = await org(s1, 'branch', 'base', '510104', null, 'delayed_graduation');
  const s2 = await org(root, 'committee', 'base', '510703', 'high_school');
  const s2a = await org(s2, 'branch', 'base', '510703', null);
  const s3 = await org(root, 'committee', 'base', '500103', 'university');
  const s3new = await org(s3, 'branch', 'base', '500103', null, 'new_students');
  const s4 = await org(root, 'committee', 'base', '510100', 'vocational');
  const s4a = await org(s4, 'branch', 'base', '510100', null);
  const firm = await org(root, 'branch', 'base', '510104', 'enterprise');
  const agency = await org(root, 'branch', 'base', '500103', 'public_institution');
  const mobile = await org(root, 'branch', 'base', '510703', 'township', 'mobile');
  const town = await org(root, 'branch', 'base', '510703', 'township');
  const { rows: u } = await pool.query(
    `INSERT INTO app_user (username, password_hash, role, org_id) VALUES ($1, 'x', 'national_admin', $2) RETURNING id`,
    [`${tag}-admin`, root.id],
  );
  return {
    orgs,
    root,
    schools: [s1, s2, s3, s4],
    branches: [s1a, s2a, s4a, s3new],
    s1a,
    s1d,
    s2a,
    s4a,
    s3new,
    targets: [s3new, firm, agency, mobile, town, s1d],
    firm,
    userId: u[0].id as string,
  };
}
type World = Awaited<ReturnType<typeof world>>;

let idSeq = 0;
async function addMembers(w: World, branch: Org, count: number, models: MemberModel[]): Promise<void> {
  for (let i = 0; i < count; i++) {
    const school = schoolOf(w, branch.id);
    const idCard = `5101${String(++idSeq).padStart(13, '0')}X`.slice(0, 18);
    const { rows } = await pool.query(
      `INSERT INTO member (org_id, name, id_card_number, gender, birth_date, school_org_id) VALUES ($1, $2, $3, 'male', '2004-01-01', $4) RETURNING id`,
      [branch.id, `m${idSeq}`, idCard, school],
    );
    models.push({ id: rows[0].id, orgId: branch.id, gradDate: null, school, dest: null, eventOrg: branch.id, events: [] });
  }
}

function schoolOf(w: World, orgId: string): string | null {
  const o = w.orgs.get(orgId);
  for (const id of o?.path ?? []) {
    const a = w.orgs.get(id);
    if (a && a.level === 'base' && isSchoolDomain(a.industry)) return a.id;
  }
  return null;
}
const yearOf = (d: string | null) => (d === null ? null : Number(d.slice(0, 4)));

let eventSeq = 0;
/**
 * DOMAIN.md §6 "Graduation events": a date written while the member is in another branch than the
 * one that gave the last date is a new event (its destination does not carry over; a new school
 * follows); the same branch corrects its event — another year moves it, no date ends it.
 */
function modelSetGraduation(w: World, m: MemberModel, date: string | null, destChanged = false): void {
  const before = m.eventOrg;
  if (date !== null && m.gradDate !== date) {
    if (m.gradDate !== null && before !== m.orgId && !destChanged) m.dest = null;
    const s = schoolOf(w, m.orgId);
    if (s !== null && s !== m.school) m.school = s;
    m.eventOrg = m.orgId;
  }
  const oldY = yearOf(m.gradDate);
  const newY = yearOf(date);
  if (oldY !== null && oldY !== newY && before === m.eventOrg) m.events = m.events.filter((e) => !(e.branch === before && e.year === oldY));
  m.gradDate = date;
  syncCohort(w, m);
}
function syncCohort(w: World, m: MemberModel): void {
  const y = yearOf(m.gradDate);
  if (y === null) return;
  const school = m.school === null ? undefined : w.orgs.get(m.school);
  const i = m.events.findIndex((e) => e.branch === m.eventOrg && e.year === y);
  if (school && isSchoolDomain(school.industry)) {
    const e = { branch: m.eventOrg, year: y, school: school.id, date: m.gradDate as string, dest: m.dest };
    if (i >= 0) m.events[i] = { ...(m.events[i] as MemberModel['events'][number]), ...e };
    else m.events.push({ ...e, seq: ++eventSeq });
  } else if (i >= 0) m.events.splice(i, 1);
}

/** Brute force: libs/domain's regionMetrics over facts built from the model and the transfers. */
function recount(w: World, members: MemberModel[], transfers: TransferModel[], region: string, year: number) {
  const facts: GraduateFact[] = [];
  for (const m of members) {
    const years = [...new Set(m.events.map((e) => e.year))].sort((a, b) => a - b);
    // A member counts once per cohort: every event of the year goes to the domain, which keeps one.
    const ofYear = m.events.filter((e) => e.year === year).sort((a, b) => a.seq - b.seq);
    if (ofYear.length === 0) continue;
    for (const c of ofYear) {
      const next = years.find((y) => y > year) ?? null;
      const school = w.orgs.get(c.school) as Org;
      const ts: GraduateTransferFact[] = transfers
        .filter((t) => t.memberId === m.id)
        .map((t) => {
          const to = t.toOrgId ? w.orgs.get(t.toOrgId) : undefined;
          return {
            type: t.type as GraduateTransferFact['type'],
            status: t.status as GraduateTransferFact['status'],
            initiatedAt: t.initiatedAt,
            decidedAt: t.decidedAt,
            targetRegionCode: to?.region ?? (t.external as string),
            targetIsWorkUnit: to ? isWorkUnitOrg(to.industry, to.purpose) : false,
            // Q17: a transfer to Beijing/Guangdong/Fujian has no org here; approved, it completes (§6).
            external: to === undefined,
          };
        });
      const counted = graduateTransfer({ transfers: ts, nextCohortYear: next }, year);
      const effective = c.dest ?? (counted && counted.type !== 'general' ? counted.type : null);
      const atSchool = (w.orgs.get(m.orgId)?.path ?? []).includes(c.school);
      facts.push({
        memberId: m.id,
        schoolRegionCode: school.region,
        schoolIndustry: school.industry,
        graduationDate: c.date,
        destination: c.dest as GraduateFact['destination'],
        retainedAtSchool: effective === 'unemployed' && atSchool,
        transfers: ts,
        nextCohortYear: next,
      });
    }
  }
  return regionMetrics(facts, region, year);
}

/** `count` graduates of `w.s1a` (30 June 2026), each with a pending employment transfer to `w.firm` initiated 1 July. */
async function graduatesWithPendingTransfers(w: World, count: number): Promise<{ members: MemberModel[]; ids: string[] }> {
  const members: MemberModel[] = [];
  await addMembers(w, w.s1a, count, members);
  await pool.query(`UPDATE member SET graduation_date = '2026-06-30' WHERE org_id = $1`, [w.s1a.id]);
  const ids: string[] = [];
  for (const m of members) {
    const { rows } = await pool.query(
      `INSERT INTO transfer (member_id, type, status, from_org_id, to_org_id, initiated_by, initiator_role, initiated_at)
       VALUES ($1, 'employment', 'pending', $2, $3, $4, 'national_admin', '2026-07-01T10:00:00+08:00') RETURNING id`,
      [m.id, w.s1a.id, w.firm.id, w.userId],
    );
    ids.push(rows[0].id);
  }
  return { members, ids };
}

/** A decision on 2 July in its own transaction, as the service writes it: an approval moves the member to `to`. */
async function decideInOwnTransaction(transferId: string, memberId: string, to: string, approve: boolean): Promise<void> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    await c.query(`UPDATE transfer SET status = $2, decided_at = '2026-07-02T10:00:00+08:00' WHERE id = $1`, [
      transferId,
      approve ? 'approved' : 'rejected',
    ]);
    if (approve) await c.query(`UPDATE member SET org_id = $2 WHERE id = $1`, [memberId, to]);
    await c.query('COMMIT');
  } finally {
    c.release();
  }
}

async function stored(year: number, region: string) {
  const { rows } = await pool.query(
    `SELECT coalesce(sum(a),0)::int a, coalesce(sum(b),0)::int b, coalesce(sum(c),0)::int c, coalesce(sum(d),0)::int d,
            coalesce(sum(e),0)::int e, coalesce(sum(f),0)::int f, coalesce(sum(w),0)::int w
       FROM metric_count WHERE year = $1 AND region = $2`,
    [year, region],
  );
  return rows[0];
}

async function expectExact(w: World, members: MemberModel[], transfers: TransferModel[]): Promise<void> {
  const diffs = await pool.query(`SELECT * FROM metrics_check()`);
  expect(diffs.rows).toEqual([]);
  for (const year of YEARS) {
    for (const [region] of REGIONS) {
      const want = recount(w, members, transfers, region, year);
      const got = await stored(year, region);
      expect({ region, year, ...got }).toEqual({
        region,
        year,
        a: want.sx.a,
        b: want.sx.b,
        c: want.sx.c,
        d: want.xs.d,
        e: want.xs.e,
        f: want.xs.f,
        w: want.dw.w,
      });
    }
  }
}

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
        const w = await world(`p${++run}`);
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
    const w = await world('twice');
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
    const before = await stored(2026, '510703');
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
    expect(await stored(2026, '510703')).toEqual(before);
    await pool.query(
      `INSERT INTO transfer (member_id, type, status, from_org_id, to_org_id, initiated_by, initiator_role, initiated_at, decided_at)
       VALUES ($1, 'employment', 'approved', $2, $3, $4, 'national_admin', '2030-07-01T10:00:00+08:00', '2030-07-02T10:00:00+08:00')`,
      [m.id, w.s3new.id, w.firm.id, w.userId],
    );
    expect(await stored(2026, '510703')).toEqual(before);
    expect(await stored(2030, '500103')).toMatchObject({ e: 1, d: 1, w: 1 });
    expect(await stored(2030, '510104')).toMatchObject({ f: 1, d: 1 });
    expect((await pool.query(`SELECT * FROM metrics_check()`)).rows).toEqual([]);
  });

  it('stays exact under concurrent approvals, rejections and destination changes (no lost updates)', async () => {
    const w = await world('conc');
    const { members, ids } = await graduatesWithPendingTransfers(w, 60);
    const work = members.map((m, i) => decideInOwnTransaction(ids[i] as string, m.id, w.firm.id, i % 5 !== 4));
    // Meanwhile the school sets destinations of some of the same members.
    const dests = members
      .filter((_, i) => i % 3 === 0)
      .map((m) => pool.query(`UPDATE member SET destination = 'employment' WHERE id = $1`, [m.id]));
    await Promise.all([...work, ...dests]);
    expect((await pool.query(`SELECT * FROM metrics_check()`)).rows).toEqual([]);
    const approved = members.filter((_, i) => i % 5 !== 4).length;
    expect(await stored(2026, '510104')).toMatchObject({ e: 60, d: approved, w: approved });
    expect(await stored(2026, '000000')).toMatchObject({ e: 60, d: approved, w: approved });
  });

  it('stays exact when a branch is re-marked while its members’ transfers are approved (the members’ row locks, no buckets)', async () => {
    const w = await world('remark');
    const { members, ids } = await graduatesWithPendingTransfers(w, 40);
    // Approvals as the service writes them (transfers, then members, in one transaction each) …
    const approvals = members.map((m, i) => decideInOwnTransaction(ids[i] as string, m.id, w.firm.id, true));
    // … while the school moves its branch's graduation date twice (the members still there).
    const remarks = ['2026-07-01', '2026-06-29'].map((d) =>
      pool.query(`UPDATE member SET graduation_date = $2 WHERE org_id = $1`, [w.s1a.id, d]),
    );
    await Promise.all([...approvals, ...remarks]);
    expect((await pool.query(`SELECT * FROM metrics_check()`)).rows).toEqual([]);
    expect(await stored(2026, '510104')).toMatchObject({ e: 40, d: 40 });
  });

  it('takes 10,000 graduates in one statement (an import into a marked branch, a big branch marked) within the lock table', async () => {
    const w = await world('bulk');
    const school = w.s1a.path[1] as string;
    await pool.query(
      `INSERT INTO member (org_id, name, id_card_number, gender, birth_date, school_org_id, graduation_date)
       SELECT $1, 'bulk' || i, lpad(i::text, 17, '0') || 'X', 'male', '2004-01-01', $2, '2026-06-30' FROM generate_series(1, 10000) i`,
      [w.s1a.id, school],
    );
    await pool.query(`UPDATE member SET graduation_date = '2026-07-01' WHERE org_id = $1`, [w.s1a.id]);
    expect(await stored(2026, '510104')).toMatchObject({ e: 10000 });
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
