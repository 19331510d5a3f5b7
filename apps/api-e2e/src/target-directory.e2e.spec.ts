import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Json, TestApi } from './support/harness';
import { Tree, apiWithTree, enterpriseBranch } from './support/fixtures';

describe('the receiving-org directory: places as well as names, filtered by the route (§3)', () => {
  let api: TestApi;
  let admin: Client;
  let t: Tree;
  let canteen: Json;
  let infoTech: Json;

  beforeAll(async () => {
    ({ api, admin, t } = await apiWithTree('2026-07-01T09:00:00+08:00'));
    canteen = await enterpriseBranch(admin, t.jinjiang.id, '示例餐饮公司团支部');
    infoTech = await enterpriseBranch(admin, t.wuhou.id, '信息科技公司团支部');
  });
  afterAll(() => api?.close());

  const ids = (res: { body: Json[] }) => res.body.map((o) => o.id);

  it('finds the orgs of a place by its name (锦江 → 锦江区)', async () => {
    const uni1 = await api.login('uni1');
    const res = await uni1.get(`/api/transfers/targets?q=${encodeURIComponent('锦江')}`);
    expect(res.status).toBe(200);
    expect(ids(res)).toEqual(expect.arrayContaining([canteen.id, t.branch3.id]));
    expect(Object.keys(res.body[0]).sort()).toEqual([
      'context',
      'id',
      'industry',
      'kind',
      'name',
      'parentName',
      'placeName',
      'purpose',
      'regionCode',
      'regionName',
    ]);
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
    const group = await admin.create('/api/orgs', {
      parentId: t.jinjiang.id,
      name: '示例集团团委',
      kind: 'committee',
      level: 'base',
      industry: 'enterprise',
    });
    const uni1 = await api.login('uni1');
    expect(ids(await uni1.get(`/api/transfers/targets?q=${encodeURIComponent('示例集团')}&type=employment`))).toContain(group.id);
    expect(ids(await uni1.get(`/api/transfers/targets?q=${encodeURIComponent('示例集团')}&type=employment&memberId=${t.m1.id}`))).toContain(
      group.id,
    );
    expect(ids(await uni1.get(`/api/transfers/targets?q=${encodeURIComponent('示例集团')}&type=further_study`))).not.toContain(group.id);
    // The county committee itself is never a target.
    expect(ids(await uni1.get(`/api/transfers/targets?q=${encodeURIComponent('锦江区委')}&type=employment`))).not.toContain(t.jinjiang.id);
  });

  describe('by place (按地区选择, issue 23 item 3): province → city → county → the county’s org tree', () => {
    type Node = Json & { parentId: string | null; hasChildren: boolean; selectable: boolean; context: string[] };
    const level = async (c: Client, query: string): Promise<Node[]> => {
      const res = await c.get(`/api/transfers/targets/by-place?${query}`);
      expect(res.status).toBe(200);
      return res.body as Node[];
    };

    it('opens a county at its committee, which is there to open, not to choose', async () => {
      const uni1 = await api.login('uni1');
      const top = await level(uni1, 'region=510104');
      expect(top.map((o) => [o.id, o.hasChildren, o.selectable])).toEqual([[t.jinjiang.id, true, false]]);
      expect(top[0]).toMatchObject({ name: '共青团锦江区委', regionName: '锦江区', placeName: '成都市锦江区', parentId: t.city.id });
    });

    it('lists the committee’s orgs in that county, committees first, each selectable as the route takes it', async () => {
      const uni1 = await api.login('uni1');
      const kids = await level(uni1, `region=510104&parentId=${t.jinjiang.id}`);
      const byId = new Map(kids.map((o) => [o.id, o]));
      expect(byId.get(t.school3.id)).toMatchObject({ name: '锦江中学团委', hasChildren: true, selectable: true, parentId: t.jinjiang.id });
      expect(byId.get(canteen.id)).toMatchObject({
        name: '示例餐饮公司团支部',
        hasChildren: false,
        selectable: true,
        context: ['共青团锦江区委'],
      });
      // Committees before branches.
      const firstBranch = kids.findIndex((o) => o.kind === 'branch');
      expect(kids.slice(firstBranch).every((o) => o.kind === 'branch')).toBe(true);
      // The high school's class below it.
      expect((await level(uni1, `region=510104&parentId=${t.school3.id}`)).map((o) => o.id)).toEqual([t.branch3.id]);
    });

    it('for employment, hides a school’s classes (no employer) and keeps the employer’s committee selectable (§5)', async () => {
      const uni1 = await api.login('uni1');
      const kids = await level(uni1, `region=510104&parentId=${t.jinjiang.id}&type=employment&memberId=${t.m1.id}`);
      expect(kids.find((o) => o.name === '示例集团团委')).toMatchObject({ kind: 'committee', selectable: true });
      expect(kids.find((o) => o.id === canteen.id)).toMatchObject({ selectable: true });
      expect(await level(uni1, `region=510104&parentId=${t.school3.id}&type=employment`)).toEqual([]);
    });

    it('for further study only the new-students orgs are selectable; the school committee stays to open (§3)', async () => {
      const admitting = await admin.create('/api/orgs', {
        parentId: t.school3.id,
        name: '锦江中学新生团组织',
        kind: 'branch',
        level: 'base',
        purpose: 'new_students',
      });
      const uni1 = await api.login('uni1');
      const kids = await level(uni1, `region=510104&parentId=${t.jinjiang.id}&type=further_study`);
      expect(kids.find((o) => o.id === t.school3.id)).toMatchObject({ selectable: false, hasChildren: true });
      expect(kids.find((o) => o.id === canteen.id)).toBeUndefined();
      const inSchool = await level(uni1, `region=510104&parentId=${t.school3.id}&type=further_study`);
      expect(inSchool.map((o) => [o.id, o.selectable])).toEqual([[admitting.id, true]]);
    });

    it('shows no special (涉密) unit nor anything under it, and answers a place without orgs with nothing', async () => {
      const special = await admin.create('/api/orgs', {
        parentId: t.wuhou.id,
        name: '地区涉密单位团委',
        kind: 'committee',
        level: 'base',
        industry: 'special',
      });
      await admin.create('/api/orgs', { parentId: special.id, name: '地区涉密单位团支部', kind: 'branch', level: 'base' });
      const uni1 = await api.login('uni1');
      const names = (await level(uni1, `region=510107&parentId=${t.wuhou.id}`)).map((o) => o.name);
      expect(names).toContain('第一大学团委');
      expect(names.filter((n) => String(n).includes('涉密'))).toEqual([]);
      expect(await level(uni1, `region=510107&parentId=${special.id}`)).toEqual([]);
      expect(await level(uni1, 'region=650102')).toEqual([]);
    });

    it('refuses a malformed place or parent (400), and answers nobody signed out (401)', async () => {
      const uni1 = await api.login('uni1');
      expect((await uni1.get('/api/transfers/targets/by-place?region=51')).status).toBe(400);
      expect((await uni1.get('/api/transfers/targets/by-place')).status).toBe(400);
      expect((await uni1.get('/api/transfers/targets/by-place?region=510104&parentId=x')).status).toBe(400);
      expect((await api.http.get('/api/transfers/targets/by-place?region=510104')).status).toBe(401);
    });
  });
});
