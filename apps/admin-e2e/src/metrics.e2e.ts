import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiSession, setClock } from './support/api';
import { type Browser, launch, login, screenshot, seriousA11yViolations } from './support/browser';
import { DEMO_PASSWORD } from './support/server';

const baseUrl = inject('baseUrl');

describe('衔接率监测: SX and XS for a province (§6)', () => {
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
    const xs = await api.get<{ value: number | null; numerator: number; denominator: number }>(`/metrics/xs?year=${new Date().getFullYear()}&region=510000`);
    const shown = await b.page.getByTestId('xs-value').innerText();
    expect(shown).toBe(xs.value === null ? '无数据' : `${(xs.value * 100).toFixed(1)}%`);
    const table = b.page.getByTestId('metrics-table');
    await table.getByText('成都市').waitFor();
    await table.getByText('绵阳市').waitFor();
    expect(await b.page.locator('.echart canvas').count()).toBe(2);
    expect(await seriousA11yViolations(b.page)).toEqual([]);
    await screenshot(b.page, '40-metrics');
  });

  it('drills down from the province into a city', async () => {
    await b.page.getByTestId('metrics-table').getByRole('button', { name: '成都市' }).click();
    await b.page.getByTestId('metrics-table').getByText('武侯区').waitFor();
  });
});
