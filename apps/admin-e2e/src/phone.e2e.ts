import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiSession, setClock } from './support/api';
import { type Browser, a11yViolations, launch, launchPhone, login, screenshot, seriousA11yViolations } from './support/browser';
import { makeId } from './support/excel';
import { DEMO_PASSWORD } from './support/server';

// Issue 23 item 4: the admin pages that broke on a 390×844 phone — 管理下级组织's branch table
// (squeezed to ~55 px beside the tree), 衔接率监测 (three cards side by side, a 140 px map, the
// key over the bars) and a member's transfer history (nine columns) — measured on the built
// console, and the same pages at 1440×900 laid out as before.

const baseUrl = inject('baseUrl');
const MEMBER_PASSWORD = 'Member2026x';

type Box = { x: number; y: number; width: number; height: number };
async function box(l: Locator): Promise<Box> {
  const b = await l.boundingBox();
  if (!b) throw new Error('not laid out');
  return b;
}
const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

async function desktop(): Promise<Browser> {
  const b = await launch();
  await b.page.setViewportSize({ width: 1440, height: 900 });
  return b;
}

describe('管理下级组织 on a phone: the branches as cards the width of the screen (issue 23 item 4)', () => {
  let phone: Browser;
  let wide: Browser;
  beforeAll(async () => {
    await setClock(baseUrl, '2026-07-10T09:00:00+08:00');
    [phone, wide] = await Promise.all([launchPhone(), desktop()]);
  });
  afterAll(async () => {
    await phone?.close();
    await wide?.close();
  });

  it('at 390×844 lists every branch in a card of nearly the screen’s width, below the tree, nothing wider than the screen', async () => {
    const school = await ApiSession.login(baseUrl, 'school', DEMO_PASSWORD);
    const me = await school.get<{ orgId: string }>('/auth/me');
    const overview = await school.get<{ items: { name: string }[] }>(`/orgs/${me.orgId}/graduation-overview`);
    expect(overview.items.length).toBeGreaterThan(1);
    await login(phone.page, baseUrl, 'school', DEMO_PASSWORD);
    await phone.page.goto(`${baseUrl}/graduation`);
    const cards = phone.page.getByTestId('graduation-branch-card');
    await cards.first().waitFor();
    expect(await cards.count()).toBe(overview.items.length);
    expect(await phone.page.getByTestId('graduation-branches').count()).toBe(0);
    for (const name of overview.items.map((i) => i.name)) await cards.filter({ hasText: name }).first().waitFor();
    const first = await box(cards.first());
    // The table was ~55 px beside the tree; a card now spans the content (390 − margins and paddings).
    expect(first.width).toBeGreaterThan(300);
    expect(first.x + first.width).toBeLessThanOrEqual(390);
    const tree = await box(phone.page.getByTestId('graduation-tree'));
    expect(first.y).toBeGreaterThan(tree.y + tree.height - 1);
    // Each card's buttons are inside the card and on screen.
    const edit = await box(cards.first().getByTestId('edit-time'));
    expect(edit.x + edit.width).toBeLessThanOrEqual(first.x + first.width);
    expect(await pageWidth(phone.page)).toBeLessThanOrEqual(390);
    expect(await a11yViolations(phone.page)).toEqual([]);
    await screenshot(phone.page, '70-phone-graduation');
  });

  it('a card’s button opens the same dialog as the table’s, inside the screen', async () => {
    await phone.page.getByTestId('graduation-branch-card').first().getByTestId('edit-time').click();
    const dialog = phone.page.getByRole('dialog').filter({ hasText: '修改毕业时间' });
    await dialog.waitFor();
    const d = await box(dialog.locator('.el-dialog'));
    expect(d.x).toBeGreaterThanOrEqual(0);
    expect(d.x + d.width).toBeLessThanOrEqual(390);
    await dialog.getByRole('button', { name: '取消' }).click();
  });

  it('at 1440×900 keeps the tree and the table side by side', async () => {
    await login(wide.page, baseUrl, 'school', DEMO_PASSWORD);
    await wide.page.goto(`${baseUrl}/graduation`);
    const table = wide.page.getByTestId('graduation-branches');
    await table.locator('.el-table__row').first().waitFor();
    expect(await wide.page.getByTestId('graduation-branch-card').count()).toBe(0);
    const tree = await box(wide.page.getByTestId('graduation-tree'));
    const t = await box(table);
    expect(t.x).toBeGreaterThan(tree.x + tree.width);
    expect(Math.abs(t.y - tree.y)).toBeLessThan(120);
    expect(t.width).toBeGreaterThan(600);
    expect(await seriousA11yViolations(wide.page)).toEqual([]);
  });
});

