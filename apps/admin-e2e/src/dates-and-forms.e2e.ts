import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiSession, setClock } from './support/api';
import { type Browser, launch, login, logout, screenshot, seriousA11yViolations } from './support/browser';
import { DEMO_PASSWORD } from './support/server';
import { makeId } from './support/excel';

const baseUrl = inject('baseUrl');

interface Org {
  id: string;
  name: string;
  graduationDate: string | null;
  mixed: boolean;
}
interface Member {
  id: string;
  name: string;
  graduationDate: string | null;
}

async function expand(page: Page, names: string[]): Promise<void> {
  const tree = page.getByTestId('graduation-tree');
  for (const name of names) {
    const node = tree.locator('.el-tree-node__content', { hasText: name }).first();
    await node.waitFor();
    if ((await node.locator('..').getAttribute('aria-expanded')) !== 'true')
      await node.locator('.el-tree-node__label, span', { hasText: name }).first().click();
  }
}

async function fillDate(page: Page, scope: ReturnType<Page['getByTestId']>, date: string): Promise<void> {
  const input = scope.locator('input').first();
  await input.click();
  await input.fill(date);
  await input.press('Enter');
}

/**
 * Issue 23 item 7: a graduation date in a later year than the server's (GET /api/calendar: the
 * server is at 2026) is confirmed in a dialog before it is saved — marking branches, a mixed
 * branch's member, the member form; forms say what is missing under each field, not in a toast.
 */
