import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { INestApplication } from '@nestjs/common';
import { createTestDatabase } from '@zhtj/api/db';
import { createApp } from '@zhtj/api/shell';

// The demo `npm start` loads (DEMO_DATA, issue 23 item 9): the `school` account's 首页 shows a
// season in progress, and every place name in a demo org's name belongs to the org's region.
const NOW = '2026-12-02T10:00:00+08:00';
const DEMO_PASSWORD = 'Demo@2026';

interface RegionRow {
  code: string;
  name: string;
  parent_code: string | null;
  level: string;
}

/**
 * Where a name's leading place names (a province, then a city, then a county; in full or without
 * their suffix) disagree with `region`: each must lie on the line of `region` —
 * the region itself, one above it, or one below it (a province's org may name a city of it).
 * Null when they agree.
 */
function placeMismatch(name: string, region: string, regions: readonly RegionRow[]): string | null {
  const parent = new Map(regions.map((r) => [r.code, r.parent_code]));
  const chain = (code: string): string[] => {
    const out: string[] = [];
    for (let c: string | null | undefined = code; c; c = parent.get(c)) out.push(c);
    return out;
  };
  const onLine = (a: string, b: string) => chain(a).includes(b) || chain(b).includes(a);
  let rest = name.replace(/^共青团/u, '');
  // The first place may be any region; each next one a level below the place before it.
  let below = 0;
  for (;;) {
    const hits = placeForms(regions).filter((f) => f.depth > below && rest.startsWith(f.form));
    if (hits.length === 0) return null;
    const longest = Math.max(...hits.map((h) => h.form.length));
    const same = hits.filter((h) => h.form.length === longest);
    if (!same.some((h) => onLine(h.code, region))) return `${name}: ${same[0]?.form} is not in ${region}`;
    rest = rest.slice(longest);
    below = Math.min(...same.map((h) => h.depth));
  }
}

const DEPTH: Record<string, number> = { province: 1, city: 2, county: 3 };
let formsCache: { form: string; code: string; depth: number }[] | null = null;
/** Each region's name in full and without its suffix (成都市 → 成都; two characters at least). */
function placeForms(regions: readonly RegionRow[]): { form: string; code: string; depth: number }[] {
  formsCache ??= regions
    .filter((r) => r.level !== 'national')
    .flatMap((r) => {
      const short = r.name.replace(/(维吾尔自治区|壮族自治区|回族自治区|自治区|特别行政区|自治州|地区|省|市|区|县|旗|盟)$/u, '');
      return [r.name, ...(short.length >= 2 && short !== r.name ? [short] : [])].map((form) => ({
        form,
        code: r.code,
        depth: DEPTH[r.level] ?? 0,
      }));
    });
  return formsCache;
}

