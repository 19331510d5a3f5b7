import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiSession, setClock } from './support/api';
import { type Browser, launch, launchPhone, login, logout, screenshot, seriousA11yViolations } from './support/browser';
import { DEMO_PASSWORD } from './support/server';

const baseUrl = inject('baseUrl');

// Issue 23 item 8: the chrome admins know from RuoYi, vue-pure-admin and vben — a breadcrumb from
// the route definitions, tabs of the open pages, a table toolbar (refresh, density, columns) on
// the main lists, a sortable 下级区划 table that hides regions without data, and a map that drills
// from a province to a city's counties and from a county to its schools.

const menu = (page: Page) => page.getByRole('navigation', { name: '主菜单' });
const tags = (page: Page) => page.getByTestId('tags-view');
const tabTitles = (page: Page) => tags(page).locator('li a').allInnerTexts();
const activeTab = (page: Page) => tags(page).locator('a[aria-current="page"]').innerText();
const crumbs = async (page: Page) => (await page.getByTestId('breadcrumb').locator('li').allInnerTexts()).map((s) => s.trim());

describe('breadcrumb and tabs of open pages', () => {
  let b: Browser;

  beforeAll(async () => {
    await setClock(baseUrl, new Date().toISOString());
    b = await launch();
    await login(b.page, baseUrl, 'school', DEMO_PASSWORD);
  });
  afterAll(() => b?.close());

  it('names 首页 alone on 首页, and each page under it from the menu', async () => {
    await b.page.getByTestId('admin-home').waitFor();
    expect(await crumbs(b.page)).toEqual(['首页']);
    expect(await tabTitles(b.page)).toEqual(['首页']);
    expect(await activeTab(b.page)).toBe('首页');
    await menu(b.page).getByText('团员管理').click();
    await b.page.getByTestId('member-table').waitFor();
    expect(await crumbs(b.page)).toEqual(['首页', '团员管理']);
    await menu(b.page).getByText('转接管理').click();
    await b.page.getByTestId('transfer-box').waitFor();
    expect(await crumbs(b.page)).toEqual(['首页', '转接管理']);
    // The earlier crumb is a link back.
    expect(await b.page.getByTestId('breadcrumb').getByRole('link', { name: '首页' }).getAttribute('href')).toBe('/');
    expect(await tabTitles(b.page)).toEqual(['首页', '团员管理', '转接管理']);
    expect(await activeTab(b.page)).toBe('转接管理');
    expect(await seriousA11yViolations(b.page)).toEqual([]);
    await screenshot(b.page, '80-chrome-tabs');
  });

  it('goes back to an open page from its tab, where the other tabs stay', async () => {
    await tags(b.page).getByRole('link', { name: '团员管理' }).click();
    await b.page.waitForURL((u) => u.pathname === '/members');
    expect(await activeTab(b.page)).toBe('团员管理');
    expect(await tabTitles(b.page)).toEqual(['首页', '团员管理', '转接管理']);
  });

  it('puts a page under the page it belongs to (毕业生名单 under 衔接率监测), linked at its address', async () => {
    await tags(b.page).getByRole('link', { name: '首页' }).click();
    await b.page.getByTestId('home-stat-openGraduates').click();
    await b.page.waitForURL((u) => u.pathname === '/metrics/graduates');
    expect(await crumbs(b.page)).toEqual(['首页', '衔接率监测', '毕业生名单']);
    expect(await activeTab(b.page)).toBe('毕业生名单');
    await b.page.getByTestId('breadcrumb').getByRole('link', { name: '衔接率监测' }).click();
    await b.page.waitForURL((u) => u.pathname === '/metrics');
    await b.page.getByTestId('metrics-cards').waitFor();
    expect(await tabTitles(b.page)).toEqual(['首页', '团员管理', '转接管理', '毕业生名单', '衔接率监测']);
    // The graduates' tab keeps its address (the list asked for from 首页).
    expect(await tags(b.page).getByRole('link', { name: '毕业生名单' }).getAttribute('href')).toBe('/metrics/graduates?completed=false');
  });

  it('keeps the tabs across a reload, closes one, and closing the page shown moves to its neighbour', async () => {
    await b.page.reload();
    await b.page.getByTestId('metrics-cards').waitFor();
    expect(await tabTitles(b.page)).toEqual(['首页', '团员管理', '转接管理', '毕业生名单', '衔接率监测']);
    await tags(b.page).getByRole('button', { name: '关闭“转接管理”' }).click();
    expect(await tabTitles(b.page)).toEqual(['首页', '团员管理', '毕业生名单', '衔接率监测']);
    expect(new URL(b.page.url()).pathname).toBe('/metrics');
    await tags(b.page).getByRole('button', { name: '关闭“衔接率监测”' }).click();
    await b.page.waitForURL((u) => u.pathname === '/metrics/graduates');
    expect(await activeTab(b.page)).toBe('毕业生名单');
    await tags(b.page).getByRole('button', { name: '关闭其他' }).click();
    expect(await tabTitles(b.page)).toEqual(['首页', '毕业生名单']);
    expect(await seriousA11yViolations(b.page)).toEqual([]);
  });

  it('starts the next session with 首页 alone (the tabs are not kept across logout)', async () => {
    await logout(b.page);
    await login(b.page, baseUrl, 'school', DEMO_PASSWORD);
    await b.page.getByTestId('admin-home').waitFor();
    expect(await tabTitles(b.page)).toEqual(['首页']);
  });

  it('fits a phone: the tabs scroll inside their bar, the page does not scroll sideways', async () => {
    const phone = await launchPhone();
    try {
      await login(phone.page, baseUrl, 'school', DEMO_PASSWORD);
      for (const item of ['团员管理', '转接管理', '衔接率监测']) {
        await phone.page.getByTestId('menu-toggle').click();
        await phone.page.getByTestId('phone-menu').getByText(item).click();
        await phone.page.getByTestId('phone-menu').waitFor({ state: 'hidden' });
      }
      await phone.page.getByTestId('metrics-cards').waitFor();
      expect(await tabTitles(phone.page)).toEqual(['首页', '团员管理', '转接管理', '衔接率监测']);
      expect(await crumbs(phone.page)).toEqual(['首页', '衔接率监测']);
      const bar = await tags(phone.page).boundingBox();
      expect(bar?.width).toBeLessThanOrEqual(390);
      // The current tab is scrolled into view.
      const active = await tags(phone.page).locator('a[aria-current="page"]').boundingBox();
      expect((active?.x ?? -1) >= 0 && (active?.x ?? 999) + (active?.width ?? 0) <= 390).toBe(true);
      expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(await seriousA11yViolations(phone.page)).toEqual([]);
      await screenshot(phone.page, '81-chrome-tabs-phone');
    } finally {
      await phone.close();
    }
  });
});

