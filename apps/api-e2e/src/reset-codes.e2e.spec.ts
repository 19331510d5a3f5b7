import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, PASSWORD, TestApi, expectError, idCard } from './support/harness';
import { Tree, apiWithTree } from './support/fixtures';

/**
 * Q19 reset codes under guessing (issue 21 item 8b): a wrong code answers the same whether the
 * account exists, has an active code or has none, and an attacker's wrong guesses lock out only
 * the (username, client) pair for a while — they never destroy the member's real code.
 */
describe('reset codes under guessing (Q19)', () => {
  let api: TestApi;
  let admin: Client;
  let t: Tree;
  let code: string;

  const reset = (username: string, c: string, newPassword = 'NewPassw0rd') =>
    api.http.post('/api/auth/reset-password').send({ username, code: c, newPassword });
  /** Six wrong codes, as an attacker sends them: status and body of each answer. */
  const sixWrong = async (username: string) => {
    const out: unknown[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await reset(username, String(20000000 + i));
      out.push({ status: res.status, body: res.body });
    }
    return out;
  };

  beforeAll(async () => {
    ({ api, admin, t } = await apiWithTree('2026-07-01T10:00:00+08:00'));
    const withCode = await admin.create('/api/members', {
      orgId: t.branch3.id,
      name: '有码',
      idCardNumber: idCard(),
      joinDate: '2018-05-04',
    });
    const withoutCode = await admin.create('/api/members', {
      orgId: t.branch3.id,
      name: '无码',
      idCardNumber: idCard(),
      joinDate: '2018-05-04',
    });
    await admin.create('/api/users', { username: 'has-code', password: PASSWORD, memberId: withCode.id });
    await admin.create('/api/users', { username: 'no-code', password: PASSWORD, memberId: withoutCode.id });
    code = (await admin.create('/api/auth/reset-codes', { username: 'has-code' }))['code'] as string;
  });
  afterAll(() => api?.close());

  it('wrong codes answer alike for an account with an active code, one without, and an unknown name', async () => {
    const withCode = await sixWrong('has-code');
    const withoutCode = await sixWrong('no-code');
    const unknown = await sixWrong('nobody-at-all');
    expect(withoutCode).toEqual(withCode);
    expect(unknown).toEqual(withCode);
    // The first wrong codes say the code is wrong; the pair is then locked for a while.
    expect(withCode[0]).toMatchObject({ status: 400, body: { code: 'RESET_CODE_INVALID' } });
    expect(withCode[5]).toMatchObject({ status: 400, body: { code: 'RESET_CODE_LOCKED' } });
  });

  it('the attacker’s guesses do not destroy the member’s real code', async () => {
    // While this client is locked out for the name, even the right code is refused here …
    expectError(await reset('has-code', code), 400, 'RESET_CODE_LOCKED');
    // … but the code itself lives on: once the lockout has passed it still works, within its two days.
    await api.setClock('2026-07-01T10:16:00+08:00');
    expect((await reset('has-code', code)).status).toBe(200);
    await api.login('has-code', 'NewPassw0rd');
    // Single use (Q19).
    expectError(await reset('has-code', code, 'Other1Passw0rd'), 400, 'RESET_CODE_USED');
  });

  it('a right code after a few wrong ones (below the lockout) still works, and clears the count', async () => {
    const again = (await admin.create('/api/auth/reset-codes', { username: 'no-code' }))['code'] as string;
    await api.setClock('2026-07-01T10:40:00+08:00');
    for (let i = 0; i < 4; i++) expectError(await reset('no-code', String(30000000 + i)), 400, 'RESET_CODE_INVALID');
    expect((await reset('no-code', again)).status).toBe(200);
  });
});
