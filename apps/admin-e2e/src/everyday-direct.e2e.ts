import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiSession, setClock } from './support/api';
import { type Browser, a11yViolations, launch, login, logout, screenshot } from './support/browser';
import { DEMO_PASSWORD } from './support/server';
import {
  type Everyday,
  INTERNAL_REFS,
  type Me,
  type Transfer,
  everyday,
  serviceStylesLoaded,
  tick as everydayTick,
} from './support/everyday';

// Issue 12, "the console as its users live in it", continued (everyday.e2e.ts): every route opened
// directly (styles, text, transport), and 管理下级组织's one-step mixed branch. Fixtures are made here
// through the API (own branch, own employer, own members).

const baseUrl = inject('baseUrl');
const tick = () => everydayTick(baseUrl);

describe('the console as its users live in it, opened directly (issue 12)', () => {
  let school: ApiSession;
  let employerId: string;
  let newMember: Everyday['newMember'];

  beforeAll(async () => {
    ({ school, employerId, newMember } = await everyday(baseUrl, '直达测试2022级团支部', '直达测试科技有限公司团支部', 720));
  });

  describe('every route opened directly (refresh, shared link)', () => {
    let b: Browser;
    beforeAll(async () => {
      b = await launch();
    });
    afterAll(() => b?.close());

    const ROUTES = [
      '/',
      '/orgs',
      '/members',
      '/overdue',
      '/metrics',
      '/metrics/graduates?completed=false',
      '/transfers',
      '/graduation',
      '/import',
      '/account/password',
      '/no-such-page',
    ];

    it('has the styles of messages and confirm boxes, no internal references or login names, and no axe violations', async () => {
      await login(b.page, baseUrl, 'chengdu', DEMO_PASSWORD);
      const problems: string[] = [];
      for (const route of ROUTES) {
        await b.page.goto(`${baseUrl}${route}`);
        await b.page.getByTestId('who').waitFor();
        await b.page.waitForLoadState('networkidle');
        const styles = await serviceStylesLoaded(b.page);
        expect(styles, route).toEqual({ message: 'fixed', box: 'rgb(255, 255, 255)', overlay: 'fixed' });
        const text = await b.page.locator('body').innerText();
        expect(text, route).not.toMatch(INTERNAL_REFS);
        expect(text, route).not.toContain('chengdu');
        for (const v of await a11yViolations(b.page)) problems.push(`${route}: ${v}`);
      }
      expect(problems).toEqual([]);
    });

    it('a real confirm box (通过) and success message on /transfers opened directly are styled', async () => {
      const member = await newMember('直达审批');
      // Newer than any other pending transfer (demo data included), so it is on the first page.
      await setClock(baseUrl, '2027-01-05T09:00:00+08:00');
      await school.post<Transfer>('/transfers', { memberId: member.id, type: 'employment', toOrgId: employerId });
      await logout(b.page);
      await login(b.page, baseUrl, 'wuhou', DEMO_PASSWORD);
      await b.page.goto(`${baseUrl}/transfers`);
      // Reload once the page has loaded: a reload that cuts the first load's requests lands on the
      // retry notice instead (member.e2e.ts), which is not what this test looks at.
      await b.page.getByTestId('transfer-table').waitFor();
      await b.page.reload();
      const row = b.page.getByTestId('transfer-table').locator('.el-table__row', { hasText: '直达审批' }).first();
      await row.getByTestId('open-transfer').click();
      await b.page.getByTestId('approve').click();
      const box = b.page.locator('.el-message-box');
      await box.waitFor();
      expect(await box.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(255, 255, 255)');
      const boxTop = (await box.boundingBox())?.y ?? 0;
      expect(boxTop).toBeGreaterThan(56); // centred, not drawn over the header
      await screenshot(b.page, '68-direct-load-confirm');
      await box.getByRole('button', { name: '通过' }).click();
      const message = b.page.locator('.el-message').filter({ hasText: '已通过' });
      await message.waitFor();
      expect(await message.evaluate((el) => getComputedStyle(el).position)).toBe('fixed');
      expect((await message.boundingBox())?.y ?? 999).toBeLessThan(120); // at the top, not below the fold
      await b.page.goto(`${baseUrl}/`);
      await logout(b.page);
      await tick();
    });

    it('serves the console compressed, hashed assets cached for a year', async () => {
      const scripts: { url: string; encoding?: string; cache?: string; length: number }[] = [];
      b.page.on('response', (res) => {
        if (res.url().includes('/assets/') && /\.(js|css)$/.test(res.url())) {
          scripts.push({
            url: res.url(),
            encoding: res.headers()['content-encoding'],
            cache: res.headers()['cache-control'],
            length: Number(res.headers()['content-length'] ?? 0),
          });
        }
      });
      await b.page.goto(`${baseUrl}/login`);
      await b.page.locator('#username').waitFor();
      await b.page.waitForLoadState('networkidle');
      expect(scripts.some((s) => /\/index-[^/]+\.js$/.test(s.url))).toBe(true);
      for (const s of scripts) {
        // Files of a few hundred bytes are sent as they are; everything else compressed.
        if (s.encoding === undefined) expect(s.length, s.url).toBeLessThanOrEqual(512);
        else expect(['br', 'gzip'], s.url).toContain(s.encoding);
        expect(s.cache, s.url).toBe('public, max-age=31536000, immutable');
      }
    });
  });

  describe('管理下级组织: one branch made mixed in one step, counted as marked', () => {
    let b: Browser;
    beforeAll(async () => {
      b = await launch();
    });
    afterAll(() => b?.close());

    it('toggles 混合型 on one row only; 已标记 keeps counting it, 其中混合型 goes up by one', async () => {
      const me = await school.get<Me>('/auth/me');
      const ids: string[] = [];
      for (const name of ['混合测试甲班团支部', '混合测试乙班团支部']) {
        const id = (await school.post<{ id: string }>('/orgs', { parentId: me.orgId, name, kind: 'branch', level: 'base' })).id;
        await school.put(`/orgs/${id}/graduation`, { graduationDate: '2026-06-30' });
        ids.push(id);
      }
      await login(b.page, baseUrl, 'school', DEMO_PASSWORD);
      await b.page.goto(`${baseUrl}/graduation`);
      const stat = async (id: string) =>
        Number((await b.page.getByTestId(id).locator('.el-statistic__number').innerText()).replace(/,/g, ''));
      await b.page.getByTestId('graduation-stats').waitFor();
      const [marked, mixed] = [await stat('stat-marked'), await stat('stat-mixed')];
      const row = b.page.getByTestId('graduation-branches').locator('.el-table__row', { hasText: '混合测试甲班团支部' }).first();
      await row.getByTestId('toggle-mixed').click();
      await b.page.locator('.el-message').getByText('已保存').waitFor();
      await expect.poll(() => stat('stat-mixed')).toBe(mixed + 1);
      expect(await stat('stat-marked')).toBe(marked);
      const [a, c] = await Promise.all(ids.map((id) => school.get<{ mixed: boolean; graduationDate: string }>(`/orgs/${id}`)));
      expect(a).toMatchObject({ mixed: true, graduationDate: '2026-06-30' });
      expect(c).toMatchObject({ mixed: false, graduationDate: '2026-06-30' });
      expect(await a11yViolations(b.page)).toEqual([]);
      await screenshot(b.page, '75-graduation-one-mixed');
    });
  });
});
