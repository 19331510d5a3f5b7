import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiSession, setClock } from './support/api';
import { type Browser, launch, login, screenshot, seriousA11yViolations } from './support/browser';
import { DEMO_PASSWORD } from './support/server';
import { makeId } from './support/excel';

const baseUrl = inject('baseUrl');

interface Page_<T> {
  items: T[];
  total: number;
}
interface Member {
  id: string;
  name: string;
}

async function workbook(path: string): Promise<ExcelJS.Workbook> {
  const buf = readFileSync(path);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
  return wb;
}

/**
 * Issue 23 item 2: 首页 → 已毕业未转出的团员 (`/metrics/graduates?completed=false`) selects graduates
 * and sends them in one 批量发起转接 (the transfers' BulkInitiateDialog, each answered per member),
 * then reminds the pending ones in one 批量催办; item 7: the list exports with its rate as a
 * percentage beside its numerator and denominator.
 */
describe('首页 → 已毕业未转出的团员: select, 批量发起转接 and 批量催办 (issue 23 item 2)', () => {
  let b: Browser;
  let school: ApiSession;
  const names = ['名单甲', '名单乙', '名单丙'];
  const members: Member[] = [];
  const employer = '成都示例科技有限公司团支部';

  beforeAll(async () => {
    await setClock(baseUrl, '2026-07-06T09:00:00+08:00');
    school = await ApiSession.login(baseUrl, 'school', DEMO_PASSWORD);
    const me = await school.get<{ orgId: string }>('/auth/me');
    const cls = await school.post<{ id: string }>('/orgs', {
      parentId: me.orgId,
      name: '名单2022级班团支部',
      kind: 'branch',
      level: 'base',
      industry: 'university',
    });
    for (const [i, name] of names.entries()) {
      members.push(
        await school.post<Member>('/members', {
          orgId: cls.id,
          name,
          idCardNumber: makeId('510107', '2004-08-09', 640 + i),
          joinDate: '2019-05-04',
        }),
      );
    }
    await school.put(`/orgs/${cls.id}/graduation`, { graduationDate: '2026-06-30' });
    b = await launch();
  });
  afterAll(() => b?.close());

  const row = (name: string) => b.page.getByTestId('graduates-table').locator('.el-table__row', { hasText: name });

  it('opens the list from 首页, selects three graduates and initiates their transfers in one step', async () => {
    await login(b.page, baseUrl, 'school', DEMO_PASSWORD);
    await b.page.getByTestId('home-stat-openGraduates').click();
    await b.page.waitForURL(/\/metrics\/graduates\?completed=false/);
    await b.page.getByTestId('graduates-page-size').click();
    await b.page.getByRole('option', { name: '100 条/页' }).click();
    for (const name of names) await row(name).locator('.el-checkbox').click();
    await b.page.getByRole('status').filter({ hasText: '已选 3 人' }).waitFor();
    await b.page.getByTestId('graduates-bulk-initiate').click();
    const dialog = b.page.getByTestId('bulk-initiate-dialog');
    await dialog.waitFor();
    // Nothing chosen: each field says so under itself, no toast (item 7).
    await dialog.getByTestId('bulk-submit').click();
    await dialog.locator('.el-form-item__error', { hasText: '请选择转接类型' }).waitFor();
    await dialog.locator('.el-form-item__error', { hasText: '请选择转入组织' }).waitFor();
    expect(await b.page.locator('.el-message').count()).toBe(0);
    await dialog.getByTestId('bulk-type').click();
    await b.page.getByRole('option', { name: '就业', exact: true }).click();
    await dialog.getByTestId('bulk-target').click();
    await b.page.keyboard.type('示例科技');
    await b.page.getByRole('option').filter({ hasText: employer }).first().click();
    await dialog.getByTestId('bulk-submit').click();
    await dialog.getByTestId('bulk-result').getByText('已发起 3 条转接').waitFor();
    expect(await seriousA11yViolations(b.page)).toEqual([]);
    await screenshot(b.page, '92-graduates-bulk-initiated');
    await dialog.getByRole('button', { name: '关闭', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    for (const m of members) {
      const history = await school.get<Page_<{ status: string; toOrgName: string }>>(`/members/${m.id}/transfers`);
      expect(history.items[0]).toMatchObject({ status: 'pending', toOrgName: employer });
    }
  });

  it('reminds the receiving side of the selected pending transfers in one 批量催办; again the same day, refused per row', async () => {
    await row('名单甲').getByText('待审核').waitFor();
    for (const name of names) await row(name).locator('.el-checkbox').click();
    await b.page.getByTestId('graduates-remind').getByText('批量催办（3）').waitFor();
    await b.page.getByTestId('graduates-remind').click();
    await b.page.getByText('已催办 3 条').waitFor();
    for (const m of members) {
      const history = await school.get<Page_<{ reminders: { count: number } }>>(`/members/${m.id}/transfers`);
      expect(history.items[0]?.reminders.count).toBe(1);
    }
    await b.page.getByTestId('graduates-remind').click();
    const refused = b.page.getByTestId('graduates-remind-refused');
    await refused.getByText('3 条未催办').waitFor();
    for (const name of names) await refused.getByText(name).waitFor();
    expect(await seriousA11yViolations(b.page)).toEqual([]);
  });

  it('exports the list: masked ID numbers, and its rate as a percentage with numerator and denominator (item 7)', async () => {
    const [download] = await Promise.all([b.page.waitForEvent('download'), b.page.getByTestId('graduates-export').click()]);
    const wb = await workbook((await download.path()) as string);
    const list = wb.getWorksheet('毕业生名单');
    const header = list?.getRow(1).values as unknown[];
    const rows: unknown[][] = [];
    list?.eachRow((r, n) => n > 1 && rows.push(r.values as unknown[]));
    const mine = rows.filter((r) => names.includes(String(r[header.indexOf('姓名')])));
    expect(mine.map((r) => [r[header.indexOf('转接状态')], r[header.indexOf('是否完成')]])).toEqual(Array(3).fill(['待审核', '否']));
    for (const r of mine) expect(String(r[header.indexOf('身份证号')])).toMatch(/\*{4,}/);
    const summary = wb.getWorksheet('汇总');
    const sHeader = summary?.getRow(1).values as unknown[];
    const s = summary?.getRow(2).values as unknown[];
    const [rate, num, den] = ['XS 学社衔接率', 'XS 分子（D）', 'XS 分母（E+F）'].map((h) => s[sHeader.indexOf(h)]);
    expect(typeof num).toBe('number');
    expect(typeof den).toBe('number');
    // The list is the XS graduates not done: all of them (the denominator) less the done (the numerator).
    expect((den as number) - (num as number)).toBe(rows.length);
    expect(rate).toBe((num as number) / (den as number));
    expect(summary?.getColumn(sHeader.indexOf('XS 学社衔接率')).numFmt).toBe('0.0%');
  });
});
