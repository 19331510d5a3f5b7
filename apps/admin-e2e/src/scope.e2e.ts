import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiSession } from './support/api';
import { type Browser, launch, login } from './support/browser';
import { ADMIN_PASSWORD, DEMO_PASSWORD } from './support/server';

const baseUrl = inject('baseUrl');

interface Org {
  id: string;
  name: string;
}

describe('data scope in the console', () => {
  let b: Browser;
  let jinjiangSchool: Org;
  beforeAll(async () => {
    const admin = await ApiSession.login(baseUrl, 'admin', ADMIN_PASSWORD);
    jinjiangSchool = (await admin.get<{ items: Org[] }>(`/orgs?q=${encodeURIComponent('锦江示范中学')}`)).items[0] as Org;
    b = await launch();
  });
  afterAll(() => b?.close());

  it('a county admin (武侯区) does not see another county (锦江区)', async () => {
    await login(b.page, baseUrl, 'wuhou', DEMO_PASSWORD);
    await b.page.getByRole('navigation', { name: '主菜单' }).getByText('组织管理').click();
    const tree = b.page.getByTestId('org-tree');
    await tree.getByText('共青团成都市武侯区委').waitFor();
    await tree.getByText('四川示范大学团委').waitFor();
    expect(await tree.getByText(/锦江/).count()).toBe(0);
    await b.page.getByTestId('org-search').fill('锦江');
    await b.page.getByRole('region', { name: '搜索结果' }).getByText('暂无数据').waitFor();

    await b.page.getByRole('navigation', { name: '主菜单' }).getByText('团员管理').click();
    await b.page.getByTestId('member-table').locator('tbody tr').first().waitFor();
    const orgs = await b.page.getByTestId('member-table').locator('tbody tr td:nth-child(5)').allTextContents();
    expect(orgs.some((o) => o.includes('高三1班'))).toBe(false);

    // An org of the other county by id: the API answers 404, the console shows its message.
    await b.page.goto(`${baseUrl}/members?orgId=${jinjiangSchool.id}`);
    await b.page.getByRole('alert').getByText('对象不存在或不在您的管理范围内').waitFor();
    const wuhou = await ApiSession.login(baseUrl, 'wuhou', DEMO_PASSWORD);
    expect(await wuhou.status(`/orgs/${jinjiangSchool.id}`)).toBe(404);
  });

  it('a city admin picks a county from GB/T 2260 for a new committee, then deletes it', async () => {
    await b.page.getByTestId('logout').click();
    await login(b.page, baseUrl, 'chengdu', DEMO_PASSWORD);
    await b.page.getByRole('navigation', { name: '主菜单' }).getByText('组织管理').click();
    await b.page.getByTestId('org-tree').getByText('共青团成都市委').waitFor();
    await b.page.getByRole('button', { name: '新建下级组织' }).click();
    const dialog = b.page.getByRole('dialog', { name: /新建下级组织/ });
    await dialog.getByTestId('org-name').fill('共青团成都市青羊区委');
    await dialog.getByPlaceholder('同上级组织').click();
    await b.page.getByRole('menuitem', { name: '青羊区' }).click();
    await dialog.getByText('组织名称').click();
    await dialog.getByTestId('org-save').click();
    const detail = b.page.getByTestId('org-detail');
    await expect.poll(() => detail.locator('h2').textContent()).toBe('共青团成都市青羊区委');
    await detail.getByText('青羊区（510105）').waitFor();
    await detail.getByText('县级').waitFor();
    await detail.getByRole('button', { name: '删除' }).click();
    await b.page.getByRole('dialog', { name: '删除组织' }).getByRole('button', { name: '删除' }).click();
    await expect.poll(() => b.page.getByTestId('org-tree').getByText('共青团成都市青羊区委', { exact: true }).count()).toBe(0);
  });
});
