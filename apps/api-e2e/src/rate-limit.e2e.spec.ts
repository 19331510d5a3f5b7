import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, TestApi, expectError } from './support/harness';

describe('login rate limit', () => {
  let api: TestApi;

  beforeAll(async () => {
    // The limit is read when the API starts; this file's API allows 3 logins a minute per address.
    process.env['LOGIN_RATE_LIMIT'] = '3';
    api = await TestApi.start();
  });
  afterAll(async () => {
    await api?.close();
    process.env['LOGIN_RATE_LIMIT'] = '1000';
  });

  it('answers 429 TOO_MANY_REQUESTS beyond the limit, without touching the account', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await api.http.post('/api/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD })).status).toBe(200);
    }
    expectError(await api.http.post('/api/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD }), 429, 'TOO_MANY_REQUESTS');
    // Another username from the same address shares the address's budget (issue 10 item 7).
    expectError(await api.http.post('/api/auth/login').send({ username: 'someone', password: 'whatever1' }), 429, 'TOO_MANY_REQUESTS');
  });
});
