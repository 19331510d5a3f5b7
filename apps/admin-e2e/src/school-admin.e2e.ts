import { readFileSync, writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiSession, setClock } from './support/api';
import { type Browser, launch, login, screenshot, seriousA11yViolations } from './support/browser';
import { type SheetRow, breakChecksum, memberRows, readSheet, workbook } from './support/excel';
import { OUTPUT } from './support/paths';
import { DEMO_PASSWORD } from './support/server';

const baseUrl = inject('baseUrl');

interface Page_<T> {
  items: T[];
  total: number;
}
interface Org {
  id: string;
  name: string;
}
interface Member {
  id: string;
  name: string;
  idCardNumber: string;
  orgName: string;
}

/** Chooses an org in an OrgSelect by typing part of its name. */
async function chooseOrg(page: Page, testId: string, name: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.keyboard.type(name.slice(0, 6));
  await page.getByRole('option').filter({ hasText: name }).first().click();
}

describe('a school admin at work (四川示范大学团委)', () => {
  let b: Browser;
  let api: ApiSession;
  let branch2: Org;

  beforeAll(async () => {
    await setClock(baseUrl, '2026-06-01T09:00:00+08:00');
    api = await ApiSession.login(baseUrl, 'school', DEMO_PASSWORD);
    const found = await api.get<Page_<Org>>(`/orgs?q=${encodeURIComponent('计算机2022级2班')}`);
    branch2 = found.items[0] as Org;
    b = await launch();
    await login(b.page, baseUrl, 'school', DEMO_PASSWORD);
  });
  afterAll(() => b?.close());

  it('sees only the menus of a school admin', async () => {
    const menu = b.page.getByRole('navigation', { name: '主菜单' });
    for (const item of ['首页', '组织管理', '团员管理', '批量导入', '修改密码']) {
      await expect.poll(() => menu.getByText(item, { exact: true }).isVisible()).toBe(true);
    }
    await screenshot(b.page, '02-home-school');
  });

  it('browses the org tree lazily, searches it, and opens an org', async () => {
    await b.page.getByRole('navigation', { name: '主菜单' }).getByText('组织管理').click();
    const tree = b.page.getByTestId('org-tree');
    await tree.getByText('计算机学院团总支').waitFor();
    await tree.getByText('四川示范大学新生团组织').waitFor();
    // Lazy: the branches load when their parent opens.
    expect(await tree.getByText('计算机2022级1班团支部').count()).toBe(0);
    await b.page.getByTestId('org-search').fill('2022级2班');
    await b.page.getByRole('button', { name: /计算机2022级2班团支部/ }).click();
    await expect.poll(() => b.page.getByTestId('org-detail').locator('h2').textContent()).toBe('计算机2022级2班团支部');
    await tree.getByText('计算机2022级1班团支部').waitFor();
    await b.page.getByTestId('org-search').fill('');
    expect(await seriousA11yViolations(b.page)).toEqual([]);
    await screenshot(b.page, '03-orgs');
  });

  it('creates a sub-org and deletes it again after confirming', async () => {
    const tree = b.page.getByTestId('org-tree');
    await tree.getByText('四川示范大学团委').click();
    await b.page.getByRole('button', { name: '新建下级组织' }).click();
    await b.page.getByTestId('org-name').fill('测试学院团总支');
    await b.page.getByTestId('org-save').click();
    await tree.getByText('测试学院团总支').waitFor();
    await expect.poll(() => b.page.getByTestId('org-detail').locator('h2').textContent()).toBe('测试学院团总支');
    await b.page.getByTestId('org-detail').getByRole('button', { name: '删除' }).click();
    const box = b.page.getByRole('dialog', { name: '删除组织' });
    await box.getByText('确定删除「测试学院团总支」吗').waitFor();
    await box.getByRole('button', { name: '删除' }).click();
    await expect.poll(() => tree.getByText('测试学院团总支').count()).toBe(0);
    expect((await api.get<Page_<Org>>(`/orgs?q=${encodeURIComponent('测试学院')}`)).total).toBe(0);
  });

  it('finds a member by name, sees masked numbers, opens the detail and makes a reset code', async () => {
    const someone = (await api.get<Page_<Member>>(`/members?orgId=${branch2.id}&pageSize=1`)).items[0] as Member;
    await b.page.getByRole('navigation', { name: '主菜单' }).getByText('团员管理').click();
    await b.page.getByTestId('member-table').getByRole('row').nth(1).waitFor();
    await b.page.getByTestId('member-q').fill(someone.name);
    await b.page.getByTestId('member-search').click();
    const rows = b.page.getByTestId('member-table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    const rowText = (await rows.first().textContent()) ?? '';
    expect(rowText).toContain(someone.name);
    expect(rowText).toMatch(/\d{4}\*{10}[\dX]{4}/);
    expect(await seriousA11yViolations(b.page)).toEqual([]);
    await screenshot(b.page, '04-members');

    await rows.first().getByRole('button', { name: '详情' }).click();
    const detail = b.page.getByTestId('member-detail');
    await detail.waitFor();
    const fullId = (await api.get<Member>(`/members/${someone.id}`)).idCardNumber;
    // Masked until asked for, even in the detail.
    expect(await detail.textContent()).not.toContain(fullId);
    await detail.getByRole('button', { name: '显示身份证号' }).click();
    await expect.poll(() => detail.textContent()).toContain(fullId);
    await b.page.keyboard.press('Escape');

    // The key: this member has no account yet — open one and make a code in one go.
    await rows.first().getByTestId('member-key').click();
    const dialog = b.page.getByTestId('reset-code-dialog');
    await dialog.getByText('该团员尚未开通登录账号').waitFor();
    await b.page.getByTestId('reset-code-generate').click();
    await expect.poll(async () => (await b.page.getByTestId('reset-code').textContent()) ?? '').toMatch(/^\d{8}$/);
    // Two days (Q19), shown in China Standard Time.
    expect(await b.page.getByTestId('reset-code-expires').getAttribute('datetime')).toBe('2026-06-03T01:00:00.000Z');
    expect(await b.page.getByTestId('reset-code-expires').textContent()).toBe('2026-06-03 09:00');
    expect((await api.get<{ account: { username: string } | null }>(`/members/${someone.id}`)).account).not.toBeNull();
    await b.page.getByRole('button', { name: '关闭', exact: true }).click();
  });

  let rows: SheetRow[];

  it('imports 200 rows with 3 bad ones: a per-row report, and nothing written', async () => {
    rows = memberRows(200, '导入测试');
    const bad = rows.map((r) => ({ ...r }));
    bad[19] = { ...bad[19], idCardNumber: breakChecksum(rows[19]?.idCardNumber ?? '') } as SheetRow; // Excel row 21
    bad[76] = { ...bad[76], name: '' } as SheetRow; // Excel row 78
    bad[149] = { ...bad[149], idCardNumber: rows[0]?.idCardNumber ?? '' } as SheetRow; // Excel row 151
    const before = (await api.get<Page_<Member>>(`/members?orgId=${branch2.id}&pageSize=1`)).total;

    await b.page.getByRole('navigation', { name: '主菜单' }).getByText('批量导入').click();
    await chooseOrg(b.page, 'import-org', branch2.name);
    const [template] = await Promise.all([b.page.waitForEvent('download'), b.page.getByTestId('import-template').click()]);
    expect(template.suggestedFilename()).toBe('团员导入模板.xlsx');
    const header = (await readSheet(readFileSync((await template.path()) as string)))[0];
    expect(header?.slice(0, 2)).toEqual(['姓名*', '身份证号*']);

    await b.page.getByTestId('import-file').setInputFiles({
      name: '团员.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await workbook(bad),
    });
    const report = b.page.getByTestId('import-report');
    await report.getByText('共 200 行，其中 3 行有错误；未写入任何数据').waitFor();
    const errorRows = report.getByTestId('import-errors').locator('tbody tr');
    await expect.poll(() => errorRows.count()).toBe(3);
    const texts = await errorRows.allTextContents();
    expect(texts[0]).toMatch(/^21身份证号身份证号校验位不正确/);
    expect(texts[1]).toMatch(/^78姓名姓名不能为空/);
    expect(texts[2]).toMatch(/^151身份证号身份证号与第 1 行重复/);
    expect(await report.getByTestId('import-commit').count()).toBe(0);
    expect((await api.get<Page_<Member>>(`/members?orgId=${branch2.id}&pageSize=1`)).total).toBe(before);
    expect(await seriousA11yViolations(b.page)).toEqual([]);
    await screenshot(b.page, '05-import-report');
  });

  it('imports the fixed file: all 200 in one go', async () => {
    const before = (await api.get<Page_<Member>>(`/members?orgId=${branch2.id}&pageSize=1`)).total;
    await b.page.getByTestId('import-file').setInputFiles({
      name: '团员-已修改.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await workbook(rows),
    });
    await b.page.getByText('全部 200 行校验通过，可以导入').waitFor();
    await b.page.getByTestId('import-commit').click();
    const confirm = b.page.getByRole('dialog', { name: '批量导入团员' });
    await confirm.getByText(`确定把 200 名团员导入「${branch2.name}」吗`).waitFor();
    await confirm.getByRole('button', { name: '确定' }).click();
    await b.page.getByTestId('import-done').getByText('已导入 200 名团员').waitFor();
    expect((await api.get<Page_<Member>>(`/members?orgId=${branch2.id}&pageSize=1`)).total).toBe(before + 200);
    await screenshot(b.page, '06-import-done');
  });

  it('shows progress while a large file (5000 rows, the most one import takes) is read and checked', async () => {
    await b.page.getByRole('button', { name: '继续导入' }).click();
    const big = memberRows(5000, '大文件', '510104', 1999);
    const started = Date.now();
    await b.page.getByTestId('import-file').setInputFiles({
      name: '大文件.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await workbook(big),
    });
    await b.page.getByTestId('import-progress').waitFor();
    await b.page.getByText('全部 5000 行校验通过，可以导入').waitFor({ timeout: 60_000 });
    const checkedMs = Date.now() - started;
    writeFileSync(`${OUTPUT}/import-5000-check.json`, JSON.stringify({ rows: 5000, readAndCheckMs: checkedMs }));
    // Checked only: nothing is written until the admin confirms.
    expect((await api.get<Page_<Member>>(`/members?q=${encodeURIComponent('大文件')}&pageSize=1`)).total).toBe(0);
  });

  it('exports the filtered list to Excel, masked', async () => {
    await b.page.goto(`${baseUrl}/members?orgId=${branch2.id}`);
    await b.page.getByTestId('member-q').fill('导入测试');
    await b.page.getByTestId('member-search').click();
    await b.page.getByRole('status').filter({ hasText: '共 200 条' }).waitFor();
    const [download] = await Promise.all([b.page.waitForEvent('download'), b.page.getByTestId('member-export').click()]);
    expect(download.suggestedFilename()).toBe('团员名单.xlsx');
    const sheet = await readSheet(readFileSync((await download.path()) as string));
    expect(sheet[0]?.slice(0, 4)).toEqual(['序号', '姓名', '性别', '身份证号']);
    expect(sheet).toHaveLength(201);
    for (const row of sheet.slice(1)) {
      expect(row[1]).toMatch(/^导入测试\d{3}$/);
      expect(row[3]).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
      expect(row[5]).toMatch(/^139\*{4}\d{4}$/);
    }
  });

  it('sets 毕业去向 for a page of the class in one step (issue 23 item 1)', async () => {
    // The filtered list of the imported class is on screen (previous test): select the page.
    const table = b.page.getByTestId('member-table');
    await table.locator('.el-table__header .el-checkbox').first().click();
    await b.page.getByTestId('member-set-destination').getByText('设置毕业去向（20）').waitFor();
    await b.page.getByTestId('member-set-destination').click();
    const dialog = b.page.getByTestId('destination-dialog');
    await dialog.getByTestId('destination-choice').click();
    await b.page.getByRole('option', { name: '就业', exact: true }).click();
    await dialog.getByTestId('destination-submit').click();
    await b.page.getByText('已为 20 名团员设置毕业去向').waitFor();
    const page1 = await api.get<Page_<Member & { destination: string | null }>>(
      `/members?orgId=${branch2.id}&q=${encodeURIComponent('导入测试')}&pageSize=20`,
    );
    expect(page1.items.map((m) => m.destination)).toEqual(Array(20).fill('employment'));
    expect(await seriousA11yViolations(b.page)).toEqual([]);
    await screenshot(b.page, '08-destinations-set');
  });
});
