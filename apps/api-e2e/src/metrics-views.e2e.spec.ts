import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Json, PASSWORD, TestApi, expectError, idCard } from './support/harness';

/**
 * Issue 9 through HTTP on DOMAIN.md §6's worked example: DW beside SX and XS, the ranking of
 * lagging schools and counties, the graduates behind a number (masked; a school sees only its
 * own), and the export with DW.
 */
describe('DW, ranking, graduates and export (DOMAIN.md §6, API.md)', () => {
  let api: TestApi;
  let admin: Client;
  const ids: Record<string, string> = {};
  const orgs: Record<string, string> = {};

  beforeAll(async () => {
    api = await TestApi.start();
    await api.setClock('2026-06-10T10:00:00+08:00');
    admin = await api.admin();
    const root = (await admin.get('/api/auth/me')).body.orgId as string;
    const org = async (key: string, parentId: string, name: string, kind: string, level: string, extra: object = {}) =>
      (orgs[key] = (await admin.create('/api/orgs', { parentId, name, kind, level, ...extra })).id);
    const sc = await org('sc', root, '共青团四川省委', 'committee', 'provincial', { regionCode: '510000' });
    const cd = await org('cd', sc, '共青团成都市委', 'committee', 'city', { regionCode: '510100' });
    const my = await org('my', sc, '共青团绵阳市委', 'committee', 'city', { regionCode: '510700' });
    const cq = await org('cq', root, '共青团重庆市委', 'committee', 'provincial', { regionCode: '500000' });
    const s1 = await org('s1', cd, '成都S1大学团委', 'committee', 'base', { industry: 'university', regionCode: '510104' });
    const s1b = await org('s1b', s1, 'S1 2022级团支部', 'branch', 'base');
    const s2 = await org('s2', my, '绵阳S2大学团委', 'committee', 'base', { industry: 'university', regionCode: '510703' });
    const s2new = await org('s2new', s2, 'S2新生团组织', 'branch', 'base', { purpose: 'new_students' });
    const s3 = await org('s3', cq, '重庆S3大学团委', 'committee', 'base', { industry: 'university', regionCode: '500103' });
    const s3b = await org('s3b', s3, 'S3 2022级团支部', 'branch', 'base');
    const s4 = await org('s4', cq, '重庆S4大学团委', 'committee', 'base', { industry: 'university', regionCode: '500104' });
    const s4new = await org('s4new', s4, 'S4新生团组织', 'branch', 'base', { purpose: 'new_students' });
    const firm = await org('firm', cd, '成都某公司团支部', 'branch', 'base', { industry: 'enterprise', regionCode: '510104' });
    await admin.create('/api/users', { username: 'v-s1', password: PASSWORD, orgId: s1 });
    await admin.create('/api/users', { username: 'v-s3', password: PASSWORD, orgId: s3 });
    await admin.create('/api/users', { username: 'v-cd', password: PASSWORD, orgId: cd });
    await admin.create('/api/users', { username: 'v-approver', password: PASSWORD, orgId: root });
    const member = async (orgId: string, name: string) =>
      (ids[name] = (await admin.create('/api/members', { orgId, name, idCardNumber: idCard() })).id);
    for (const n of ['m1', 'm2', 'm3', 'm4']) await member(s1b, n);
    await member(s3b, 'm5');
    const s1Admin = await api.login('v-s1');
    const s3Admin = await api.login('v-s3');
    await s1Admin.put(`/api/orgs/${s1b}/graduation`, { graduationDate: '2026-06-30' });
    await s3Admin.put(`/api/orgs/${s3b}/graduation`, { graduationDate: '2026-06-30' });
    await s1Admin.put(`/api/members/${ids['m4']}/graduation`, { destination: 'unemployed' });
    await api.setClock('2026-07-05T10:00:00+08:00');
    const approver = await api.login('v-approver');
    const transfer = (memberId: string, type: string, toOrgId: string) => admin.create('/api/transfers', { memberId, type, toOrgId });
    const approve = async (t: Json) => expect((await approver.post(`/api/transfers/${t.id}/approve`)).status).toBe(200);
    await approve(await transfer(ids['m1'] as string, 'further_study', s2new));
    await transfer(ids['m2'] as string, 'further_study', s4new);
    await approve(await transfer(ids['m3'] as string, 'employment', firm));
    await approve(await transfer(ids['m5'] as string, 'employment', firm));
    await api.setClock('2026-07-10T10:00:00+08:00');
  });
  afterAll(() => api?.close());

  it('DW: Chengdu W = {m3, m5} of E ∪ F = {m3, m4, m5} → 2/3, beside SX and XS', async () => {
    const dw = await admin.get('/api/metrics/dw?year=2026&region=510100');
    expect(dw.body).toMatchObject({
      region: '510100',
      indicator: 'dw',
      value: 2 / 3,
      numerator: 2,
      denominator: 3,
      parts: { W: 2, E: 2, F: 1 },
    });
    const sichuan = await admin.get('/api/metrics/dw?year=2026&region=510000');
    expect(sichuan.body.children.find((c: Json) => c.region === '510700')).toMatchObject({ value: null, denominator: 0 });
    expect((await admin.get('/api/metrics/sx?year=2026&region=510100')).body).toMatchObject({ numerator: 1, denominator: 2, pending: 1 });
  });

  it('a trend of DW from the same counters', async () => {
    const trend = await admin.get('/api/metrics/trend?year=2026&region=510100&indicator=dw');
    expect(trend.body.points.at(-1)).toMatchObject({ date: '2026-07-10', numerator: 2, denominator: 3 });
    // As things stood each day (DOMAIN.md §6): nobody was marked before 10 June; on 4 July m1–m4
    // were marked with no destination and no transfer yet — all four counted towards XS (E), as
    // they were then; m1 and m2 moved to SX only on 5 July, when their further-study transfers named it.
    expect(trend.body.points.find((p: Json) => p.date === '2026-06-09')).toMatchObject({ numerator: 0, denominator: 0 });
    expect(trend.body.points.find((p: Json) => p.date === '2026-07-04')).toMatchObject({ numerator: 0, denominator: 4 });
  });

  it('ranks lagging schools and counties, lowest completion first, with pending counts', async () => {
    const schools = await admin.get('/api/metrics/ranking?year=2026&region=000000&indicator=sx&by=school');
    expect(schools.status).toBe(200);
    expect(schools.body.items[0]).toMatchObject({
      id: orgs['s1'],
      name: '成都S1大学团委',
      numerator: 1,
      denominator: 2,
      pending: 1,
      notDone: 1,
      value: 0.5,
    });
    const counties = await admin.get('/api/metrics/ranking?year=2026&region=510000&indicator=xs&by=county');
    expect(counties.body.items).toEqual([expect.objectContaining({ id: '510104', numerator: 2, denominator: 3, notDone: 1 })]);
    expectError(await admin.get('/api/metrics/ranking?year=2026&by=town'), 400, 'VALIDATION_FAILED');
  });

  it('lists the graduates behind a number, masked and paged; a school sees only its own not-done graduates', async () => {
    const all = await admin.get('/api/metrics/graduates?year=2026&region=510100&indicator=xs&pageSize=2');
    expect(all.body.total).toBe(3);
    expect(all.body.items).toHaveLength(2);
    const notDone = await admin.get('/api/metrics/graduates?year=2026&region=510100&indicator=xs&completed=false');
    expect(notDone.body.items.map((g: Json) => g.name)).toEqual(['m4']);
    expect(notDone.body.items[0].idCardNumber).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    expect(notDone.body.items[0]).toMatchObject({ part: 'local', status: 'none', completed: false, destination: 'unemployed' });
    const incoming = await admin.get('/api/metrics/graduates?year=2026&region=510100&indicator=xs&part=incoming');
    expect(incoming.body.items.map((g: Json) => g.name)).toEqual(['m5']);
    // The school's own list of those not done yet (SX: m2 pending to Chongqing).
    const school = await api.login('v-s1');
    const own = await school.get('/api/metrics/graduates?year=2026&indicator=sx&completed=false');
    expect(own.body.items.map((g: Json) => [g.name, g.status])).toEqual([['m2', 'pending']]);
    expect(own.body.total).toBe(1);
    // A school never sees another school's graduates, not even those coming into its county.
    const ownXs = await school.get('/api/metrics/graduates?year=2026&indicator=xs');
    expect(ownXs.body.items.map((g: Json) => g.name).sort()).toEqual(['m3', 'm4']);
    expect(ownXs.body.total).toBe(2);
    // Totals from the counters agree with the list for every filter.
    for (const completed of ['', '&completed=true', '&completed=false']) {
      for (const ind of ['sx', 'xs', 'dw']) {
        const res = await admin.get(`/api/metrics/graduates?year=2026&region=510000&indicator=${ind}${completed}&pageSize=100`);
        expect(res.body.total, `${ind}${completed}`).toBe(res.body.items.length);
      }
    }
    expectError(await school.get(`/api/metrics/graduates?year=2026&orgId=${orgs['s3']}`), 404, 'NOT_FOUND');
    expectError(await admin.get('/api/metrics/graduates?year=2026&completed=maybe'), 400, 'VALIDATION_FAILED');
  });

  it('exports SX, XS and DW of the region and its children as an xlsx that opens', async () => {
    const res = await api.http
      .get('/api/metrics/export?year=2026&region=510000')
      .set('Authorization', `Bearer ${admin.token}`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    const buf = res.body as Buffer;
    await wb.xlsx.load(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws?.getRow(1).values).toContain('DW 单位团组织转接率');
    const rows = (ws?.getSheetValues() ?? []).filter(Boolean) as unknown[][];
    const chengdu = rows.find((r) => r.includes('510100'));
    expect(chengdu).toBeDefined();
    expect(chengdu).toContain(2 / 3);
    // Rates are percentages with their numerator and denominator beside them (issue 23 item 7);
    // "no data" is an empty cell named in 说明, never text in a number column (§6).
    const header = ws?.getRow(1).values as unknown[];
    const col = (name: string) => header.indexOf(name);
    expect(ws?.getColumn(col('SX 升学衔接率')).numFmt).toBe('0.0%');
    const sxRows = rows.slice(1);
    for (const r of sxRows) {
      const den = r[col('SX 分母（B+C）')] as number;
      expect(den).toBe((r[col('B')] as number) + (r[col('C')] as number));
      if (den === 0) {
        expect(r[col('SX 升学衔接率')] ?? null).toBeNull();
        expect(String(r[col('说明')])).toContain('SX 无数据');
      } else expect(r[col('SX 升学衔接率')]).toBe((r[col('SX 分子（A）')] as number) / den);
      for (const cell of [r[col('SX 升学衔接率')], r[col('XS 学社衔接率')], r[col('DW 单位团组织转接率')]])
        expect(typeof cell === 'number' || cell === undefined || cell === null).toBe(true);
    }
    expect(sxRows.some((r) => (r[col('SX 分母（B+C）')] as number) === 0)).toBe(true);
  });
});
