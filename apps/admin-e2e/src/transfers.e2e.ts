import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiSession, setClock } from './support/api';
import { type Browser, launch, login, logout, screenshot, seriousA11yViolations } from './support/browser';
import { DEMO_PASSWORD } from './support/server';

const baseUrl = inject('baseUrl');

interface Page_<T> {
  items: T[];
  total: number;
}
interface Member {
  id: string;
  name: string;
  orgId: string;
}

/** Types into a remote el-select and picks the option containing `option`. */
async function choose(page: Page, testId: string, typed: string, option: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.keyboard.type(typed);
  await page.getByRole('option').filter({ hasText: option }).first().click();
}

describe('转接管理: a transfer from a school to an employer, in the console (§5)', () => {
  let b: Browser;
  let school: ApiSession;
  let member: Member;
  const employer = '成都示例科技有限公司团支部';

  beforeAll(async () => {
    await setClock(baseUrl, '2026-07-01T09:00:00+08:00');
    school = await ApiSession.login(baseUrl, 'school', DEMO_PASSWORD);
    const branch = (await school.get<Page_<{ id: string }>>(`/orgs?q=${encodeURIComponent('计算机2022级2班')}`)).items[0];
    const candidates = (await school.get<Page_<Member>>(`/members?orgId=${branch?.id}&pageSize=50`)).items;
    for (const m of candidates) {
      if ((await school.get<Page_<unknown>>(`/members/${m.id}/transfers`)).total === 0) {
        member = m;
        break;
      }
    }
    b = await launch();
  });
  afterAll(() => b?.close());

  it('a school admin initiates an employment transfer to an employer found by name', async () => {
    await login(b.page, baseUrl, 'school', DEMO_PASSWORD);
    await b.page.getByRole('navigation', { name: '主菜单' }).getByText('转接管理').click();
    await b.page.getByTestId('transfer-box').waitFor();
    await b.page.getByTestId('initiate').click();
    await choose(b.page, 'initiate-member', member.name, member.name);
    await b.page.getByTestId('initiate-type').click();
    await b.page.getByRole('option', { name: '就业', exact: true }).click();
    await choose(b.page, 'initiate-target', '示例科技', employer);
    await b.page.getByTestId('initiate-submit').click();
    await b.page.getByText('已发起转接').waitFor();
    await b.page.getByTestId('transfer-table').locator('.el-table__row', { hasText: member.name }).getByText(employer).waitFor();
    const history = await school.get<Page_<{ status: string; toOrgName: string }>>(`/members/${member.id}/transfers`);
    expect(history.items[0]).toMatchObject({ status: 'pending', toOrgName: employer });
    expect(await seriousA11yViolations(b.page)).toEqual([]);
    await screenshot(b.page, '30-transfers-initiated');
  });

  it('the county above the employer reviews it with the member’s contacts and approves; the member moves', async () => {
    await logout(b.page);
    await login(b.page, baseUrl, 'wuhou', DEMO_PASSWORD);
    await b.page.goto(`${baseUrl}/transfers`);
    const row = b.page.getByTestId('transfer-table').locator('.el-table__row', { hasText: member.name }).first();
    await row.getByTestId('open-transfer').click();
    const drawer = b.page.getByTestId('transfer-drawer');
    await drawer.getByText('紧急联系人').waitFor();
    await drawer.getByText(member.name).first().waitFor();
    await screenshot(b.page, '31-transfer-approval-view');
    await drawer.getByTestId('approve').click();
    await b.page.locator('.el-message-box').getByRole('button', { name: '通过' }).click();
    await b.page.getByText('已通过').first().waitFor();
    const county = await ApiSession.login(baseUrl, 'wuhou', DEMO_PASSWORD);
    const moved = await county.get<{ orgName: string; destination: string }>(`/members/${member.id}`);
    expect(moved).toMatchObject({ orgName: employer, destination: 'employment' });
  });
});

