import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, TestApi, expectError } from './support/harness';

describe('error shape and system routes (API.md)', () => {
  let api: TestApi;
  let admin: Client;

  beforeAll(async () => {
    api = await TestApi.start();
    admin = await api.admin();
  });
  afterAll(() => api?.close());

  it('GET /api/health answers ok with the database up', async () => {
    const res = await api.http.get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', db: 'up' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('publishes OpenAPI at /api/docs-json with the contract routes', async () => {
    const res = await api.http.get('/api/docs-json');
    expect(res.status).toBe(200);
    for (const p of ['/api/auth/login', '/api/users', '/api/orgs/{id}', '/api/members', '/api/regions', '/api/audit', '/api/health']) {
      expect(Object.keys(res.body.paths)).toContain(p);
    }
    expect((await api.http.get('/api/docs/')).status).toBe(200);
  });

  it('malformed JSON is 400 MALFORMED_JSON', async () => {
    const res = await api.http.post('/api/auth/login').set('Content-Type', 'application/json').send('{"username": ');
    expectError(res, 400, 'MALFORMED_JSON');
  });

  it('a body with wrong types is 400 with the offending fields', async () => {
    const res = await admin.post('/api/orgs', { parentId: 'x', name: 5, kind: 'club', level: 'base', extra: 1 });
    expectError(res, 400, 'VALIDATION_FAILED');
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['parentId', 'name', 'kind', 'extra']));
  });

  it('bad query parameters are 400, not 500', async () => {
    expectError(await admin.get('/api/members?page=0'), 400, 'VALIDATION_FAILED');
    expectError(await admin.get('/api/members?pageSize=abc'), 400, 'VALIDATION_FAILED');
    expectError(await admin.get('/api/orgs?regionCode=51'), 400, 'VALIDATION_FAILED');
    expectError(await admin.get('/api/audit?from=yesterday'), 400, 'VALIDATION_FAILED');
  });

  it('a non-uuid id is 404, not 500', async () => {
    expectError(await admin.get('/api/orgs/not-a-uuid'), 404, 'NOT_FOUND');
    expectError(await admin.get('/api/members/123'), 404, 'NOT_FOUND');
  });

  it('unknown routes are 404 in the error shape', async () => {
    expectError(await admin.get('/api/nothing-here'), 404, 'ROUTE_NOT_FOUND');
  });

  it('the test clock route exists only with APP_CLOCK=controllable', async () => {
    expect((await api.http.put('/api/test/clock').send({ now: '2026-10-01T00:00:00+08:00' })).status).toBe(200);
    expectError(await api.http.put('/api/test/clock').send({ now: 'tomorrow' }), 400, 'VALIDATION_FAILED');
  });

  it('the audit log is append-only: the database refuses UPDATE and DELETE', async () => {
    await admin.create('/api/users', { username: 'audited', password: 'Passw0rd!x', orgId: (await admin.get('/api/auth/me')).body.orgId });
    const ds = api.app.get(DataSource);
    const [{ count }] = await ds.query('SELECT count(*)::int AS count FROM audit_log');
    expect(count).toBeGreaterThan(0);
    await expect(ds.query(`UPDATE audit_log SET action = 'x'`)).rejects.toThrow(/append-only/);
    await expect(ds.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    expect((await ds.query('SELECT count(*)::int AS count FROM audit_log'))[0].count).toBe(count);
  });

  it('lists GB/T 2260 regions with names', async () => {
    const provinces = await api.http.get('/api/regions');
    expect(provinces.body.total).toBeGreaterThanOrEqual(31);
    const sc = await api.http.get('/api/regions?parent=510000');
    expect(sc.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ code: '510100', name: '成都市' })]));
    const cd = await api.http.get('/api/regions?parent=510100');
    expect(cd.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ code: '510107', name: '武侯区' })]));
  });
});
