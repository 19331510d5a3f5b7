import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHmac, randomUUID } from 'node:crypto';
import request from 'supertest';
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JWT_KEY } from '@zhtj/api/auth';
import { ADMIN_PASSWORD, appsOnOneDatabase } from './support/harness';

/**
 * Issue 21 finding 7: tokens signed with the real secret but carrying claims of the wrong shape
 * answered 500 (a non-UUID or object `sub`, a string `iat` reached SQL), a token without `exp`
 * and an HS512 token were accepted, and there was no logout. Two app instances on one database
 * stand for two replicas: a logout on one ends the token on the other.
 */
const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

/** A token signed with the API's own key, with any header and payload. */
function forge(payload: unknown, alg = 'HS256'): string {
  const head = `${b64({ alg, typ: 'JWT' })}.${b64(payload)}`;
  if (alg === 'none') return `${head}.`;
  const hash = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[alg] ?? 'sha256';
  return `${head}.${createHmac(hash, JWT_KEY).update(head).digest('base64url')}`;
}

describe('tokens: claims checked, HS256 only, logout on every replica', () => {
  let one: INestApplication;
  let two: INestApplication;
  let close: () => Promise<void>;
  let adminId: string;

  beforeAll(async () => {
    ({
      apps: [one, two],
      close,
    } = await appsOnOneDatabase(2));
    adminId = ((await login(one)).body.user as { id: string }).id;
  });
  afterAll(async () => {
    await close?.();
  });

  const login = (app: INestApplication) =>
    request(app.getHttpServer()).post('/api/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD });
  const me = (app: INestApplication, token: string) =>
    request(app.getHttpServer()).get('/api/auth/me').set('Authorization', `Bearer ${token}`);
  const now = () => Math.floor(Date.now() / 1000);

  it('accepts a well-formed token of its own (the forging helper signs as the API does)', async () => {
    const ok = forge({ sub: adminId, jti: randomUUID(), iat: now(), exp: now() + 600 });
    expect((await me(one, ok)).status).toBe(200);
  });

  it('answers 401 TOKEN_INVALID, never 500, for every malformed token signed with the real secret', async () => {
    const good = () => ({ sub: adminId, jti: randomUUID(), iat: now(), exp: now() + 600 });
    const cases: Record<string, string> = {
      'non-UUID sub': forge({ ...good(), sub: 'not-a-uuid' }),
      'numeric sub': forge({ ...good(), sub: 42 }),
      'object sub': forge({ ...good(), sub: { id: adminId } }),
      'string iat': forge({ ...good(), iat: String(now()) }),
      'huge iat': forge({ ...good(), iat: 1e300 }),
      'iat in the future': forge({ ...good(), iat: now() + 3600, exp: now() + 7200 }),
      'no iat': forge({ sub: adminId, jti: randomUUID(), exp: now() + 600 }),
      'no exp': forge({ sub: adminId, jti: randomUUID(), iat: now() }),
      'string exp': forge({ ...good(), exp: String(now() + 600) }),
      expired: forge({ ...good(), iat: now() - 7200, exp: now() - 3600 }),
      'no jti': forge({ sub: adminId, iat: now(), exp: now() + 600 }),
      'non-UUID jti': forge({ ...good(), jti: "'; DROP TABLE x; --" }),
      'array payload': forge([adminId]),
      'string payload': forge('"admin"'),
      HS512: forge(good(), 'HS512'),
      HS384: forge(good(), 'HS384'),
      'alg none': forge(good(), 'none'),
    };
    const answers: Record<string, string> = {};
    for (const [name, token] of Object.entries(cases)) {
      const res = await me(one, token);
      answers[name] = `${res.status} ${(res.body as { code?: string }).code}`;
    }
    expect(answers).toEqual(Object.fromEntries(Object.keys(cases).map((k) => [k, '401 TOKEN_INVALID'])));
    // A public route treats a bad token as no token: the login answers as for anyone.
    const publicRoute = await request(one.getHttpServer())
      .post('/api/auth/login')
      .set('Authorization', `Bearer ${cases['object sub']}`)
      .send({ username: 'admin', password: 'wrong-pass1' });
    expect(publicRoute.status).toBe(401);
    expect(publicRoute.body.code).toBe('LOGIN_FAILED');
  });

  it('logout → 204; the token then fails on this replica and the other, other sessions live on', async () => {
    const a = (await login(one)).body.accessToken as string;
    const b = (await login(two)).body.accessToken as string;
    expect((await me(two, a)).status).toBe(200);
    const out = await request(one.getHttpServer()).post('/api/auth/logout').set('Authorization', `Bearer ${a}`);
    expect(out.status).toBe(204);
    for (const app of [one, two]) {
      const res = await me(app, a);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('TOKEN_INVALID');
    }
    expect((await request(two.getHttpServer()).post('/api/auth/logout').set('Authorization', `Bearer ${a}`)).status).toBe(401);
    // Another session of the same account is not ended.
    expect((await me(one, b)).status).toBe(200);
    // Logout needs a token.
    expect((await request(one.getHttpServer()).post('/api/auth/logout')).status).toBe(401);
  });

  it('keeps a revocation until the token would have expired, then sweeps it on a later logout', async () => {
    const ds = one.get(DataSource);
    const stale = randomUUID();
    await ds.query(`INSERT INTO revoked_token (jti, user_id, expires_at) VALUES ($1, $2, now() - interval '1 hour')`, [stale, adminId]);
    const a = (await login(one)).body.accessToken as string;
    expect((await request(one.getHttpServer()).post('/api/auth/logout').set('Authorization', `Bearer ${a}`)).status).toBe(204);
    const rows: { jti: string; expires_at: Date }[] = await ds.query(
      `SELECT jti, expires_at FROM revoked_token WHERE jti = $1 OR user_id = $2`,
      [stale, adminId],
    );
    expect(rows.some((r) => r.jti === stale)).toBe(false);
    // The fresh revocation stays until the token's own expiry (8 hours by default).
    const exp = JSON.parse(Buffer.from(a.split('.')[1] as string, 'base64url').toString()).exp as number;
    expect(rows.map((r) => r.expires_at.getTime())).toContain(exp * 1000);
  });
});
