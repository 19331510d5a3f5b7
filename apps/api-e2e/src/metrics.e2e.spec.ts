import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Json, PASSWORD, TestApi, expectError, idCard } from './support/harness';

/** DOMAIN.md §6's worked example, built and counted through the HTTP API. */
describe('SX and XS (DOMAIN.md §6)', () => {
  let api: TestApi;
  let admin: Client;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    api = await TestApi.start();
    await api.setClock('2026-06-10T10:00:00+08:00');
    admin = await api.admin();
    const root = (await admin.get('/api/auth/me')).body.orgId as string;
    const org = (parentId: string, name: string, kind: string, level: string, extra: object = {}) =>
      admin.create('/api/orgs', { parentId, name, kind, level, ...extra });
    const sc = await org(root, '共青团四川省委', 'committee', 'provincial', { regionCode: '510000' });
    const cd = await org(sc.id, '共青团成都市委', 'committee', 'city', { regionCode: '510100' });
    const my = await org(sc.id, '共青团绵阳市委', 'committee', 'city', { regionCode: '510700' });
    const cq = await org(root, '共青团重庆市委', 'committee', 'provincial', { regionCode: '500000' });
    const s1 = await org(cd.id, '成都S1大学团委', 'committee', 'base', { industry: 'university', regionCode: '510104' });
    const s1b = await org(s1.id, 'S1 2022级团支部', 'branch', 'base');
    const s2 = await org(my.id, '绵阳S2大学团委', 'committee', 'base', { industry: 'university', regionCode: '510703' });
    const s2new = await org(s2.id, 'S2新生团组织', 'branch', 'base', { purpose: 'new_students' });
    const s3 = await org(cq.id, '重庆S3大学团委', 'committee', 'base', { industry: 'university', regionCode: '500103' });
    const s3b = await org(s3.id, 'S3 2022级团支部', 'branch', 'base');
    const s4 = await org(cq.id, '重庆S4大学团委', 'committee', 'base', { industry: 'university', regionCode: '500104' });
    const s4new = await org(s4.id, 'S4新生团组织', 'branch', 'base', { purpose: 'new_students' });
    const firm = await org(cd.id, '成都某公司团支部', 'branch', 'base', { industry: 'enterprise', regionCode: '510104' });
    await admin.create('/api/users', { username: 's1', password: PASSWORD, orgId: s1.id });
    await admin.create('/api/users', { username: 's3', password: PASSWORD, orgId: s3.id });
    const member = async (orgId: string, name: string) =>
      (ids[name] = (await admin.create('/api/members', { orgId, name, idCardNumber: idCard() })).id);
    for (const n of ['m1', 'm2', 'm3', 'm4']) await member(s1b.id, n);
    await member(s3b.id, 'm5');
    const s1Admin = await api.login('s1');
    const s3Admin = await api.login('s3');
    await s1Admin.put(`/api/orgs/${s1b.id}/graduation`, { graduationDate: '2026-06-30' });
    await s3Admin.put(`/api/orgs/${s3b.id}/graduation`, { graduationDate: '2026-06-30' });
    await s1Admin.put(`/api/members/${ids['m4']}/graduation`, { destination: 'unemployed' });
    await api.setClock('2026-07-05T10:00:00+08:00');
    const transfer = (memberId: string, type: string, toOrgId: string) => admin.create('/api/transfers', { memberId, type, toOrgId });
    // §5 separation of duties: another national admin decides what `admin` initiated.
    await admin.create('/api/users', { username: 'approver', password: PASSWORD, orgId: (await admin.get('/api/auth/me')).body.orgId });
    const approver = await api.login('approver');
    const approve = async (t: Json) => expect((await approver.post(`/api/transfers/${t.id}/approve`)).status).toBe(200);
    await approve(await transfer(ids['m1'] as string, 'further_study', s2new.id));
    await transfer(ids['m2'] as string, 'further_study', s4new.id);
    await approve(await transfer(ids['m3'] as string, 'employment', firm.id));
    await approve(await transfer(ids['m5'] as string, 'employment', firm.id));
    await api.setClock('2026-07-10T10:00:00+08:00');
  });
  afterAll(() => api?.close());

  it('Chengdu: SX = 1/2, XS = 2/3', async () => {
    const sx = await admin.get('/api/metrics/sx?year=2026&region=510100');
    expect(sx.body).toMatchObject({
      region: '510100',
      regionName: '成都市',
      year: 2026,
      value: 0.5,
      numerator: 1,
      denominator: 2,
      parts: { A: 1, B: 2, C: 0 },
    });
    const xs = await admin.get('/api/metrics/xs?year=2026&region=510100');
    expect(xs.body).toMatchObject({ value: 2 / 3, numerator: 2, denominator: 3, parts: { D: 2, E: 2, F: 1 } });
  });

  it('Mianyang: SX = 1/1, XS = no data', async () => {
    expect((await admin.get('/api/metrics/sx?year=2026&region=510700')).body).toMatchObject({ value: 1, parts: { A: 1, B: 0, C: 1 } });
    expect((await admin.get('/api/metrics/xs?year=2026&region=510700')).body).toMatchObject({ value: null, numerator: 0, denominator: 0 });
  });

  it('Sichuan: SX = 1/2, XS = 2/3, with its cities as children', async () => {
    const sx = await admin.get('/api/metrics/sx?year=2026&region=510000');
    expect(sx.body).toMatchObject({ value: 0.5, parts: { A: 1, B: 2, C: 0 } });
    const chengdu = sx.body.children.find((c: Json) => c.region === '510100');
    const mianyang = sx.body.children.find((c: Json) => c.region === '510700');
    expect(chengdu).toMatchObject({ value: 0.5, regionName: '成都市' });
    expect(mianyang).toMatchObject({ value: 1 });
    expect(sx.body.children.find((c: Json) => c.region === '510300')).toMatchObject({ value: null, denominator: 0 });
    const xs = await admin.get('/api/metrics/xs?year=2026&region=510000');
    expect(xs.body).toMatchObject({ value: 2 / 3, parts: { D: 2, E: 2, F: 1 } });
  });

  it('the whole country is 000000; another cohort year has no data', async () => {
    const sx = await admin.get('/api/metrics/sx?year=2026&region=000000');
    expect(sx.body.denominator).toBeGreaterThanOrEqual(2);
    expect((await admin.get('/api/metrics/xs?year=2025&region=510100')).body.value).toBeNull();
  });

  it('shows day-by-day values and exports the region table', async () => {
    const trend = await admin.get('/api/metrics/trend?year=2026&region=510100&indicator=xs');
    expect(trend.body.points[0]).toMatchObject({ date: '2026-05-01', numerator: 0 });
    expect(trend.body.points).toHaveLength(71);
    expect(trend.body.points.at(-1)).toMatchObject({ date: '2026-07-10', numerator: 2, denominator: 3 });
    const before = trend.body.points.find((p: Json) => p.date === '2026-07-04');
    expect(before.numerator).toBe(0);
    const file = await admin.get('/api/metrics/export?year=2026&region=510000');
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toContain('spreadsheetml');
  });

  it('an admin reads only its own region; members may not', async () => {
    const s1 = await api.login('s1');
    expect((await s1.get('/api/metrics/sx?year=2026')).body.region).toBe('510104');
    expectError(await s1.get('/api/metrics/sx?year=2026&region=510000'), 404, 'NOT_FOUND');
    expectError(await admin.get('/api/metrics/sx?year=2026&region=519999'), 404, 'NOT_FOUND');
    expectError(await admin.get('/api/metrics/sx?year=abc'), 400, 'VALIDATION_FAILED');
    // Every read of the rates: a region outside the caller's, or no GB/T 2260 code, is not found;
    // a member reads none. (The region is the caller's org's as the guard read it for the request.)
    const routes = ['sx', 'xs', 'dw', 'export', 'trend', 'ranking', 'graduates'].map((r) => `/api/metrics/${r}`);
    for (const path of routes) {
      expectError(await s1.get(`${path}?year=2026&region=510000`), 404, 'NOT_FOUND');
      expectError(await admin.get(`${path}?year=2026&region=519999`), 404, 'NOT_FOUND');
      expectError(await admin.get(`${path}?year=2026&region=510199`), 404, 'NOT_FOUND');
    }
    const m5 = await admin.get(`/api/members/${ids['m5']}`);
    await admin.create('/api/users', { username: 'metrics-m5', password: PASSWORD, memberId: ids['m5'] });
    const member = await api.login(m5.body.idCardNumber as string);
    for (const path of routes) expectError(await member.get(`${path}?year=2026&region=500000`), 403, 'FORBIDDEN');
  });
});
