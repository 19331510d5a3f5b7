import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiSession, setClock } from './support/api';
import { type Browser, a11yViolations, launch, login, logout, screenshot, seriousA11yViolations } from './support/browser';
import { makeId } from './support/excel';
import { ADMIN_PASSWORD, DEMO_PASSWORD } from './support/server';

// Issue 23 item 6: nine identical "…请删除：2025届1班团支部" notices stacked; "第1村团支部" with no
// parent. Every org name in the console's lists, notices and pickers now carries what tells it
// apart (its school, township or committee), and the repeated notice is one notice with a list.

const baseUrl = inject('baseUrl');

interface Org {
  id: string;
  name: string;
  dueForDeletion: boolean;
}

const SCHOOL_CLASS = '计算机2022级1班团支部';
// The demo's university and college (bootstrap.ts), written out by hand.
const SCHOOL_CLASS_CONTEXT = '（四川示范大学团委 / 计算机学院团总支）';

describe('same-named orgs told apart in the console (issue 23 item 6)', () => {
  let b: Browser;

  beforeAll(async () => {
    await setClock(baseUrl, '2026-07-20T09:00:00+08:00');
    b = await launch();
    await b.page.setViewportSize({ width: 1440, height: 900 });
  });
  afterAll(() => b?.close());

  it('管理下级组织: one notice lists every graduates org to delete, each beside its school, each with its own delete button', async () => {
    const sichuan = await ApiSession.login(baseUrl, 'sichuan', DEMO_PASSWORD);
    const due = (await sichuan.get<{ items: Org[] }>('/orgs?purpose=graduates&pageSize=100')).items.filter((o) => o.dueForDeletion);
    // The demo province has several, and their names repeat (2025届1班团支部 in several schools).
    expect(due.length).toBeGreaterThan(2);
    expect(new Set(due.map((o) => o.name)).size).toBeLessThan(due.length);

    await login(b.page, baseUrl, 'sichuan', DEMO_PASSWORD);
    await b.page.goto(`${baseUrl}/graduation`);
    const notice = b.page.getByTestId('graduates-due');
    await notice.waitFor();
    expect(await notice.count()).toBe(1);
    const items = notice.getByTestId('graduates-due-item');
    expect(await items.count()).toBe(due.length);
    const texts = (await items.allInnerTexts()).map((x) => x.replace(/\s*删除\s*$/, '').trim());
    // Each line names the org and, in brackets, its school's committee; no two lines alike.
    for (const text of texts) expect(text).toMatch(/^.+团支部（.+团委.*）$/);
    expect(new Set(texts).size).toBe(due.length);
    for (const o of due) expect(texts.some((x) => x.startsWith(`${o.name}（`))).toBe(true);
    // Each delete button says which org it deletes.
    const buttons = await notice
      .getByRole('button', { name: /^删除：/ })
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    expect(new Set(buttons).size).toBe(due.length);
    expect(await a11yViolations(b.page)).toEqual([]);
    await screenshot(b.page, '73-graduates-due-one-notice');
  });

  it('团员管理: the org column names the class with its university and college', async () => {
    await login(b.page, baseUrl, 'school', DEMO_PASSWORD);
    // Other files add classes of their own to this school: the list is narrowed to the demo class.
    const school = await ApiSession.login(baseUrl, 'school', DEMO_PASSWORD);
    const found = await school.get<{ items: { id: string; name: string }[] }>(`/orgs?q=${encodeURIComponent(SCHOOL_CLASS)}`);
    const cls = found.items.find((o) => o.name === SCHOOL_CLASS);
    expect(cls).toBeDefined();
    await b.page.goto(`${baseUrl}/members?orgId=${cls?.id}`);
    const table = b.page.getByTestId('member-table');
    await table.getByText(SCHOOL_CLASS_CONTEXT).first().waitFor();
    const cell = await table.locator('.el-table__row').filter({ hasText: SCHOOL_CLASS }).first().innerText();
    expect(cell).toContain(`${SCHOOL_CLASS}${SCHOOL_CLASS_CONTEXT}`);
    expect(await seriousA11yViolations(b.page)).toEqual([]);
  });

  it('发起转接: the receiving orgs found under one name are told apart by place and school', async () => {
    await b.page.goto(`${baseUrl}/transfers`);
    await b.page.getByTestId('initiate').click();
    await b.page.getByTestId('initiate-target').click();
    await b.page.keyboard.type('2022级1班团支部');
    const options = b.page.getByRole('option').filter({ hasText: '2022级1班团支部（' });
    await options.nth(1).waitFor();
    const labels = await options.allInnerTexts();
    expect(labels.length).toBeGreaterThan(2);
    // Every found class carries its city and county and its university: no two options alike.
    expect(new Set(labels).size).toBe(labels.length);
    for (const l of labels) expect(l).toMatch(/^2022级1班团支部（.+[市州盟].*[区县市旗] · .+团委 \/ .+）$/);
    await b.page.keyboard.press('Escape');
  });

  it('转接管理: both ends of a transfer are named with their context', async () => {
    const school = await ApiSession.login(baseUrl, 'school', DEMO_PASSWORD);
    const classes = await school.get<{ items: Org[] }>(`/orgs?q=${encodeURIComponent(SCHOOL_CLASS)}`);
    const cls = classes.items.find((o) => o.name === SCHOOL_CLASS);
    if (!cls) throw new Error('the demo class is missing');
    const m = await school.post<{ id: string }>('/members', {
      orgId: cls.id,
      name: '语境毕业生',
      idCardNumber: makeId('510104', '2004-10-02', 882),
      joinDate: '2019-05-04',
    });
    const [employer] = await school.get<{ id: string }[]>(`/transfers/targets?q=${encodeURIComponent('成都示例科技')}`);
    if (!employer) throw new Error('the demo employer is missing');
    await school.post('/transfers', { memberId: m.id, type: 'employment', toOrgId: employer.id });
    await b.page.goto(`${baseUrl}/transfers`);
    await b.page.getByTestId('transfer-box').getByText('我发起的').click();
    const row = b.page.getByTestId('transfer-table').locator('.el-table__row').filter({ hasText: '语境毕业生' });
    await row.waitFor();
    const text = await row.innerText();
    expect(text).toContain(`${SCHOOL_CLASS}${SCHOOL_CLASS_CONTEXT}`);
    // The demo employer sits right under 武侯区's committee: that committee beside it.
    expect(text).toContain('成都示例科技有限公司团支部（共青团成都市武侯区委员会）');
    expect(await seriousA11yViolations(b.page)).toEqual([]);
  });

  it('毕业生名单: two classes of one name in one school are told apart by their college', async () => {
    // A school of its own (its admin sees only its graduates): one class in a college, one of the same name right under the school.
    const admin = await ApiSession.login(baseUrl, 'admin', ADMIN_PASSWORD);
    const me = await admin.get<{ orgId: string }>('/auth/me');
    const org = (parentId: string, name: string, kind: string, level: string, extra: object = {}) =>
      admin.post<{ id: string }>('/orgs', { parentId, name, kind, level, ...extra });
    const county = await org(me.orgId, '共青团语境测试区委', 'committee', 'county', { regionCode: '510104' });
    const school = await org(county.id, '语境测试大学团委', 'committee', 'base', { industry: 'university' });
    const college = await org(school.id, '语境测试学院团总支', 'general_branch', 'base');
    const inCollege = await org(college.id, '2022级3班团支部', 'branch', 'base');
    const direct = await org(school.id, '2022级3班团支部', 'branch', 'base');
    await admin.post('/members', {
      orgId: inCollege.id,
      name: '语境甲',
      idCardNumber: makeId('510104', '2004-10-03', 883),
      joinDate: '2019-05-04',
    });
    await admin.post('/members', {
      orgId: direct.id,
      name: '语境乙',
      idCardNumber: makeId('510104', '2004-10-04', 884),
      joinDate: '2019-05-04',
    });
    await admin.post('/users', { username: 'context-school', password: 'Passw0rd!x', orgId: school.id });
    const schoolAdmin = await ApiSession.login(baseUrl, 'context-school', 'Passw0rd!x');
    for (const c of [inCollege, direct]) await schoolAdmin.put(`/orgs/${c.id}/graduation`, { graduationDate: '2026-06-30' });

    await logout(b.page);
    await login(b.page, baseUrl, 'context-school', 'Passw0rd!x');
    await b.page.goto(`${baseUrl}/metrics/graduates?indicator=xs&year=2026&completed=false`);
    const table = b.page.getByTestId('graduates-table');
    const row = (name: string) => table.locator('.el-table__row').filter({ hasText: name });
    await row('语境乙').waitFor();
    expect(await row('语境甲').innerText()).toContain('2022级3班团支部（语境测试大学团委 / 语境测试学院团总支）');
    expect(await row('语境乙').innerText()).toContain('2022级3班团支部（语境测试大学团委）');
    expect(await seriousA11yViolations(b.page)).toEqual([]);
    await screenshot(b.page, '76-graduates-org-context');
  });
});