describe('a later-year graduation date is confirmed before it is saved; fields say what is missing (issue 23 item 7)', () => {
  let b: Browser;
  let school: ApiSession;
  let regular: Org;
  let unmarked: Org;
  let mixed: Org;
  let mixedMember: Member;

  beforeAll(async () => {
    await setClock(baseUrl, '2026-06-10T09:00:00+08:00');
    school = await ApiSession.login(baseUrl, 'school', DEMO_PASSWORD);
    const me = await school.get<{ orgId: string }>('/auth/me');
    const branch = (name: string) =>
      school.post<Org>('/orgs', { parentId: me.orgId, name, kind: 'branch', level: 'base', industry: 'university' });
    regular = await branch('日期确认甲班团支部');
    unmarked = await branch('日期确认乙班团支部');
    mixed = await branch('日期确认混合团支部');
    mixedMember = await school.post<Member>('/members', {
      orgId: mixed.id,
      name: '日期丁',
      idCardNumber: makeId('510107', '2004-10-11', 650),
      joinDate: '2019-05-04',
    });
    await school.put(`/orgs/${mixed.id}/graduation`, { graduationDate: '2026-06-30', mixed: true });
    b = await launch();
  });
  afterAll(() => b?.close());

  it('管理下级组织: no date is said under the picker; 2027-06-30 asks first, going back marks nothing, confirming marks it', async () => {
    await login(b.page, baseUrl, 'school', DEMO_PASSWORD);
    await b.page.goto(`${baseUrl}/graduation`);
    await b.page.getByTestId('graduation-stats').waitFor();
    await expand(b.page, ['四川示范大学团委']);
    await b.page
      .getByTestId('graduation-tree')
      .locator('.el-tree-node__content', { hasText: regular.name })
      .first()
      .locator('.el-checkbox')
      .click();
    await b.page.getByTestId('bulk-mark').click();
    await b.page.locator('.el-form-item__error', { hasText: '请选择毕业时间' }).waitFor();
    expect(await b.page.locator('.el-message', { hasText: '请选择' }).count()).toBe(0);

    await fillDate(b.page, b.page.getByTestId('bulk-date'), '2027-06-30');
    await b.page.getByTestId('bulk-mark').click();
    const ask = b.page.getByRole('dialog', { name: '确认毕业时间' });
    await ask.getByText('毕业时间 2027-06-30 晚于今年（2026 年）').waitFor();
    expect(await seriousA11yViolations(b.page)).toEqual([]);
    await screenshot(b.page, '93-later-year-confirm');
    await ask.getByRole('button', { name: '返回修改' }).click();
    await ask.waitFor({ state: 'hidden' });
    expect((await school.get<Org>(`/orgs/${regular.id}`)).graduationDate).toBeNull();

    await b.page.getByTestId('bulk-mark').click();
    await ask.getByRole('button', { name: '确认保存' }).click();
    await b.page.getByText('已标记 1 个团支部').waitFor();
    expect((await school.get<Org>(`/orgs/${regular.id}`)).graduationDate).toBe('2027-06-30');
  });

  it('the edit-time dialog says a missing date under its field', async () => {
    const row = b.page.getByTestId('graduation-branches').locator('.el-table__row', { hasText: unmarked.name });
    await row.getByTestId('edit-time').click();
    await b.page.getByTestId('edit-save').click();
    await b.page.getByRole('dialog').locator('.el-form-item__error', { hasText: '请选择毕业时间' }).waitFor();
    expect(await b.page.locator('.el-message', { hasText: '请选择' }).count()).toBe(0);
    const dialog = b.page.getByRole('dialog', { name: /修改毕业时间/ });
    await dialog.getByRole('button', { name: '取消', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('a mixed branch’s member: a later-year date asks first (Q11)', async () => {
    const row = b.page.getByTestId('graduation-branches').locator('.el-table__row', { hasText: mixed.name });
    await row.getByTestId('member-marks').click();
    const member = b.page.getByTestId('mixed-members').locator('.el-table__row', { hasText: '日期丁' });
    await member.waitFor();
    const input = member.locator('input').first();
    await input.click();
    await input.fill('2027-07-01');
    await input.press('Enter');
    const ask = b.page.getByRole('dialog', { name: '确认毕业时间' });
    await ask.getByText('毕业时间 2027-07-01 晚于今年（2026 年）').waitFor();
    await ask.getByRole('button', { name: '确认保存' }).click();
    await expect.poll(async () => (await school.get<Member>(`/members/${mixedMember.id}`)).graduationDate).toBe('2027-07-01');
    await b.page.keyboard.press('Escape');
  });

  it('the member form dates a mixed branch’s member, a later year confirmed; its phone is checked under the field', async () => {
    await b.page.goto(`${baseUrl}/members?orgId=${mixed.id}`);
    const row = b.page.getByTestId('member-table').locator('.el-table__row', { hasText: '日期丁' });
    await row.getByRole('button', { name: '编辑' }).click();
    const form = b.page.getByRole('dialog', { name: '编辑团员' });
    await form.getByTestId('member-form-graduation-date').waitFor();
    await form.getByLabel('手机号').fill('12345');
    await form.getByRole('button', { name: '保存' }).click();
    await form.locator('.el-form-item__error', { hasText: '手机号格式不正确' }).waitFor();
    await form.getByLabel('手机号').fill('13812345678');
    await fillDate(b.page, form.getByTestId('member-form-graduation-date'), '2028-06-30');
    await form.getByRole('button', { name: '保存' }).click();
    const ask = b.page.getByRole('dialog', { name: '确认毕业时间' });
    await ask.getByText('毕业时间 2028-06-30 晚于今年（2026 年）').waitFor();
    await ask.getByRole('button', { name: '确认保存' }).click();
    await b.page.getByText('已保存团员信息').waitFor();
    expect((await school.get<Member>(`/members/${mixedMember.id}`)).graduationDate).toBe('2028-06-30');
  });

  it('发起转接 says under each field what is missing, not in a toast', async () => {
    await b.page.goto(`${baseUrl}/transfers`);
    await b.page.getByTestId('initiate').click();
    const dialog = b.page.getByTestId('initiate-dialog');
    await dialog.getByTestId('initiate-submit').click();
    for (const text of ['请选择要转接的团员', '请选择转接类型', '请选择转入组织'])
      await dialog.locator('.el-form-item__error', { hasText: text }).waitFor();
    expect(await b.page.locator('.el-message', { hasText: '请选择' }).count()).toBe(0);
    expect(await seriousA11yViolations(b.page)).toEqual([]);
    await screenshot(b.page, '94-initiate-field-messages');
    await dialog.getByRole('button', { name: '取消', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('the ranking exports its rates as percentages with numerator and denominator', async () => {
    await logout(b.page);
    await login(b.page, baseUrl, 'wuhou', DEMO_PASSWORD);
    await b.page.goto(`${baseUrl}/metrics?year=2026&indicator=xs`);
    await b.page.getByTestId('metrics-ranking').waitFor();
    const [download] = await Promise.all([b.page.waitForEvent('download'), b.page.getByTestId('ranking-export').click()]);
    const buf = readFileSync((await download.path()) as string);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
    const ws = wb.worksheets[0];
    const header = ws?.getRow(1).values as unknown[];
    const [rate, num, den] = ['XS 学社衔接率', 'XS 分子（D）', 'XS 分母（E+F）'].map((h) => header.indexOf(h));
    expect(ws?.getColumn(rate as number).numFmt).toBe('0.0%');
    const rows: unknown[][] = [];
    ws?.eachRow((r, n) => n > 1 && typeof (r.values as unknown[])[1] === 'number' && rows.push(r.values as unknown[]));
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(typeof r[num as number]).toBe('number');
      expect(typeof r[den as number]).toBe('number');
      expect(r[rate as number]).toBe((r[num as number] as number) / (r[den as number] as number));
    }
  });
});

/**
 * Issue 23, "also noticed" (DOMAIN.md §5): a member's own request is decided by the receiving
 * side — the receiving org or an org above it; 参军/涉密 by the provincial committee — never by
 * the org the member leaves; the form and the pending request say who.
 */
describe('a member’s own request says who decides it (§5)', () => {
  let b: Browser;

  beforeAll(async () => {
    await setClock(baseUrl, '2026-07-10T09:00:00+08:00');
    const school = await ApiSession.login(baseUrl, 'school', DEMO_PASSWORD);
    const me = await school.get<{ orgId: string }>('/auth/me');
    const cls = await school.post<{ id: string }>('/orgs', {
      parentId: me.orgId,
      name: '自助申请2022级班团支部',
      kind: 'branch',
      level: 'base',
      industry: 'university',
    });
    const m = await school.post<{ id: string }>('/members', {
      orgId: cls.id,
      name: '自助戊',
      idCardNumber: makeId('510107', '2004-11-12', 660),
      joinDate: '2019-05-04',
    });
    await school.put(`/orgs/${cls.id}/graduation`, { graduationDate: '2026-06-30' });
    await school.post('/users', { username: 'self-apply', password: 'Member2026x', memberId: m.id });
    b = await launch();
  });
  afterAll(() => b?.close());

  it('names the deciding side for the type and org chosen, and on the pending request', async () => {
    await login(b.page, baseUrl, 'self-apply', 'Member2026x');
    await b.page.getByTestId('my-apply').click();
    const dialog = b.page.getByTestId('initiate-dialog');
    expect(await dialog.innerText()).not.toContain('转出团组织审核');
    await dialog.getByTestId('initiate-type').click();
    await b.page.getByRole('option', { name: '参军/涉密', exact: true }).click();
    expect(await dialog.getByTestId('decider-hint').innerText()).toBe('提交后由省级团委审核（参军、涉密单位，§2.3）。');
    await dialog.getByTestId('initiate-type').click();
    await b.page.getByRole('option', { name: '就业', exact: true }).click();
    expect(await dialog.getByTestId('decider-hint').innerText()).toBe('提交后由转入团组织或其上级团组织审核。');
    await dialog.getByTestId('initiate-target').click();
    await b.page.keyboard.type('示例科技');
    await b.page.getByRole('option').filter({ hasText: '成都示例科技有限公司团支部' }).first().click();
    expect(await dialog.getByTestId('decider-hint').innerText()).toBe(
      '提交后由转入团组织「成都示例科技有限公司团支部」或其上级团组织审核。',
    );
    expect(await seriousA11yViolations(b.page)).toEqual([]);
    await dialog.getByTestId('initiate-submit').click();
    await b.page.getByTestId('my-awaiting').getByText('等待转入团组织或其上级团组织审核').waitFor();
    expect(await b.page.locator('main').innerText()).not.toContain('转出团组织审核');
    await screenshot(b.page, '95-member-request-decider');
  });
});
