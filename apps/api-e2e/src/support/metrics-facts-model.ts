import { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { expect } from 'vitest';
import { isWorkUnitOrg, regionMetrics, graduateTransfer, isSchoolDomain } from '@zhtj/domain';
import type { GraduateFact, GraduateTransferFact, Industry } from '@zhtj/domain';
import type { DatabaseHandle } from '@zhtj/api/db';
import { migratedDatabase } from './harness';

/**
 * The model metrics-facts.e2e.spec.ts checks the database against: a small world of orgs written by
 * SQL, members and transfers kept alongside as plain objects, and a brute-force recount of them by
 * libs/domain's definition (DOMAIN.md §6) to compare with the facts and counters stored.
 */

export const REGIONS: [string, string, string | null, string][] = [
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
export const YEARS = [2026, 2027, 2030];

export interface Org {
  id: string;
  path: string[];
  region: string;
  industry: Industry | null;
  purpose: string | null;
  level: string;
}
export interface MemberModel {
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
export interface TransferModel {
  id: string;
  memberId: string;
  type: string;
  status: string;
  toOrgId: string | null;
  external: string | null;
  initiatedAt: string;
  decidedAt: string | null;
}

/** A migrated test database (no API) holding REGIONS, and a pool on it. */
export async function factsDatabase(): Promise<{ db: DatabaseHandle; ds: DataSource; pool: Pool }> {
  const { db, ds } = await migratedDatabase();
  const pool = new Pool({ connectionString: db.url, max: db.embedded ? 4 : 12 });
  for (const [code, name, parent, level] of REGIONS) {
    await pool.query(`INSERT INTO region (code, name, parent_code, level) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, [
      code,
      name,
      parent,
      level,
    ]);
  }
  return { db, ds, pool };
}

/** A small world: schools in three regions (county, city-level), a Chongqing university, receiving orgs. */
export async function world(pool: Pool, tag: string) {
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
    pool,
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
export type World = Awaited<ReturnType<typeof world>>;

let idSeq = 0;
export async function addMembers(w: World, branch: Org, count: number, models: MemberModel[]): Promise<void> {
  for (let i = 0; i < count; i++) {
    const school = schoolOf(w, branch.id);
    const idCard = `5101${String(++idSeq).padStart(13, '0')}X`.slice(0, 18);
    const { rows } = await w.pool.query(
      `INSERT INTO member (org_id, name, id_card_number, gender, birth_date, school_org_id) VALUES ($1, $2, $3, 'male', '2004-01-01', $4) RETURNING id`,
      [branch.id, `m${idSeq}`, idCard, school],
    );
    models.push({ id: rows[0].id, orgId: branch.id, gradDate: null, school, dest: null, eventOrg: branch.id, events: [] });
  }
}

export function schoolOf(w: World, orgId: string): string | null {
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
export function modelSetGraduation(w: World, m: MemberModel, date: string | null, destChanged = false): void {
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
export function syncCohort(w: World, m: MemberModel): void {
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
export function recount(w: World, members: MemberModel[], transfers: TransferModel[], region: string, year: number) {
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
export async function graduatesWithPendingTransfers(w: World, count: number): Promise<{ members: MemberModel[]; ids: string[] }> {
  const members: MemberModel[] = [];
  await addMembers(w, w.s1a, count, members);
  await w.pool.query(`UPDATE member SET graduation_date = '2026-06-30' WHERE org_id = $1`, [w.s1a.id]);
  const ids: string[] = [];
  for (const m of members) {
    const { rows } = await w.pool.query(
      `INSERT INTO transfer (member_id, type, status, from_org_id, to_org_id, initiated_by, initiator_role, initiated_at)
       VALUES ($1, 'employment', 'pending', $2, $3, $4, 'national_admin', '2026-07-01T10:00:00+08:00') RETURNING id`,
      [m.id, w.s1a.id, w.firm.id, w.userId],
    );
    ids.push(rows[0].id);
  }
  return { members, ids };
}

/** A decision on 2 July in its own transaction, as the service writes it: an approval moves the member to `to`. */
export async function decideInOwnTransaction(w: World, transferId: string, memberId: string, to: string, approve: boolean): Promise<void> {
  const c = await w.pool.connect();
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

export async function stored(w: World, year: number, region: string) {
  const { rows } = await w.pool.query(
    `SELECT coalesce(sum(a),0)::int a, coalesce(sum(b),0)::int b, coalesce(sum(c),0)::int c, coalesce(sum(d),0)::int d,
            coalesce(sum(e),0)::int e, coalesce(sum(f),0)::int f, coalesce(sum(w),0)::int w
       FROM metric_count WHERE year = $1 AND region = $2`,
    [year, region],
  );
  return rows[0];
}

export async function expectExact(w: World, members: MemberModel[], transfers: TransferModel[]): Promise<void> {
  const diffs = await w.pool.query(`SELECT * FROM metrics_check()`);
  expect(diffs.rows).toEqual([]);
  for (const year of YEARS) {
    for (const [region] of REGIONS) {
      const want = recount(w, members, transfers, region, year);
      const got = await stored(w, year, region);
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
