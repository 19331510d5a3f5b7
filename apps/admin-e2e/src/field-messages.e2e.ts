import type { Locator, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiSession, setClock } from './support/api';
import { type Browser, launch, login, logout, screenshot, seriousA11yViolations } from './support/browser';
import { makeId } from './support/excel';
import { ADMIN_PASSWORD } from './support/server';

const baseUrl = inject('baseUrl');
const PASSWORD = 'Passw0rd!x';

interface Json {
  id: string;
  [k: string]: unknown;
}

/**
 * The writes the page sends (anything but GET to /api): an empty form must send none.
 * Playwright reports a request when the page issues it, before this test checks.
 */
function watchWrites(page: Page): { sent: string[] } {
  const sent: string[] = [];
  page.on('request', (r: Request) => {
    if (r.method() !== 'GET' && new URL(r.url()).pathname.startsWith('/api/')) sent.push(`${r.method()} ${new URL(r.url()).pathname}`);
  });
  return { sent };
}

/** The form item labelled `label` inside `scope` says `message` under its field, and no toast repeats it. */
async function saysUnderField(page: Page, scope: Locator, label: string, message: string): Promise<void> {
  const item = scope.locator('.el-form-item').filter({ has: page.locator('.el-form-item__label', { hasText: label }) });
  await item.locator('.el-form-item__error', { hasText: message }).waitFor();
  expect(await item.count()).toBe(1);
  expect(await page.locator('.el-message', { hasText: message }).count()).toBe(0);
}

/**
 * Issue 23 item 7: "Forms validate per field (el-form rules, a message under the field), not with
 * a toast repeating the placeholder" — the last four: 超期名单's check-in and report date, a member's
 * 出国（境）定期报告, the reject reason and the branch assigned on approval in the transfer drawer
 * (and the other system's reason for a return, Q17). Each submitted empty says what is missing
 * under its field and sends nothing.
 */
