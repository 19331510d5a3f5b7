import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DESTINATIONS,
  GRADUATE_WINDOW_START,
  INDUSTRIES,
  ORG_PURPOSES,
  SCHOOL_DOMAIN_INDUSTRIES,
  SX_DESTINATIONS,
  UNCOUNTED_DESTINATIONS,
  WORK_UNIT_EXCLUDED_PURPOSES,
  WORK_UNIT_INDUSTRIES,
  RETAINED_AT_SCHOOL_DESTINATIONS,
  ageLimitDate,
  dateInYear,
  indicatorOf,
  membershipEndedAt,
  isWorkUnitOrg,
  regionChain,
  shanghaiMidnight,
} from '@zhtj/domain';
import { SCHEMA_OBJECT_FILES, applySchemaObjects, renderSql, schemaObjects, sqlConstants } from '@zhtj/api/db';
import type { DatabaseHandle } from '@zhtj/api/db';
import { gbt2260Regions } from '@zhtj/api/regions';
import { functionBody, migratedDatabase } from './support/harness';

/**
 * Issue 22, "one source": the SQL that runs is the files of libs/api/db/sql, their constants are
 * rendered from libs/domain, and where the SQL restates a rule in its own shape it answers as the
 * domain's function does, over the whole vocabulary. A changed rule in libs/domain makes one of
 * these fail until the SQL agrees.
 */
