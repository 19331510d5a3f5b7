import { writeFileSync, mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Json, PASSWORD, TestApi, idCard } from './support/harness';
import { sessionEndingLast } from './support/routes';
import { Tree, seedTree, enterpriseBranch } from './support/fixtures';
import { OpenApiDoc, isScopeKey, routeKeys } from './support/openapi';

/**
 * Issue 10, "make scope structural": every role × every route × an object outside the caller's
 * scope, its id put in the path, in every id-like query parameter and in every id-like body
 * field. No answer may be a 5xx, no path with a foreign id may succeed, no answer may carry the
 * foreign member's personal data, and the foreign objects must be unchanged afterwards. (A
 * planted `GET /members/lookup?memberId=` would leak the foreign member's name here.)
 *
 * Issue 21, "scope by construction": the routes come from the Express router and each route's
 * query and body keys from the OpenAPI document (`/api/docs-json`) — every parameter and body
 * property named `…Id`, `…Ids`, `id` or `region` — on top of the fixed lists below, so a new route
 * is attacked without anyone listing it; a route the document does not describe fails the test.
 */
const QUERY_KEYS = ['id', 'orgId', 'memberId', 'entityId', 'actorId', 'branchId', 'toOrgId', 'parentId', 'userId', 'transferId'];
/** Jinjiang's region: outside every attacking role's. */
const FOREIGN_REGION = '510104';
const BODY_KEYS = ['orgId', 'memberId', 'parentId', 'toOrgId', 'branchId', 'userId', 'transferId', 'entityId'];

