import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Browser, launch, login, logout } from './support/browser';
import { DEMO_PASSWORD } from './support/server';

const baseUrl = inject('baseUrl');

/** The token the console holds (sessionStorage), or null. */
const heldToken = (b: Browser) => b.page.evaluate(() => sessionStorage.getItem('zhtj.token'));
const meStatus = async (token: string) => (await fetch(`${baseUrl}/api/auth/me`, { headers: { Authorization: `Bearer ${token}` } })).status;

// Issue 21 finding 7: logging out ends the token at the API, so a copy of it (another tab, a
// stolen one) stops working on every replica — and the console forgets it even when the call fails.
describe('logout', () => {
  let b: Browser;
  beforeAll(async () => {
    b = await launch();
  });
  afterAll(() => b?.close());

  it('ends the token at the API, not only in the tab', async () => {
    await login(b.page, baseUrl, 'school', DEMO_PASSWORD);
    const token = await heldToken(b);
    expect(token).toBeTruthy();
    expect(await meStatus(token as string)).toBe(200);
    const call = b.page.waitForResponse((r) => r.url().endsWith('/api/auth/logout'));
    await logout(b.page);
    expect((await call).status()).toBe(204);
    expect(await heldToken(b)).toBeNull();
    expect(await meStatus(token as string)).toBe(401);
  });

  it("logging out in one tab ends the other tab's own token at the API too", async () => {
    await login(b.page, baseUrl, 'school', DEMO_PASSWORD);
    const second = await b.context.newPage();
    try {
      await login(second, baseUrl, 'school', DEMO_PASSWORD);
      const mine = await heldToken(b);
      const theirs = await second.evaluate(() => sessionStorage.getItem('zhtj.token'));
      expect(theirs).toBeTruthy();
      expect(theirs).not.toBe(mine);
      await logout(b.page);
      await second.waitForURL((url) => url.pathname.startsWith('/login'));
      await expect.poll(() => meStatus(theirs as string)).toBe(401);
      expect(await meStatus(mine as string)).toBe(401);
    } finally {
      await second.close();
    }
  });

  it('clears the token even when the logout call fails', async () => {
    await login(b.page, baseUrl, 'school', DEMO_PASSWORD);
    const token = await heldToken(b);
    await b.page.route('**/api/auth/logout', (route) => route.abort('connectionfailed'));
    try {
      await logout(b.page);
    } finally {
      await b.page.unroute('**/api/auth/logout');
    }
    expect(await heldToken(b)).toBeNull();
    // The page does not claim the session expired by itself.
    expect(await b.page.getByText('登录已失效').count()).toBe(0);
    // The API never heard of it: that token still works until it expires (why the call matters).
    expect(await meStatus(token as string)).toBe(200);
  });
});