describe('table toolbar: refresh, density and columns on 团员管理 and 转接管理', () => {
  let b: Browser;

  beforeAll(async () => {
    b = await launch();
    await login(b.page, baseUrl, 'school', DEMO_PASSWORD);
  });
  afterAll(() => b?.close());

  const headers = (page: Page, testId: string) => page.getByTestId(testId).locator('thead th').allInnerTexts();

  it('hides a column, makes the table compact, and keeps both after a reload', async () => {
    await menu(b.page).getByText('团员管理').click();
    const table = b.page.getByTestId('member-table');
    await table.locator('tbody tr').first().waitFor();
    expect((await headers(b.page, 'member-table')).map((h) => h.trim())).toContain('身份证号');
    await b.page.getByTestId('table-columns').click();
    const panel = b.page.getByTestId('table-columns-panel');
    await panel.getByText('身份证号').click();
    await expect.poll(async () => (await headers(b.page, 'member-table')).map((h) => h.trim())).not.toContain('身份证号');
    expect((await headers(b.page, 'member-table')).map((h) => h.trim())).toContain('手机号');
    // The name names the row: it cannot be hidden.
    expect(await panel.getByTestId('column-name').locator('input').isDisabled()).toBe(true);
    expect(await seriousA11yViolations(b.page)).toEqual([]);
    await screenshot(b.page, '82-table-columns');
    await b.page.keyboard.press('Escape');
    await b.page.getByTestId('table-density').click();
    await b.page.getByTestId('density-small').click();
    await expect.poll(() => table.getAttribute('class')).toContain('el-table--small');
    await b.page.reload();
    await table.locator('tbody tr').first().waitFor();
    expect((await headers(b.page, 'member-table')).map((h) => h.trim())).not.toContain('身份证号');
    expect(await table.getAttribute('class')).toContain('el-table--small');
    expect(await b.page.getByTestId('table-density').innerText()).toBe('密度：紧凑');
    // 恢复默认 brings the column back.
    await b.page.getByTestId('table-columns').click();
    await b.page.getByTestId('table-columns-reset').click();
    await expect.poll(async () => (await headers(b.page, 'member-table')).map((h) => h.trim())).toContain('身份证号');
  });

  it('refreshes the list from the server', async () => {
    const asked = b.page.waitForRequest((r) => new URL(r.url()).pathname === '/api/members' && r.method() === 'GET');
    await b.page.getByTestId('table-refresh').click();
    await asked;
  });

  it('the same toolbar on 转接管理: its own columns, its own refresh', async () => {
    await menu(b.page).getByText('转接管理').click();
    await b.page.getByTestId('transfer-box').getByText('本组织转出').click();
    const table = b.page.getByTestId('transfer-table');
    await table.locator('tbody tr').first().waitFor();
    expect((await headers(b.page, 'transfer-table')).map((h) => h.trim())).toContain('发起方');
    await b.page.getByTestId('table-columns').click();
    await b.page.getByTestId('table-columns-panel').getByText('发起方').click();
    await expect.poll(async () => (await headers(b.page, 'transfer-table')).map((h) => h.trim())).not.toContain('发起方');
    await b.page.keyboard.press('Escape');
    // 团员管理's settings are its own: the transfer table is not compact.
    expect(await table.getAttribute('class')).not.toContain('el-table--small');
    const asked = b.page.waitForRequest(
      (r) => new URL(r.url()).pathname === '/api/transfers' && new URL(r.url()).searchParams.get('box') === 'outgoing',
    );
    await b.page.getByTestId('table-refresh').click();
    await asked;
    expect(await seriousA11yViolations(b.page)).toEqual([]);
  });
});