describe('转接管理: 批量通过 — a county approves a page of its incoming box in one action (§5)', () => {
  let b: Browser;
  let school: ApiSession;
  let county: ApiSession;
  const employer = '成都示例科技有限公司团支部';
  const chosen: Member[] = [];
  const transferIds: string[] = [];

  beforeAll(async () => {
    await setClock(baseUrl, '2026-07-02T09:00:00+08:00');
    school = await ApiSession.login(baseUrl, 'school', DEMO_PASSWORD);
    county = await ApiSession.login(baseUrl, 'wuhou', DEMO_PASSWORD);
    const to = (
      await school.get<{ id: string; name: string }[]>(`/transfers/targets?q=${encodeURIComponent('示例科技')}&type=employment`)
    ).find((o) => o.name === employer);
    const branch = (await school.get<Page_<{ id: string }>>(`/orgs?q=${encodeURIComponent('计算机2022级2班')}`)).items[0];
    for (const m of (await school.get<Page_<Member>>(`/members?orgId=${branch?.id}&pageSize=50`)).items.reverse()) {
      if (chosen.length === 3) break;
      if ((await school.get<Page_<unknown>>(`/members/${m.id}/transfers`)).total > 0) continue;
      const tr = await school.post<{ id: string }>('/transfers', { memberId: m.id, type: 'employment', toOrgId: to?.id });
      chosen.push(m);
      transferIds.push(tr.id);
    }
    b = await launch();
  });
  afterAll(() => b?.close());

  it('selects three pending transfers, approves the two still pending, and names the one withdrawn meanwhile with the reason', async () => {
    expect(chosen).toHaveLength(3);
    await login(b.page, baseUrl, 'wuhou', DEMO_PASSWORD);
    await b.page.goto(`${baseUrl}/transfers`);
    const table = b.page.getByTestId('transfer-table');
    for (const m of chosen) await table.locator('.el-table__row', { hasText: m.name }).first().locator('.el-checkbox').click();
    await b.page.getByTestId('batch-approve').getByText('批量通过（3）').waitFor();
    // The school withdraws one before the county confirms: the batch refuses it, item by item.
    await school.post(`/transfers/${transferIds[2]}/withdraw`, {});
    await b.page.getByTestId('batch-approve').click();
    await b.page.locator('.el-message-box').getByRole('button', { name: '确定' }).click();
    await b.page.getByText('已通过 2 条转接').waitFor();
    const refused = b.page.getByTestId('batch-refused');
    await refused.getByText('1 条未通过').waitFor();
    await refused.getByText(chosen[2]?.name ?? '').waitFor();
    await screenshot(b.page, '32-transfers-batch-approved');
    for (const m of chosen.slice(0, 2))
      expect(await county.get<{ orgName: string }>(`/members/${m.id}`)).toMatchObject({ orgName: employer });
    const withdrawn = await county.get<{ status: string }>(`/transfers/${transferIds[2]}`);
    expect(withdrawn.status).toBe('withdrawn');
    // The approved rows left the pending box.
    for (const m of chosen.slice(0, 2)) expect(await table.locator('.el-table__row', { hasText: m.name }).count()).toBe(0);
    expect(await seriousA11yViolations(b.page)).toEqual([]);
  });
});