describe('the demo data (issue 23 item 9)', () => {
  let app: INestApplication;
  let closeDb: () => Promise<void>;
  let token: string;
  let regions: RegionRow[];
  const get = (url: string) => request(app.getHttpServer()).get(url).set('Authorization', `Bearer ${token}`);

  beforeAll(async () => {
    const db = await createTestDatabase();
    closeDb = db.close;
    ({ app } = await createApp({
      databaseUrl: db.url,
      embedded: db.embedded,
      controllableClock: true,
      logger: false,
      bootstrap: { adminPassword: 'Admin@2026x', demoData: true, now: new Date(NOW) },
    }));
    await request(app.getHttpServer()).put('/api/test/clock').send({ now: NOW }).expect(200);
    const login = await request(app.getHttpServer()).post('/api/auth/login').send({ username: 'school', password: DEMO_PASSWORD });
    expect(login.status).toBe(200);
    token = login.body.accessToken as string;
    regions = await app.get(DataSource).query(`SELECT code, name, parent_code, level FROM region`);
  }, 300_000);
  afterAll(async () => {
    await app?.close();
    await closeDb?.();
  });

  it('gives the school’s 首页 real rates: SX and XS of its county with numerators above zero', async () => {
    for (const indicator of ['sx', 'xs']) {
      const v = (await get(`/api/metrics/${indicator}`)).body as {
        region: string;
        value: number | null;
        numerator: number;
        denominator: number;
      };
      expect(v.region).toBe('510107');
      expect(v.value, indicator).not.toBeNull();
      expect(v.numerator, indicator).toBeGreaterThan(0);
      expect(v.numerator, indicator).toBeLessThan(v.denominator);
    }
  });

  it('counts the school’s own 2026 graduates as told (DOMAIN.md §6, by hand)', async () => {
    // 软件工程2022级1班: 4 further study (2 approved, 1 pending, 1 not sent) → SX 2 / 4.
    // Society-bound: 10 in that class (3 approved) and the 12 of 计算机2022级1班 with no
    // destination yet (they count towards XS) → XS 3 / 22.
    const rank = async (indicator: string) =>
      (
        (await get(`/api/metrics/ranking?indicator=${indicator}&by=school&region=510107&limit=200`)).body.items as {
          name: string;
          numerator: number;
          denominator: number;
          pending: number;
        }[]
      ).find((i) => i.name === '四川示范大学团委');
    expect(await rank('sx')).toMatchObject({ numerator: 2, denominator: 4, pending: 1 });
    expect(await rank('xs')).toMatchObject({ numerator: 3, denominator: 22 });
  });

  it('has transfers approved, pending (one reminded), returned with its reason, one waiting for the school, and one overdue', async () => {
    type Item = { status: string; memberName: string; reason: string | null; reminders: { count: number } };
    const outgoing = (await get('/api/transfers?box=outgoing&pageSize=100')).body.items as Item[];
    const statuses = new Set(outgoing.map((x) => x.status));
    for (const s of ['approved', 'pending', 'rejected']) expect(statuses, s).toContain(s);
    expect(outgoing.some((x) => x.status === 'pending' && x.reminders.count > 0)).toBe(true);
    const returned = (await get('/api/transfers?box=returned')).body.items as Item[];
    expect(returned.map((x) => [x.memberName, x.reason])).toEqual([['彭梓萱', '经核实该生未在本单位入职，请核对毕业去向']]);
    // Waiting for this school (升学 into its new-students org), reminded by the sending school.
    const decide = (await get('/api/transfers?box=decide&status=pending')).body as { total: number; items: Item[] };
    expect(decide.items.map((x) => x.memberName)).toContain('蒋雅婷');
    const inbox = (await get('/api/transfers/reminders')).body as { transfer: { memberName: string } }[];
    expect(inbox.map((r) => r.transfer.memberName)).toContain('蒋雅婷');
    // §2.4: last season's unemployed graduate still at school after 6 months.
    const overdue = (await get('/api/members/overdue?list=school_retention')).body as {
      total: number;
      items: { name: string; status: string }[];
    };
    expect(overdue.items.filter((r) => r.status === 'overdue').map((r) => r.name)).toEqual(['潘博文']);
  });

  it('keeps the monitoring facts as a recount from members and transfers gives them', async () => {
    expect(await app.get(DataSource).query(`SELECT * FROM metrics_check()`)).toEqual([]);
  });

  it('names no place outside an org’s own region (no 福建省广州市…)', async () => {
    expect(placeMismatch('福建省广州市科技有限公司团支部', '350000', regions)).not.toBeNull();
    expect(placeMismatch('共青团成都市武侯区委员会', '510107', regions)).toBeNull();
    const ds = app.get(DataSource);
    const orgs: { name: string; region_code: string }[] = await ds.query(`SELECT name, region_code FROM org`);
    expect(orgs.length).toBeGreaterThan(1000);
    expect(orgs.map((o) => placeMismatch(o.name, o.region_code, regions)).filter(Boolean)).toEqual([]);
    const external: { name: string; province: string }[] = await ds.query(
      `SELECT DISTINCT external_org_name AS name, external_province_code AS province FROM transfer WHERE external_org_name IS NOT NULL`,
    );
    expect(external.length).toBeGreaterThan(0);
    expect(external.map((e) => placeMismatch(e.name, e.province, regions)).filter(Boolean)).toEqual([]);
  });
});