interface View {
  region: string;
  regionName: string;
  value: number | null;
  numerator: number;
  denominator: number;
  children: { region: string; regionName: string; value: number | null; numerator: number; denominator: number }[];
}

describe('衔接率监测: the 下级区划 table and the map down to a county’s schools (a provincial admin)', () => {
  let b: Browser;
  let api: ApiSession;
  const year = new Date().getFullYear();

  beforeAll(async () => {
    b = await launch();
    api = await ApiSession.login(baseUrl, 'sichuan', DEMO_PASSWORD);
    await login(b.page, baseUrl, 'sichuan', DEMO_PASSWORD);
  });
  afterAll(() => b?.close());

  const regionNames = (page: Page) => page.getByTestId('metrics-table').locator('tbody tr td:first-child').allInnerTexts();

  it('hides the cities without data by default, and lists all 21 when asked', async () => {
    await b.page.goto(`${baseUrl}/metrics?year=${year}`);
    await b.page.getByTestId('metrics-table').locator('tbody tr').first().waitFor();
    const [sx, xs] = await Promise.all(['sx', 'xs'].map((i) => api.get<View>(`/metrics/${i}?year=${year}&region=510000`)));
    const withData = (sx as View).children
      .filter((c, i) => c.denominator > 0 || ((xs as View).children[i]?.denominator ?? 0) > 0)
      .map((c) => c.regionName);
    expect((sx as View).children).toHaveLength(21);
    expect(withData.length).toBeLessThan(21);
    expect(await regionNames(b.page)).toEqual(withData);
    await b.page
      .getByTestId('region-hidden-count')
      .getByText(`已隐藏 ${21 - withData.length} 个无数据地区`)
      .waitFor();
    await b.page.getByTestId('region-hide-empty').click();
    await expect.poll(() => regionNames(b.page)).toEqual((sx as View).children.map((c) => c.regionName));
    await b.page.getByTestId('region-hide-empty').click();
    await expect.poll(() => regionNames(b.page)).toEqual(withData);
  });

  it('sorts by a rate (best first, 无数据 last), then the other way, and by a denominator', async () => {
    const [sx, xs] = await Promise.all(['sx', 'xs'].map((i) => api.get<View>(`/metrics/${i}?year=${year}&region=510000`)));
    const rows = (sx as View).children
      .map((c, i) => ({ name: c.regionName, sx: c, xs: (xs as View).children[i] as View['children'][number] }))
      .filter((r) => r.sx.denominator > 0 || r.xs.denominator > 0);
    // By hand: highest SX first, regions whose SX is 无数据 after them in code order.
    const byRate = (dir: 1 | -1) => [
      ...rows.filter((r) => r.sx.value !== null).sort((a, c) => dir * ((a.sx.value as number) - (c.sx.value as number))),
      ...rows.filter((r) => r.sx.value === null),
    ];
    const sortRate = b.page.getByTestId('sort-sx-value');
    await sortRate.click();
    await expect.poll(() => regionNames(b.page)).toEqual(byRate(-1).map((r) => r.name));
    expect(await sortRate.innerText()).toContain('当前降序');
    await sortRate.click();
    await expect.poll(() => regionNames(b.page)).toEqual(byRate(1).map((r) => r.name));
    await b.page.getByTestId('sort-xs-denominator').click();
    await expect.poll(() => regionNames(b.page)).toEqual([...rows].sort((a, c) => c.xs.denominator - a.xs.denominator).map((r) => r.name));
    const first = b.page.getByTestId('metrics-table').locator('tbody tr').first();
    expect(await first.getByTestId('cell-xs-denominator').innerText()).toBe(String(Math.max(...rows.map((r) => r.xs.denominator))));
    expect(await seriousA11yViolations(b.page)).toEqual([]);
    await screenshot(b.page, '83-metrics-region-table-sorted');
  });

  /** Clicks a region where the map draws it (the map publishes each region's centre). */
  async function clickOnMap(page: Page, code: string): Promise<void> {
    const map = page.getByTestId('metrics-map');
    await map.locator('canvas').waitFor();
    await expect.poll(async () => JSON.parse((await map.getAttribute('data-points')) ?? '{}')[code]).toBeDefined();
    const point = JSON.parse((await map.getAttribute('data-points')) as string)[code] as [number, number];
    await map.scrollIntoViewIfNeeded();
    const box = await map.boundingBox();
    if (!box) throw new Error('the map is not laid out');
    await page.mouse.click(box.x + point[0], box.y + point[1]);
  }

  it('clicks a city on the province’s map and sees its counties on the city’s map', async () => {
    await b.page.goto(`${baseUrl}/metrics?year=${year}`);
    await clickOnMap(b.page, '510100');
    await b.page.waitForURL((u) => u.searchParams.get('region') === '510100');
    const map = b.page.getByTestId('metrics-map');
    await expect.poll(() => map.getAttribute('aria-label')).toContain('成都市');
    // The city's geometry is there: every county of 成都 is drawn (none left to the table alone).
    const city = await api.get<View>(`/metrics/sx?year=${year}&region=510100`);
    await expect
      .poll(async () => Object.keys(JSON.parse((await map.getAttribute('data-points')) ?? '{}')).sort())
      .toEqual(city.children.map((c) => c.region).sort());
    expect(await b.page.getByText('本级区划暂无地图数据').count()).toBe(0);
    expect(await seriousA11yViolations(b.page)).toEqual([]);
    await screenshot(b.page, '84-metrics-map-city');
  });

  it('clicks a county and sees its schools: the ranking by school of that county', async () => {
    await clickOnMap(b.page, '510107');
    await b.page.waitForURL((u) => u.searchParams.get('region') === '510107');
    const schools = b.page.getByTestId('county-schools');
    // The demo school of 武侯区 (bootstrap's demo orgs) with this season's graduates.
    await schools.getByText('四川示范大学团委').waitFor();
    const ranking = await api.get<{ items: { name: string }[] }>(
      `/metrics/ranking?year=${year}&region=510107&by=school&indicator=sx&limit=200`,
    );
    expect(await schools.locator('tbody tr td:first-child').allInnerTexts()).toEqual(ranking.items.map((i) => i.name));
    await expect.poll(() => crumbs(b.page)).toEqual(['首页', '衔接率监测']);
    await expect.poll(() => b.page.getByTestId('metrics-crumbs').innerText()).toMatch(/四川省\s*\/\s*成都市\s*\/\s*武侯区/);
    expect(await seriousA11yViolations(b.page)).toEqual([]);
    await screenshot(b.page, '85-metrics-county-schools');
    // A school's number opens its graduates.
    await schools.locator('tbody tr').filter({ hasText: '四川示范大学团委' }).getByRole('button').first().click();
    await b.page.waitForURL((u) => u.pathname === '/metrics/graduates' && u.searchParams.get('completed') === 'false');
    await b.page.getByTestId('graduates-table').waitFor();
  });
});
