import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import type { PoolClient } from 'pg';
import {
  checkJoinDate,
  checkMemberIdCard,
  checkOrgPlacement,
  isSchoolDomain,
  isWorkUnitOrg,
  parseIdCardNumber,
  regionMetrics,
  routeTransfer,
  schoolOf,
  toShanghaiDate,
} from '@zhtj/domain';
import type { GraduateFact, OrgFacts, TransferStatus, TransferType } from '@zhtj/domain';
import { loadDataset } from '@zhtj/api/datagen';
import { skeletonOf } from '@zhtj/api/db';
import { knownRegionCodes } from '@zhtj/api/regions';
import type { GenerateSummary } from '@zhtj/api/datagen';
import { TestApi } from './support/harness';

// The generator of issue 8, on a small scale over the whole country: reproducible, valid ID
// numbers, org placements and transfer routes legal by the domain's own rules, and SX / XS / DW
// served by the API equal to a brute-force recount with the domain's definition.
const CLOCK = '2026-12-02T10:00:00+08:00';
const SCALE = 0.0002;

async function generate(api: TestApi, seed: number): Promise<GenerateSummary> {
  const ds = api.app.get(DataSource);
  const runner = ds.createQueryRunner();
  const client = (await runner.connect()) as PoolClient;
  try {
    const embedded = !process.env['TEST_DATABASE_URL'];
    return await loadDataset(client, {
      scale: SCALE,
      seed,
      now: new Date(CLOCK),
      password: 'Demo@2026',
      method: embedded ? 'insert' : 'copy',
    });
  } finally {
    await runner.release();
  }
}

/** One digest per table over the generated columns (password hashes carry a random salt). */
async function digests(api: TestApi): Promise<Record<string, string>> {
  const ds = api.app.get(DataSource);
  const out: Record<string, string> = {};
  // 团中央 and `admin` come from the bootstrap (random ids): left out.
  const [{ id: root }] = await ds.query(`SELECT id FROM org WHERE parent_id IS NULL`);
  for (const [table, cols] of [
    [
      'org',
      `id, NULLIF(parent_id, '${root}') AS parent_id, name, kind, level, industry, region_code, purpose, array_remove(path, '${root}') AS path, graduation_date, mixed`,
    ],
    [
      'member',
      'id, org_id, name, id_card_number, gender, birth_date, phone, join_date, party_member, graduation_date, school_org_id, destination, status, graduation_mark',
    ],
    [
      'transfer',
      'id, member_id, type, status, from_org_id, to_org_id, external_province_code, external_org_name, initiated_by, initiated_at, decided_by, decided_at, reason',
    ],
    ['app_user', 'id, username, role, org_id, member_id'],
  ] as const) {
    const generated = table === 'org' ? `WHERE id <> '${root}'` : table === 'app_user' ? `WHERE username <> 'admin'` : '';
    const [row] = await ds.query(
      `SELECT md5(string_agg(t::text, '|' ORDER BY t.id)) AS d FROM (SELECT ${cols} FROM ${table} ${generated}) t`,
    );
    out[table] = row.d;
  }
  return out;
}

interface OrgRow {
  id: string;
  parent_id: string | null;
  kind: OrgFacts['kind'];
  level: OrgFacts['level'];
  industry: OrgFacts['industry'];
  purpose: OrgFacts['purpose'];
  region_code: string;
  path: string[];
}

