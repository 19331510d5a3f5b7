import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { INestApplication } from '@nestjs/common';
import { ADMIN_PASSWORD, PASSWORD, accountsAtOwnOrg, appsOnOneDatabase } from './support/harness';

/**
 * Issue 10 items 6–7: a lockout nobody can use against someone else, one answer for locked and
 * unknown, a per-address limit across usernames, kept in PostgreSQL so two API processes on one
 * database share it. Client addresses come from X-Forwarded-For (TRUST_PROXY=loopback, as behind
 * the proxy); the addresses are documentation addresses (RFC 5737) written into a header only.
 */
describe('login abuse: per-address limits and lockouts shared by replicas', () => {
  let one: INestApplication;
  let two: INestApplication;
  let close: () => Promise<void>;
  const saved = { ...process.env };

  beforeAll(async () => {
    process.env['TRUST_PROXY'] = 'loopback';
    process.env['LOGIN_RATE_LIMIT'] = '10';
    // Two API processes' worth of app on one database, as two replicas behind the proxy.
    ({
      apps: [one, two],
      close,
    } = await appsOnOneDatabase(2));
    const token = (await login(one, '198.51.100.1', 'admin', ADMIN_PASSWORD)).body.accessToken as string;
    await accountsAtOwnOrg(one, token, ['victim', 'other']);
  });
  afterAll(async () => {
    await close?.();
    process.env = saved;
  });

  const login = (app: INestApplication, address: string, username: string, password: string) =>
    request(app.getHttpServer()).post('/api/auth/login').set('X-Forwarded-For', address).send({ username, password });

  it('five wrong passwords from one address lock the account for that address only, with the answer an unknown name gets', async () => {
    for (let i = 0; i < 5; i++) expect((await login(one, '203.0.113.7', 'victim', 'wrong-pass1')).status).toBe(401);
    const locked = await login(one, '203.0.113.7', 'victim', PASSWORD);
    const unknown = await login(one, '203.0.113.7', 'no-such-user', PASSWORD);
    expect(locked.status).toBe(401);
    expect(locked.body).toEqual(unknown.body);
    // The other replica knows of the lock (it lives in PostgreSQL) …
    expect((await login(two, '203.0.113.7', 'victim', PASSWORD)).status).toBe(401);
    // … and the owner, from their own address, still logs in: the attacker locked only itself out.
    expect((await login(two, '203.0.113.8', 'victim', PASSWORD)).status).toBe(200);
  });

  it('one address is throttled across usernames, on both replicas together', async () => {
    const answers: number[] = [];
    for (let i = 0; i < 12; i++) {
      answers.push((await login(i % 2 ? one : two, '203.0.113.50', `user-${i}`, 'wrong-pass1')).status);
    }
    expect(answers.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(answers.slice(10)).toEqual([429, 429]);
    // Another address is not affected.
    expect((await login(one, '203.0.113.51', 'other', PASSWORD)).status).toBe(200);
  });

  it('a burst of parallel logins from one address is cut off at the limit without waiting for password hashing', async () => {
    const burst = await Promise.all(Array.from({ length: 40 }, (_, i) => login(one, '203.0.113.60', `bogus-${i}`, 'wrong-pass1')));
    const statuses = burst.map((r) => r.status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(30);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
  });
});
