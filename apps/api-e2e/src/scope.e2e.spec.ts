import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, TestApi, expectError } from './support/harness';
import { Tree, apiWithTree } from './support/fixtures';

describe('data scope (API.md: 404 outside scope)', () => {
  let api: TestApi;
  let admin: Client;
  let t: Tree;

  beforeAll(async () => {
    ({ api, admin, t } = await apiWithTree());
  });
  afterAll(() => api?.close());

  it('a county admin gets 200 for its own org and member and 404 for another county', async () => {
    const wuhou = await api.login('wuhou');
    expect((await wuhou.get(`/api/orgs/${t.uni1.id}`)).status).toBe(200);
    expect((await wuhou.get(`/api/members/${t.m1.id}`)).status).toBe(200);
    expectError(await wuhou.get(`/api/orgs/${t.school3.id}`), 404, 'NOT_FOUND');
    expectError(await wuhou.get(`/api/orgs/${t.jinjiang.id}/children`), 404, 'NOT_FOUND');
    expectError(await wuhou.get(`/api/members/${t.m3.id}`), 404, 'NOT_FOUND');
    expectError(await wuhou.patch(`/api/members/${t.m3.id}`, { name: '改名' }), 404, 'NOT_FOUND');
    expectError(await wuhou.patch(`/api/orgs/${t.branch3.id}`, { name: '改名' }), 404, 'NOT_FOUND');
    expectError(await wuhou.delete(`/api/orgs/${t.branch3.id}`), 404, 'NOT_FOUND');
    expectError(await wuhou.post('/api/members', { orgId: t.branch3.id, name: 'x', idCardNumber: '11010519491231002X' }), 404, 'NOT_FOUND');
    expectError(await wuhou.post('/api/orgs', { parentId: t.jinjiang.id, name: 'x', kind: 'branch', level: 'base' }), 404, 'NOT_FOUND');
  });

  it('an ancestor of the caller is outside its scope too', async () => {
    const wuhou = await api.login('wuhou');
    expectError(await wuhou.get(`/api/orgs/${t.city.id}`), 404, 'NOT_FOUND');
    expectError(await wuhou.get(`/api/orgs/${t.root}`), 404, 'NOT_FOUND');
  });

  it('a school admin cannot see its sibling school', async () => {
    const uni1 = await api.login('uni1');
    expect((await uni1.get(`/api/orgs/${t.branch1.id}`)).status).toBe(200);
    expectError(await uni1.get(`/api/orgs/${t.uni2.id}`), 404, 'NOT_FOUND');
    expectError(await uni1.get(`/api/orgs/${t.branch2.id}`), 404, 'NOT_FOUND');
    expectError(await uni1.get(`/api/members/${t.m2.id}`), 404, 'NOT_FOUND');
    const list = await uni1.get('/api/members?pageSize=100');
    expect(list.body.items.map((m: { id: string }) => m.id)).toEqual([t.m1.id]);
    const orgs = await uni1.get('/api/orgs?pageSize=100');
    const ids = orgs.body.items.map((o: { id: string }) => o.id);
    expect(ids).toContain(t.branch1.id);
    expect(ids).not.toContain(t.uni2.id);
    expect(ids).not.toContain(t.wuhou.id);
  });

  it('national sees everything', async () => {
    for (const o of [t.province, t.wuhou, t.jinjiang, t.uni2, t.branch3]) {
      expect((await admin.get(`/api/orgs/${o.id}`)).status).toBe(200);
    }
    const list = await admin.get('/api/members?pageSize=100');
    expect(list.body.total).toBe(3);
  });

  it('lists are filtered by scope: a county sees only its own members and orgs', async () => {
    const jj = await api.login('jinjiang');
    const members = await jj.get('/api/members?pageSize=100');
    expect(members.body.items.map((m: { id: string }) => m.id)).toEqual([t.m3.id]);
    expectError(await jj.get(`/api/members?orgId=${t.uni1.id}`), 404, 'NOT_FOUND');
    const orgs = await jj.get('/api/orgs?pageSize=100');
    expect(orgs.body.items.every((o: { path: string[] }) => o.path.includes(t.jinjiang.id))).toBe(true);
    const users = await jj.get('/api/users');
    expect(users.body.items.map((u: { username: string }) => u.username)).toEqual(['jinjiang']);
  });

  it('the audit log is scoped: a county sees entries about its own subtree only', async () => {
    const jj = await api.login('jinjiang');
    expect((await jj.get(`/api/audit?entityId=${t.m3.id}`)).body.total).toBeGreaterThan(0);
    expect((await jj.get(`/api/audit?entityId=${t.m1.id}`)).body.total).toBe(0);
  });

  it('a member sees only itself and its own org', async () => {
    await admin.create('/api/users', { username: 'member1', password: 'Passw0rd!x', memberId: t.m1.id });
    const me = await api.login('member1');
    expect((await me.get(`/api/members/${t.m1.id}`)).status).toBe(200);
    expect((await me.get(`/api/orgs/${t.branch1.id}`)).status).toBe(200);
    expectError(await me.get(`/api/orgs/${t.college1.id}`), 404, 'NOT_FOUND');
    expectError(await me.get(`/api/members/${t.m2.id}`), 404, 'NOT_FOUND');
    expectError(await me.patch(`/api/members/${t.m1.id}`, { name: 'x' }), 403, 'FORBIDDEN');
    expectError(await me.get('/api/audit'), 403, 'FORBIDDEN');
  });

  it('creating accounts outside scope is 404', async () => {
    const wuhou = await api.login('wuhou');
    expectError(await wuhou.post('/api/users', { username: 'x1', password: 'Passw0rd!x', orgId: t.jinjiang.id }), 404, 'NOT_FOUND');
    expectError(await wuhou.post('/api/users', { username: 'x2', password: 'Passw0rd!x', memberId: t.m3.id }), 404, 'NOT_FOUND');
  });

  it('no list route shows an object outside scope (enumerated from the router)', async () => {
    const jj = await api.login('jinjiang');
    const secrets = [t.uni1.id, t.branch1.id, t.m1.id, t.m2.id, '张一', '第一大学团委'];
    const routes = readRoutes(api);
    expect(routes).toEqual(expect.arrayContaining(['/api/orgs', '/api/members', '/api/users', '/api/audit']));
    for (const path of routes) {
      const res = await jj.get(`${path}?pageSize=500`);
      if (res.status !== 200 || !res.type.includes('json')) continue;
      const text = JSON.stringify(res.body);
      for (const s of secrets) expect(text, `${path} leaks ${s}`).not.toContain(s);
    }
  });

  it('every route with an :id answers 404 for an object outside scope (enumerated from the router)', async () => {
    const jj = await api.login('jinjiang');
    // A transfer between two orgs of Wuhou: Jinjiang is on neither side.
    const transfer = await admin.create('/api/transfers', { memberId: t.m2.id, type: 'general', toOrgId: t.branch1.id });
    const wuhouAccount = (await admin.get(`/api/users?orgId=${t.wuhou.id}`)).body.items.find(
      (u: { username: string }) => u.username === 'wuhou',
    );
    const outside: Record<string, string> = { orgs: t.uni1.id, members: t.m1.id, transfers: transfer.id, users: wuhouAccount.id };
    const routes = api.routes().filter((r) => r.path.includes(':id'));
    expect(routes.length).toBeGreaterThan(5);
    for (const r of routes) {
      const resource = r.path.split('/')[2] as string;
      const id = outside[resource];
      expect(id, `no out-of-scope fixture for ${r.method} ${r.path}`).toBeDefined();
      const url = r.path.replace(':id', id as string);
      const body = validBodyFor(r.path);
      const res =
        r.method === 'get'
          ? await jj.get(url)
          : r.method === 'delete'
            ? await jj.delete(url)
            : r.method === 'patch'
              ? await jj.patch(url, body)
              : r.method === 'put'
                ? await jj.put(url, body)
                : await jj.post(url, body);
      expect(res.status, `${r.method.toUpperCase()} ${r.path} → ${res.status} ${JSON.stringify(res.body)}`).toBe(404);
    }
  });
});

/** A body that passes validation for each kind of write, so the answer is about scope. */
function validBodyFor(path: string): object {
  if (path.endsWith('/leave')) return { reason: '测试' };
  if (path.endsWith('/graduation')) return { graduationDate: '2026-06-30' };
  if (path.endsWith('/reject')) return { reason: '测试' };
  if (path.endsWith('/approve')) return {};
  if (path.endsWith('/check-in')) return { date: '2026-06-01' };
  if (path.endsWith('/abroad-reports')) return { date: '2026-06-01', note: '测试' };
  if (path.endsWith('/external-outcome')) return { outcome: 'returned', reason: '测试' };
  if (path.endsWith('/contact')) return { contactName: '测试', contactPhone: '13800000000' };
  if (path.endsWith('/security')) return { require2fa: true };
  return { name: '改名' };
}

/** Every GET route without a path parameter (lists, me, regions …), read as an outsider. */
function readRoutes(api: TestApi): string[] {
  return api
    .routes()
    .filter((r) => r.method === 'get' && !r.path.includes(':') && r.path.startsWith('/api/') && !r.path.startsWith('/api/docs'))
    .map((r) => r.path);
}
