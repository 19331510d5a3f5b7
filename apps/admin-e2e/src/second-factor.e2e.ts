import { generateSync } from 'otplib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Browser, launch, logout, screenshot } from './support/browser';
import { ApiSession } from './support/api';
import { ADMIN_PASSWORD, DEMO_PASSWORD } from './support/server';

const baseUrl = inject('baseUrl');

/**
 * The phone's authenticator app: real TOTP codes (RFC 6238, SHA-1, 30 s, 6 digits) from the secret
 * the page shows. The API accepts a step once (and none older), so each code is of a step not used
 * yet — the current one or the next (its window is ±1 step) — waiting for a new step when needed.
 */
class Authenticator {
  private last = -1;
  constructor(private readonly secret: string) {}
  async code(): Promise<string> {
    for (;;) {
      const now = Math.floor(Date.now() / 30_000);
      const step = [now, now + 1].find((s) => s > this.last);
      if (step !== undefined) {
        this.last = step;
        return generateSync({ secret: this.secret, epoch: step * 30 });
      }
      await new Promise((r) => setTimeout(r, (now + 1) * 30_000 - Date.now() + 50));
    }
  }
  /** Six digits that are no code of the steps the API could accept now. */
  wrong(): string {
    const now = Math.floor(Date.now() / 30_000);
    const valid = [now - 1, now, now + 1, now + 2].map((s) => generateSync({ secret: this.secret, epoch: s * 30 }));
    return ['000000', '111111', '222222'].find((c) => !valid.includes(c)) as string;
  }
}

interface OrgRow {
  id: string;
  level: string;
  kind: string;
}

/** Two orgs of their own under a demo county (so no other test's accounts are touched), each with an admin account. */
async function setUp(national: ApiSession): Promise<{ required: string; optional: string }> {
  const me = await national.get<{ orgId: string }>('/auth/me');
  let org: OrgRow = { id: me.orgId, level: 'national', kind: 'committee' };
  while (org.level !== 'county') {
    const children = await national.get<{ items: OrgRow[] }>(`/orgs/${org.id}/children?pageSize=200`);
    const next = children.items.find((o) => o.kind === 'committee' && ['provincial', 'city', 'county'].includes(o.level));
    if (!next) throw new Error(`no committee under ${org.id}`);
    org = next;
  }
  const suffix = Date.now().toString(36);
  const made: string[] = [];
  for (const name of ['两步验证要求测试团委', '两步验证自愿测试团委']) {
    made.push(
      (
        await national.post<{ id: string }>('/orgs', {
          parentId: org.id,
          name: `${name}${suffix}`,
          kind: 'committee',
          level: 'base',
          industry: 'enterprise',
        })
      ).id,
    );
  }
  const [requiredOrg, optionalOrg] = made as [string, string];
  const users = { required: `e2e2fa-req-${suffix}`, optional: `e2e2fa-opt-${suffix}` };
  await national.post('/users', { username: users.required, password: DEMO_PASSWORD, orgId: requiredOrg });
  await national.post('/users', { username: users.optional, password: DEMO_PASSWORD, orgId: optionalOrg });
  await national.put(`/orgs/${requiredOrg}/security`, { require2fa: true });
  return users;
}

async function fillLogin(page: Page, username: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(DEMO_PASSWORD);
  await page.locator('#password').press('Enter');
}

/** Reads the secret the page shows, answers with a code from the "phone", and reads the recovery codes shown once. */
async function enrolOnPage(page: Page): Promise<{ app: Authenticator; recoveryCodes: string[] }> {
  const qr = page.getByTestId('totp-qr');
  await qr.waitFor();
  expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
  const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').trim();
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  const app = new Authenticator(secret);
  await page.locator('#totp-code').fill(await app.code());
  await page.getByTestId('totp-confirm').click();
  const codes = page.getByTestId('recovery-codes');
  await codes.waitFor();
  const recoveryCodes = (await codes.locator('li').allTextContents()).map((c) => c.trim());
  expect(recoveryCodes).toHaveLength(10);
  return { app, recoveryCodes };
}

/** A login the API answers OTP_REQUIRED: the page asks for the code; `otp` is typed and sent. */
async function loginWithCode(page: Page, username: string, otp: string, recovery = false): Promise<void> {
  await fillLogin(page, username);
  await page.getByTestId('otp-asked').waitFor();
  expect(await page.getByTestId('login-error').count()).toBe(0);
  if (recovery) await page.getByTestId('otp-switch').click();
  await page.locator('#otp').fill(otp);
  await page.locator('#otp').press('Enter');
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  await page.getByTestId('who').waitFor({ state: 'attached' });
}

describe('two-factor authentication in the console (issue 24)', () => {
  let b: Browser;
  let users: { required: string; optional: string };

  beforeAll(async () => {
    b = await launch();
    users = await setUp(await ApiSession.login(baseUrl, 'admin', ADMIN_PASSWORD));
  });
  afterAll(() => b?.close());

  it('安全设置: enrols with the QR code and secret, shows ten recovery codes once, then a login asks for the code', async () => {
    const { page } = b;
    await fillLogin(page, users.optional);
    await page.getByTestId('who').waitFor({ state: 'attached' });
    await page.getByRole('menuitem', { name: '安全设置' }).first().click();
    await page.waitForURL((url) => url.pathname === '/account/security');
    expect(await page.getByTestId('second-factor-state').textContent()).toBe('未启用');
    await page.getByTestId('second-factor-start').click();
    const { app, recoveryCodes } = await enrolOnPage(page);
    await expect.poll(() => page.getByTestId('second-factor-state').textContent()).toBe('已启用');
    await screenshot(page, '2fa-recovery-codes');
    await logout(page);

    // The password alone is not enough now: the page asks for 动态验证码, and a code from the app logs in.
    await loginWithCode(page, users.optional, await app.code());
    await page.goto(`${baseUrl}/account/security`);
    await expect.poll(() => page.getByTestId('recovery-codes-left').textContent()).toContain('10');
    await logout(page);

    // A wrong code is refused with the API's message; a recovery code logs in instead (once).
    await fillLogin(page, users.optional);
    await page.getByTestId('otp-asked').waitFor();
    await page.locator('#otp').fill(app.wrong());
    await page.locator('#otp').press('Enter');
    await expect.poll(() => page.getByTestId('login-error').textContent()).toContain('动态验证码或恢复码不正确');
    await loginWithCode(page, users.optional, recoveryCodes[0] as string, true);
    await page.goto(`${baseUrl}/account/security`);
    await expect.poll(() => page.getByTestId('recovery-codes-left').textContent()).toContain('9');
    await logout(page);
  });

  it('leads an admin whose org requires it through enrolment at login, then logs in with a code', async () => {
    const { page } = b;
    await fillLogin(page, users.required);
    await page.waitForURL((url) => url.pathname === '/security/enrol');
    await page.getByTestId('totp-qr').waitFor();
    await screenshot(page, '2fa-forced-enrolment');
    // The session can do nothing else: another page sends it back here.
    await page.goto(`${baseUrl}/members`);
    await page.waitForURL((url) => url.pathname === '/security/enrol');
    const { app } = await enrolOnPage(page);
    await page.getByTestId('second-factor-relogin').click();
    await page.waitForURL((url) => url.pathname.startsWith('/login'));
    await loginWithCode(page, users.required, await app.code());
    await page.goto(`${baseUrl}/members`);
    await page.waitForURL((url) => url.pathname === '/members');
    await logout(page);
  });
});
