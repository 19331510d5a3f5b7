import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_ADMIN_PASSWORD, RunningBundle, startBundle } from './support/bundle';
import { sessionEndingLast } from './support/routes';

/**
 * Issue 10 item 14: the tests ran on the sources while `npm start` serves a bundle, which once
 * answered 500 on GET /api/metrics/export. This smoke suite starts the built bundle as its own
 * process on a fresh database (demo data) and calls every route of its OpenAPI document once.
 */
describe('the built bundle (dist/apps/api/main.js) serves every route', () => {
  let api: RunningBundle;
  let token: string;
  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${api.baseUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    api = await startBundle();
    const res = await fetch(`${api.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: BUNDLE_ADMIN_PASSWORD }),
    });
    expect(res.status).toBe(200);
    token = ((await res.json()) as { accessToken: string }).accessToken;
  }, 240_000);
  afterAll(() => api?.stop());

  it('exports xlsx: GET /api/metrics/export and /api/members/export', async () => {
    for (const path of ['/api/metrics/export?year=2026', '/api/members/export']) {
      const res = await call('GET', path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toContain('spreadsheetml');
      const bytes = new Uint8Array(await res.arrayBuffer());
      // An .xlsx is a zip: it starts with "PK".
      expect(String.fromCharCode(bytes[0] ?? 0, bytes[1] ?? 0), path).toBe('PK');
    }
  });

  it('every route of the OpenAPI document answers without a 5xx', async () => {
    const doc = (await (await fetch(`${api.baseUrl}/api/docs-json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const me = (await (await call('GET', '/api/auth/me')).json()) as { orgId: string };
    const first = async (path: string): Promise<string> => {
      const body = (await (await call('GET', path)).json()) as { items?: { id: string }[] };
      return body.items?.[0]?.id ?? '00000000-0000-0000-0000-000000000000';
    };
    const ids: Record<string, string> = {
      members: await first('/api/members?pageSize=1'),
      transfers: await first('/api/transfers?box=outgoing&pageSize=1'),
      users: await first('/api/users'),
      orgs: me.orgId,
    };
    const idFor = (path: string): string => ids[path.split('/')[2] ?? ''] ?? me.orgId;
    const failures: string[] = [];
    let calls = 0;
    for (const [template, methods] of sessionEndingLast(Object.entries(doc.paths), ([p]) => p)) {
      for (const method of Object.keys(methods)) {
        const path = template.replace(/\{[^}]+\}/g, () => idFor(template));
        const res = await call(method.toUpperCase(), path, ['post', 'put', 'patch'].includes(method) ? {} : undefined);
        calls++;
        if (res.status >= 500) failures.push(`${method.toUpperCase()} ${path} → ${res.status} ${await res.text()}`);
      }
    }
    expect(failures).toEqual([]);
    expect(calls).toBeGreaterThan(30);
    expect((await fetch(`${api.baseUrl}/api/health`)).status).toBe(200);
  });
});
