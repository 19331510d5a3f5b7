import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Json, PASSWORD, TestApi, idCard } from './support/harness';

/**
 * Issue 22, defects 1–5, through the API's own routes: each scenario is DOMAIN.md §6 as revised,
 * with the expected figures worked out by hand in the comments. Every scenario has a county of its
 * own, so their figures do not mix.
 */
describe('rates at their edges (DOMAIN.md §6, issue 22)', () => {
  let api: TestApi;
  let admin: Client;
  let approver: Client;
  let root: string;
  let chengdu: string;

  const org = async (parentId: string, name: string, kind: string, level: string, extra: object = {}) =>
    (await admin.create('/api/orgs', { parentId, name, kind, level, ...extra })).id;
  const member = async (orgId: string, name: string, birth = '2004-03-15') =>
    (await admin.create('/api/members', { orgId, name, idCardNumber: idCard('510107', birth) })).id;
  const schoolAdmin = async (orgId: string, username: string) => {
    await admin.create('/api/users', { username, password: PASSWORD, orgId });
    return api.login(username);
  };
  const approve = async (id: string, by: Client = approver) => expect((await by.post(`/api/transfers/${id}/approve`)).status).toBe(200);
  const figures = async (indicator: 'sx' | 'xs', region: string, year = 2026) => {
    const res = await admin.get(`/api/metrics/${indicator}?year=${year}&region=${region}`);
    expect(res.status).toBe(200);
    return { ...(res.body.parts as Record<string, number>), pending: res.body.pending as number };
  };
  const trendOn = async (indicator: 'sx' | 'xs', region: string, date: string) => {
    const res = await admin.get(`/api/metrics/trend?year=2026&region=${region}&indicator=${indicator}`);
    expect(res.status).toBe(200);
    const point = (res.body.points as { date: string; numerator: number; denominator: number }[]).find((p) => p.date === date);
    return point ? { n: point.numerator, d: point.denominator } : null;
  };
  const check = async () => expect(await api.app.get(DataSource).query(`SELECT * FROM metrics_check()`)).toEqual([]);

  beforeAll(async () => {
    api = await TestApi.start();
    await api.setClock('2026-06-10T10:00:00+08:00');
    admin = await api.admin();
    root = (await admin.get('/api/auth/me')).body.orgId as string;
    await admin.create('/api/users', { username: 'edge-approver', password: PASSWORD, orgId: root });
    approver = await api.login('edge-approver');
    const sc = await org(root, '共青团四川省委', 'committee', 'provincial', { regionCode: '510000' });
    chengdu = await org(sc, '共青团成都市委', 'committee', 'city', { regionCode: '510100' });
  }, 120_000);
  afterAll(() => api?.close());

  it('defect 1: a bachelor of 2026 who stays for a master’s marked 2029 leaves cohort 2026 exactly as it was; re-marking the same branch corrects it', async () => {
    const uni = await org(chengdu, '锦江大学团委', 'committee', 'base', { industry: 'university', regionCode: '510104' });
    const bachelors = await org(uni, '锦江大学2022级本科团支部', 'branch', 'base');
    const masters = await org(uni, '锦江大学2026级硕士新生团支部', 'branch', 'base', { purpose: 'new_students' });
    const uniAdmin = await schoolAdmin(uni, 'edge-uni');
    const x = await member(bachelors, '留校读研');
    const y = await member(bachelors, '同班同学');
    expect((await uniAdmin.put(`/api/orgs/${bachelors}/graduation`, { graduationDate: '2026-06-30' })).status).toBe(200);
    await api.setClock('2026-07-01T10:00:00+08:00');
    const t = await admin.create('/api/transfers', { memberId: x, type: 'further_study', toOrgId: masters });
    await approve(t.id);
    // 2026, county 510104: x (further study, approved) → B = 1, A = 1; y (no destination) → E = 1.
    expect(await figures('sx', '510104')).toMatchObject({ A: 1, B: 1, C: 0 });
    expect(await figures('xs', '510104')).toMatchObject({ D: 0, E: 1, F: 0 });
    await api.setClock('2029-06-10T10:00:00+08:00');
    expect((await uniAdmin.put(`/api/orgs/${masters}/graduation`, { graduationDate: '2029-06-30' })).status).toBe(200);
    // A new event (another branch): cohort 2026 unchanged; x is a graduate of 2029 as well, with no destination yet (XS E).
    expect(await figures('sx', '510104')).toMatchObject({ A: 1, B: 1, C: 0 });
    expect(await figures('xs', '510104', 2029)).toMatchObject({ D: 0, E: 1, F: 0 });
    const detail = (await admin.get(`/api/members/${x}`)).body;
    expect(detail).toMatchObject({ graduationDate: '2029-06-30', graduationOrgId: masters, destination: null });
    // The same branch re-marked (Q25) is a correction: y moves from 2026 to 2027.
    await api.setClock('2026-07-02T10:00:00+08:00');
    expect((await uniAdmin.put(`/api/orgs/${bachelors}/graduation`, { graduationDate: '2027-06-30' })).status).toBe(200);
    expect(await figures('xs', '510104')).toMatchObject({ E: 0 });
    expect(await figures('xs', '510104', 2027)).toMatchObject({ E: 1 });
    expect((await admin.get(`/api/members/${y}`)).body).toMatchObject({ graduationDate: '2027-06-30', graduationOrgId: bachelors });
    expect(await figures('sx', '510104')).toMatchObject({ A: 1, B: 1 });
    await check();
  });

  it('defect 2: an unemployed graduate whose transfer to Beijing is recorded approved has completed, though the record keeps them under the school', async () => {
    await api.setClock('2026-06-10T10:00:00+08:00');
    const school = await org(chengdu, '青羊职业学院团委', 'committee', 'base', { industry: 'vocational', regionCode: '510105' });
    const cls = await org(school, '青羊职业学院2023级1班团支部', 'branch', 'base');
    const schoolAdm = await schoolAdmin(school, 'edge-voc');
    const z = await member(cls, '去北京');
    expect((await schoolAdm.put(`/api/orgs/${cls}/graduation`, { graduationDate: '2026-06-30' })).status).toBe(200);
    expect((await schoolAdm.put(`/api/members/${z}/graduation`, { destination: 'unemployed' })).status).toBe(200);
    const t = await schoolAdm.create('/api/transfers', {
      memberId: z,
      type: 'employment',
      external: { provinceCode: '11', orgFullName: '共青团北京市海淀区委员会' },
    });
    // Pending in Beijing's system: E = 1, D = 0, and Beijing (110000) receives F = 1.
    expect(await figures('xs', '510105')).toMatchObject({ D: 0, E: 1, pending: 1 });
    expect((await schoolAdm.post(`/api/transfers/${t.id}/external-outcome`, { outcome: 'approved' })).status).toBe(200);
    expect(await figures('xs', '510105')).toMatchObject({ D: 1, E: 1, F: 0, pending: 0 });
    expect(await figures('xs', '110000')).toMatchObject({ D: 1, E: 0, F: 1 });
    expect((await admin.get(`/api/members/${z}`)).body).toMatchObject({ status: 'left', orgId: cls });
    await check();
  });

  it('defect 3: the trend shows each day as it stood; a later rejection or replacement changes the figures from its own day on only', async () => {
    await api.setClock('2026-06-10T10:00:00+08:00');
    const cq = await org(root, '共青团重庆市委', 'committee', 'provincial', { regionCode: '500000' });
    const cqSchool = await org(cq, '重庆渝中大学团委', 'committee', 'base', { industry: 'university', regionCode: '500103' });
    const cqClass = await org(cqSchool, '渝中大学2022级团支部', 'branch', 'base');
    const firm = await org(chengdu, '金牛某公司团支部', 'branch', 'base', { industry: 'enterprise', regionCode: '510106' });
    const cqAdmin = await schoolAdmin(cqSchool, 'edge-cq');
    const p = await member(cqClass, '被退回');
    const q = await member(cqClass, '又走了');
    expect((await cqAdmin.put(`/api/orgs/${cqClass}/graduation`, { graduationDate: '2026-06-30' })).status).toBe(200);
    await api.setClock('2026-07-01T10:00:00+08:00');
    const tp = await admin.create('/api/transfers', { memberId: p, type: 'employment', toOrgId: firm });
    const tq = await admin.create('/api/transfers', { memberId: q, type: 'employment', toOrgId: firm });
    await api.setClock('2026-07-02T10:00:00+08:00');
    await approve(tq.id);
    await api.setClock('2026-07-10T10:00:00+08:00');
    expect((await approver.post(`/api/transfers/${tp.id}/reject`, { reason: '单位信息有误' })).status).toBe(200);
    await api.setClock('2026-07-12T10:00:00+08:00');
    // q moves on from the firm: a new transfer (pending) replaces the approved one as q's transfer of 2026.
    const other = await org(chengdu, '金牛另一公司团支部', 'branch', 'base', { industry: 'enterprise', regionCode: '510106' });
    await admin.create('/api/transfers', { memberId: q, type: 'employment', toOrgId: other });
    await api.setClock('2026-07-15T10:00:00+08:00');
    // County 510106 (XS, F only — both schools are in Chongqing), by hand:
    // 30 June: nobody targets it → 0/0. 1 July: p, q pending → 0/2. 2–9 July: q approved → 1/2.
    // 10–11 July: p rejected → 1/1. From 12 July: q's new transfer is pending → 0/1.
    expect(await trendOn('xs', '510106', '2026-06-30')).toEqual({ n: 0, d: 0 });
    expect(await trendOn('xs', '510106', '2026-07-01')).toEqual({ n: 0, d: 2 });
    expect(await trendOn('xs', '510106', '2026-07-05')).toEqual({ n: 1, d: 2 });
    expect(await trendOn('xs', '510106', '2026-07-11')).toEqual({ n: 1, d: 1 });
    expect(await trendOn('xs', '510106', '2026-07-15')).toEqual({ n: 0, d: 1 });
    expect(await figures('xs', '510106')).toMatchObject({ D: 0, E: 0, F: 1, pending: 1 });
    await check();
  });

  it('defect 4: a graduate whose membership ends before completing leaves the figures from that day; one who completed first stays', async () => {
    await api.setClock('2026-06-10T10:00:00+08:00');
    const school = await org(chengdu, '武侯师范学院团委', 'committee', 'base', { industry: 'university', regionCode: '510107' });
    const cls = await org(school, '武侯师范2022级团支部', 'branch', 'base');
    const firm = await org(chengdu, '武侯某公司团支部', 'branch', 'base', { industry: 'enterprise', regionCode: '510107' });
    const schoolAdm = await schoolAdmin(school, 'edge-wh');
    const r = await member(cls, '离团者');
    const s = await member(cls, '先转后离');
    // 28 on 18 July 2026, no League post.
    const old = await member(cls, '超龄者', '1998-07-18');
    expect((await schoolAdm.put(`/api/orgs/${cls}/graduation`, { graduationDate: '2026-06-30' })).status).toBe(200);
    await api.setClock('2026-07-01T10:00:00+08:00');
    const ts = await admin.create('/api/transfers', { memberId: s, type: 'employment', toOrgId: firm });
    await approve(ts.id);
    // E = {r, s, old}, D = {s}.
    expect(await figures('xs', '510107')).toMatchObject({ D: 1, E: 3 });
    await api.setClock('2026-07-15T10:00:00+08:00');
    expect((await admin.post(`/api/members/${r}/leave`, { reason: '自愿退团' })).status).toBe(201);
    await api.setClock('2026-07-16T10:00:00+08:00');
    expect((await admin.post(`/api/members/${s}/leave`, { reason: '入党' })).status).toBe(201);
    expect(await figures('xs', '510107')).toMatchObject({ D: 1, E: 2 });
    // The 28th birthday: the hourly job (here on demand) takes them out on that day.
    await api.setClock('2026-07-17T23:00:00+08:00');
    expect((await admin.post('/api/jobs/membership-ends')).body).toEqual({ members: 0 });
    await api.setClock('2026-07-18T09:00:00+08:00');
    expect((await admin.post('/api/jobs/membership-ends')).body).toEqual({ members: 1 });
    expect((await admin.post('/api/jobs/membership-ends')).body).toEqual({ members: 0 });
    expect(await figures('xs', '510107')).toMatchObject({ D: 1, E: 1 });
    // Ageing out is not a status: the record stays active (§2 Q1 is a rule of age, not a write).
    expect((await admin.get(`/api/members/${old}`)).body).toMatchObject({ status: 'active', leftAt: null });
    // Day by day: 14 July 1/3, 15 July (r left) 1/2, 16 July (s left after completing) 1/2, 18 July 1/1.
    expect(await trendOn('xs', '510107', '2026-07-14')).toEqual({ n: 1, d: 3 });
    expect(await trendOn('xs', '510107', '2026-07-15')).toEqual({ n: 1, d: 2 });
    expect(await trendOn('xs', '510107', '2026-07-17')).toEqual({ n: 1, d: 2 });
    expect(await trendOn('xs', '510107', '2026-07-18')).toEqual({ n: 1, d: 1 });
    // The graduates behind the number leave them out too.
    const listed = await admin.get('/api/metrics/graduates?year=2026&region=510107&indicator=xs');
    expect(listed.body.items.map((g: Json) => g.name)).toEqual(['先转后离']);
    await check();
  });

  // Two sessions at once: the embedded database (PGlite, one connection) has no second to hold a row.
  it.runIf(Boolean(process.env['TEST_DATABASE_URL']))(
    'defect 5: the 1 June job converts in batches and skips a branch someone holds; a purpose change fires no facts trigger',
    async () => {
      await api.setClock('2026-05-20T10:00:00+08:00');
      const school = await org(chengdu, '成华中学团委', 'committee', 'base', { industry: 'high_school', regionCode: '510108' });
      const schoolAdm = await schoolAdmin(school, 'edge-ch');
      const branches: string[] = [];
      for (let i = 0; i < 205; i++) branches.push(await org(school, `成华中学2026届${i + 1}班团支部`, 'branch', 'base'));
      const mark = await schoolAdm.put('/api/orgs/graduation', { orgIds: branches, graduationDate: '2026-06-30' });
      expect(mark.status).toBe(200);
      await api.setClock('2026-06-01T08:00:00+08:00');
      const ds = api.app.get(DataSource);
      // Someone holds one branch (a school admin re-marking it, mid-transaction).
      const held = ds.createQueryRunner();
      await held.connect();
      await held.startTransaction();
      await held.query(`SELECT id FROM org WHERE id = $1 FOR UPDATE`, [branches[7]]);
      try {
        // The job does not wait for it: the other 204 become graduates orgs, in batches of 200.
        const run = await admin.post('/api/jobs/graduates-orgs');
        expect(run.body.converted).toBe(204);
        expect(run.body.ids).not.toContain(branches[7]);
      } finally {
        await held.rollbackTransaction();
        await held.release();
      }
      expect((await admin.post('/api/jobs/graduates-orgs')).body).toMatchObject({ converted: 1, ids: [branches[7]] });
      // The facts trigger reads an org's region and whether it is a work unit, not its purpose.
      const q = ds.createQueryRunner();
      await q.connect();
      await q.startTransaction();
      try {
        await q.query(`SET LOCAL track_functions = 'pl'`);
        await q.query(`UPDATE org SET purpose = NULL WHERE id = $1`, [branches[0]]);
        const calls = await q.query(
          `SELECT coalesce(sum(calls), 0)::int AS n FROM pg_stat_xact_user_functions WHERE funcname = 'metrics_org_after'`,
        );
        expect(calls[0].n).toBe(0);
        await q.query(`UPDATE org SET region_code = '510104' WHERE id = $1`, [branches[0]]);
        const after = await q.query(
          `SELECT coalesce(sum(calls), 0)::int AS n FROM pg_stat_xact_user_functions WHERE funcname = 'metrics_org_after'`,
        );
        expect(after[0].n).toBe(1);
      } finally {
        await q.rollbackTransaction();
        await q.release();
      }
      await check();
    },
  );
});
