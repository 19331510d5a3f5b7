import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiSession, setClock } from './support/api';
import { type Browser, launch, login, logout, screenshot, seriousA11yViolations } from './support/browser';
import { ADMIN_PASSWORD } from './support/server';

const baseUrl = inject('baseUrl');
const PASSWORD = 'Passw0rd!x';

interface Json {
  id: string;
  [k: string]: unknown;
}

/** A valid ID number (GB 11643 check character) for a birth date and a sequence. */
function idCard(birth: string, seq: number): string {
  const body = `510104${birth.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, c, i) => s + Number(c) * (weights[i] as number), 0);
  return body + '10X98765432'[sum % 11];
}

// Issue 11 in the console: a committee target approved into a branch, the check-in list worked
// through, the other system's outcome recorded, and the season banner — on a tree of its own.
describe('超期名单, 分配到团支部, 北京/广东/福建 outcomes and the season banner, in the console', () => {
  let b: Browser;
  let admin: ApiSession;
  let county: ApiSession;
  let firmCommittee: Json;
  let firmBranch: Json;
  let m1: Json;
  let m2: Json;
  let m3: Json;
  let m4: Json;
  let grads: Json;

  beforeAll(async () => {
    await setClock(baseUrl, '2026-07-01T09:00:00+08:00');
    admin = await ApiSession.login(baseUrl, 'admin', ADMIN_PASSWORD);
    const me = await admin.get<{ orgId: string }>('/auth/me');
    const org = (parentId: string, name: string, kind: string, level: string, extra: object = {}) =>
      admin.post<Json>('/orgs', { parentId, name, kind, level, ...extra });
    const c = await org(me.orgId, '共青团测试十一区委', 'committee', 'county', { regionCode: '510104' });
    const school = await org(c.id, '测试十一大学团委', 'committee', 'base', { industry: 'university' });
    const classBranch = await org(school.id, '测试十一大学2022级团支部', 'branch', 'base');
    firmCommittee = await org(c.id, '测试十一科技公司团委', 'committee', 'base', { industry: 'enterprise' });
    firmBranch = await org(firmCommittee.id, '测试十一科技公司研发团支部', 'branch', 'base');
    m1 = await admin.post<Json>('/members', {
      orgId: classBranch.id,
      name: '郑十一',
      idCardNumber: idCard('2004-02-02', 111),
      phone: '13900001111',
    });
    m2 = await admin.post<Json>('/members', {
      orgId: classBranch.id,
      name: '钱十一',
      idCardNumber: idCard('2004-03-03', 112),
      phone: '13900001112',
    });
    // §2.5: a graduate going abroad to study, kept in the school's abroad-study branch on a written request.
    const abroad = await org(school.id, '测试十一大学出国（境）学习研究团员团支部', 'branch', 'base', { purpose: 'abroad_study' });
    m3 = await admin.post<Json>('/members', {
      orgId: classBranch.id,
      name: '孙十一',
      idCardNumber: idCard('2004-05-05', 114),
      phone: '13900001114',
    });
    // §4 Interpretation: a class branch the school marks after 1 June.
    grads = await org(school.id, '测试十一大学2023级团支部', 'branch', 'base');
    m4 = await admin.post<Json>('/members', {
      orgId: grads.id,
      name: '周十一',
      idCardNumber: idCard('2004-06-06', 115),
      phone: '13900001115',
    });
    await admin.post('/users', {
      username: 'e2e11school',
      password: PASSWORD,
      orgId: school.id,
      contactName: '吴老师',
      contactPhone: '028-80003333',
    });
    await admin.post('/users', {
      username: 'e2e11county',
      password: PASSWORD,
      orgId: c.id,
      contactName: '赵干事',
      contactPhone: '028-80001111',
    });
    await admin.post('/users', {
      username: 'e2e11firm',
      password: PASSWORD,
      orgId: firmCommittee.id,
      contactName: '孙书记',
      contactPhone: '028-80002222',
    });
    county = await ApiSession.login(baseUrl, 'e2e11county', PASSWORD);
    // The graduate knows only the employer's committee (§5).
    await county.post('/transfers', { memberId: m1.id, type: 'employment', toOrgId: firmCommittee.id });
    const abroadTransfer = await county.post<Json>('/transfers', {
      memberId: m3.id,
      type: 'abroad_study',
      toOrgId: abroad.id,
      abroadRequest: { domesticContactName: '孙父', domesticContactPhone: '13800000114' },
    });
    // The school committee decides abroad retention (§2.5); the county initiated, so it may not (§5).
    await (await ApiSession.login(baseUrl, 'e2e11school', PASSWORD)).post(`/transfers/${abroadTransfer.id}/approve`, {});
    b = await launch();
  });
  afterAll(() => b?.close());

  it('the employer’s committee sees the contacts and the season banner, and approves into a branch it picks (§5, Q16)', async () => {
    await login(b.page, baseUrl, 'e2e11firm', PASSWORD);
    await b.page.goto(`${baseUrl}/transfers`);
    await b.page.getByTestId('season-banner').waitFor();
    expect(await b.page.getByTestId('season-phase').textContent()).toContain('发起阶段');
    expect(await b.page.getByTestId('season-deadlines').textContent()).toContain('2026-09-30');
    await b.page
      .getByTestId('transfer-table')
      .locator('.el-table__row', { hasText: '郑十一' })
      .first()
      .getByTestId('open-transfer')
      .click();
    const drawer = b.page.getByTestId('transfer-drawer');
    await drawer.getByTestId('assign-branch').waitFor();
    expect(await drawer.getByTestId('to-contacts').textContent()).toContain('孙书记 028-80002222');
    // The class branch itself has no admin account: its contacts say so rather than show usernames.
    expect(await drawer.getByTestId('from-contacts').textContent()).toContain('未登记联系方式');
    expect(await drawer.getByTestId('approve').count()).toBe(0);
    await drawer.getByTestId('assign-branch-select').click();
    await b.page.getByRole('option', { name: '测试十一科技公司研发团支部' }).click();
    await screenshot(b.page, '60-assign-branch');
    await drawer.getByTestId('assign-approve').click();
    await b.page.getByText('已通过').first().waitFor();
    const firm = await ApiSession.login(baseUrl, 'e2e11firm', PASSWORD);
    expect((await firm.get<{ orgId: string }>(`/members/${m1.id}`)).orgId).toBe(firmBranch.id);
  });

  it('30 days later the member is on the check-in list with the day it fell due; recording the check-in clears it (Q10, Q16)', async () => {
    await setClock(baseUrl, '2026-08-01T09:00:00+08:00');
    await b.page.goto(`${baseUrl}/overdue?list=check_in`);
    const table = b.page.getByTestId('overdue-table');
    const row = table.locator('.el-table__row', { hasText: '郑十一' });
    await row.waitFor();
    expect(await row.getByTestId('overdue-fell-due').textContent()).toBe('2026-08-01');
    expect(await seriousA11yViolations(b.page)).toEqual([]);
    await screenshot(b.page, '61-overdue-check-in');
    await row.getByTestId('check-in').click();
    const input = b.page.getByTestId('record-date').locator('input').first();
    await input.click();
    // The server's date is 2026-08-01 (its clock decides): the picker offers no later day (issue 23 item 7).
    await input.fill('2026-08-01');
    const cell = (day: string, state: 'available' | 'disabled') =>
      b.page.locator(`.el-date-table td.${state}:not(.prev-month):not(.next-month)`).filter({ hasText: new RegExp(`^\\s*${day}\\s*$`) });
    await cell('2', 'disabled').first().waitFor();
    expect(await cell('2', 'available').count()).toBe(0);
    await input.fill('2026-07-20');
    await input.press('Enter');
    await b.page.getByTestId('record-submit').click();
    await b.page.getByText('已登记报到').waitFor();
    await b.page.getByText('名单为空').waitFor();
    const firm = await ApiSession.login(baseUrl, 'e2e11firm', PASSWORD);
    const history = await firm.get<{ items: { checkedInOn: string | null }[] }>(`/members/${m1.id}/transfers`);
    expect(history.items[0]?.checkedInOn).toBe('2026-07-20');
  });

  it('the outgoing side records Guangdong’s return with its reason in the transfer drawer (Q17)', async () => {
    await setClock(baseUrl, '2026-08-02T09:00:00+08:00');
    await county.post('/transfers', {
      memberId: m2.id,
      type: 'employment',
      external: { provinceCode: '44', orgFullName: '共青团深圳市南山区委员会' },
    });
    await logout(b.page);
    await login(b.page, baseUrl, 'e2e11county', PASSWORD);
    await b.page.goto(`${baseUrl}/transfers`);
    await b.page.getByTestId('transfer-box').getByText('我发起的').click();
    await b.page
      .getByTestId('transfer-table')
      .locator('.el-table__row', { hasText: '钱十一' })
      .first()
      .getByTestId('open-transfer')
      .click();
    const drawer = b.page.getByTestId('transfer-drawer');
    await drawer.getByTestId('external-outcome').waitFor();
    await drawer.getByTestId('external-returned').click();
    await drawer.getByTestId('external-reason').fill('对方单位信息有误');
    await screenshot(b.page, '62-external-outcome');
    await drawer.getByTestId('external-save').click();
    await b.page.getByText('已登记对方审核结果').waitFor();
    const history = await county.get<{ items: { status: string; reason: string | null }[] }>(`/members/${m2.id}/transfers`);
    expect(history.items[0]).toMatchObject({ status: 'rejected', reason: '对方单位信息有误' });
  });

  it('the receiving side records a member arriving from Fujian as an approved incoming transfer (§5, Q17)', async () => {
    await b.page.goto(`${baseUrl}/transfers`);
    await b.page.getByTestId('arrival').click();
    const dialog = b.page.getByTestId('arrival-dialog');
    await dialog.getByTestId('arrival-name').fill('林十一');
    await dialog.getByTestId('arrival-id').fill(idCard('2003-04-04', 113));
    await dialog.getByText('福建', { exact: true }).click();
    await dialog.getByTestId('arrival-from').fill('共青团福州市鼓楼区委员会');
    await dialog.getByRole('combobox', { name: '转入团支部' }).click();
    await b.page.keyboard.type('研发团支部');
    await b.page.getByRole('option').filter({ hasText: '测试十一科技公司研发团支部' }).first().click();
    await screenshot(b.page, '63-arrival');
    await dialog.getByTestId('arrival-submit').click();
    await b.page.getByText('已登记转入').waitFor();
    const members = await county.get<{ items: { id: string; name: string; orgId: string }[] }>(
      `/members?q=${encodeURIComponent('林十一')}`,
    );
    expect(members.items[0]).toMatchObject({ name: '林十一', orgId: firmBranch.id });
    const history = await county.get<{ items: { status: string; externalArrival: boolean; fromOrgName: string }[] }>(
      `/members/${members.items[0]?.id}/transfers`,
    );
    expect(history.items[0]).toMatchObject({ status: 'approved', externalArrival: true, fromOrgName: '共青团福州市鼓楼区委员会' });
  });

  it('the member’s record shows the abroad request with the transfer, and the school logs a periodic report there (§2.5)', async () => {
    await logout(b.page);
    await login(b.page, baseUrl, 'e2e11school', PASSWORD);
    await b.page.goto(`${baseUrl}/members`);
    await b.page.getByTestId('member-q').fill('孙十一');
    await b.page.getByTestId('member-search').click();
    const rows = b.page.getByTestId('member-table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    await rows.first().getByRole('button', { name: '详情' }).click();
    const record = b.page.getByTestId('member-transfers');
    // The contact at home, phone masked like every phone in a list.
    expect(await record.getByTestId('history-abroad-request').textContent()).toBe('孙父 138****0114');
    const log = b.page.getByTestId('abroad-reports');
    await log.getByText('暂无报告记录').waitFor();
    await log.getByTestId('abroad-report-add').click();
    const input = log.getByTestId('abroad-report-date').locator('input').first();
    await input.click();
    await input.fill('2026-08-01');
    await input.press('Enter');
    await log.getByTestId('abroad-report-note').fill('已抵达伦敦，入学报到');
    await log.getByTestId('abroad-report-submit').click();
    await b.page.getByText('已登记报告').waitFor();
    await expect
      .poll(() => log.getByTestId('abroad-report-entry').allTextContents())
      .toEqual([expect.stringContaining('2026-08-01 已抵达伦敦，入学报到')]);
    expect(await seriousA11yViolations(b.page)).toEqual([]);
    await screenshot(b.page, '64-abroad-reports');
    const school = await ApiSession.login(baseUrl, 'e2e11school', PASSWORD);
    expect((await school.get<{ items: { note: string }[] }>(`/members/${m3.id}/abroad-reports`)).items.map((r) => r.note)).toEqual([
      '已抵达伦敦，入学报到',
    ]);
  });

  it('a branch marked after 1 June becomes a graduates org at once, stops being one when the mark is cleared, and is offered for deletion once everyone has left (§4 Interpretation)', async () => {
    const school = await ApiSession.login(baseUrl, 'e2e11school', PASSWORD);
    const purpose = async () => (await school.get<{ purpose: string | null }>(`/orgs/${grads.id}`)).purpose;
    await b.page.goto(`${baseUrl}/graduation`);
    const row = b.page.getByTestId('graduation-branches').locator('.el-table__row', { hasText: '测试十一大学2023级团支部' });
    const mark = async (date: string) => {
      await row.getByTestId('edit-time').click();
      const input = b.page.getByTestId('edit-date').locator('input').first();
      await input.click();
      await input.fill(date);
      await input.press('Enter');
      await b.page.getByTestId('edit-save').click();
    };
    await mark('2026-06-30');
    await row.getByTestId('graduates-org-tag').waitFor();
    expect(await row.getByTestId('graduates-org-tag').textContent()).toContain('毕业生团组织');
    expect(await purpose()).toBe('graduates');
    await screenshot(b.page, '65-graduates-org');
    // Cleared by mistake-fixing: no longer a graduates org, still in the list to mark again.
    await row.getByTestId('edit-time').click();
    await b.page.getByTestId('edit-clear').click();
    await row.getByTestId('graduates-org-tag').waitFor({ state: 'detached' });
    expect(await purpose()).toBeNull();
    await mark('2026-06-30');
    await row.getByTestId('graduates-org-tag').waitFor();
    // Its last member leaves for an employer: the school is prompted to delete it.
    const tr = await county.post<Json>('/transfers', { memberId: m4.id, type: 'employment', toOrgId: firmBranch.id });
    await (await ApiSession.login(baseUrl, 'e2e11firm', PASSWORD)).post(`/transfers/${tr.id}/approve`, {});
    await b.page.reload();
    const prompt = b.page.locator('.el-alert', { hasText: '测试十一大学2023级团支部' });
    await prompt.waitFor();
    await prompt.getByRole('button', { name: '删除' }).click();
    await b.page.locator('.el-message-box').getByRole('button', { name: '删除' }).click();
    await b.page.getByText('已删除').waitFor();
    await expect.poll(() => school.status(`/orgs/${grads.id}`)).toBe(404);
  });
});
