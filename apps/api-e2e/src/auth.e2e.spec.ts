import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, Client, PASSWORD, TestApi, expectError } from './support/harness';
import { Tree, apiWithTree } from './support/fixtures';

describe('accounts and auth', () => {
  let api: TestApi;
  let admin: Client;
  let t: Tree;

  beforeAll(async () => {
    ({ api, admin, t } = await apiWithTree('2026-06-01T09:00:00+08:00'));
  });
  afterAll(() => api?.close());

  it('bootstraps one national admin and answers /me', async () => {
    const me = await admin.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      id: expect.any(String),
      username: 'admin',
      role: 'national_admin',
      orgId: t.root,
      orgName: '共青团中央',
      orgPath: [t.root],
    });
  });

  it('answers 401 without a token and with a bad one', async () => {
    expectError(await api.http.get('/api/orgs'), 401, 'UNAUTHORIZED');
    expectError(await api.http.get('/api/orgs').set('Authorization', 'Bearer nonsense'), 401, 'TOKEN_INVALID');
  });

  it('gives roles that follow from the bound org', async () => {
    const roles: Record<string, string> = { sc: 'provincial_admin', wuhou: 'county_admin', uni1: 'school_admin', branch1: 'branch_admin' };
    for (const [u, role] of Object.entries(roles)) {
      const c = await api.login(u);
      expect((await c.get('/api/auth/me')).body.role).toBe(role);
    }
  });

  it('stores argon2 hashes and enforces the password policy', async () => {
    expectError(await admin.post('/api/users', { username: 'weak', password: 'short1', orgId: t.wuhou.id }), 400, 'PASSWORD_POLICY');
    expectError(await admin.post('/api/users', { username: 'weak', password: 'onlyletters', orgId: t.wuhou.id }), 400, 'PASSWORD_POLICY');
    expectError(await admin.post('/api/users', { username: 'wuhou', password: PASSWORD, orgId: t.wuhou.id }), 409, 'USERNAME_TAKEN');
    expectError(
      await admin.post('/api/users', { username: 'both', password: PASSWORD, orgId: t.wuhou.id, memberId: t.m1.id }),
      400,
      'USER_TARGET_REQUIRED',
    );
    const audit = await admin.get('/api/audit?pageSize=100');
    expect(JSON.stringify(audit.body)).not.toContain('argon2');
  });

  it('a member logs in with the ID number', async () => {
    const m1 = await admin.get(`/api/members/${t.m1.id}`);
    await admin.create('/api/users', { username: 'zhangyi', password: PASSWORD, memberId: t.m1.id });
    expectError(await admin.post('/api/users', { username: 'zhangyi2', password: PASSWORD, memberId: t.m1.id }), 409, 'MEMBER_HAS_ACCOUNT');
    const res = await api.http.post('/api/auth/login').send({ username: m1.body.idCardNumber, password: PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ role: 'member', memberId: t.m1.id, orgId: t.branch1.id });
    // /me: the member's own org, with its name and path (a member account has no org of its own).
    const branch = await admin.get(`/api/orgs/${t.branch1.id}`);
    const me = await api.http.get('/api/auth/me').set('Authorization', `Bearer ${res.body.accessToken}`);
    expect(me.body).toEqual({
      id: res.body.user.id,
      username: 'zhangyi',
      role: 'member',
      orgId: t.branch1.id,
      memberId: t.m1.id,
      orgName: branch.body.name,
      orgPath: branch.body.path,
    });
  });

  it('locks an account for 15 minutes after 5 failed logins from one address, answering as for a wrong password', async () => {
    await admin.create('/api/users', { username: 'locky', password: PASSWORD, orgId: t.jinjiang.id });
    for (let i = 0; i < 5; i++) {
      expectError(await api.http.post('/api/auth/login').send({ username: 'locky', password: 'wrong-pass1' }), 401, 'LOGIN_FAILED');
    }
    // Even the right password is refused while locked, with the same answer as a wrong one.
    expectError(await api.http.post('/api/auth/login').send({ username: 'locky', password: PASSWORD }), 401, 'LOGIN_FAILED');
    await api.setClock('2026-06-01T09:14:00+08:00');
    expectError(await api.http.post('/api/auth/login').send({ username: 'locky', password: PASSWORD }), 401, 'LOGIN_FAILED');
    await api.setClock('2026-06-01T09:16:00+08:00');
    expect((await api.http.post('/api/auth/login').send({ username: 'locky', password: PASSWORD })).status).toBe(200);
    const audit = await (await api.login('jinjiang')).get('/api/audit?pageSize=100');
    expect(audit.body.items.map((a: { action: string }) => a.action)).toContain('user.lock');
  });

  it('answers the same for an unknown user as for a wrong password', async () => {
    expectError(await api.http.post('/api/auth/login').send({ username: 'nobody', password: 'whatever1' }), 401, 'LOGIN_FAILED');
  });

  it('a reset code (Q19) works once and only for an admin of the org or an ancestor', async () => {
    // Q19's codes are for member accounts (issue 10 item 8).
    await admin.create('/api/users', { username: 'forgetful', password: PASSWORD, memberId: t.m3.id });
    const wuhou = await api.login('wuhou');
    expectError(await wuhou.post('/api/auth/reset-codes', { username: 'forgetful' }), 404, 'NOT_FOUND');
    const branch1 = await api.login('branch1');
    expectError(await branch1.post('/api/auth/reset-codes', { username: 'forgetful' }), 404, 'NOT_FOUND');
    const jj = await api.login('jinjiang');
    const made = await jj.post('/api/auth/reset-codes', { username: 'forgetful' });
    expect(made.status).toBe(201);
    expect(made.body.code).toMatch(/^\d{8}$/);
    expect(new Date(made.body.expiresAt).getTime() - new Date('2026-06-01T09:16:00+08:00').getTime()).toBe(2 * 24 * 3600 * 1000);

    expectError(
      await api.http.post('/api/auth/reset-password').send({ username: 'forgetful', code: '00000000', newPassword: 'NewPassw0rd' }),
      400,
      'RESET_CODE_INVALID',
    );
    expectError(
      await api.http.post('/api/auth/reset-password').send({ username: 'forgetful', code: made.body.code, newPassword: 'weak' }),
      400,
      'PASSWORD_POLICY',
    );
    const ok = await api.http
      .post('/api/auth/reset-password')
      .send({ username: 'forgetful', code: made.body.code, newPassword: 'NewPassw0rd' });
    expect(ok.status).toBe(200);
    await api.login('forgetful', 'NewPassw0rd');
    expectError(
      await api.http.post('/api/auth/reset-password').send({ username: 'forgetful', code: made.body.code, newPassword: 'Other1Passw0rd' }),
      400,
      'RESET_CODE_USED',
    );
    const audit = await jj.get('/api/audit?pageSize=100');
    expect(audit.body.items.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(['user.reset_code', 'user.reset_password']),
    );
  });

  it('a reset code expires after two days', async () => {
    const jj = await api.login('jinjiang');
    const made = await jj.post('/api/auth/reset-codes', { username: 'forgetful' });
    await api.setClock('2026-06-03T09:16:01+08:00');
    expectError(
      await api.http.post('/api/auth/reset-password').send({ username: 'forgetful', code: made.body.code, newPassword: 'Later1Passw0rd' }),
      400,
      'RESET_CODE_EXPIRED',
    );
  });

  it('a member cannot make reset codes; members change their own password', async () => {
    const member = await api.login('zhangyi');
    expectError(await member.post('/api/auth/reset-codes', { username: 'wuhou' }), 403, 'FORBIDDEN');
    expectError(
      await member.post('/api/auth/change-password', { oldPassword: 'nope', newPassword: 'Changed1pass' }),
      400,
      'PASSWORD_WRONG',
    );
    const changed = await member.post('/api/auth/change-password', { oldPassword: PASSWORD, newPassword: 'Changed1pass' });
    expect(changed.status).toBe(200);
    await api.login('zhangyi', 'Changed1pass');
    // Tokens issued before the change stop working; the one the change returned works.
    await new Promise((r) => setTimeout(r, 1100));
    const asTok = (tok: string) => (path: string) => api.http.get(path).set('Authorization', `Bearer ${tok}`);
    const again = await api.http
      .post('/api/auth/change-password')
      .set('Authorization', `Bearer ${changed.body.accessToken}`)
      .send({ oldPassword: 'Changed1pass', newPassword: 'Changed2pass' });
    expect(again.status).toBe(200);
    expectError(await asTok(changed.body.accessToken)('/api/auth/me'), 401, 'TOKEN_INVALID');
    expect((await asTok(again.body.accessToken)('/api/auth/me')).status).toBe(200);
    await api.login('zhangyi', 'Changed2pass');
  });

  it('the bootstrap admin password comes from ADMIN_PASSWORD', async () => {
    await api.login('admin', ADMIN_PASSWORD);
  });
});