describe('衔接率监测 on a phone: one card a row, the map the width of the screen, the key above the bars (issue 23 item 4)', () => {
  let phone: Browser;
  let wide: Browser;
  beforeAll(async () => {
    await setClock(baseUrl, '2026-07-15T09:00:00+08:00');
    [phone, wide] = await Promise.all([launchPhone(), desktop()]);
  });
  afterAll(async () => {
    await phone?.close();
    await wide?.close();
  });

  it('at 390×844 stacks the three indicator cards, draws the map full width and tall enough, and keeps the key off the bars', async () => {
    await login(phone.page, baseUrl, 'sichuan', DEMO_PASSWORD);
    await phone.page.goto(`${baseUrl}/metrics`);
    const cards = phone.page.getByTestId('metrics-cards').locator('.el-card');
    await phone.page.getByTestId('sx-value').waitFor();
    expect(await cards.count()).toBe(3);
    const boxes = await Promise.all([0, 1, 2].map((i) => box(cards.nth(i))));
    for (const b of boxes) {
      expect(b.width).toBeGreaterThan(330);
      expect(b.x + b.width).toBeLessThanOrEqual(390);
    }
    // One a row: each below the one before.
    expect(boxes[1]?.y).toBeGreaterThanOrEqual((boxes[0]?.y ?? 0) + (boxes[0]?.height ?? 0));
    expect(boxes[2]?.y).toBeGreaterThanOrEqual((boxes[1]?.y ?? 0) + (boxes[1]?.height ?? 0));

    const map = phone.page.getByTestId('metrics-map');
    await map.locator('canvas').waitFor();
    const m = await box(map);
    expect(m.width).toBeGreaterThan(300);
    expect(m.height).toBeGreaterThanOrEqual(260);
    expect(m.height).toBeLessThanOrEqual(480);

    const bars = phone.page.getByTestId('metrics-bars');
    await bars.scrollIntoViewIfNeeded();
    const key = await box(phone.page.getByTestId('metrics-bars-key'));
    const chart = await box(bars);
    expect(chart.width).toBeGreaterThan(300);
    // The key (it wraps on a phone) ends above the chart's box: it cannot lie over a bar.
    expect(key.y + key.height).toBeLessThanOrEqual(chart.y);
    expect(key.x + key.width).toBeLessThanOrEqual(390);
    for (const name of ['SX 升学衔接率', 'XS 学社衔接率', 'DW 单位团组织转接率'])
      await phone.page.getByTestId('metrics-bars-key').getByText(name).waitFor();
    expect(await pageWidth(phone.page)).toBeLessThanOrEqual(390);
    expect(await a11yViolations(phone.page)).toEqual([]);
    await screenshot(phone.page, '71-phone-metrics');
  });

  it('at 1440×900 keeps the three cards in one row and the map beside the ranking', async () => {
    await login(wide.page, baseUrl, 'sichuan', DEMO_PASSWORD);
    await wide.page.goto(`${baseUrl}/metrics`);
    await wide.page.getByTestId('sx-value').waitFor();
    const cards = wide.page.getByTestId('metrics-cards').locator('.el-card');
    const boxes = await Promise.all([0, 1, 2].map((i) => box(cards.nth(i))));
    expect(new Set(boxes.map((b) => Math.round(b.y))).size).toBe(1);
    expect(boxes[1]?.x).toBeGreaterThan((boxes[0]?.x ?? 0) + (boxes[0]?.width ?? 0) - 1);
    const map = wide.page.getByTestId('metrics-map');
    await map.locator('canvas').waitFor();
    const m = await box(map);
    const ranking = await box(wide.page.getByTestId('metrics-ranking'));
    expect(ranking.x).toBeGreaterThan(m.x + m.width);
    expect(m.height).toBe(420);
    const key = await box(wide.page.getByTestId('metrics-bars-key'));
    expect(key.y + key.height).toBeLessThanOrEqual((await box(wide.page.getByTestId('metrics-bars'))).y);
    expect(await seriousA11yViolations(wide.page)).toEqual([]);
  });
});

