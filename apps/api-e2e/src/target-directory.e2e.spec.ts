import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Json, TestApi } from './support/harness';
import { Tree, seedTree } from './support/fixtures';

describe('the receiving-org directory: places as well as names, filtered by the route (§3)', () => {
  let api: TestApi;
  let admin: Client;
  let t: Tree;
  let canteen: Json;
  let infoTech: Json;

  beforeAll(async () => {
    api = await TestApi.start();
    await api.setClock('2026-07-01T09:00:00+08:00');
    admin = await api.admin();
    t = await seedTree(api, admin);
    canteen = await admin.create('/api/orgs', { parentId: t.jinjiang.id, name: '示例餐饮公司团支部', kind: 'branch', level: 'base', industry: 'enterprise' });
    infoTech = await admin.create('/api/orgs', { parentId: t.wuhou.id, name: '信息科技公司团支部', kind: 'branch', level: 'base', industry: 'enterprise' });
  });
  afterAll(() => api?.close());

  const ids = (res: { body: Json[] }) => res.body.map((o) => o.id);

  it('finds the orgs of a place by its name (锦江 → 锦江区)', async () => {
    const uni1 = await api.login('uni1');
    const res = await uni1.get(`/api/transfers/targets?q=${encodeURIComponent('锦江')}`);
    expect(res.status).toBe(200);
    expect(ids(res)).toEqual(expect.arrayContaining([canteen.id, t.branch3.id]));
    expect(Object.keys(res.body[0]).sort()).toEqual(['context', 'id', 'industry', 'kind', 'name', 'parentName', 'placeName', 'purpose', 'regionCode', 'regionName']);
  });

  it('offers no class branch of a school for employment (a high-school class is no employer, §2.1)', async () => {
    const uni1 = await api.login('uni1');
    const res = await uni1.get(`/api/transfers/targets?q=${encodeURIComponent('锦江')}&type=employment`);
    expect(ids(res)).toContain(canteen.id);
    expect(ids(res)).not.toContain(t.branch3.id);
  });

  it('with the member known, never offers the member’s own branch', async () => {
    const uni1 = await api.login('uni1');
    const without = await uni1.get(`/api/transfers/targets?q=${encodeURIComponent('信息')}`);
    expect(ids(without)).toEqual(expect.arrayContaining([t.branch1.id, infoTech.id]));
    const res = await uni1.get(`/api/transfers/targets?q=${encodeURIComponent('信息')}&type=employment&memberId=${t.m1.id}`);
    expect(ids(res)).toContain(infoTech.id);
    expect(ids(res)).not.toContain(t.branch1.id);
  });

  it('a member id outside the caller’s scope changes nothing and reveals nothing', async () => {
    const jinjiang = await api.login('jinjiang');
    const res = await jinjiang.get(`/api/transfers/targets?q=${encodeURIComponent('信息')}&type=employment&memberId=${t.m1.id}`);
    expect(res.status).toBe(200);
    expect(ids(res)).toContain(infoTech.id);
    const bad = await jinjiang.get(`/api/transfers/targets?q=${encodeURIComponent('信息')}&memberId=not-a-uuid`);
    expect(bad.status).toBe(400);
  });

  it('lists an employer’s committee for employment, which assigns the branch on approval — not for further study (issue 23 item 3, §5)', async () => {
    const group = await admin.create('/api/orgs', { parentId: t.jinjiang.id, name: '示例集团团委', kind: 'committee', level: 'base', industry: 'enterprise' });
    const uni1 = await api.login('uni1');
    expect(ids(await uni1.get(`/api/transfers/targets?q=${encodeURIComponent('示例集团')}&type=employment`))).toContain(group.id);
    expect(ids(await uni1.get(`/api/transfers/targets?q=${encodeURIComponent('示例集团')}&type=employment&memberId=${t.m1.id}`))).toContain(group.id);
    expect(ids(await uni1.get(`/api/transfers/targets?q=${encodeURIComponent('示例集团')}&type=further_study`))).not.toContain(group.id);
    // The county committee itself is never a target.
    expect(ids(await uni1.get(`/api/transfers/targets?q=${encodeURIComponent('锦江区委')}&type=employment`))).not.toContain(t.jinjiang.id);
  });
});
