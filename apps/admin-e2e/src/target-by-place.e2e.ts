import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiSession, setClock } from './support/api';
import { type Browser, launch, login, screenshot, seriousA11yViolations } from './support/browser';
import { makeId } from './support/excel';
import { DEMO_PASSWORD } from './support/server';

// Issue 23 item 3: in 发起转接 the receiving org can be chosen by place — province → city →
// county → that county's org tree — as the real system offers it, besides the search by name;
// in the dialog for one member and in the one for many.

const baseUrl = inject('baseUrl');

interface Page_<T> {
  items: T[];
  total: number;
}

/** Province → city → county in the place cascader of the open dialog. */
async function choosePlace(page: Page, dialog: string, ...names: string[]): Promise<void> {
  await page.getByTestId(dialog).getByTestId('target-place-region').locator('.el-cascader').click();
  for (const name of names)
    await page
      .locator('.el-cascader-node')
      .filter({ hasText: new RegExp(`^${name}$`) })
      .click();
}

describe('发起转接: the receiving org chosen by place (issue 23 item 3)', () => {
  let b: Browser;
  let school: ApiSession;
  let classId: string;
  const members: { id: string; name: string }[] = [];

  beforeAll(async () => {
    await setClock(baseUrl, '2026-07-22T09:00:00+08:00');
    school = await ApiSession.login(baseUrl, 'school', DEMO_PASSWORD);
    const me = await school.get<{ orgId: string }>('/auth/me');
    classId = (
      await school.post<{ id: string }>('/orgs', { parentId: me.orgId, name: '按地区选择2022级团支部', kind: 'branch', level: 'base' })
    ).id;
    for (const [i, name] of ['地区甲', '地区乙', '地区丙'].entries()) {
      members.push(
        await school.post<{ id: string; name: string }>('/members', {
          orgId: classId,
          name,
          idCardNumber: makeId('510104', `2004-11-0${i + 1}`, 883 + i),
          joinDate: '2019-05-04',
        }),
      );
    }
    b = await launch();
    await b.page.setViewportSize({ width: 1440, height: 900 });
    await login(b.page, baseUrl, 'school', DEMO_PASSWORD);
  });
  afterAll(() => b?.close());

  it('one member: 四川省 → 成都市 → 武侯区 opens the county’s org tree; a click chooses the employer, and the transfer goes there', async () => {
    await b.page.goto(`${baseUrl}/transfers`);
    await b.page.getByTestId('initiate').click();
    const dialog = b.page.getByTestId('initiate-dialog');
    await dialog.getByTestId('initiate-member').click();
    await b.page.keyboard.type('地区甲');
    await b.page.getByRole('option').filter({ hasText: '地区甲' }).first().click();
    await dialog.getByTestId('initiate-type').click();
    await b.page.getByRole('option', { name: '就业', exact: true }).click();
    await dialog.getByTestId('target-how').getByText('按地区选择').click();
    await choosePlace(b.page, 'initiate-dialog', '四川省', '成都市', '武侯区');
    const tree = dialog.getByTestId('target-place-tree');
    // The county opens at its committee (to open, not to choose), with its orgs below.
    await tree.getByText('共青团成都市武侯区委员会').waitFor();
    await tree.getByText('成都示例科技有限公司团支部').waitFor();
    // A school's classes are no employer: the university is there to open, its classes are not offered.
    expect(await tree.getByText('四川示范大学团委').count()).toBe(1);
    await tree.getByText('成都示例科技有限公司团支部').click();
    await dialog.getByTestId('target-chosen').getByText('成都示例科技有限公司团支部').waitFor();
    expect(await dialog.getByTestId('committee-hint').count()).toBe(0);
    expect(await seriousA11yViolations(b.page)).toEqual([]);
    await screenshot(b.page, '74-initiate-by-place');
    await dialog.getByTestId('initiate-submit').click();
    await b.page.getByText('已发起转接').waitFor();
    const history = await school.get<Page_<{ status: string; toOrgName: string }>>(`/members/${members[0]?.id}/transfers`);
    expect(history.items[0]).toMatchObject({ status: 'pending', toOrgName: '成都示例科技有限公司团支部' });
  });

  it('many members: a township’s committee chosen by place, with the hint that it assigns the branch (§5); each member answered', async () => {
    await b.page.goto(`${baseUrl}/members?orgId=${classId}`);
    const table = b.page.getByTestId('member-table');
    await table.locator('.el-table__row').filter({ hasText: '地区丙' }).waitFor();
    // The whole class: 地区甲's transfer is already open, so it is answered on its own line.
    await table.locator('.el-table__header .el-checkbox').first().click();
    await b.page.getByTestId('member-bulk-initiate').click();
    const dialog = b.page.getByTestId('bulk-initiate-dialog');
    await dialog.getByTestId('bulk-type').click();
    await b.page.getByRole('option', { name: '就业', exact: true }).click();
    await dialog.getByTestId('target-how').getByText('按地区选择').click();
    await choosePlace(b.page, 'bulk-initiate-dialog', '四川省', '成都市', '武侯区');
    const tree = dialog.getByTestId('target-place-tree');
    await tree.getByText('武侯区簇桥街道团工委').click();
    await dialog.getByTestId('target-chosen').getByText('武侯区簇桥街道团工委').waitFor();
    await dialog.getByTestId('committee-hint').waitFor();
    expect(await seriousA11yViolations(b.page)).toEqual([]);
    await dialog.getByTestId('bulk-submit').click();
    await dialog.getByTestId('bulk-result').getByText('已发起 2 条转接').waitFor();
    await dialog
      .getByTestId('bulk-refused')
      .getByText(/^地区甲：/)
      .waitFor();
    for (const m of members.slice(1)) {
      const history = await school.get<Page_<{ status: string; toOrgName: string }>>(`/members/${m.id}/transfers`);
      expect(history.items[0]).toMatchObject({ status: 'pending', toOrgName: '武侯区簇桥街道团工委' });
    }
  });
});