describe('the SQL files and libs/domain (rendering)', () => {
  const placeholders = (sql: string) => [...sql.matchAll(/\{\{\s*([A-Z0-9_]+)\s*\}\}/g)].map((m) => m[1] as string);

  it('renders every placeholder of every file from libs/domain, and every value is used', () => {
    const constants = sqlConstants();
    const used = new Set(SCHEMA_OBJECT_FILES.flatMap((f) => placeholders(f.sql)));
    expect([...used].filter((name) => !(name in constants))).toEqual([]);
    expect(Object.keys(constants).filter((name) => !used.has(name))).toEqual([]);
    for (const o of schemaObjects()) expect(o.sql, o.file).not.toMatch(/\{\{|\}\}/);
  });

  it('types no value of the domain’s lists into a file (they come through placeholders)', () => {
    const values = new Set<string>([
      ...SCHOOL_DOMAIN_INDUSTRIES,
      ...WORK_UNIT_INDUSTRIES,
      ...WORK_UNIT_EXCLUDED_PURPOSES,
      ...DESTINATIONS,
      'general',
      'Asia/Shanghai',
      '000000',
    ]);
    const typed = SCHEMA_OBJECT_FILES.flatMap((f) => [...values].filter((v) => f.sql.includes(`'${v}'`)).map((v) => `${f.file}: '${v}'`));
    expect(typed).toEqual([]);
    expect(SCHEMA_OBJECT_FILES.filter((f) => /make_timestamptz\(\s*\w+\s*,\s*\d/.test(f.sql)).map((f) => f.file)).toEqual([]);
  });

  it('changes the rendered SQL and its hash when a rule changes in libs/domain (junior high leaves the school domain)', () => {
    const before = schemaObjects();
    const constants = sqlConstants();
    const after = schemaObjects({ ...constants, SCHOOL_DOMAIN_INDUSTRIES: SCHOOL_DOMAIN_INDUSTRIES.filter((i) => i !== 'junior_high') });
    const changed = after.filter((o, i) => o.hash !== before[i]?.hash).map((o) => o.file);
    expect(changed).toEqual(
      expect.arrayContaining([
        'metrics/functions/metrics_school_of.sql',
        'metrics/functions/metrics_member_stmt.sql',
        'metrics/functions/metrics_rebuild.sql',
        'metrics/functions/metrics_check.sql',
      ]),
    );
    expect(after.find((o) => o.file.endsWith('metrics_school_of.sql'))?.sql).not.toContain(`'junior_high'`);
    // The 1 May window, likewise.
    const june = schemaObjects({ ...constants, GRADUATE_WINDOW_START_MONTH: 6 });
    expect(june.filter((o, i) => o.hash !== before[i]?.hash).map((o) => o.file)).toEqual(['metrics/functions/metrics_window_start.sql']);
  });

  it('refuses to render when libs/domain reads a rule the SQL implements in its shape otherwise (COHORT_WINDOW_ENDS_AT_NEXT_COHORT)', () => {
    expect(() => sqlConstants({ COHORT_WINDOW_ENDS_AT_NEXT_COHORT: false })).toThrow(/COHORT_WINDOW_ENDS_AT_NEXT_COHORT/);
    expect(() => renderSql('SELECT {{NOT_A_RULE}}', {})).toThrow(/NOT_A_RULE/);
  });
});

describe('the SQL files and libs/domain (in the database)', () => {
  let db: DatabaseHandle;
  let ds: DataSource;

  beforeAll(async () => {
    ({ db, ds } = await migratedDatabase());
  }, 120_000);
  afterAll(async () => {
    await ds?.destroy();
    await db?.close();
  });

  it('runs exactly the files: every metrics function, the view and every trigger of the facts come from libs/api/db/sql', async () => {
    const functions: { name: string; sig: string; src: string }[] = await ds.query(
      `SELECT proname AS name, oid::regprocedure::text AS sig, prosrc AS src FROM pg_proc WHERE pronamespace = 'public'::regnamespace AND proname LIKE 'metrics%' ORDER BY 1`,
    );
    expect(functions.length).toBeGreaterThan(10);
    for (const f of functions) expect(f.src, f.sig).toBe(functionBody(`metrics/functions/${f.name}.sql`));
    const triggers: { name: string; fn: string }[] = await ds.query(
      `SELECT t.tgname AS name, t.tgfoid::regproc::text AS fn FROM pg_trigger t WHERE NOT t.tgisinternal AND t.tgfoid::regproc::text LIKE 'metrics%'`,
    );
    const triggerFiles = SCHEMA_OBJECT_FILES.filter((f) => f.file.includes('/triggers/'))
      .map((f) => f.sql)
      .join('\n');
    expect(triggers.length).toBe(10);
    for (const t of triggers) expect(triggerFiles, t.name).toContain(`CREATE TRIGGER ${t.name} `);
    const views: { name: string }[] = await ds.query(
      `SELECT relname AS name FROM pg_class WHERE relkind = 'v' AND relnamespace = 'public'::regnamespace`,
    );
    for (const v of views)
      expect(
        SCHEMA_OBJECT_FILES.map((f) => f.file),
        v.name,
      ).toContain(`metrics/views/${v.name}.sql`);
  });

  it('applies the files again only when their rendered text changes, and then the database follows the domain', async () => {
    expect(await applySchemaObjects(ds)).toBe(false);
    const indicator = async (d: string) => (await ds.query(`SELECT metrics_indicator_of($1) AS i`, [d]))[0].i as string | null;
    expect(await indicator('further_study')).toBe('sx');
    // A domain in which further study counts towards XS: the step re-applies, the SQL answers so.
    expect(await applySchemaObjects(ds, schemaObjects({ ...sqlConstants(), SX_DESTINATIONS: [] }))).toBe(true);
    expect(await indicator('further_study')).toBe('xs');
    expect(await applySchemaObjects(ds)).toBe(true);
    expect(await indicator('further_study')).toBe('sx');
    expect(await applySchemaObjects(ds)).toBe(false);
    expect(await ds.query(`SELECT * FROM metrics_check()`)).toEqual([]);
  });

  it('counts a destination towards the indicator indicatorOf says (§6), for every destination and none', async () => {
    for (const d of [...DESTINATIONS, null]) {
      const [{ i }] = await ds.query(`SELECT metrics_indicator_of($1) AS i`, [d]);
      expect({ d, i }).toEqual({ d, i: indicatorOf(d) });
    }
    expect(SX_DESTINATIONS).toEqual(['further_study']);
    expect(UNCOUNTED_DESTINATIONS).toEqual(['delayed_graduation']);
    expect(RETAINED_AT_SCHOOL_DESTINATIONS).toEqual(['unemployed']);
  });

  it('takes an org for a work unit exactly when isWorkUnitOrg does (§6 DW), for every industry and purpose', async () => {
    const rows: { industry: string | null; purpose: string | null; unit: boolean }[] = await ds.query(
      `SELECT i AS industry, p AS purpose, coalesce(metrics_is_work_unit(i, p), false) AS unit
         FROM unnest($1::text[]) i CROSS JOIN unnest($2::text[]) p`,
      [
        [...INDUSTRIES, null],
        [...ORG_PURPOSES, null],
      ],
    );
    expect(rows.length).toBe((INDUSTRIES.length + 1) * (ORG_PURPOSES.length + 1));
    for (const r of rows) expect(r).toEqual({ ...r, unit: isWorkUnitOrg(r.industry, r.purpose) });
  });

  it('places every GB/T 2260 region in the regions regionChain says (§6)', async () => {
    const codes = gbt2260Regions().map((r) => r.code);
    const rows: { code: string; chain: string[] }[] = await ds.query(
      `SELECT c AS code, metrics_region_chain(c) AS chain FROM unnest($1::text[]) c`,
      [codes],
    );
    expect(rows.length).toBeGreaterThan(3000);
    const wrong = rows.filter((r) => JSON.stringify(r.chain) !== JSON.stringify(regionChain(r.code)));
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it('starts cohort Y’s window at GRADUATE_WINDOW_START of Y, China Standard Time (§6)', async () => {
    for (let y = 2020; y <= 2032; y++) {
      const [{ at }] = await ds.query(`SELECT metrics_window_start($1) AS at`, [y]);
      expect((at as Date).toISOString()).toBe(shanghaiMidnight(dateInYear(y, GRADUATE_WINDOW_START))?.toISOString());
    }
  });

  it('ends membership when membershipEndedAt says (§6 "membership ended", §2 Q1): leaving, or the 28th birthday without a League post', async () => {
    const births = ['1998-07-15', '2000-02-29', '1996-02-29', '1999-12-31', '2004-01-01', '1900-02-28'];
    for (const b of births) {
      const [{ d }] = await ds.query(`SELECT to_char(metrics_age_limit_date($1::date), 'YYYY-MM-DD') AS d`, [b]);
      expect({ b, d }).toEqual({ b, d: ageLimitDate(b) });
    }
    // 1900 + 28 = 1928 is a leap year; 1872 + 28 = 1900 is not (29 February 1872 → 1 March 1900).
    const [{ d }] = await ds.query(`SELECT to_char(metrics_age_limit_date('1872-02-29'), 'YYYY-MM-DD') AS d`);
    expect(d).toBe(ageLimitDate('1872-02-29'));
    const cases: { status: 'active' | 'left'; leftAt: string | null; birthDate: string; leaguePost: string | null }[] = [
      { status: 'active', leftAt: null, birthDate: '1998-07-15', leaguePost: null },
      { status: 'active', leftAt: null, birthDate: '1998-07-15', leaguePost: '团支部书记' },
      { status: 'active', leftAt: null, birthDate: '1998-07-15', leaguePost: '  ' },
      { status: 'left', leftAt: '2026-06-01T08:00:00+08:00', birthDate: '2004-07-15', leaguePost: null },
      { status: 'left', leftAt: '2026-08-01T08:00:00+08:00', birthDate: '1998-07-15', leaguePost: null },
      { status: 'active', leftAt: '2026-06-01T08:00:00+08:00', birthDate: '2004-07-15', leaguePost: '委员' },
    ];
    for (const c of cases) {
      const [{ at }] = await ds.query(`SELECT metrics_membership_ends_at($1, $2, $3, $4) AS at`, [
        c.status,
        c.leftAt,
        c.birthDate,
        c.leaguePost,
      ]);
      expect({ c, at: at === null ? null : (at as Date).toISOString() }).toEqual({ c, at: membershipEndedAt(c) });
    }
  });
});