describe('转接管理: a pull waits for the member’s side, which decides it from its 首页 (§5 two-party consent)', () => {
  let b: Browser;
  let school: ApiSession;
  let member: Member & { idCardNumber: string };
  let pullId: string;
  const target = '锦江双方同意物流公司团支部';

  beforeAll(async () => {
    await setClock(baseUrl, '2026-07-03T09:00:00+08:00');
    school = await ApiSession.login(baseUrl, 'school', DEMO_PASSWORD);
    const county = await ApiSession.login(baseUrl, 'jinjiang', DEMO_PASSWORD);
    const me = await county.get<{ orgId: string }>('/auth/me');
    const branch = await county.post<{ id: string }>('/orgs', {
      parentId: me.orgId,
      name: target,
      kind: 'branch',
      level: 'base',
      industry: 'enterprise',
    });
    const branchRow =
      (await school.get<Page_<{ id: string }>>(`/orgs?q=${encodeURIComponent('计算机2022级3班')}`)).items[0] ??
      (await school.get<Page_<{ id: string }>>(`/orgs?q=${encodeURIComponent('计算机2022级1班')}`)).items[0];
    for (const m of (await school.get<Page_<Member>>(`/members?orgId=${branchRow?.id}&pageSize=50`)).items.reverse()) {
      if ((await school.get<Page_<unknown>>(`/members/${m.id}/transfers`)).total > 0) continue;
      const full = await school.get<Member & { idCardNumber: string; account: unknown }>(`/members/${m.id}`);
      if (full.account) continue;
      member = full;
      break;
    }
    // jinjiang names the member by ID number and full name (§5).
    pullId = (
      await county.post<{ id: string }>('/transfers', {
        member: { idCardNumber: member.idCardNumber, name: member.name },
        type: 'employment',
        toOrgId: branch.id,
      })
    ).id;
    b = await launch();
  });
  afterAll(() => b?.close());

  it('the receiving county sees its pull waiting for the member’s side, and nothing of that side', async () => {
    await login(b.page, baseUrl, 'jinjiang', DEMO_PASSWORD);
    await b.page.goto(`${baseUrl}/transfers`);
    await b.page.getByTestId('transfer-box').getByText('我发起的').click();
    const row = b.page.getByTestId('transfer-table').locator('.el-table__row', { hasText: member.name }).first();
    await row.getByTestId('awaits-outgoing').getByText('等待转出方审核').waitFor();
    await row.getByText('（转出方审核通过后可见）').waitFor();
    await row.getByTestId('open-transfer').click();
    const drawer = b.page.getByTestId('transfer-drawer');
    await drawer.getByTestId('pull-hint').waitFor();
    expect(await drawer.getByTestId('approve').count()).toBe(0);
    const text = await b.page.locator('body').innerText();
    expect(text).not.toContain('四川示范大学');
    expect(text).not.toContain('计算机2022级');
    expect(await seriousA11yViolations(b.page)).toEqual([]);
    await screenshot(b.page, '33-pull-awaits-outgoing');
    await b.page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
  });

  it('the school finds the pull on its 首页 and approves it in 待我审核; the member moves', async () => {
    await logout(b.page);
    await login(b.page, baseUrl, 'school', DEMO_PASSWORD);
    await b.page.getByTestId('home-pending').getByText(member.name).waitFor();
    await b.page.goto(`${baseUrl}/transfers`);
    const row = b.page.getByTestId('transfer-table').locator('.el-table__row', { hasText: member.name }).first();
    await row.getByTestId('open-transfer').click();
    const drawer = b.page.getByTestId('transfer-drawer');
    await drawer.getByText('紧急联系人').waitFor();
    await drawer.getByTestId('approve').click();
    await b.page.locator('.el-message-box').getByRole('button', { name: '通过' }).click();
    await b.page.getByText('已通过').first().waitFor();
    const county = await ApiSession.login(baseUrl, 'jinjiang', DEMO_PASSWORD);
    expect(await county.get<{ status: string; originHidden: boolean }>(`/transfers/${pullId}`)).toMatchObject({
      status: 'approved',
      originHidden: false,
    });
    expect(await county.get<{ orgName: string }>(`/members/${member.id}`)).toMatchObject({ orgName: target });
  });
});

describe('首页: a returned transfer waits for its initiator, who sends it again filled in (issue 23 item 5)', () => {
  let b: Browser;
  let school: ApiSession;
  let member: Member;
  const employer = '成都示例科技有限公司团支部';

  beforeAll(async () => {
    await setClock(baseUrl, '2026-07-04T09:00:00+08:00');
    school = await ApiSession.login(baseUrl, 'school', DEMO_PASSWORD);
    const county = await ApiSession.login(baseUrl, 'wuhou', DEMO_PASSWORD);
    const to = (
      await school.get<{ id: string; name: string }[]>(`/transfers/targets?q=${encodeURIComponent('示例科技')}&type=employment`)
    ).find((o) => o.name === employer);
    const branch = (await school.get<Page_<{ id: string }>>(`/orgs?q=${encodeURIComponent('计算机2022级2班')}`)).items[0];
    for (const m of (await school.get<Page_<Member>>(`/members?orgId=${branch?.id}&pageSize=50`)).items) {
      if ((await school.get<Page_<unknown>>(`/members/${m.id}/transfers`)).total === 0) {
        member = m;
        break;
      }
    }
    const sent = await school.post<{ id: string }>('/transfers', { memberId: member.id, type: 'employment', toOrgId: to?.id });
    await county.post(`/transfers/${sent.id}/reject`, { reason: '单位未签约，请核实去向' });
    b = await launch();
  });
  afterAll(() => b?.close());

  it('shows the return with its reason on 首页, opens 已退回, and 重新发起 carries member, type and target over', async () => {
    await login(b.page, baseUrl, 'school', DEMO_PASSWORD);
    const card = b.page.getByTestId('home-returned');
    await card.getByText(member.name).waitFor();
    await card.getByText('单位未签约，请核实去向').waitFor();
    await card.getByRole('link', { name: member.name }).click();
    const row = b.page.getByTestId('transfer-table').locator('.el-table__row', { hasText: member.name }).first();
    await row.getByTestId('open-transfer').click();
    await b.page.getByTestId('transfer-drawer').getByTestId('resubmit').click();
    const dialog = b.page.getByTestId('initiate-dialog');
    await dialog.getByText(employer).first().waitFor();
    const text = await dialog.innerText();
    expect(text).toContain(member.name);
    expect(text).not.toContain('（）');
    await dialog.getByTestId('initiate-submit').click();
    await b.page.getByText('已发起转接').waitFor();
    const history = await school.get<Page_<{ id: string; status: string }>>(`/members/${member.id}/transfers`);
    // The test clock is held, so both carry the same instant: compare as sets.
    expect(history.items.map((x) => x.status).sort()).toEqual(['pending', 'rejected']);
    const returnedId = history.items.find((x) => x.status === 'rejected')?.id;
    // Sent again: no longer on 首页.
    expect((await school.get<Page_<{ id: string }>>('/transfers?box=returned&pageSize=100')).items.map((x) => x.id)).not.toContain(
      returnedId,
    );
    await b.page.goto(`${baseUrl}/`);
    await b.page.getByTestId('admin-home').waitFor();
    await b.page.getByTestId('home-pending').waitFor();
    expect(await b.page.getByTestId('home-returned').getByText(member.name).count()).toBe(0);
    expect(await seriousA11yViolations(b.page)).toEqual([]);
  });
});

