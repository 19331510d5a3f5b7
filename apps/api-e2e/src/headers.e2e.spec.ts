import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, TestApi } from './support/harness';

/** Issue 10 item 12: personal data is never cached, and the browser is told to load only our own code, over HTTPS. */
describe('security headers', () => {
  let api: TestApi;
  let admin: Client;

  beforeAll(async () => {
    api = await TestApi.start();
    admin = await api.admin();
  });
  afterAll(() => api?.close());

  const expectSecure = (res: { headers: Record<string, string | undefined> }, label: string) => {
    expect(res.headers['cache-control'], label).toContain('no-store');
    expect(res.headers['content-security-policy'], label).toContain("default-src 'self'");
    expect(res.headers['content-security-policy'], label).toContain("frame-ancestors 'none'");
    expect(res.headers['strict-transport-security'], label).toMatch(/max-age=\d{7,}/);
    expect(res.headers['x-content-type-options'], label).toBe('nosniff');
  };

  it('API JSON, exports and errors carry no-store, CSP and HSTS', async () => {
    expectSecure(await admin.get('/api/members'), 'list');
    expectSecure(await admin.get('/api/auth/me'), 'me');
    expectSecure(await admin.get('/api/members/export'), 'export');
    expectSecure(await api.http.post('/api/auth/login').send({ username: 'nobody', password: 'x' }), 'login failure');
    expectSecure(await admin.get('/api/members?q=%00'), 'input refusal');
    expectSecure(await api.http.post('/api/orgs').set('Content-Type', 'application/json').send('{bad json'), 'parse error');
    expectSecure(await admin.get('/api/no-such-route'), '404');
  });
});
