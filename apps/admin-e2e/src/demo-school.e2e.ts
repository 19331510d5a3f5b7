import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiSession, setClock } from './support/api';
import { type Browser, launch, login, screenshot, seriousA11yViolations } from './support/browser';
import { DEMO_PASSWORD } from './support/server';

const baseUrl = inject('baseUrl');

// Issue 23 item 9: logged in as the demo `school`, a newcomer sees a season in progress on 首页 —
// real SX / XS rates (not 无数据 / 0.0 %), a transfer waiting for the school and reminded, one
// returned with its reason, one graduate overdue — and the school's own transfers approved and
// pending. The demo data is the API's own (DEMO_DATA), shared by the run: only what other files
// do not take away is asked for.
describe('the demo school tells a story on 首页', () => {
  let b: Browser;
  let school: ApiSession;

  beforeAll(async () => {
    // The demo was written up to the start of the API: look at it from then.
    await setClock(baseUrl, new Date().toISOString());
    school = await ApiSession.login(baseUrl, 'school', DEMO_PASSWORD);
    b = await launch();
    await login(b.page, baseUrl, 'school', DEMO_PASSWORD);
  });
  afterAll(() => b?.close());

  it('shows real rates for its county', async () => {
    const home = b.page.getByTestId('admin-home');
    await expect.poll(() => home.getAttribute('aria-busy'), { timeout: 30_000 }).toBe('false');
    for (const id of ['home-sx', 'home-xs']) {
      const text = await b.page.getByTestId(id).innerText();
      expect(text, id).toMatch(/^\d+\.\d%$/);
      expect(text, id).not.toBe('0.0%');
    }
  });

  it('has a transfer waiting for it, reminded; one returned with its reason; one graduate overdue', async () => {
    await b.page.getByTestId('home-pending').getByText('蒋雅婷').waitFor();
    await b.page.getByTestId('home-reminders').getByText('蒋雅婷').waitFor();
    const returned = b.page.getByTestId('home-returned');
    await returned.getByText('彭梓萱').waitFor();
    await returned.getByText('经核实该生未在本单位入职，请核对毕业去向').waitFor();
    expect(Number(await b.page.getByTestId('home-stat-overdue').locator('.stat-value').innerText())).toBeGreaterThanOrEqual(1);
    const retention = b.page.getByTestId('home-overdue').locator('li').filter({ hasText: '毕业后在校保留超期' });
    expect(Number(await retention.locator('strong').innerText())).toBeGreaterThanOrEqual(1);
    expect(await seriousA11yViolations(b.page)).toEqual([]);
    await screenshot(b.page, '86-home-demo-school');
  });

  it('has its own class’s transfers approved and pending, one of them reminded', async () => {
    type Item = { status: string; fromOrgName: string | null; reminders: { count: number } };
    const outgoing = (await school.get<{ items: Item[] }>('/transfers?box=outgoing&pageSize=100')).items.filter((x) =>
      x.fromOrgName?.startsWith('软件工程'),
    );
    expect(outgoing.filter((x) => x.status === 'approved').length).toBeGreaterThanOrEqual(3);
    expect(outgoing.filter((x) => x.status === 'pending').length).toBeGreaterThanOrEqual(2);
    expect(outgoing.some((x) => x.status === 'pending' && x.reminders.count > 0)).toBe(true);
  });
});
