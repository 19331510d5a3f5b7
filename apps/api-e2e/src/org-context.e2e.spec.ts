import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Json, TestApi } from './support/harness';
import { Tree, memberWithContacts, apiWithTree, enterpriseBranch } from './support/fixtures';

// Issue 23 item 6: a province has hundreds of "2025届1班团支部", a county dozens of "第1村团支部".
// Every list, picker and notice names an org with what tells it apart (`context`: its school,
// township or enterprise committee down to its parent; its parent above base level). Expected
// values are the seeded tree's names, written out by hand.

describe('same-named orgs told apart: the context beside every org name (issue 23 item 6)', () => {
  let api: TestApi;
  let admin: Client;
  let t: Tree;
  let classA: Json; // 2022级1班团支部 of 第一大学 / 信息学院
  let classB: Json; // 2022级1班团支部 of 第二大学
  let employer: Json; // under 共青团锦江区委 itself
  let a1: Json & { idCardNumber: string };
  let b1: Json;
  const A = ['第一大学团委', '信息学院团总支'];
  const B = ['第二大学团委'];

  beforeAll(async () => {
    ({ api, admin, t } = await apiWithTree('2026-07-01T09:00:00+08:00'));
    classA = await admin.create('/api/orgs', { parentId: t.college1.id, name: '2022级1班团支部', kind: 'branch', level: 'base' });
    classB = await admin.create('/api/orgs', { parentId: t.uni2.id, name: '2022级1班团支部', kind: 'branch', level: 'base' });
    employer = await enterpriseBranch(admin, t.jinjiang.id, '锦江示例公司团支部');
    a1 = await memberWithContacts(admin, classA.id, '甲同学');
    b1 = await memberWithContacts(admin, classB.id, '乙同学');
  });
  afterAll(() => api?.close());

  it('GET /api/orgs, /orgs/:id and /orgs/:id/children name each org’s school (and college)', async () => {
    const wuhou = await api.login('wuhou');
    const found = (await wuhou.get(`/api/orgs?q=${encodeURIComponent('2022级1班团支部')}`)).body.items as Json[];
    expect(found.map((o) => [o.id, o.context])).toEqual(
      expect.arrayContaining([
        [classA.id, A],
        [classB.id, B],
      ]),
    );
    expect((await wuhou.get(`/api/orgs/${classA.id}`)).body.context).toEqual(A);
    const kids = (await wuhou.get(`/api/orgs/${t.uni1.id}/children`)).body.items as Json[];
    expect(kids.find((o) => o.id === t.college1.id)?.context).toEqual(['第一大学团委']);
    // Above base level: the parent committee.
    expect((await admin.get(`/api/orgs/${t.uni1.id}`)).body.context).toEqual(['共青团武侯区委']);
    expect((await admin.get(`/api/orgs/${t.wuhou.id}`)).body.context).toEqual(['共青团成都市委']);
    expect((await admin.get(`/api/orgs/${t.root}`)).body.context).toEqual([]);
  });

  it('a school admin is told its own school too: the names above its scope are names only', async () => {
    const uni1 = await api.login('uni1');
    expect((await uni1.get(`/api/orgs/${t.uni1.id}`)).body.context).toEqual(['共青团武侯区委']);
    expect((await uni1.get(`/api/orgs/${t.uni2.id}`)).status).toBe(404);
  });

  it('the member list and a member’s record carry orgContext', async () => {
    const wuhou = await api.login('wuhou');
    const items = (await wuhou.get(`/api/members?q=${encodeURIComponent('甲同学')}`)).body.items as Json[];
    expect(items.map((m) => [m.orgName, m.orgContext])).toEqual([['2022级1班团支部', A]]);
    const all = (await wuhou.get('/api/members?pageSize=100')).body.items as Json[];
    expect(all.find((m) => m.id === b1.id)?.orgContext).toEqual(B);
    expect((await wuhou.get(`/api/members/${a1.id}`)).body.orgContext).toEqual(A);
  });

  it('管理下级组织’s branches carry their school (graduation overview)', async () => {
    const wuhou = await api.login('wuhou');
    const items = (await wuhou.get(`/api/orgs/${t.wuhou.id}/graduation-overview`)).body.items as Json[];
    expect(items.filter((i) => i.name === '2022级1班团支部').map((i) => [i.id, i.context])).toEqual(
      expect.arrayContaining([
        [classA.id, A],
        [classB.id, B],
      ]),
    );
  });

  it('the overdue lists carry orgContext', async () => {
    const uni2 = await api.login('uni2');
    const late = await memberWithContacts(admin, classB.id, '留校生');
    expect((await uni2.put(`/api/orgs/${classB.id}/graduation`, { graduationDate: '2026-06-30', mixed: true })).status).toBe(200);
    expect((await uni2.put(`/api/members/${late.id}/graduation`, { graduationDate: '2026-06-30', destination: 'unemployed' })).status).toBe(
      200,
    );
    await api.setClock('2026-12-31T12:00:00+08:00');
    const list = await uni2.get('/api/members/overdue?list=school_retention');
    expect(list.body.items).toMatchObject([{ memberId: late.id, orgName: '2022级1班团支部', orgContext: B }]);
    await api.setClock('2026-07-01T09:00:00+08:00');
  });

  it('transfers name both ends with their context: lists, the history, the approval view, the reminders', async () => {
    const uni1 = await api.login('uni1');
    const created = await uni1.post('/api/transfers', { memberId: a1.id, type: 'employment', toOrgId: employer.id });
    expect(created.status).toBe(201);
    const out = ((await uni1.get('/api/transfers?box=outgoing')).body.items as Json[]).find((x) => x.id === created.body.id);
    expect(out).toMatchObject({
      fromOrgName: '2022级1班团支部',
      fromOrgContext: A,
      toOrgName: '锦江示例公司团支部',
      toOrgContext: ['共青团锦江区委'],
    });
    expect((await uni1.get(`/api/members/${a1.id}/transfers`)).body.items[0]).toMatchObject({
      fromOrgContext: A,
      toOrgContext: ['共青团锦江区委'],
    });
    const jinjiang = await api.login('jinjiang');
    expect((await jinjiang.get(`/api/transfers/${created.body.id}`)).body).toMatchObject({
      fromOrgContext: A,
      toOrgContext: ['共青团锦江区委'],
    });
    expect((await uni1.post(`/api/transfers/${created.body.id}/remind`)).status).toBe(200);
    const inbox = (await jinjiang.get('/api/transfers/reminders')).body as { transfer: Json }[];
    expect(inbox.find((r) => r.transfer.id === created.body.id)?.transfer).toMatchObject({ fromOrgContext: A });
  });

  it('the receiving side of a pull learns nothing of the member’s side: no context either (§5)', async () => {
    const jinjiang = await api.login('jinjiang');
    const pulled = await memberWithContacts(admin, classB.id, '丙同学');
    const target = await jinjiang.post('/api/transfers', {
      member: { idCardNumber: pulled.idCardNumber, name: '丙同学' },
      type: 'employment',
      toOrgId: employer.id,
    });
    expect(target.status).toBe(201);
    const mine = ((await jinjiang.get('/api/transfers?box=mine')).body.items as Json[]).find((x) => x.id === target.body.id);
    expect(mine).toMatchObject({ originHidden: true, fromOrgName: null, fromOrgContext: [], toOrgContext: ['共青团锦江区委'] });
  });

  it('the graduates behind a number name each graduate’s org with its school (GET /api/metrics/graduates)', async () => {
    // 甲同学 (class A, sent to the employer above, pending) and 留校生 (class B, retained) graduate in 2026.
    const uni1 = await api.login('uni1');
    expect((await uni1.put(`/api/orgs/${classA.id}/graduation`, { graduationDate: '2026-06-30' })).status).toBe(200);
    const wuhou = await api.login('wuhou');
    const items = (await wuhou.get('/api/metrics/graduates?year=2026&indicator=xs&pageSize=100')).body.items as Json[];
    const row = (name: string) => items.filter((g) => g.name === name).map((g) => [g.orgName, g.orgContext]);
    expect(row('甲同学')).toEqual([['2022级1班团支部', A]]);
    expect(row('留校生')).toEqual([['2022级1班团支部', B]]);
    // A school sees its own graduates, named the same way (its own school's name is a name only).
    const own = (await uni1.get('/api/metrics/graduates?year=2026&indicator=xs')).body.items as Json[];
    expect(own.map((g) => [g.name, g.orgContext])).toEqual([['甲同学', A]]);
  });

  it('the receiving-org directory names each found org’s school, township or committee', async () => {
    const uni2 = await api.login('uni2');
    const found = (await uni2.get(`/api/transfers/targets?q=${encodeURIComponent('2022级1班')}`)).body as Json[];
    expect(found.map((o) => [o.id, o.context])).toEqual(
      expect.arrayContaining([
        [classA.id, A],
        [classB.id, B],
      ]),
    );
    const firm = (await uni2.get(`/api/transfers/targets?q=${encodeURIComponent('锦江示例公司')}`)).body as Json[];
    expect(firm.map((o) => [o.context, o.regionName, o.placeName])).toEqual([[['共青团锦江区委'], '锦江区', '成都市锦江区']]);
  });

  it('names a found org’s county with its city: 和平区 is in Tianjin and in Shenyang', async () => {
    const tianjin = await admin.create('/api/orgs', {
      parentId: t.root,
      name: '和平示例一公司团支部',
      kind: 'branch',
      level: 'base',
      industry: 'enterprise',
      regionCode: '120101',
    });
    const shenyang = await admin.create('/api/orgs', {
      parentId: t.root,
      name: '和平示例二公司团支部',
      kind: 'branch',
      level: 'base',
      industry: 'enterprise',
      regionCode: '210102',
    });
    const uni2 = await api.login('uni2');
    const found = (await uni2.get(`/api/transfers/targets?q=${encodeURIComponent('和平示例')}`)).body as Json[];
    expect(found.map((o) => [o.id, o.regionName, o.placeName])).toEqual(
      expect.arrayContaining([
        [tianjin.id, '和平区', '天津市和平区'],
        [shenyang.id, '和平区', '沈阳市和平区'],
      ]),
    );
  });
});
