import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiSession, setClock } from './support/api';
import { type Browser, launch, login, logout, screenshot, seriousA11yViolations } from './support/browser';
import { DEMO_PASSWORD } from './support/server';

const baseUrl = inject('baseUrl');
/** The demo member (README): logs in with the ID number. */
const MEMBER_ID_NUMBER = '510107200402020028';

describe('a member (团员本人)', () => {
  let b: Browser;
  beforeAll(async () => {
    await setClock(baseUrl, '2026-06-01T09:00:00+08:00');
    b = await launch();
  });
  afterAll(() => b?.close());

  it('logs in with the ID number and sees their org and transfer history', async () => {
    // History: the school sends the member to an employer's branch; the county returns it with a
    // reason; the school sends it again (pending).
    const school = await ApiSession.login(baseUrl, 'school', DEMO_PASSWORD);
    const wuhou = await ApiSession.login(baseUrl, 'wuhou', DEMO_PASSWORD);
    const member = (await school.get<{ items: { id: string }[] }>(`/members?q=${MEMBER_ID_NUMBER}`)).items[0];
    const employer = (await wuhou.get<{ items: { id: string }[] }>(`/orgs?q=${encodeURIComponent('成都示例科技')}`)).items[0];
    const send = { memberId: member?.id, type: 'employment', toOrgId: employer?.id };
    const first = await school.post<{ id: string }>('/transfers', send);
    await wuhou.post(`/transfers/${first.id}/reject`, { reason: '单位信息有误，请核实后重新发起' });
    await school.post('/transfers', send);

    await login(b.page, baseUrl, MEMBER_ID_NUMBER, DEMO_PASSWORD);
    const menu = b.page.getByRole('navigation', { name: '主菜单' });
    await menu.getByText('我的团籍').waitFor();
    expect(await menu.getByText('组织管理').count()).toBe(0);
    expect(await menu.getByText('团员管理').count()).toBe(0);
    await b.page.getByTestId('my-org').getByText('计算机2022级1班团支部').waitFor();
    const history = b.page.getByTestId('transfer-history');
    await history.getByText('我的组织关系转接历史').waitFor();
    const rows = history.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    const text = (await rows.allTextContents()).join('\n');
    for (const part of ['就业', '成都示例科技有限公司团支部', '待审核', '已退回', '单位信息有误，请核实后重新发起', '学校管理员'])
      expect(text).toContain(part);
    expect(await seriousA11yViolations(b.page)).toEqual([]);
    await screenshot(b.page, '07-member-home');
  });

  it('is sent home from admin pages', async () => {
    await b.page.goto(`${baseUrl}/members`);
    await b.page.waitForURL(`${baseUrl}/`);
    await logout(b.page);
  });

  it('resets a forgotten password with a code from an admin (Q19), then logs in with it', async () => {
    await login(b.page, baseUrl, 'branch', DEMO_PASSWORD);
    // A branch admin manages members only.
    const menu = b.page.getByRole('navigation', { name: '主菜单' });
    expect(await menu.getByText('组织管理').count()).toBe(0);
    await menu.getByText('团员管理').click();
    await b.page.getByTestId('member-q').fill(MEMBER_ID_NUMBER.slice(-6));
    await b.page.getByTestId('member-search').click();
    const rows = b.page.getByTestId('member-table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    await rows.first().getByTestId('member-key').click();
    await b.page.getByTestId('reset-code-generate').click();
    const code = (await b.page.getByTestId('reset-code').textContent())?.trim() ?? '';
    expect(code).toMatch(/^\d{8}$/);
    await b.page.getByRole('button', { name: '关闭', exact: true }).click();
    await logout(b.page);

    await b.page.getByRole('link', { name: '忘记密码' }).click();
    // The login page has a field of the same label: wait for the reset page's own field before
    // filling, or the first fill can land on the login page while the reset page still loads.
    await b.page.getByLabel('重置码').waitFor();
    await b.page.getByLabel('用户名 / 身份证号').fill(MEMBER_ID_NUMBER);
    await b.page.getByLabel('重置码').fill(code);
    await b.page.getByLabel('新密码', { exact: true }).fill('NewPass2026');
    await b.page.getByLabel('确认新密码').fill('NewPass2026');
    const answer = b.page.waitForResponse((r) => r.url().includes('/api/auth/reset-password'));
    await b.page.getByRole('button', { name: '设置新密码' }).click();
    const res = await answer;
    expect(`${res.status()} ${await res.text()}`).toMatch(/^2\d\d /);
    await b.page.getByText('密码已重置，请用新密码登录').waitFor();
    await login(b.page, baseUrl, MEMBER_ID_NUMBER, 'NewPass2026');
    await b.page.getByTestId('my-org').waitFor();
  });

  it('keeps the session when a page load cannot reach the server (a reload cut the request, the network dropped)', async () => {
    await login(b.page, baseUrl, 'branch', DEMO_PASSWORD);
    await b.page.route('**/api/auth/me', (route) => route.abort('failed'), { times: 1 });
    await b.page.goto(`${baseUrl}/members`);
    await b.page.getByTestId('unreachable').waitFor();
    expect(await b.page.evaluate(() => sessionStorage.getItem('zhtj.token'))).not.toBeNull();
    await b.page.getByTestId('unreachable-retry').click();
    await b.page.waitForURL((u) => u.pathname === '/members');
    await b.page.getByTestId('member-table').waitFor();
    await logout(b.page);
  });

  it('is sent back to the login page, told why, when the session ends', async () => {
    await b.page.evaluate(() => sessionStorage.setItem('zhtj.token', 'expired.or.revoked'));
    await b.page.goto(`${baseUrl}/`);
    await b.page.waitForURL((u) => u.pathname === '/login');
    await b.page.getByText('登录已失效，请重新登录').waitFor();
  });
});