describe('data generator (issue 8)', () => {
  let api: TestApi;
  let summary: GenerateSummary;
  let orgs: Map<string, OrgFacts>;

  beforeAll(async () => {
    api = await TestApi.start();
    await api.setClock(CLOCK);
    summary = await generate(api, 7);
    const rows: OrgRow[] = await api.app
      .get(DataSource)
      .query(`SELECT id, parent_id, kind, level, industry, purpose, region_code, path FROM org`);
    orgs = new Map(
      rows.map((r) => [
        r.id,
        { id: r.id, kind: r.kind, level: r.level, industry: r.industry, purpose: r.purpose, regionCode: r.region_code, path: r.path },
      ]),
    );
    for (const o of orgs.values()) {
      const parent = o.path.length > 1 ? orgs.get(o.path[o.path.length - 2] as string) : undefined;
      (o as OrgFacts & { parentLevel?: string | null }).parentLevel = parent?.level ?? null;
    }
  });
  afterAll(() => api?.close());

  it('loads a country: every province outside the three separate systems, every county committee, members and transfers', async () => {
    const ds = api.app.get(DataSource);
    const [p] = await ds.query(`SELECT count(*)::int AS n FROM org WHERE level = 'provincial' AND kind = 'committee'`);
    expect(p.n).toBe(28);
    const [sep] = await ds.query(`SELECT count(*)::int AS n FROM org WHERE left(region_code, 2) IN ('11', '44', '35')`);
    expect(sep.n).toBe(0);
    expect(summary.members).toBeGreaterThan(5_000);
    expect(summary.orgs).toBe(orgs.size - 1);
    const [accounts] = await ds.query(`SELECT count(*)::int AS n FROM app_user WHERE org_id IS NOT NULL`);
    expect(accounts.n).toBe(orgs.size); // one admin per generated org, and the bootstrap's admin
  });

  it('is reproducible: the same seed gives the same data, another seed other data', async () => {
    const again = await TestApi.start();
    const other = await TestApi.start();
    try {
      await generate(again, 7);
      await generate(other, 8);
      const [a, b, c] = await Promise.all([digests(api), digests(again), digests(other)]);
      expect(b).toEqual(a);
      expect(c.member).not.toBe(a.member);
    } finally {
      await again.close();
      await other.close();
    }
  });

  it('gives members time-ordered ids (version 7) in the order they were written, and a school’s students their school, as the API does', async () => {
    const rows: { id: string; org_id: string; school_org_id: string | null; at_school: boolean }[] = await api.app.get(DataSource).query(
      `SELECT m.id, m.org_id, m.school_org_id,
              EXISTS (SELECT 1 FROM org s WHERE s.id = ANY(o.path) AND s.level = 'base'
                         AND s.industry IN ('university','higher_vocational','vocational','high_school','junior_high')) AS at_school
         FROM member m JOIN org o ON o.id = m.org_id WHERE m.graduation_date IS NULL AND m.status = 'active'`,
    );
    expect(rows.length).toBeGreaterThan(100);
    for (const r of rows) expect(r.id[14], r.id).toBe('7');
    // A branch's members were written one after another: their ids are consecutive in id order.
    const byOrg = new Map<string, string[]>();
    for (const r of rows) byOrg.set(r.org_id, [...(byOrg.get(r.org_id) ?? []), r.id]);
    const sorted = rows.map((r) => r.id).sort();
    const rank = new Map(sorted.map((id, i) => [id, i]));
    const [, largest] = [...byOrg.entries()].sort((a, b) => b[1].length - a[1].length)[0] as [string, string[]];
    const ranks = largest.map((id) => rank.get(id) as number).sort((a, b) => a - b);
    expect((ranks.at(-1) as number) - (ranks[0] as number)).toBeLessThan(largest.length * 3);
    // Students not yet graduated carry their school (members.service schoolOf).
    expect(rows.filter((r) => r.at_school && r.school_org_id === null)).toEqual([]);
  });

  it('gives every member a valid ID number (GB 11643) that agrees with the birth date and gender', async () => {
    const rows: { id_card_number: string; birth_date: string; gender: string }[] = await api.app
      .get(DataSource)
      .query(`SELECT id_card_number, to_char(birth_date, 'YYYY-MM-DD') AS birth_date, gender FROM member`);
    expect(rows.length).toBe(summary.members);
    for (const r of rows) {
      const parsed = parseIdCardNumber(r.id_card_number);
      expect(parsed.ok, r.id_card_number).toBe(true);
      if (parsed.ok) {
        expect(parsed.birthDate).toBe(r.birth_date);
        expect(parsed.gender).toBe(r.gender);
      }
    }
  });

  it('gives every member an ID number and join date the API would accept at the data set’s clock (§2, GB/T 2260, 团章; issue 21)', async () => {
    const rows: { id_card_number: string; birth_date: string; join_date: string | null }[] = await api.app
      .get(DataSource)
      .query(
        `SELECT id_card_number, to_char(birth_date, 'YYYY-MM-DD') AS birth_date, to_char(join_date, 'YYYY-MM-DD') AS join_date FROM member`,
      );
    const refused = new Map<string, string[]>();
    const note = (code: string, id: string) => refused.set(code, [...(refused.get(code) ?? []), id].slice(0, 3));
    for (const r of rows) {
      const id = checkMemberIdCard(r.id_card_number, CLOCK, knownRegionCodes());
      if (!id.ok) note(id.code, r.id_card_number);
      const join = r.join_date ? checkJoinDate(r.join_date, r.birth_date, CLOCK) : { ok: true as const };
      if (!join.ok) note(join.code, `${r.birth_date} ${r.join_date}`);
    }
    expect(Object.fromEntries(refused)).toEqual({});
  });

  it('decides 延迟毕业 moves by the marking, by no account (§2.7, §5; issue 21 item 9)', async () => {
    const ds = api.app.get(DataSource);
    const delayed: { by_marking: boolean; decider: string | null }[] = await ds.query(
      `SELECT DISTINCT decided_by_marking AS by_marking, decided_by::text AS decider FROM transfer WHERE type = 'delayed_graduation' AND status = 'approved'`,
    );
    expect(delayed).toEqual([{ by_marking: true, decider: null }]);
  });

  it('gives every account its TR39 skeleton, none shared (issue 21 item 8d)', async () => {
    const rows: { username: string; username_skeleton: string | null }[] = await api.app
      .get(DataSource)
      .query(`SELECT username, username_skeleton FROM app_user`);
    expect(rows.filter((r) => r.username_skeleton !== skeletonOf(r.username))).toEqual([]);
    expect(new Set(rows.map((r) => r.username_skeleton)).size).toBe(rows.length);
  });

  it('places every org legally by the domain’s placement rule (§1, §2), one special-purpose org of each per school', () => {
    const schoolPurposes = new Map<string, number>();
    for (const o of orgs.values()) {
      if (o.path.length < 2) continue;
      const parent = orgs.get(o.path[o.path.length - 2] as string) as OrgFacts;
      const school = ['new_students', 'graduates', 'delayed_graduation', 'abroad_study'].includes(o.purpose ?? '')
        ? schoolOf(o.path.map((id) => orgs.get(id) as OrgFacts))
        : null;
      const key = school ? `${school.id}:${o.purpose}` : null;
      const taken = key ? (schoolPurposes.get(key) ?? 0) > 0 : false;
      if (key) schoolPurposes.set(key, (schoolPurposes.get(key) ?? 0) + 1);
      const decision = checkOrgPlacement(parent, o, { purposeTakenInSchool: taken, libraryTakenInProvince: false });
      expect(decision, `${o.id} ${o.kind} ${o.purpose} under ${parent.kind} ${parent.industry}`).toEqual({ ok: true });
    }
    const [libraries] = [[...orgs.values()].filter((o) => o.purpose === 'special_library')];
    expect(new Set(libraries.map((o) => o.regionCode.slice(0, 2))).size).toBe(libraries.length);
  });

  it('routes every transfer legally at the time it was initiated (§3), in every state, mostly May–August', async () => {
    const rows: {
      type: TransferType;
      status: TransferStatus;
      from_org_id: string;
      to_org_id: string | null;
      external_province_code: string | null;
      external_org_name: string | null;
      initiated_at: Date;
      decided_at: Date | null;
      note: string | null;
    }[] = await api.app
      .get(DataSource)
      .query(
        `SELECT type, status, from_org_id, to_org_id, external_province_code, external_org_name, initiated_at, decided_at, note FROM transfer`,
      );
    expect(rows.length).toBe(summary.transfers);
    const clock = new Date(CLOCK).getTime();
    let summer = 0;
    let late = 0;
    for (const t of rows) {
      const from = orgs.get(t.from_org_id) as OrgFacts;
      const to = t.to_org_id
        ? (orgs.get(t.to_org_id) as OrgFacts)
        : { external: true as const, provinceCode: t.external_province_code as string, orgFullName: t.external_org_name as string };
      const school = schoolOf(from.path.map((id) => orgs.get(id) as OrgFacts));
      const decision = routeTransfer(t.type, from, to, t.initiated_at, {
        fromSchoolId: school?.id ?? null,
        abroadRequest: t.type === 'abroad_study' ? { domesticContactName: '家长', domesticContactPhone: '13800000000' } : null,
      });
      expect(decision, `${t.type} → ${to && 'id' in to ? `${to.kind} ${to.industry} ${to.purpose}` : 'external'}`).toEqual({ ok: true });
      expect(t.initiated_at.getTime()).toBeLessThanOrEqual(clock);
      if (t.decided_at) expect(t.decided_at.getTime()).toBeGreaterThanOrEqual(t.initiated_at.getTime());
      const md = toShanghaiDate(t.initiated_at)?.slice(5) ?? '';
      if (md >= '05-01' && md <= '08-31') summer++;
      if (md >= '10-01') late++;
    }
    expect(summer / rows.length).toBeGreaterThan(0.6);
    expect(late).toBeGreaterThan(0);
    for (const s of ['pending', 'approved', 'rejected', 'withdrawn', 'expired'] as const)
      expect(summary.transfersByStatus[s], s).toBeGreaterThan(0);
    for (const type of [
      'employment',
      'further_study',
      'special_unit',
      'unemployed',
      'abroad_study',
      'abroad_private',
      'delayed_graduation',
    ] as const) {
      expect(summary.transfersByType[type] ?? 0, type).toBeGreaterThan(0);
    }
  });

  it('serves SX, XS and DW equal to a brute-force recount with the domain’s definition (§6), nationally and per province', async () => {
    const ds = api.app.get(DataSource);
    const year = summary.cohortYear;
    const graduates: {
      id: string;
      graduation_date: string;
      destination: GraduateFact['destination'];
      school_region: string;
      school_industry: GraduateFact['schoolIndustry'];
      at_school: boolean;
    }[] = await ds.query(
      `SELECT m.id, to_char(m.graduation_date, 'YYYY-MM-DD') AS graduation_date, m.destination, s.region_code AS school_region, s.industry AS school_industry,
                (o.path @> ARRAY[m.school_org_id]) AS at_school
           FROM member m JOIN org s ON s.id = m.school_org_id JOIN org o ON o.id = m.org_id
          WHERE m.graduation_date BETWEEN $1::date AND $2::date`,
      [`${year}-01-01`, `${year}-12-31`],
    );
    const transfers: {
      member_id: string;
      type: TransferType;
      status: TransferStatus;
      initiated_at: Date;
      decided_at: Date | null;
      target: string | null;
      industry: string | null;
      purpose: string | null;
    }[] = await ds.query(
      `SELECT t.member_id, t.type, t.status, t.initiated_at, t.decided_at, COALESCE(o.region_code, t.external_province_code) AS target, o.industry, o.purpose
           FROM transfer t LEFT JOIN org o ON o.id = t.to_org_id`,
    );
    const byMember = new Map<string, typeof transfers>();
    for (const t of transfers) byMember.set(t.member_id, [...(byMember.get(t.member_id) ?? []), t]);
    const facts: GraduateFact[] = graduates
      .filter((g) => isSchoolDomain(g.school_industry))
      .map((g) => {
        const ts = byMember.get(g.id) ?? [];
        return {
          memberId: g.id,
          schoolRegionCode: g.school_region,
          schoolIndustry: g.school_industry,
          graduationDate: g.graduation_date,
          destination: g.destination,
          retainedAtSchool: g.destination === 'unemployed' && g.at_school,
          abroadRetentionApproved: ts.some((t) => t.type === 'abroad_study' && t.status === 'approved'),
          transfers: ts.map((t) => ({
            type: t.type,
            status: t.status,
            initiatedAt: t.initiated_at,
            decidedAt: t.decided_at,
            targetRegionCode: t.target as string,
            targetIsWorkUnit: isWorkUnitOrg(t.industry, t.purpose),
          })),
        };
      });
    const admin = await api.admin();
    const provinces: { code: string }[] = await ds.query(
      `SELECT DISTINCT left(region_code, 2) || '0000' AS code FROM org WHERE level = 'provincial' ORDER BY 1 LIMIT 4`,
    );
    for (const region of ['000000', ...provinces.map((p) => p.code)]) {
      const expected = regionMetrics(facts, region, year);
      for (const indicator of ['sx', 'xs', 'dw'] as const) {
        const res = await admin.get(`/api/metrics/${indicator}?year=${year}&region=${region}`);
        expect(res.status).toBe(200);
        const parts = expected[indicator];
        const numerator = indicator === 'sx' ? expected.sx.a : indicator === 'xs' ? expected.xs.d : expected.dw.w;
        const denominator = indicator === 'sx' ? expected.sx.b + expected.sx.c : expected.xs.e + expected.xs.f;
        expect({ region, indicator, numerator: res.body.numerator, denominator: res.body.denominator }).toEqual({
          region,
          indicator,
          numerator,
          denominator,
        });
        if (parts.value === null) expect(res.body.value).toBeNull();
        else expect(res.body.value).toBeCloseTo(parts.value, 9);
      }
      expect(expected.sx.b + expected.xs.e).toBeGreaterThan(0);
    }
  });
});