describe('attack matrix: roles × routes × out-of-scope ids in paths, queries and bodies', () => {
  let api: TestApi;
  let admin: Client;
  let t: Tree;
  let secret: { id: string; name: string; idCardNumber: string; phone: string; contact: string };
  let secretOrg: Json;
  let secretTransfer: Json;
  const figures = { roles: 0, routes: 0, calls: 0, documentedKeys: 0, regionKeys: 0 };
  let doc: OpenApiDoc;

  beforeAll(async () => {
    api = await TestApi.start();
    doc = (await api.http.get('/api/docs-json')).body as OpenApiDoc;
    await api.setClock('2026-06-15T10:00:00+08:00');
    admin = await api.admin();
    t = await seedTree(api, admin);
    // The foreign object: a member of Jinjiang's high school with distinctive personal data.
    secretOrg = t.branch3;
    const idCardNumber = idCard('510104', '2005-01-23');
    const m = await admin.create('/api/members', {
      orgId: secretOrg.id,
      name: '秘密团员',
      idCardNumber,
      phone: '13766665555',
      emergencyContact: '父亲 13644443333',
      joinDate: '2019-05-04',
    });
    secret = { id: m.id, name: '秘密团员', idCardNumber, phone: '13766665555', contact: '13644443333' };
    await admin.create('/api/users', { username: 'secret-member', password: PASSWORD, memberId: m.id });
    const employer = await enterpriseBranch(admin, t.jinjiang.id, '锦江某公司团支部');
    await admin.create('/api/users', { username: 'school3', password: PASSWORD, orgId: t.school3.id });
    secretTransfer = await (
      await api.login('school3')
    ).create('/api/transfers', { memberId: m.id, type: 'employment', toOrgId: employer.id });
    await admin.create('/api/users', { username: 'member-m1', password: PASSWORD, memberId: t.m1.id });
    // Every admin level outside Jinjiang: another province and its city, a township committee, a peer county account.
    const hubei = await admin.create('/api/orgs', {
      parentId: t.root,
      name: '共青团湖北省委',
      kind: 'committee',
      level: 'provincial',
      regionCode: '420000',
    });
    const wuhan = await admin.create('/api/orgs', {
      parentId: hubei.id,
      name: '共青团武汉市委',
      kind: 'committee',
      level: 'city',
      regionCode: '420100',
    });
    const street = await admin.create('/api/orgs', {
      parentId: t.wuhou.id,
      name: '簇桥街道团工委',
      kind: 'working_committee',
      level: 'base',
      industry: 'township',
    });
    for (const [username, orgId] of [
      ['hubei', hubei.id],
      ['wuhan', wuhan.id],
      ['street', street.id],
      ['wuhou-peer', t.wuhou.id],
    ] as const) {
      await admin.create('/api/users', { username, password: PASSWORD, orgId });
    }
  });
  afterAll(() => {
    mkdirSync('test-output', { recursive: true });
    writeFileSync('test-output/attack-matrix.json', JSON.stringify(figures, null, 2));
    return api?.close();
  });

  const leaks = (text: string): string[] =>
    [secret.name, secret.idCardNumber, secret.phone, secret.contact, secret.idCardNumber.slice(6, 14)].filter((s) => text.includes(s));

  it('no role outside Jinjiang gets a foreign row, a 5xx, or a success on a foreign id', async () => {
    // Provincial, city, county (two accounts), township, school (two), branch and member roles; none sees Jinjiang's school.
    const roles = ['hubei', 'wuhan', 'wuhou', 'wuhou-peer', 'street', 'uni1', 'uni2', 'branch1', 'member-m1'];
    const routes = sessionEndingLast(
      api.routes().filter((r) => r.path.startsWith('/api/') && !r.path.startsWith('/api/docs') && r.path !== '/api/test/clock'),
      (r) => r.path,
    );
    figures.routes = routes.length;
    figures.roles = roles.length;
    const foreignIds = [secret.id, secretOrg.id, secretTransfer.id];
    const problems: string[] = [];
    // Each route's keys from the OpenAPI document, with the fixed lists.
    const keys = new Map(
      routes.map((r) => {
        const documented = routeKeys(doc, r.method, r.path);
        if (!documented) problems.push(`${r.method.toUpperCase()} ${r.path} is not in the OpenAPI document: its keys cannot be attacked`);
        const query = [...new Set([...QUERY_KEYS, ...(documented?.query ?? []).filter(isScopeKey)])];
        const body = [...new Set([...BODY_KEYS, ...(documented?.body ?? []).filter(isScopeKey)])];
        figures.documentedKeys += (documented?.query ?? []).filter(isScopeKey).length + (documented?.body ?? []).filter(isScopeKey).length;
        if (documented?.query.includes('region') || documented?.body.includes('region')) figures.regionKeys++;
        return [`${r.method} ${r.path}`, { query, body, regionDocumented: documented?.query.includes('region') ?? false }] as const;
      }),
    );
    // The value a key gets: a foreign id, a list of one, or the foreign region.
    const value = (k: string, foreign: string): unknown => (k === 'region' ? FOREIGN_REGION : k.endsWith('Ids') ? [foreign] : foreign);

    // Roles run side by side (each one request at a time), which also races their refusals.
    await Promise.all(
      roles.map(async (username) => {
        const c = await api.login(username);
        const send = async (method: string, url: string, body?: object) => {
          const req = api.http[method as 'get'](url).set('Authorization', `Bearer ${c.token}`);
          const res = body === undefined || method === 'get' || method === 'delete' ? await req : await req.send(body);
          figures.calls++;
          const text = JSON.stringify(res.body ?? '') + (res.text ?? '');
          if (res.status >= 500) problems.push(`${username} ${method.toUpperCase()} ${url} ${JSON.stringify(body)} → ${res.status}`);
          const leaked = leaks(text);
          if (leaked.length > 0)
            problems.push(`${username} ${method.toUpperCase()} ${url} ${JSON.stringify(body)} leaked ${leaked.join(', ')}`);
          return res;
        };
        for (const r of routes) {
          const hasParam = r.path.includes(':');
          for (const foreign of foreignIds) {
            // 1. The id in the path: never a success.
            if (hasParam) {
              const url = r.path.replace(/:[a-zA-Z]+/g, foreign);
              const res = await send(
                r.method,
                url,
                r.method === 'get' || r.method === 'delete'
                  ? undefined
                  : { reason: '越权', branchId: foreign, name: '越权', graduationDate: '2026-06-30' },
              );
              if (res.status < 300)
                problems.push(`${username} ${r.method.toUpperCase()} ${url} succeeded with a foreign id (${res.status})`);
            }
            // 2. In every id-like query parameter, and 3. in every id-like body field.
            const url = hasParam ? r.path.replace(/:[a-zA-Z]+/g, foreign) : r.path;
            const k = keys.get(`${r.method} ${r.path}`) as { query: string[]; body: string[]; regionDocumented: boolean };
            const query = k.query.flatMap((q) => [value(q, foreign)].flat().map((v) => `${q}=${String(v)}`)).join('&');
            const res = await send(r.method, `${url}?${query}`);
            // A route that documents `region` never answers for a foreign one (REGION_SCOPE, §6).
            if (k.regionDocumented && r.method === 'get' && res.status < 300)
              problems.push(`${username} GET ${url}?${query} answered ${res.status} for a foreign region`);
            if (r.method !== 'get' && r.method !== 'delete') {
              const body: Record<string, unknown> = Object.fromEntries(k.body.map((b) => [b, value(b, foreign)]));
              body['orgIds'] = [foreign];
              body['member'] = { idCardNumber: secret.idCardNumber, name: '猜错的名字' };
              await send(r.method, url, body);
            }
          }
          // 4. A region outside every one of these callers' (Jinjiang, where the foreign member is):
          // no route answers for it — metrics, rankings, graduates and exports of a region are read
          // only inside the caller's own (DOMAIN.md §6).
          if (r.method === 'get' && !hasParam) {
            const res = await send('get', `${r.path}?region=${FOREIGN_REGION}&year=2026&indicator=sx`);
            if (r.path.startsWith('/api/metrics') && res.status < 300)
              problems.push(`${username} GET ${r.path}?region=${FOREIGN_REGION} answered ${res.status}`);
          }
        }
      }),
    );
    expect(problems).toEqual([]);
    // The foreign objects are unchanged.
    const after = (await admin.get(`/api/members/${secret.id}`)).body;
    expect(after).toMatchObject({ orgId: secretOrg.id, name: secret.name, phone: secret.phone, status: 'active' });
    expect((await admin.get(`/api/transfers/${secretTransfer.id}`)).body.status).toBe('pending');
    expect((await admin.get(`/api/orgs/${secretOrg.id}`)).body.name).toBe(secretOrg['name']);
    expect(figures.calls).toBeGreaterThan(1000);
  }, 600_000);

  it('the same routes with in-scope ids do answer (the matrix can tell)', async () => {
    const jinjiang = await api.login('jinjiang');
    expect((await jinjiang.get(`/api/members/${secret.id}`)).body.name).toBe(secret.name);
    expect((await jinjiang.get(`/api/transfers/${secretTransfer.id}`)).status).toBe(200);
    const self = await api.login('secret-member');
    expect((await self.get(`/api/members/${secret.id}`)).status).toBe(200);
  });
});
