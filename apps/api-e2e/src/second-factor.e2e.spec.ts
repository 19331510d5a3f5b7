import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { generateSync } from 'otplib';
import { TOTP, totpStep } from '@zhtj/api/auth';
import { Client, PASSWORD, TestApi, expectError } from './support/harness';
import { Tree, seedTree } from './support/fixtures';
import { Authenticator, claimsOf } from './support/authenticator';

/**
 * The routes that need the second factor where the caller's org requires one (issue 24): those
 * that change accounts, issue reset codes, export, or decide in bulk. Every route of the router
 * is probed against this list below, so a route gaining or losing `@RequiresSecondFactor()`
 * changes this list (and docs/security.md) or fails here.
 */
const STEP_UP_ROUTES = [
  'post /api/users',
  'put /api/users/:id/contact',
  'delete /api/users/:id/2fa',
  'post /api/auth/reset-codes',
  'put /api/orgs/:id/security',
  'get /api/members/export',
  'get /api/members/overdue/export',
  'get /api/metrics/export',
  'get /api/metrics/ranking/export',
  'get /api/metrics/graduates/export',
  'post /api/transfers/batch-approve',
  'put /api/orgs/graduation',
  'put /api/members/graduation',
  'post /api/members/graduation/import',
].sort();

const TOTP_KEY = randomBytes(32).toString('hex');

