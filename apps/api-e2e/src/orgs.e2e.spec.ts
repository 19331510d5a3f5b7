import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, TestApi, expectError } from './support/harness';
import { Tree, apiWithTree } from './support/fixtures';

describe('org tree (DOMAIN.md §1)', () => {
  let api: TestApi;
  let admin: Client;
  let t: Tree;

  beforeAll(async () => {
    ({ api, admin, t } = await apiWithTree());
  });
  afterAll(() => api?.close());

  it('stores each org with its ancestor path and region defaulting to the parent', async () => {
    const b = await admin.get(`/api/orgs/${t.branch1.id}`);
    expect(b.body.path).toEqual([t.root, t.province.id, t.city.id, t.wuhou.id, t.uni1.id, t.college1.id, t.branch1.id]);
    expect(b.body).toMatchObject({ regionCode: '510107', industry: 'university', kind: 'branch', level: 'base' });
  });

  it('lists children with counts for a lazy tree', async () => {
    const res = await admin.get(`/api/orgs/${t.wuhou.id}/children`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((o: { name: string }) => o.name).sort()).toEqual(['第一大学团委', '第二大学团委']);
    const uni1 = res.body.items.find((o: { id: string }) => o.id === t.uni1.id);
    expect(uni1.childCount).toBe(1);
    const branch = await admin.get(`/api/orgs/${t.college1.id}/children`);
    expect(branch.body.items[0].memberCount).toBe(1);
  });

  it('searches by name, region and purpose', async () => {
    expect((await admin.get(`/api/orgs?q=${encodeURIComponent('第二大学')}`)).body.total).toBe(2);
    const jj = await admin.get('/api/orgs?regionCode=510104');
    expect(jj.body.items.map((o: { id: string }) => o.id).sort()).toEqual([t.jinjiang.id, t.school3.id, t.branch3.id].sort());
    await admin.create('/api/orgs', {
      parentId: t.uni1.id,
      name: '第一大学新生团组织',
      kind: 'branch',
      level: 'base',
      purpose: 'new_students',
    });
    const ns = await admin.get('/api/orgs?purpose=new_students');
    expect(ns.body.items.map((o: { name: string }) => o.name)).toEqual(['第一大学新生团组织']);
  });

  it('refuses sub-orgs under a branch, a wrong level, an unknown or outside region, a duplicate name', async () => {
    expectError(
      await admin.post('/api/orgs', { parentId: t.branch1.id, name: 'x', kind: 'branch', level: 'base' }),
      422,
      'PARENT_IS_BRANCH',
    );
    expectError(
      await admin.post('/api/orgs', { parentId: t.wuhou.id, name: 'x', kind: 'committee', level: 'city' }),
      422,
      'ORG_LEVEL_INVALID',
    );
    expectError(
      await admin.post('/api/orgs', { parentId: t.wuhou.id, name: 'x', kind: 'branch', level: 'base', regionCode: '510199' }),
      422,
      'REGION_UNKNOWN',
    );
    expectError(
      await admin.post('/api/orgs', { parentId: t.wuhou.id, name: 'x', kind: 'branch', level: 'base', regionCode: '510104' }),
      422,
      'REGION_OUTSIDE_PARENT',
    );
    expectError(
      await admin.post('/api/orgs', { parentId: t.wuhou.id, name: '第一大学团委', kind: 'committee', level: 'base' }),
      409,
      'ORG_NAME_TAKEN',
    );
  });

  it('places special-purpose orgs only where the guide puts them', async () => {
    expectError(
      await admin.post('/api/orgs', { parentId: t.wuhou.id, name: '新生', kind: 'branch', level: 'base', purpose: 'new_students' }),
      422,
      'PURPOSE_NOT_ALLOWED',
    );
    expectError(
      await admin.post('/api/orgs', { parentId: t.uni1.id, name: '流动', kind: 'branch', level: 'base', purpose: 'mobile' }),
      422,
      'PURPOSE_NOT_ALLOWED',
    );
    await admin.create('/api/orgs', {
      parentId: t.wuhou.id,
      name: '武侯区流动团员团支部',
      kind: 'branch',
      level: 'base',
      industry: 'township',
      purpose: 'mobile',
    });
    await admin.create('/api/orgs', {
      parentId: t.province.id,
      name: '四川省特殊单位专属库',
      kind: 'branch',
      level: 'provincial',
      industry: 'special',
      purpose: 'special_library',
    });
    expectError(
      await admin.post('/api/orgs', {
        parentId: t.province.id,
        name: '第二个专属库',
        kind: 'branch',
        level: 'provincial',
        purpose: 'special_library',
      }),
      409,
      'SPECIAL_LIBRARY_EXISTS',
    );
  });

  it('edits an org and records before/after in the audit log', async () => {
    const wuhou = await api.login('wuhou');
    const res = await wuhou.patch(`/api/orgs/${t.branch2.id}`, { name: '第二大学2022级1班团支部' });
    expect(res.status).toBe(200);
    expect(res.body.name).toBe('第二大学2022级1班团支部');
    const audit = await wuhou.get(`/api/audit?entityId=${t.branch2.id}`);
    const entry = audit.body.items.find((a: { action: string }) => a.action === 'org.update');
    expect(entry.before.name).toBe('第二大学2022级团支部');
    expect(entry.after.name).toBe('第二大学2022级1班团支部');
    expect(entry.actorUsername).toBe('wuhou');
  });

  it('moves a subtree in one transaction, rewriting every path', async () => {
    const wuhou = await api.login('wuhou');
    const res = await wuhou.patch(`/api/orgs/${t.college1.id}`, { parentId: t.uni2.id });
    expect(res.status).toBe(200);
    const branch = await wuhou.get(`/api/orgs/${t.branch1.id}`);
    expect(branch.body.path).toEqual([t.root, t.province.id, t.city.id, t.wuhou.id, t.uni2.id, t.college1.id, t.branch1.id]);
    // The school admin of uni1 no longer sees the moved branch; uni2's admin does.
    expectError(await (await api.login('uni1')).get(`/api/orgs/${t.branch1.id}`), 404, 'NOT_FOUND');
    expect((await (await api.login('uni2')).get(`/api/orgs/${t.branch1.id}`)).status).toBe(200);
    // Cycles and moving one's own root are refused.
    expectError(await wuhou.patch(`/api/orgs/${t.uni2.id}`, { parentId: t.college1.id }), 422, 'ORG_MOVE_CYCLE');
    expectError(await wuhou.patch(`/api/orgs/${t.wuhou.id}`, { parentId: t.jinjiang.id }), 403, 'ORG_IS_SCOPE_ROOT');
    // Move back.
    expect((await wuhou.patch(`/api/orgs/${t.college1.id}`, { parentId: t.uni1.id })).status).toBe(200);
  });

  it('deletes only empty orgs, never the caller’s own', async () => {
    const wuhou = await api.login('wuhou');
    expectError(await wuhou.delete(`/api/orgs/${t.branch1.id}`), 409, 'ORG_NOT_EMPTY');
    expectError(await wuhou.delete(`/api/orgs/${t.uni1.id}`), 409, 'ORG_NOT_EMPTY');
    expectError(await wuhou.delete(`/api/orgs/${t.wuhou.id}`), 403, 'ORG_IS_SCOPE_ROOT');
    const empty = await wuhou.create('/api/orgs', { parentId: t.uni2.id, name: '待删除团支部', kind: 'branch', level: 'base' });
    expect((await wuhou.delete(`/api/orgs/${empty.id}`)).status).toBe(204);
    expectError(await wuhou.get(`/api/orgs/${empty.id}`), 404, 'NOT_FOUND');
    const audit = await wuhou.get(`/api/audit?entityId=${empty.id}`);
    expect(audit.body.items.map((a: { action: string }) => a.action)).toEqual(['org.delete', 'org.create']);
  });

  it('a member may not manage orgs', async () => {
    await admin.create('/api/users', { username: 'm3', password: 'Passw0rd!x', memberId: t.m3.id });
    const m = await api.login('m3');
    expectError(await m.post('/api/orgs', { parentId: t.branch3.id, name: 'x', kind: 'branch', level: 'base' }), 403, 'FORBIDDEN');
    expectError(await m.patch(`/api/orgs/${t.branch3.id}`, { name: 'x' }), 403, 'FORBIDDEN');
  });
});
