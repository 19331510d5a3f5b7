import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, TestApi } from './support/harness';
import { sessionEndingLast } from './support/routes';
import { Tree, apiWithTree } from './support/fixtures';

/** Odd inputs a careless client or a curious user sends; none may end in a 500. */
const BODIES: unknown[] = [
  {},
  [],
  null,
  { name: null, parentId: null, orgId: null, graduationDate: null, mixed: null },
  { name: 'x'.repeat(5000), idCardNumber: 'x'.repeat(5000) },
  {
    parentId: '00000000-0000-0000-0000-000000000000',
    orgId: '00000000-0000-0000-0000-000000000000',
    name: 'x',
    kind: 'branch',
    level: 'base',
  },
  { graduationDate: '2026-02-30', mixed: 'yes', orgIds: ['not-a-uuid'] },
  { rows: [{}], orgId: 'x' },
  { username: ['a'], password: { $ne: '' } },
  { __proto__: { admin: true }, constructor: { prototype: { x: 1 } } },
];
const QUERIES = [
  '',
  '?page=-1',
  '?pageSize=100000',
  '?q=%27%3B%20DROP%20TABLE%20member%3B--',
  '?orgId=1&graduationYear=abc',
  '?overdue=maybe',
  '?regionCode=%00%00',
];

describe('robustness: no request ends in a 500', () => {
  let api: TestApi;
  let admin: Client;
  let t: Tree;

  beforeAll(async () => {
    ({ api, admin, t } = await apiWithTree());
  });
  afterAll(() => api?.close());

  it('every route answers odd bodies and queries with a 2xx or a 4xx in the error shape', async () => {
    const routes = sessionEndingLast(
      api.routes().filter((r) => r.path.startsWith('/api/') && !r.path.startsWith('/api/docs')),
      (r) => r.path,
    );
    expect(routes.length).toBeGreaterThan(20);
    const ids = ['not-a-uuid', '00000000-0000-0000-0000-000000000000', t.m1.id, t.branch1.id, '%E4%BD%A0'];
    let calls = 0;
    for (const r of routes) {
      for (const id of r.path.includes(':') ? ids : ['']) {
        const url = r.path.replace(/:[a-zA-Z]+/g, id);
        const sends =
          r.method === 'get' || r.method === 'delete'
            ? QUERIES.map((q) => ({ url: url + q, body: undefined }))
            : BODIES.map((b) => ({ url, body: b }));
        for (const s of sends) {
          const req = api.http[r.method as 'get' | 'post' | 'put' | 'patch' | 'delete'](s.url).set(
            'Authorization',
            `Bearer ${admin.token}`,
          );
          const res = s.body === undefined ? await req : await req.send(s.body as object);
          calls++;
          expect(
            res.status,
            `${r.method.toUpperCase()} ${s.url} ${JSON.stringify(s.body)} → ${res.status} ${JSON.stringify(res.body)}`,
          ).toBeLessThan(500);
          if (res.status >= 400) expect(typeof res.body.code, `${r.method} ${s.url}: no error code`).toBe('string');
        }
      }
    }
    expect(calls).toBeGreaterThan(200);
    // The last route, logout, ended the token: a new one for what follows.
    admin = await api.admin();
    // The data survived the injection attempts.
    expect((await admin.get(`/api/members/${t.m1.id}`)).status).toBe(200);
  });

  it('a raw non-JSON body and a wrong content type are 4xx', async () => {
    const res = await api.http
      .post('/api/orgs')
      .set('Authorization', `Bearer ${admin.token}`)
      .set('Content-Type', 'text/plain')
      .send('hello');
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });
});