describe('two-factor authentication for admin accounts (issue 24, 等保 2.0 身份鉴别 d)', () => {
  let api: TestApi;
  let admin: Client;
  let t: Tree;
  let ds: DataSource;
  /** jinjiang's authenticator app and recovery codes, once enrolled. */
  let jinjiangApp: Authenticator;
  let recoveryCodes: string[];

  const login = (username: string, extra: object = {}, password = PASSWORD) =>
    api.http.post('/api/auth/login').send({ username, password, ...extra });
  const asClient = (token: string) => new Client(api, token);
  const auditActions = async (reader: Client): Promise<string[]> =>
    (await reader.get('/api/audit?pageSize=100')).body.items.map((a: { action: string }) => a.action);

  /** Enrols `c`'s account: its authenticator and its recovery codes. */
  async function enrol(c: Client): Promise<{ app: Authenticator; recoveryCodes: string[] }> {
    const res = await c.post('/api/auth/2fa/enrol');
    expect(res.status).toBe(200);
    const app = new Authenticator(res.body.secret as string);
    expect((await c.post('/api/auth/2fa/confirm', { code: app.current() })).status).toBe(200);
    return { app, recoveryCodes: res.body.recoveryCodes as string[] };
  }

  beforeAll(async () => {
    process.env['TOTP_ENCRYPTION_KEY'] = TOTP_KEY;
    api = await TestApi.start();
    ds = api.app.get(DataSource);
    await api.setClock('2026-06-01T09:00:00+08:00');
    admin = await api.admin();
    t = await seedTree(api, admin);
  });
  afterAll(async () => {
    delete process.env['TOTP_ENCRYPTION_KEY'];
    await api?.close();
  });

  it('is TOTP as RFC 6238 defines it: HMAC-SHA-1, 30-second steps, 6 digits (the RFC’s SHA-1 test vector)', () => {
    // RFC 6238 Appendix B: secret "12345678901234567890" (ASCII), T = 59 s → 94287082 (8 digits);
    // T = 1111111109 → 07081804. Six digits are the last six.
    const rfcSecret = new Uint8Array(Buffer.from('12345678901234567890', 'ascii'));
    expect(generateSync({ secret: rfcSecret, epoch: 59, digits: 8, algorithm: 'sha1', period: 30 })).toBe('94287082');
    expect(generateSync({ secret: rfcSecret, epoch: 1111111109, digits: 8, algorithm: 'sha1', period: 30 })).toBe('07081804');
    expect(TOTP).toEqual({ algorithm: 'sha1', period: 30, digits: 6 });
    // The server's check, with the same secret in Base32, accepts the vector's six digits at T = 59 (step 1) …
    const base32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expect(totpStep(base32, '287082', 59, null)).toBe(1);
    expect(totpStep(base32, '081804', 1111111109, null)).toBe(37037036);
    // … not once step 1 is used, nor a code two steps away.
    expect(totpStep(base32, '287082', 59, 1)).toBeNull();
    expect(totpStep(base32, '287082', 59 + 90, null)).toBeNull();
  });

  it('enrols with a secret, an otpauth URL and ten recovery codes; a current code turns it on (audited); the secret is stored sealed and never answered again', async () => {
    const jinjiang = await api.login('jinjiang');
    expect((await jinjiang.get('/api/auth/2fa')).body).toEqual({
      available: true,
      enabled: false,
      pending: false,
      required: false,
      recoveryCodesLeft: 0,
    });
    const res = await jinjiang.post('/api/auth/2fa/enrol');
    expect(res.status).toBe(200);
    const { secret, otpauthUrl } = res.body as { secret: string; otpauthUrl: string };
    recoveryCodes = res.body.recoveryCodes;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const url = new URL(otpauthUrl);
    expect(url.protocol).toBe('otpauth:');
    expect(url.host).toBe('totp');
    expect(url.searchParams.get('secret')).toBe(secret);
    expect(decodeURIComponent(url.pathname)).toContain('jinjiang');
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const c of recoveryCodes) expect(c).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect((await jinjiang.get('/api/auth/2fa')).body).toMatchObject({ enabled: false, pending: true });
    // Not on before a code confirms it: the login needs none yet.
    expect((await login('jinjiang')).status).toBe(200);

    jinjiangApp = new Authenticator(secret);
    const step = Math.floor(Date.now() / 30000);
    const wrong = ['000000', '111111', '222222'].find(
      (c) => ![step - 1, step, step + 1, step + 2].some((s) => jinjiangApp.at(s) === c),
    ) as string;
    expectError(await jinjiang.post('/api/auth/2fa/confirm', { code: wrong }), 400, 'OTP_CONFIRM_INVALID');
    expect((await jinjiang.post('/api/auth/2fa/confirm', { code: jinjiangApp.current() })).status).toBe(200);
    const status = await jinjiang.get('/api/auth/2fa');
    expect(status.body).toEqual({ available: true, enabled: true, pending: false, required: false, recoveryCodesLeft: 10 });
    // On: enrolling again (a stolen password moving the factor to another phone) is refused.
    expectError(await jinjiang.post('/api/auth/2fa/enrol'), 409, 'OTP_ALREADY_ENABLED');

    // At rest: AES-256-GCM under TOTP_ENCRYPTION_KEY, not the secret; recovery codes as SHA-256.
    const [row] = await ds.query(`SELECT totp_secret FROM app_user WHERE username = 'jinjiang'`);
    expect(row.totp_secret).toMatch(/^g1:/);
    expect(row.totp_secret).not.toContain(secret);
    const hashes: { code_hash: string }[] = await ds.query(
      `SELECT code_hash FROM recovery_code rc JOIN app_user u ON u.id = rc.user_id WHERE u.username = 'jinjiang'`,
    );
    expect(hashes).toHaveLength(10);
    for (const h of hashes) expect(h.code_hash).toMatch(/^[0-9a-f]{64}$/);
    const dump = JSON.stringify([
      status.body,
      (await jinjiang.get('/api/auth/me')).body,
      (await admin.get('/api/users?pageSize=500')).body,
      (await admin.get('/api/audit?pageSize=100')).body,
    ]);
    expect(dump).not.toContain(secret);
    for (const c of recoveryCodes) expect(dump).not.toContain(c);
    expect(await auditActions(admin)).toContain('user.2fa_enable');
  });

  it('asks for a code at login once it is on: 401 OTP_REQUIRED without one, a token with amr [pwd, otp] with one, the same code never twice', async () => {
    const without = await login('jinjiang');
    expectError(without, 401, 'OTP_REQUIRED');
    expect(without.body.accessToken).toBeUndefined();
    expect(without.headers['set-cookie']).toBeUndefined();

    const code = await jinjiangApp.code();
    const ok = await login('jinjiang', { otp: code });
    expect(ok.status).toBe(200);
    expect(claimsOf(ok.body.accessToken)).toMatchObject({ amr: ['pwd', 'otp'] });
    expect(claimsOf(ok.body.accessToken)['enrol_only']).toBeUndefined();
    expect((await asClient(ok.body.accessToken).get('/api/auth/me')).status).toBe(200);
    // Replay: the same code, and any code of an older step, are refused (on every replica: the step is in the database).
    expectError(await login('jinjiang', { otp: code }), 401, 'OTP_INVALID');
    expectError(await login('jinjiang', { otp: jinjiangApp.at(Math.floor(Date.now() / 30000) - 1) }), 401, 'OTP_INVALID');
    // A wrong password with a right code is still a wrong password.
    expectError(await login('jinjiang', { otp: jinjiangApp.at(Math.floor(Date.now() / 30000) + 1) }, 'wrong-pass1'), 401, 'LOGIN_FAILED');
    // Without the factor in use a token says only the password.
    expect(claimsOf((await login('sc')).body.accessToken)).toMatchObject({ amr: ['pwd'] });
  }, 90_000);

  it('accepts each recovery code once, spelled with or without dashes, audited', async () => {
    const first = recoveryCodes[0] as string;
    const ok = await login('jinjiang', { otp: first });
    expect(ok.status).toBe(200);
    expect(claimsOf(ok.body.accessToken)).toMatchObject({ amr: ['pwd', 'otp'] });
    expectError(await login('jinjiang', { otp: first }), 401, 'OTP_INVALID');
    const second = (recoveryCodes[1] as string).replace(/-/g, '').toLowerCase();
    expect((await login('jinjiang', { otp: second })).status).toBe(200);
    expect((await asClient(ok.body.accessToken).get('/api/auth/2fa')).body.recoveryCodesLeft).toBe(8);
    expect((await auditActions(admin)).filter((a) => a === 'user.2fa_recovery_code')).toHaveLength(2);
    expectError(await login('jinjiang', { otp: 'not-a-code' }), 401, 'OTP_INVALID');
  });

  it('counts a wrong code as a failed login: five lock the (account, address) pair like wrong passwords', async () => {
    await api.setClock('2026-06-01T10:00:00+08:00');
    // A complete login clears the count of earlier failures.
    expect((await login('jinjiang', { otp: recoveryCodes[2] })).status).toBe(200);
    const step = Math.floor(Date.now() / 30000);
    const wrong = ['000000', '111111', '222222'].find(
      (c) => ![step - 1, step, step + 1, step + 2].some((s) => jinjiangApp.at(s) === c),
    ) as string;
    for (let i = 0; i < 5; i++) expectError(await login('jinjiang', { otp: wrong }), 401, 'OTP_INVALID');
    // Locked: even the right password with an unused recovery code answers as a wrong password (and does not spend it).
    expectError(await login('jinjiang', { otp: recoveryCodes[3] }), 401, 'LOGIN_FAILED');
    expect(await auditActions(admin)).toContain('user.lock');
    await api.setClock('2026-06-01T10:16:00+08:00');
    expect((await login('jinjiang', { otp: recoveryCodes[3] })).status).toBe(200);
  });

  it('lets only a national or provincial admin require it, for an org in its scope (404 outside), audited', async () => {
    const sc = await api.login('sc');
    const wuhou = await api.login('wuhou');
    expectError(await wuhou.put(`/api/orgs/${t.wuhou.id}/security`, { require2fa: true }), 403, 'SECOND_FACTOR_POLICY_NOT_ALLOWED');
    expectError(await sc.put(`/api/orgs/${t.root}/security`, { require2fa: true }), 404, 'NOT_FOUND');
    expectError(await wuhou.get(`/api/orgs/${t.jinjiang.id}/security`), 404, 'NOT_FOUND');
    expectError(await sc.put(`/api/orgs/${t.city.id}/security`, { require2fa: 'yes' }), 400, 'VALIDATION_FAILED');
    expect((await sc.get(`/api/orgs/${t.wuhou.id}/security`)).body).toEqual({ id: t.wuhou.id, require2fa: false, requiredAbove: false });
  });

  it('makes an admin below a provincial requirement enrol at login: its token reaches only the 2FA routes, /me and logout; members are unchanged', async () => {
    const sc = await api.login('sc');
    // Logged in before the requirement: a token that used the password only (for the step-up test).
    const uni1Before = await api.login('uni1');
    // A member account under the city, with its own login.
    const m1 = await admin.get(`/api/members/${t.m1.id}`);
    await admin.create('/api/users', { username: 'zhangyi', password: PASSWORD, memberId: t.m1.id });

    const set = await sc.put(`/api/orgs/${t.city.id}/security`, { require2fa: true });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ id: t.city.id, require2fa: true, requiredAbove: false });
    expect((await sc.get(`/api/orgs/${t.wuhou.id}/security`)).body).toEqual({ id: t.wuhou.id, require2fa: false, requiredAbove: true });
    expect(await auditActions(sc)).toContain('org.require_2fa');

    const res = await login('wuhou');
    expect(res.status).toBe(200);
    expect(res.body.enrolmentRequired).toBe(true);
    expect(res.body.expiresIn).toBe(600);
    expect(claimsOf(res.body.accessToken)).toMatchObject({ enrol_only: true });
    const enrolOnly = asClient(res.body.accessToken);
    expect((await enrolOnly.get('/api/auth/me')).status).toBe(200);
    expect((await enrolOnly.get('/api/auth/2fa')).body).toMatchObject({ required: true, enabled: false });
    for (const [method, url] of [
      ['get', '/api/orgs'],
      ['get', `/api/members/${t.m2.id}`],
      ['get', '/api/transfers?box=pending'],
      ['post', '/api/auth/change-password'],
      ['get', '/api/members/export'],
    ] as const) {
      expectError(method === 'get' ? await enrolOnly.get(url) : await enrolOnly.post(url, {}), 403, 'OTP_ENROLMENT_REQUIRED');
    }
    // Enrolment with that token, then a login with a code: a full token.
    const { app } = await enrol(enrolOnly);
    expectError(await login('wuhou'), 401, 'OTP_REQUIRED');
    const full = await login('wuhou', { otp: await app.code() });
    expect(full.status).toBe(200);
    expect(full.body.enrolmentRequired).toBeUndefined();
    expect((await asClient(full.body.accessToken).get('/api/orgs')).status).toBe(200);
    // An enrol-only token can log out.
    const another = await login('uni2');
    expect(another.body.enrolmentRequired).toBe(true);
    expect((await asClient(another.body.accessToken).post('/api/auth/logout')).status).toBe(204);
    expectError(await asClient(another.body.accessToken).get('/api/auth/me'), 401, 'TOKEN_INVALID');

    // Member accounts are unchanged: no code asked, a full token, no enrolment.
    const member = await login(m1.body.idCardNumber as string);
    expect(member.status).toBe(200);
    expect(member.body.enrolmentRequired).toBeUndefined();
    expect(claimsOf(member.body.accessToken)).toMatchObject({ amr: ['pwd'] });
    const memberClient = asClient(member.body.accessToken);
    expect((await memberClient.get(`/api/members/${t.m1.id}`)).status).toBe(200);
    expect((await memberClient.get('/api/auth/2fa')).body).toEqual({
      available: false,
      enabled: false,
      pending: false,
      required: false,
      recoveryCodesLeft: 0,
    });
    expectError(await memberClient.post('/api/auth/2fa/enrol'), 403, 'FORBIDDEN');

    // Step-up, probed on every route of the router with uni1's password-only token from before.
    const probed: string[] = [];
    for (const r of api.routes()) {
      const key = `${r.method} ${r.path}`;
      if (r.path === '/api/auth/logout' || r.path.startsWith('/api/test/')) continue;
      const url = r.path.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
      const req = (api.http as unknown as Record<string, (u: string) => import('supertest').Test>)[r.method]?.(url);
      if (!req) continue;
      const answer = await req.set('Authorization', `Bearer ${uni1Before.token}`).send({});
      if (answer.body?.code === 'OTP_STEP_UP_REQUIRED') {
        expect(answer.status).toBe(403);
        probed.push(key);
      }
    }
    expect(probed.sort()).toEqual(STEP_UP_ROUTES);

    // With the second factor the same routes answer: an export, an account created.
    const wuhou = asClient(full.body.accessToken);
    const exported = await wuhou.get('/api/members/export');
    expect(exported.status).toBe(200);
    expect((await wuhou.post('/api/users', { username: 'wuhou-clerk', password: PASSWORD, orgId: t.uni2.id })).status).toBe(201);
    expect((await wuhou.post('/api/transfers/batch-approve', { ids: [] })).body.code).not.toBe('OTP_STEP_UP_REQUIRED');
    // Where nothing is required (the province itself), a password-only token is enough.
    expect((await sc.get('/api/members/export')).status).toBe(200);
    // A member is never asked for the second factor (its refusal is the route's own).
    expect((await memberClient.get('/api/members/export')).body.code).not.toBe('OTP_STEP_UP_REQUIRED');
  }, 120_000);

  it('lets an admin above reset a lost second factor (audited); a peer 403, the account itself 403, an admin beside or below 404, nothing to reset 409', async () => {
    const wuhouId = (await admin.get(`/api/users?orgId=${t.wuhou.id}`)).body.items.find((u: { username: string }) => u.username === 'wuhou')
      .id as string;
    // A peer in the same org, enrolled (its org requires it).
    await admin.create('/api/users', { username: 'wuhou2', password: PASSWORD, orgId: t.wuhou.id });
    const peerApp = (await enrol(asClient((await login('wuhou2')).body.accessToken))).app;
    const peer = asClient((await login('wuhou2', { otp: await peerApp.code() })).body.accessToken);
    expectError(await peer.delete(`/api/users/${wuhouId}/2fa`), 403, 'SECOND_FACTOR_RESET_NOT_ALLOWED');
    // jinjiang (a county beside), with its factor: not in its scope.
    const jinjiang = asClient((await login('jinjiang', { otp: recoveryCodes[5] })).body.accessToken);
    expectError(await jinjiang.delete(`/api/users/${wuhouId}/2fa`), 404, 'NOT_FOUND');
    expectError(await jinjiang.delete(`/api/users/00000000-0000-4000-8000-000000000000/2fa`), 404, 'NOT_FOUND');
    // uni1 (a school below wuhou), with its factor: wuhou is not in its scope.
    const uni1App = (await enrol(asClient((await login('uni1')).body.accessToken))).app;
    const uni1 = asClient((await login('uni1', { otp: await uni1App.code() })).body.accessToken);
    expectError(await uni1.delete(`/api/users/${wuhouId}/2fa`), 404, 'NOT_FOUND');
    // The account itself.
    expectError(await peer.delete(`/api/users/${(await peer.get('/api/auth/me')).body.id}/2fa`), 403, 'SECOND_FACTOR_RESET_NOT_ALLOWED');

    // The province (above; nothing required of it) resets it.
    const sc = await api.login('sc');
    const res = await sc.delete(`/api/users/${wuhouId}/2fa`);
    expect(res.status).toBe(204);
    const audit = (await sc.get('/api/audit?pageSize=100')).body.items.find((a: { action: string }) => a.action === 'user.2fa_reset');
    expect(audit).toMatchObject({ entityId: wuhouId });
    expectError(await sc.delete(`/api/users/${wuhouId}/2fa`), 409, 'OTP_NOT_ENROLLED');
    const [row] = await ds.query(
      `SELECT totp_secret, totp_enabled_at, (SELECT count(*)::int FROM recovery_code WHERE user_id = $1) AS codes FROM app_user WHERE id = $1`,
      [wuhouId],
    );
    expect(row).toEqual({ totp_secret: null, totp_enabled_at: null, codes: 0 });
    // Its org still requires it: the next login leads through enrolment again.
    expect((await login('wuhou')).body.enrolmentRequired).toBe(true);
    // Lifting the requirement (by the province, which has no factor and needs none) ends that.
    expect((await sc.put(`/api/orgs/${t.city.id}/security`, { require2fa: false })).body).toMatchObject({ require2fa: false });
    const plain = await login('wuhou');
    expect(plain.status).toBe(200);
    expect(plain.body.enrolmentRequired).toBeUndefined();
  }, 90_000);
});