describe('a member’s transfer history on a phone: one card a transfer (issue 23 item 4)', () => {
  let phone: Browser;
  let wide: Browser;
  let idCardNumber: string;

  beforeAll(async () => {
    await setClock(baseUrl, '2026-07-12T09:00:00+08:00');
    const school = await ApiSession.login(baseUrl, 'school', DEMO_PASSWORD);
    const me = await school.get<{ orgId: string }>('/auth/me');
    const branch = await school.post<{ id: string }>('/orgs', {
      parentId: me.orgId,
      name: '手机版式2022级团支部',
      kind: 'branch',
      level: 'base',
    });
    idCardNumber = makeId('510104', '2004-09-21', 881);
    const m = await school.post<{ id: string }>('/members', {
      orgId: branch.id,
      name: '卡片毕业生',
      idCardNumber,
      phone: '13912345678',
      joinDate: '2019-05-04',
    });
    await school.post('/users', { username: idCardNumber, password: MEMBER_PASSWORD, memberId: m.id });
    const [employer] = await school.get<{ id: string }[]>(`/transfers/targets?q=${encodeURIComponent('成都示例科技')}`);
    if (!employer) throw new Error('the demo employer is missing');
    await school.post('/transfers', { memberId: m.id, type: 'employment', toOrgId: employer.id });
    [phone, wide] = await Promise.all([launchPhone(), desktop()]);
  });
  afterAll(async () => {
    await phone?.close();
    await wide?.close();
  });

  it('at 390×844 shows each transfer as a card with its orgs, status and dates, nothing to scroll sideways', async () => {
    await login(phone.page, baseUrl, idCardNumber, MEMBER_PASSWORD);
    const history = phone.page.getByTestId('transfer-history');
    const card = history.getByTestId('transfer-history-card').first();
    await card.waitFor();
    expect(await history.getByTestId('transfer-history-table').count()).toBe(0);
    const c = await box(card);
    expect(c.width).toBeGreaterThan(300);
    expect(c.x + c.width).toBeLessThanOrEqual(390);
    const text = await card.innerText();
    for (const expected of ['就业', '待审核', '成都示例科技有限公司团支部', '手机版式2022级团支部', '2026-07-12'])
      expect(text).toContain(expected);
    expect(await pageWidth(phone.page)).toBeLessThanOrEqual(390);
    expect(await a11yViolations(phone.page)).toEqual([]);
    await screenshot(phone.page, '72-phone-transfer-history');
  });

  it('at 1440×900 keeps the table', async () => {
    await login(wide.page, baseUrl, idCardNumber, MEMBER_PASSWORD);
    const table = wide.page.getByTestId('transfer-history').getByTestId('transfer-history-table');
    await table.locator('.el-table__row').first().waitFor();
    expect(await wide.page.getByTestId('transfer-history-card').count()).toBe(0);
    expect(await seriousA11yViolations(wide.page)).toEqual([]);
  });
});
