import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiSession, setClock } from './support/api';
import { type Browser, launch, login, screenshot, seriousA11yViolations } from './support/browser';
import { DEMO_PASSWORD } from './support/server';

const baseUrl = inject('baseUrl');

describe('衔接率监测: SX, XS and DW for a province (§6, issue 9)', () => {
  let b: Browser;

  beforeAll(async () => {
    await setClock(baseUrl, '2026-07-15T09:00:00+08:00');
    b = await launch();
    await login(b.page, baseUrl, 'sichuan', DEMO_PASSWORD);
  });
  afterAll(() => b?.close());

  it('shows the province’s SX and XS as the API counts them, its cities, and two charts', async () => {
    await b.page.getByRole('navigation', { name: '主菜单' }).getByText('衔接率监测').click();
    await b.page.getByTestId('metrics-cards').waitFor();
    const api = await ApiSession.login(baseUrl, 'sichuan', DEMO_PASSWORD);
    const xs = await api.get<{ value: number | null; numerator: number; denominator: number }>(
      `/metrics/xs?year=${new Date().getFullYear()}&region=510000`,
    );
    const shown = await b.page.getByTestId('xs-value').innerText();
    expect(shown).toBe(xs.value === null ? '无数据' : `${(xs.value * 100).toFixed(1)}%`);
    const table = b.page.getByTestId('metrics-table');
    await table.getByText('成都市').waitFor();
    await table.getByText('绵阳市').waitFor();
    expect(await b.page.locator('.echart canvas').count()).toBe(2);
    expect(await seriousA11yViolations(b.page)).toEqual([]);
    await screenshot(b.page, '40-metrics');
  });

  it('colours the province’s cities on a map (city geometry loaded for the province)', async () => {
    const map = b.page.getByTestId('metrics-map');
    await map.locator('canvas').waitFor();
    expect(await map.getAttribute('aria-label')).toContain('四川');
    await b.page.getByTestId('metrics-ranking').waitFor();
    await b.page.getByTestId('metrics-map').scrollIntoViewIfNeeded();
    await screenshot(b.page, '41-metrics-map-province');
  });

  it('drills down from the province into a city, with the region in the URL', async () => {
    await b.page.getByTestId('metrics-table').getByRole('button', { name: '成都市' }).click();
    await b.page.getByTestId('metrics-table').getByText('武侯区').waitFor();
    expect(b.page.url()).toContain('region=510100');
    await b.page.reload();
    await b.page.getByTestId('metrics-table').getByText('武侯区').waitFor();
  });

  it('has a way back: the breadcrumb names the province above the city, and Back returns to it', async () => {
    const crumbs = b.page.getByTestId('metrics-crumbs');
    await expect.poll(() => crumbs.innerText()).toMatch(/四川省\s*\/\s*成都市/);
    await b.page.goBack();
    await b.page.getByTestId('metrics-table').getByRole('button', { name: '绵阳市' }).waitFor();
    expect(b.page.url()).not.toContain('region=');
    await b.page.goForward();
    await b.page.getByTestId('metrics-table').getByText('武侯区').waitFor();
    await crumbs.getByRole('button', { name: '四川省' }).click();
    await b.page.getByTestId('metrics-table').getByRole('button', { name: '绵阳市' }).waitFor();
    expect(b.page.url()).not.toContain('region=');
  });

  it('shows each bar’s rate with its unit (or 无数据) in the tooltip, and drills into a city when its bar is clicked', async () => {
    const api = await ApiSession.login(baseUrl, 'sichuan', DEMO_PASSWORD);
    const year = new Date().getFullYear();
    type View = { children: { region: string; regionName: string; value: number | null; denominator: number }[] };
    const [sx, xs, dw] = await Promise.all(['sx', 'xs', 'dw'].map((i) => api.get<View>(`/metrics/${i}?year=${year}&region=510000`)));
    // The bars are the cities with graduates for SX or XS, in the API's order.
    const bars = (sx as View).children
      .map((c, i) => ({ ...c, xs: (xs as View).children[i], dw: (dw as View).children[i] }))
      .filter((c) => c.denominator > 0 || (c.xs?.denominator ?? 0) > 0);
    const index = bars.findIndex((c) => c.region === '510100');
    expect(index, 'Chengdu has graduates in the demo data').toBeGreaterThanOrEqual(0);
    const chart = b.page.getByTestId('metrics-bars');
    await chart.scrollIntoViewIfNeeded();
    const box = await chart.boundingBox();
    if (!box) throw new Error('the bar chart is not laid out');
    // The grid of barOption: 48 px left, 16 right, 40 top, 48 bottom; categories share the width.
    const x = box.x + 48 + ((box.width - 64) * (index + 0.5)) / bars.length;
    const y = box.y + 40 + (box.height - 88) / 2;
    await b.page.mouse.move(x, y);
    // ECharts draws its tooltip as a div beside the canvas, inside the chart's box.
    const tip = chart.locator(':scope > div').filter({ hasText: '成都市' });
    await tip.waitFor();
    const rate = (v: number | null | undefined) => (v === null || v === undefined ? '无数据' : `${+(v * 100).toFixed(1)}%`);
    const text = await tip.innerText();
    for (const expected of [rate(bars[index]?.value), rate(bars[index]?.xs?.value), rate(bars[index]?.dw?.value)])
      expect(text).toContain(expected);
    expect(text).not.toMatch(/(^|\s)-(\s|$)/);
    await screenshot(b.page, '43-metrics-bar-tooltip');
    await b.page.mouse.click(x, y);
    await b.page.waitForURL((u) => u.searchParams.get('region') === '510100');
    await b.page.getByTestId('metrics-table').getByText('武侯区').waitFor();
  });

  it('exports the region table as an xlsx that opens, through the built server (API bundle)', async () => {
    const api = await ApiSession.login(baseUrl, 'sichuan', DEMO_PASSWORD);
    const res = await fetch(`${baseUrl}/api/metrics/export?year=${new Date().getFullYear()}&region=510000`, {
      headers: { Authorization: `Bearer ${api.token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const ws = wb.worksheets[0];
    expect(ws?.getRow(1).values).toContain('DW 单位团组织转接率');
    expect((ws?.getSheetValues() ?? []).some((r) => Array.isArray(r) && r.includes('510100'))).toBe(true);
  });

  it('opens a lagging school’s graduates who have not transferred yet, masked', async () => {
    const api = await ApiSession.login(baseUrl, 'sichuan', DEMO_PASSWORD);
    const year = new Date().getFullYear();
    type Ranking = { items: { id: string; name: string; notDone: number }[] };
    let indicator = 'sx';
    let ranking = await api.get<Ranking>(`/metrics/ranking?year=${year}&region=510100&indicator=sx&by=school&limit=10`);
    if (!ranking.items.some((i) => i.notDone > 0)) {
      indicator = 'xs';
      ranking = await api.get<Ranking>(`/metrics/ranking?year=${year}&region=510100&indicator=xs&by=school&limit=10`);
      await b.page.getByTestId('metrics-indicator').getByText('XS 学社衔接率').click();
    }
    const lagging = ranking.items[0];
    expect(lagging && lagging.notDone > 0, 'the demo data has a lagging school in Chengdu').toBe(true);
    const rankingCard = b.page.getByTestId('metrics-ranking');
    await rankingCard
      .getByText(lagging?.name as string)
      .first()
      .waitFor();
    await screenshot(b.page, '42-metrics-ranking');
    await rankingCard.getByTestId('ranking-not-done').first().click();
    await b.page.getByTestId('graduates-table').waitFor();
    await b.page.getByTestId('graduates-total').getByText(`共 ${lagging?.notDone} 人`).waitFor();
    expect(b.page.url()).toContain(`orgId=${lagging?.id}`);
    expect(b.page.url()).toContain(`indicator=${indicator}`);
    // The ID number's cell: after the selection box and the name (issue 23 item 2).
    const firstId = await b.page.getByTestId('graduates-table').locator('tbody tr').first().locator('td').nth(2).innerText();
    expect(firstId).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    expect(await seriousA11yViolations(b.page)).toEqual([]);
    await screenshot(b.page, '43-metrics-graduates-not-done');
  });
});