describe('发起转接: committees as targets, and a Beijing org leads to 京粤闽 (issue 23 item 3)', () => {
  let b: Browser;
  let school: ApiSession;
  let member: Member;
  const group = '武侯示例集团团委';

  beforeAll(async () => {
    await setClock(baseUrl, '2026-07-06T09:00:00+08:00');
    school = await ApiSession.login(baseUrl, 'school', DEMO_PASSWORD);
    const county = await ApiSession.login(baseUrl, 'wuhou', DEMO_PASSWORD);
    const me = await county.get<{ orgId: string }>('/auth/me');
    await county.post('/orgs', { parentId: me.orgId, name: group, kind: 'committee', level: 'base', industry: 'enterprise' });
    const branch = (await school.get<Page_<{ id: string }>>(`/orgs?q=${encodeURIComponent('计算机2022级2班')}`)).items[0];
    for (const m of (await school.get<Page_<Member>>(`/members?orgId=${branch?.id}&pageSize=50`)).items) {
      if ((await school.get<Page_<unknown>>(`/members/${m.id}/transfers`)).total === 0) {
        member = m;
        break;
      }
    }
    b = await launch();
  });
  afterAll(() => b?.close());

  it('finds the employer’s 团委, says it assigns the branch, and sends the graduate there', async () => {
    await login(b.page, baseUrl, 'school', DEMO_PASSWORD);
    await b.page.goto(`${baseUrl}/transfers`);
    await b.page.getByTestId('initiate').click();
    const dialog = b.page.getByTestId('initiate-dialog');
    await choose(b.page, 'initiate-member', member.name, member.name);
    await b.page.getByTestId('initiate-type').click();
    await b.page.getByRole('option', { name: '就业', exact: true }).click();
    // Nothing here by that name: the form offers the Beijing / Guangdong / Fujian route instead of 无数据.
    await b.page.getByTestId('initiate-target').click();
    await b.page.keyboard.type('北京大学');
    await b.page.getByTestId('target-external').click();
    expect(
      await dialog.locator('input[data-testid="external-org-name"], [data-testid="external-org-name"] input').first().inputValue(),
    ).toBe('北京大学');
    await dialog.getByText('转往北京、广东、福建').click();
    // Back to this system: a committee.
    await choose(b.page, 'initiate-target', '示例集团', group);
    await dialog.getByTestId('committee-hint').waitFor();
    expect(await seriousA11yViolations(b.page)).toEqual([]);
    await b.page.getByTestId('initiate-submit').click();
    await b.page.getByText('已发起转接').waitFor();
    const history = await school.get<Page_<{ status: string; toOrgName: string }>>(`/members/${member.id}/transfers`);
    expect(history.items[0]).toMatchObject({ status: 'pending', toOrgName: group });
  });
});