describe('per-field messages in the follow-up forms (issue 23 item 7)', () => {
  let b: Browser;
  let writes: { sent: string[] };
  let committeeTransfer: Json;
  let abroadMember: Json;

  beforeAll(async () => {
    await setClock(baseUrl, '2026-07-01T09:00:00+08:00');
    const admin = await ApiSession.login(baseUrl, 'admin', ADMIN_PASSWORD);
    const me = await admin.get<{ orgId: string }>('/auth/me');
    const org = (parentId: string, name: string, kind: string, level: string, extra: object = {}) =>
      admin.post<Json>('/orgs', { parentId, name, kind, level, ...extra });
    const member = (orgId: string, name: string, seq: number) =>
      admin.post<Json>('/members', { orgId, name, idCardNumber: makeId('510104', '2004-03-09', seq), phone: '13900002300' });
    const county = await org(me.orgId, '共青团字段测试区委', 'committee', 'county', { regionCode: '510104' });
    const school = await org(county.id, '字段测试大学团委', 'committee', 'base', { industry: 'university' });
    const cls = await org(school.id, '字段测试大学2022级团支部', 'branch', 'base');
    const abroad = await org(school.id, '字段测试大学出国（境）学习研究团员团支部', 'branch', 'base', { purpose: 'abroad_study' });
    const firm = await org(county.id, '字段测试科技公司团委', 'committee', 'base', { industry: 'enterprise' });
    const firmBranch = await org(firm.id, '字段测试科技公司研发团支部', 'branch', 'base');
    const toCommittee = await member(cls.id, '字段甲', 231);
    const toBranch = await member(cls.id, '字段乙', 232);
    abroadMember = await member(cls.id, '字段丙', 233);
    const toGuangdong = await member(cls.id, '字段丁', 234);
    await admin.post('/users', { username: 'fields-school', password: PASSWORD, orgId: school.id });
    await admin.post('/users', { username: 'fields-county', password: PASSWORD, orgId: county.id });
    await admin.post('/users', { username: 'fields-firm', password: PASSWORD, orgId: firm.id });
    const countyAdmin = await ApiSession.login(baseUrl, 'fields-county', PASSWORD);
    committeeTransfer = await countyAdmin.post<Json>('/transfers', { memberId: toCommittee.id, type: 'employment', toOrgId: firm.id });
    const approved = await countyAdmin.post<Json>('/transfers', { memberId: toBranch.id, type: 'employment', toOrgId: firmBranch.id });
    await (await ApiSession.login(baseUrl, 'fields-firm', PASSWORD)).post(`/transfers/${approved.id}/approve`, {});
    const abroadTransfer = await countyAdmin.post<Json>('/transfers', {
      memberId: abroadMember.id,
      type: 'abroad_study',
      toOrgId: abroad.id,
      abroadRequest: { domesticContactName: '丙父', domesticContactPhone: '13800002300' },
    });
    await (await ApiSession.login(baseUrl, 'fields-school', PASSWORD)).post(`/transfers/${abroadTransfer.id}/approve`, {});
    await countyAdmin.post('/transfers', {
      memberId: toGuangdong.id,
      type: 'employment',
      external: { provinceCode: '44', orgFullName: '共青团广州市天河区委员会' },
    });
    b = await launch();
    writes = watchWrites(b.page);
  });
  afterAll(async () => {
    await b?.close();
    // The test server is shared: leave its clock near today, as the files that do not set it expect.
    await setClock(baseUrl, new Date().toISOString());
  });

  it('the transfer drawer: 分配并通过 without a branch, 退回 without a reason — each said under its field, nothing sent', async () => {
    await login(b.page, baseUrl, 'fields-firm', PASSWORD);
    await b.page.goto(`${baseUrl}/transfers`);
    await b.page.getByTestId('transfer-table').locator('.el-table__row', { hasText: '字段甲' }).getByTestId('open-transfer').click();
    const drawer = b.page.getByTestId('transfer-drawer');
    const assign = drawer.getByTestId('assign-branch');
    await assign.waitFor();
    writes.sent.length = 0;
    await assign.getByTestId('assign-approve').click();
    await saysUnderField(b.page, assign, '分配到团支部', '请选择团支部');

    await drawer.getByTestId('reject').click();
    await drawer.getByTestId('reject-submit').click();
    await saysUnderField(b.page, drawer.locator('form.reject'), '退回理由', '请填写退回理由');
    // Spaces are no reason either.
    await drawer.getByTestId('reject-reason').fill('   ');
    await drawer.getByTestId('reject-submit').click();
    await saysUnderField(b.page, drawer.locator('form.reject'), '退回理由', '请填写退回理由');
    expect(writes.sent).toEqual([]);
    expect(await seriousA11yViolations(b.page)).toEqual([]);
    await screenshot(b.page, '96-drawer-field-messages');
    const firm = await ApiSession.login(baseUrl, 'fields-firm', PASSWORD);
    expect((await firm.get<{ status: string }>(`/transfers/${committeeTransfer.id}`)).status).toBe('pending');
  });

  it('超期名单 → 登记报到 without a date says so under the date', async () => {
    await setClock(baseUrl, '2026-08-01T09:00:00+08:00');
    await b.page.goto(`${baseUrl}/overdue?list=check_in`);
    const row = b.page.getByTestId('overdue-table').locator('.el-table__row', { hasText: '字段乙' });
    await row.getByTestId('check-in').click();
    const dialog = b.page.getByRole('dialog', { name: '登记线下报到' });
    await dialog.waitFor();
    writes.sent.length = 0;
    await dialog.getByTestId('record-submit').click();
    await saysUnderField(b.page, dialog, '报到日期', '请选择报到日期');
    expect(writes.sent).toEqual([]);
    expect(await seriousA11yViolations(b.page)).toEqual([]);
    await screenshot(b.page, '97-check-in-field-message');
    await b.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });

  it('the outgoing side records Guangdong’s return: without their reason it is said under the field (Q17)', async () => {
    await logout(b.page);
    await login(b.page, baseUrl, 'fields-county', PASSWORD);
    await b.page.goto(`${baseUrl}/transfers`);
    await b.page.getByTestId('transfer-box').getByText('我发起的').click();
    await b.page.getByTestId('transfer-table').locator('.el-table__row', { hasText: '字段丁' }).getByTestId('open-transfer').click();
    const form = b.page.getByTestId('transfer-drawer').getByTestId('external-outcome');
    await form.getByTestId('external-returned').click();
    writes.sent.length = 0;
    await form.getByTestId('external-save').click();
    await saysUnderField(b.page, form, '退回理由', '请填写对方系统的退回理由');
    expect(writes.sent).toEqual([]);
    expect(await seriousA11yViolations(b.page)).toEqual([]);
    await b.page.keyboard.press('Escape');
    await b.page.getByTestId('transfer-drawer').waitFor({ state: 'hidden' });
  });

  it('a member’s 出国（境）定期报告 without a date says so under the date', async () => {
    await logout(b.page);
    await login(b.page, baseUrl, 'fields-school', PASSWORD);
    await b.page.goto(`${baseUrl}/members`);
    await b.page.getByTestId('member-q').fill('字段丙');
    await b.page.getByTestId('member-search').click();
    const rows = b.page.getByTestId('member-table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    await rows.first().getByRole('button', { name: '详情' }).click();
    const log = b.page.getByTestId('abroad-reports');
    await log.getByTestId('abroad-report-add').click();
    writes.sent.length = 0;
    await log.getByTestId('abroad-report-submit').click();
    await saysUnderField(b.page, log, '报告日期', '请选择报告日期');
    expect(writes.sent).toEqual([]);
    expect(await seriousA11yViolations(b.page)).toEqual([]);
    await screenshot(b.page, '98-abroad-report-field-message');
    const school = await ApiSession.login(baseUrl, 'fields-school', PASSWORD);
    expect((await school.get<{ items: unknown[] }>(`/members/${abroadMember.id}/abroad-reports`)).items).toEqual([]);
  });

  it('超期名单 → 登记报告 (a year abroad without a report) without a date says so under the date', async () => {
    await setClock(baseUrl, '2027-08-02T09:00:00+08:00');
    await b.page.goto(`${baseUrl}/overdue?list=abroad_silent`);
    const row = b.page.getByTestId('overdue-table').locator('.el-table__row', { hasText: '字段丙' });
    await row.getByTestId('abroad-report').click();
    const dialog = b.page.getByRole('dialog', { name: '登记出国（境）团员定期报告' });
    await dialog.waitFor();
    writes.sent.length = 0;
    await dialog.getByTestId('record-submit').click();
    await saysUnderField(b.page, dialog, '报告日期', '请选择报告日期');
    expect(writes.sent).toEqual([]);
    expect(await seriousA11yViolations(b.page)).toEqual([]);
  });
});
