import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiSession, setClock } from './support/api';
import { type Browser, launch, login, screenshot, seriousA11yViolations } from './support/browser';
import { DEMO_PASSWORD } from './support/server';
import { makeId, readSheet } from './support/excel';

const baseUrl = inject('baseUrl');
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface Org {
  id: string;
  name: string;
}
interface Member {
  id: string;
  name: string;
  graduationDate: string | null;
  destination: string | null;
}

/** A graduation update sheet as an admin fills in the template: 身份证号, 姓名, 毕业时间, 毕业去向. */
async function updateSheet(rows: readonly (readonly string[])[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('毕业信息');
  ws.addRow(['身份证号*', '姓名', '毕业时间', '毕业去向']);
  ws.getColumn(1).numFmt = '@';
  for (const r of rows) ws.addRow([...r]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * Issue 23 item 1: 批量导入 → 更新毕业时间和去向. A school admin uploads the destinations (and a mixed
 * branch's own dates) of graduates already registered, keyed by ID number: every row is checked and
 * reported first, nothing is written until all pass, then all rows are written at once.
 */
describe('批量导入 → 更新毕业时间和去向: destinations and dates of registered graduates by ID number (issue 23 item 1)', () => {
  let b: Browser;
  let school: ApiSession;
  const ids: Record<string, string> = {};
  const members: Record<string, Member> = {};

  beforeAll(async () => {
    await setClock(baseUrl, '2026-06-20T09:00:00+08:00');
    school = await ApiSession.login(baseUrl, 'school', DEMO_PASSWORD);
    const me = await school.get<{ orgId: string }>('/auth/me');
    const cls = await school.post<Org>('/orgs', {
      parentId: me.orgId,
      name: '更新导入2022级班团支部',
      kind: 'branch',
      level: 'base',
      industry: 'university',
    });
    const mixed = await school.post<Org>('/orgs', {
      parentId: me.orgId,
      name: '更新导入混合团支部',
      kind: 'branch',
      level: 'base',
      industry: 'university',
    });
    const add = async (orgId: string, name: string, seq: number) => {
      ids[name] = makeId('510107', '2004-05-06', 600 + seq);
      members[name] = await school.post<Member>('/members', { orgId, name, idCardNumber: ids[name], joinDate: '2019-05-04' });
    };
    for (const [i, name] of ['更新甲', '更新乙', '更新丙'].entries()) await add(cls.id, name, i);
    await add(mixed.id, '混合丁', 3);
    await school.put(`/orgs/${cls.id}/graduation`, { graduationDate: '2026-06-30' });
    await school.put(`/orgs/${mixed.id}/graduation`, { graduationDate: '2026-06-30', mixed: true });
    b = await launch();
  });
  afterAll(() => b?.close());

  it('offers its own template, reports every bad row by Excel row, and writes nothing', async () => {
    await login(b.page, baseUrl, 'school', DEMO_PASSWORD);
    await b.page.goto(`${baseUrl}/import`);
    await b.page.getByTestId('import-kind').getByText('更新毕业时间和去向').click();
    await b.page.getByRole('heading', { name: '批量更新毕业信息' }).waitFor();
    const [template] = await Promise.all([b.page.waitForEvent('download'), b.page.getByTestId('import-template').click()]);
    expect(template.suggestedFilename()).toBe('毕业信息更新模板.xlsx');
    expect((await readSheet(readFileSync((await template.path()) as string)))[0]).toEqual(['身份证号*', '姓名', '毕业时间', '毕业去向']);

    const unknown = makeId('510107', '2004-05-06', 690);
    const bad = await updateSheet([
      [ids['更新甲'] as string, '更新甲', '', '就业'],
      // A regular branch: its members follow the branch's date (§4, Q11).
      [ids['更新乙'] as string, '', '2026-07-15', ''],
      [unknown, '', '', '升学'],
      [ids['更新丙'] as string, '别名', '', '未就业'],
    ]);
    await b.page.getByTestId('import-file').setInputFiles({ name: '毕业去向.xlsx', mimeType: XLSX, buffer: bad });
    const report = b.page.getByTestId('import-report');
    await report.getByText('共 4 行，其中 3 行有错误').waitFor();
    const texts = await report.getByTestId('import-errors').locator('tbody tr').allInnerTexts();
    expect(texts.map((x) => x.replace(/\s+/g, ''))).toEqual([
      expect.stringMatching(/^3毕业时间「更新导入2022级班团支部」不是混合型支部，团员随支部的毕业时间2026-06-30/),
      expect.stringMatching(/^4身份证号本单位及下级组织中没有该身份证号的团员/),
      expect.stringMatching(/^5姓名姓名与该身份证号登记的姓名「更新丙」不一致/),
    ]);
    expect(await report.getByTestId('import-commit').count()).toBe(0);
    expect((await school.get<Member>(`/members/${members['更新甲']?.id}`)).destination).toBeNull();
    expect(await seriousA11yViolations(b.page)).toEqual([]);
    await screenshot(b.page, '90-graduation-import-report');
  });

  it('writes the fixed file in one go; a later-year date is confirmed first, and going back writes nothing', async () => {
    const good = await updateSheet([
      [ids['更新甲'] as string, '更新甲', '', '就业'],
      [ids['更新乙'] as string, '', '2026-06-30', '升学'],
      [ids['更新丙'] as string, '更新丙', '', '未就业'],
      // A mixed branch dates its members one by one (Q11): a year later, confirmed.
      [ids['混合丁'] as string, '混合丁', '2027-06-30', '就业'],
    ]);
    await b.page.getByTestId('import-file').setInputFiles({ name: '毕业去向-已修改.xlsx', mimeType: XLSX, buffer: good });
    await b.page.getByText('全部 4 行校验通过：将更新 4 名团员，0 行与现有信息一致').waitFor();
    await b.page.getByTestId('import-commit').click();
    const later = b.page.getByRole('dialog', { name: '确认毕业时间' });
    await later.getByText('毕业时间 2027-06-30 晚于今年（2026 年）').waitFor();
    await later.getByRole('button', { name: '返回修改' }).click();
    await later.waitFor({ state: 'hidden' });
    expect((await school.get<Member>(`/members/${members['混合丁']?.id}`)).graduationDate).toBeNull();

    await b.page.getByTestId('import-commit').click();
    await later.getByRole('button', { name: '确认保存' }).click();
    const confirm = b.page.getByRole('dialog', { name: '批量更新毕业信息' });
    await confirm.getByText('确定更新 4 名团员的毕业时间和毕业去向吗').waitFor();
    await confirm.getByRole('button', { name: '确定' }).click();
    await b.page.getByTestId('import-done').getByText('已更新 4 名团员的毕业信息').waitFor();
    const now = async (name: string) => school.get<Member>(`/members/${members[name]?.id}`);
    expect(await now('更新甲')).toMatchObject({ destination: 'employment', graduationDate: '2026-06-30' });
    expect(await now('更新乙')).toMatchObject({ destination: 'further_study', graduationDate: '2026-06-30' });
    expect(await now('更新丙')).toMatchObject({ destination: 'unemployed' });
    expect(await now('混合丁')).toMatchObject({ destination: 'employment', graduationDate: '2027-06-30' });
    expect(await seriousA11yViolations(b.page)).toEqual([]);
    await screenshot(b.page, '91-graduation-import-done');
  });
});
