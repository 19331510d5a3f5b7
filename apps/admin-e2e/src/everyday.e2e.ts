import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiSession, setClock } from './support/api';
import { type Browser, a11yViolations, launch, launchPhone, login, logout, screenshot } from './support/browser';
import { memberRows, workbook } from './support/excel';
import { ADMIN_PASSWORD, DEMO_PASSWORD } from './support/server';
import {
  type Everyday,
  INTERNAL_REFS,
  MEMBER_PASSWORD,
  type Page_,
  type Transfer,
  choose,
  cst,
  everyday,
  tick as everydayTick,
} from './support/everyday';

// Issue 12, "the console as its users live in it": phones, 首页, self-service, reminders, 转接管理,
// the import template (every route opened directly: everyday-direct.e2e.ts). Fixtures are made
// here through the API (own branch, own employer, own members), so the demo data's size does not matter.

const baseUrl = inject('baseUrl');
const BRANCH_PASSWORD = 'Passw0rd!x';
const tick = () => everydayTick(baseUrl);

describe('the console as its users live in it (issue 12)', () => {
  let school: ApiSession;
  let wuhou: ApiSession;
  let branchId: string;
  let employerName: string;
  let employerId: string;
  let newMember: Everyday['newMember'];

  beforeAll(async () => {
    ({ school, wuhou, branchId, employerId, employerName, newMember } = await everyday(
      baseUrl,
      '日常测试2022级团支部',
      '日常测试科技有限公司团支部',
      700,
    ));
  });

  describe('a graduate on a phone (390×844)', () => {
    let b: Browser;
    let member: { id: string; idCardNumber: string };
    beforeAll(async () => {
      member = await newMember('手机毕业生');
      b = await launchPhone();
    });
    afterAll(() => b?.close());

    it('logs in and reads their page: nothing cut off, the ID masked in the header, the menu in a drawer', async () => {
      await login(b.page, baseUrl, member.idCardNumber, MEMBER_PASSWORD);
      await b.page.getByTestId('my-info').getByText('手机毕业生').waitFor();
      // Nothing wider than the screen; the info card and the history use the width.
      expect(await b.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect((await b.page.getByTestId('my-info').boundingBox())?.width).toBeGreaterThan(330);
      expect((await b.page.getByTestId('transfer-history').boundingBox())?.width).toBeGreaterThan(330);
      const logoutBox = await b.page.getByTestId('logout').boundingBox();
      expect(logoutBox?.height).toBeLessThan(40); // one line, not letter by letter
      // The full ID number appears nowhere on the page.
      expect(await b.page.locator('body').innerText()).not.toContain(member.idCardNumber);
      await b.page.getByTestId('menu-toggle').click();
      await b.page.getByTestId('phone-menu').getByText('修改密码').waitFor();
      await screenshot(b.page, '60-phone-member-menu');
      await b.page.getByTestId('phone-menu').getByText('修改密码').click();
      await b.page.getByLabel('原密码').waitFor();
      await b.page.getByTestId('phone-menu').waitFor({ state: 'hidden' });
      expect((await b.page.getByLabel('原密码').boundingBox())?.width).toBeGreaterThan(150);
      expect(await a11yViolations(b.page)).toEqual([]);
      await screenshot(b.page, '61-phone-change-password');
      await b.page.getByTestId('menu-toggle').click();
      await b.page.getByTestId('phone-menu').getByText('我的团籍').click();
      await b.page.getByTestId('my-apply').waitFor();
      await b.page.getByTestId('phone-menu').waitFor({ state: 'hidden' });
      expect(await a11yViolations(b.page)).toEqual([]);
      await screenshot(b.page, '62-phone-member-home');
    });

    it('applies for their own transfer, sees it pending, reminds, and withdraws it (Q21, Q13)', async () => {
      await tick();
      await b.page.getByTestId('my-apply').click();
      const dialog = b.page.getByTestId('initiate-dialog');
      await dialog.getByText('毕业后请按去向申请转接').waitFor();
      await b.page.getByTestId('initiate-type').click();
      await b.page.getByRole('option', { name: '就业', exact: true }).click();
      expect(await dialog.innerText()).not.toMatch(INTERNAL_REFS);
      await choose(b.page, 'initiate-target', '日常测试科技', employerName);
      await screenshot(b.page, '63-phone-member-apply');
      await b.page.getByTestId('initiate-submit').click();
      await b.page.locator('.el-message').getByText('已提交转接申请').waitFor();
      const pending = b.page.getByTestId('my-pending');
      await pending.getByText(employerName).waitFor();
      await pending.getByText('待审核').waitFor();
      // On a phone the history is one card a transfer (issue 23 item 4).
      await expect.poll(() => b.page.getByTestId('transfer-history').getByTestId('transfer-history-card').count()).toBe(1);
      await screenshot(b.page, '64-phone-member-pending');

      await b.page.getByTestId('my-remind').click();
      await b.page.locator('.el-message').getByText('已催办').waitFor();
      await pending.getByText('已催办 1 次').waitFor();

      await b.page.getByTestId('my-withdraw').click();
      const box = b.page.locator('.el-message-box');
      await box.getByText('确定撤回这条转接申请吗？').waitFor();
      expect(await box.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(255, 255, 255)');
      await screenshot(b.page, '65-phone-member-withdraw-confirm');
      await box.getByRole('button', { name: '撤回申请' }).click();
      await b.page.locator('.el-message').getByText('已撤回转接申请').waitFor();
      await b.page.getByTestId('my-apply').waitFor();
      await b.page.getByTestId('transfer-history').getByText('已撤销').waitFor();
      const history = await school.get<Page_<Transfer>>(`/members/${member.id}/transfers`);
      expect(history.items.map((x) => x.status)).toEqual(['withdrawn']);
      expect(await a11yViolations(b.page)).toEqual([]);
      await screenshot(b.page, '66-phone-member-withdrawn');
    });

    it('is told when their transfer is returned, and when it is approved', async () => {
      await tick();
      const first = await school.post<Transfer>('/transfers', { memberId: member.id, type: 'employment', toOrgId: employerId });
      await wuhou.post(`/transfers/${first.id}/reject`, { reason: '单位名称有误，请核实' });
      await b.page.reload();
      await b.page.getByTestId('my-notices').getByText('你的转接被退回：单位名称有误，请核实').waitFor();
      await tick();
      const second = await school.post<Transfer>('/transfers', { memberId: member.id, type: 'employment', toOrgId: employerId });
      await wuhou.post(`/transfers/${second.id}/approve`, {});
      await b.page.reload();
      await b.page.getByTestId('my-notices').getByText(`你的转接已通过：已转入 ${employerName}`).waitFor();
      await screenshot(b.page, '67-phone-member-approved-notice');
    });

    it('is warned when a transfer is about to be returned unreviewed, and so is the receiving county’s 首页 (§3.2.3)', async () => {
      const late = await newMember('临期毕业生');
      await setClock(baseUrl, '2026-10-10T09:00:00+08:00');
      await school.post<Transfer>('/transfers', { memberId: late.id, type: 'employment', toOrgId: employerId });
      await setClock(baseUrl, '2026-10-18T10:00:00+08:00');
      await logout(b.page);
      await login(b.page, baseUrl, late.idCardNumber, MEMBER_PASSWORD);
      await b.page.getByTestId('my-notices').getByText('你的转接将在 2 天后超时退回，请联系接收方审核').waitFor();
      await b.page.getByTestId('my-pending').getByText('剩余 2 天').waitFor();
      await screenshot(b.page, '68-phone-member-expiry-warning');
      const county = await launch();
      try {
        await login(county.page, baseUrl, 'wuhou', DEMO_PASSWORD);
        await county.page.getByTestId('home-near-expiry').getByText('临期毕业生').waitFor();
        await county.page.getByTestId('home-near-expiry').getByText('剩余 2 天').first().waitFor();
        await screenshot(county.page, '69-home-near-expiry');
      } finally {
        await county.close();
        await tick();
      }
    });
  });

  describe('首页: the day’s work with real numbers, for every admin role', () => {
    let b: Browser;
    let reminded: { id: string; idCardNumber: string };
    beforeAll(async () => {
      // A pending transfer to our employer under 武侯区, reminded by the member.
      reminded = await newMember('催办团员');
      await tick();
      const tr = await school.post<Transfer>('/transfers', { memberId: reminded.id, type: 'employment', toOrgId: employerId });
      const self = await ApiSession.login(baseUrl, reminded.idCardNumber, MEMBER_PASSWORD);
      await self.post(`/transfers/${tr.id}/remind`, {});
      b = await launch();
    });
    afterAll(() => b?.close());

    // `admin` is the national committee (团中央): the whole country's numbers.
    for (const role of ['admin', 'sichuan', 'chengdu', 'wuhou', 'jinjiang', 'mianyang', 'school', 'branch', 'street']) {
      const password = role === 'admin' ? ADMIN_PASSWORD : DEMO_PASSWORD;
      it(`${role}: numbers read from its scope, never a made-up 0`, async () => {
        await login(b.page, baseUrl, role, password);
        const home = b.page.getByTestId('admin-home');
        await home.waitFor();
        // A province's numbers take a moment on a busy machine: wait for the page to say it is done.
        await expect.poll(() => home.getAttribute('aria-busy'), { timeout: 30_000 }).toBe('false');
        const api = await ApiSession.login(baseUrl, role, password);
        const members = await api.get<Page_<unknown>>('/members?pageSize=1');
        expect(await b.page.getByTestId('home-stat-memberTotal').locator('.stat-value').innerText()).toBe(String(members.total));
        const incoming = await api.get<Page_<unknown>>('/transfers?box=decide&status=pending&pageSize=1');
        expect(await b.page.getByTestId('home-stat-pendingMine').locator('.stat-value').innerText()).toBe(String(incoming.total));
        expect(await b.page.locator('body').innerText()).not.toContain(role);
        expect(await a11yViolations(b.page)).toEqual([]);
        await screenshot(b.page, `70-home-${role}`);
        await logout(b.page);
      });
    }

    it('the province and the school count their members (团员人数 was 0)', async () => {
      for (const role of ['sichuan', 'school']) {
        const api = await ApiSession.login(baseUrl, role, DEMO_PASSWORD);
        expect((await api.get<Page_<unknown>>('/members?pageSize=1')).total, role).toBeGreaterThan(0);
      }
    });

    it('武侯区 sees the transfer waiting for its approval and the member’s reminder with its age', async () => {
      await login(b.page, baseUrl, 'wuhou', DEMO_PASSWORD);
      await b.page.getByTestId('home-pending').getByText('催办团员').waitFor();
      const reminders = b.page.getByTestId('home-reminders');
      await reminders.getByText('催办团员').waitFor();
      await reminders.getByText(/已等待 0 天 · 已催办 1 次/).waitFor();
      await screenshot(b.page, '71-home-wuhou-reminder');
      // Three days later it escalates one committee up: the city sees it, named as escalated.
      await setClock(baseUrl, '2026-07-04T10:00:00+08:00');
      await logout(b.page);
      await login(b.page, baseUrl, 'chengdu', DEMO_PASSWORD);
      const city = await (await ApiSession.login(baseUrl, 'chengdu', DEMO_PASSWORD)).get<{ orgName: string }>('/auth/me');
      await b.page.getByTestId('home-reminders').getByText(`已上报 ${city.orgName}`).waitFor();
      await screenshot(b.page, '72-home-chengdu-escalated');
      await logout(b.page);
      await tick();
    });
  });

  describe('转接管理: 全部, resubmit a returned transfer, who decided, distinct buttons', () => {
    let b: Browser;
    beforeAll(async () => {
      b = await launch();
    });
    afterAll(() => b?.close());

    it('the school finds a returned transfer under 全部, sees who returned it and when, and sends it again filled in', async () => {
      const member = await newMember('退回重发');
      await tick();
      const tr = await school.post<Transfer>('/transfers', { memberId: member.id, type: 'employment', toOrgId: employerId });
      const decidedAt = await tick();
      await wuhou.post(`/transfers/${tr.id}/reject`, { reason: '请补充就业协议' });
      await login(b.page, baseUrl, 'school', DEMO_PASSWORD);
      await b.page.goto(`${baseUrl}/transfers`);
      await b.page.getByTestId('transfer-box').getByText('本组织转出').click();
      await b.page.getByTestId('transfer-status').click();
      await b.page.getByRole('option', { name: '全部状态' }).click();
      const row = b.page.getByTestId('transfer-table').locator('.el-table__row', { hasText: '退回重发' }).first();
      await row.getByText('已退回').waitFor();
      await row.getByTestId('open-transfer').click();
      const drawer = b.page.getByTestId('transfer-drawer');
      await drawer.getByText('请补充就业协议').waitFor();
      await screenshot(b.page, '73-transfer-returned-decider');
      const county = await wuhou.get<{ orgName: string }>('/auth/me');
      expect(await drawer.getByTestId('transfer-decider').innerText()).toBe(`${county.orgName} · 县级管理员`);
      expect(await drawer.getByTestId('transfer-decided-at').innerText()).toContain(cst(decidedAt));
      // The emergency contact's phone is masked until asked for.
      expect(await drawer.innerText()).not.toContain('13787654321');
      await drawer.getByText('母亲 137****4321').waitFor();
      expect(await a11yViolations(b.page)).toEqual([]);
      await screenshot(b.page, '73-transfer-returned-decider');
      await tick();
      await drawer.getByTestId('resubmit').click();
      const dialog = b.page.getByTestId('initiate-dialog');
      await dialog.getByText('已按原转接填好团员、类型和转入组织').waitFor();
      await b.page.getByTestId('initiate-submit').click();
      await b.page.locator('.el-message').getByText('已发起转接').waitFor();
      const history = await school.get<Page_<Transfer>>(`/members/${member.id}/transfers`);
      expect(history.items.map((x) => x.status)).toEqual(['pending', 'rejected']);
      await logout(b.page);
    });

    it('the class branch, on the outgoing side but not the initiator, reminds the county (催办) and cannot withdraw the school’s request', async () => {
      await school.post('/users', {
        username: 'e2edaybranch',
        password: BRANCH_PASSWORD,
        orgId: branchId,
        contactName: '班团支书',
        contactPhone: '13900009999',
      });
      await tick();
      await login(b.page, baseUrl, 'e2edaybranch', BRANCH_PASSWORD);
      await b.page.goto(`${baseUrl}/transfers`);
      await b.page.getByTestId('transfer-box').getByText('本组织转出').click();
      const row = b.page.getByTestId('transfer-table').locator('.el-table__row', { hasText: '退回重发' }).first();
      await row.getByText('待审核').waitFor();
      await row.getByTestId('open-transfer').click();
      const drawer = b.page.getByTestId('transfer-drawer');
      await drawer.getByTestId('remind').waitFor();
      expect(await drawer.getByTestId('withdraw').count()).toBe(0);
      expect(await drawer.getByTestId('approve').count()).toBe(0);
      await drawer.getByTestId('remind').click();
      await b.page.locator('.el-message').getByText('已催办').waitFor();
      await b.page.goto(`${baseUrl}/`);
      await logout(b.page);
    });

    it('the county’s two return buttons say different things', async () => {
      await login(b.page, baseUrl, 'wuhou', DEMO_PASSWORD);
      await b.page.goto(`${baseUrl}/transfers`);
      const row = b.page.getByTestId('transfer-table').locator('.el-table__row', { hasText: '退回重发' }).first();
      await row.getByTestId('open-transfer').click();
      const drawer = b.page.getByTestId('transfer-drawer');
      // The reviewing county decides; it neither withdraws nor reminds itself.
      await drawer.getByTestId('approve').waitFor();
      expect(await drawer.getByTestId('remind').count()).toBe(0);
      expect(await drawer.getByTestId('withdraw').count()).toBe(0);
      await drawer.getByTestId('reject').click();
      expect(await drawer.getByTestId('reject').innerText()).toBe('退回');
      expect(await drawer.getByTestId('reject-submit').innerText()).toBe('确认退回');
      await b.page.goto(`${baseUrl}/`);
      await logout(b.page);
    });
  });

  describe('批量导入: the template has 毕业时间, 毕业去向 and an example; a bad phone is reported', () => {
    let b: Browser;
    beforeAll(async () => {
      b = await launch();
    });
    afterAll(() => b?.close());

    it('downloads the template and reports an invalid phone by row', async () => {
      await login(b.page, baseUrl, 'school', DEMO_PASSWORD);
      await b.page.goto(`${baseUrl}/import`);
      await choose(b.page, 'import-org', '日常测试2022', '日常测试2022级团支部');
      const [download] = await Promise.all([b.page.waitForEvent('download'), b.page.getByTestId('import-template').click()]);
      const wb = new ExcelJS.Workbook();
      const buf = readFileSync((await download.path()) as string);
      await wb.xlsx.load(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
      const header = (wb.getWorksheet('团员信息')?.getRow(1).values as unknown[]).slice(1);
      expect(header).toEqual(expect.arrayContaining(['姓名*', '身份证号*', '手机号', '毕业时间', '毕业去向']));
      const example = wb.getWorksheet('示例');
      expect(example?.getRow(2).getCell(1).value).toBe('张三');
      expect(String(example?.getRow(2).getCell(header.indexOf('毕业去向') + 1).value)).toBe('就业');

      const rows = memberRows(3, '导入电话', '510104', 2006);
      rows[1] = { ...(rows[1] as (typeof rows)[number]), phone: '12345' };
      await b.page.getByTestId('import-file').setInputFiles({
        name: '团员.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: await workbook(rows),
      });
      const report = b.page.getByTestId('import-report');
      await report.getByText('共 3 行，其中 1 行有错误；未写入任何数据').waitFor();
      const errorRow = report.getByTestId('import-errors').locator('tbody tr').first();
      expect(await errorRow.innerText()).toMatch(/3\s*手机号\s*手机号格式不正确/);
      expect(await a11yViolations(b.page)).toEqual([]);
      await screenshot(b.page, '74-import-bad-phone');
    });
  });
});
