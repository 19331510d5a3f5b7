import { Client, Json, PASSWORD, TestApi, idCard } from './harness';

export interface Tree {
  root: string;
  province: Json;
  city: Json;
  wuhou: Json;
  jinjiang: Json;
  uni1: Json;
  college1: Json;
  branch1: Json;
  uni2: Json;
  branch2: Json;
  school3: Json;
  branch3: Json;
  m1: Json;
  m2: Json;
  m3: Json;
}

/**
 * A small tree built through the API: Sichuan → Chengdu → {Wuhou, Jinjiang}; two sibling
 * universities in Wuhou and a high school in Jinjiang, a branch with one member in each, and
 * admin accounts `sc`, `wuhou`, `jinjiang`, `uni1`, `uni2`, `branch1`.
 */
export async function seedTree(api: TestApi, admin: Client): Promise<Tree> {
  const me = await admin.get('/api/auth/me');
  const root = me.body.orgId as string;
  const org = (parentId: string, name: string, kind: string, level: string, extra: object = {}) =>
    admin.create('/api/orgs', { parentId, name, kind, level, ...extra });
  const province = await org(root, '共青团四川省委', 'committee', 'provincial', { regionCode: '510000' });
  const city = await org(province.id, '共青团成都市委', 'committee', 'city', { regionCode: '510100' });
  const wuhou = await org(city.id, '共青团武侯区委', 'committee', 'county', { regionCode: '510107' });
  const jinjiang = await org(city.id, '共青团锦江区委', 'committee', 'county', { regionCode: '510104' });
  const uni1 = await org(wuhou.id, '第一大学团委', 'committee', 'base', { industry: 'university' });
  const college1 = await org(uni1.id, '信息学院团总支', 'general_branch', 'base');
  const branch1 = await org(college1.id, '信息2022级1班团支部', 'branch', 'base');
  const uni2 = await org(wuhou.id, '第二大学团委', 'committee', 'base', { industry: 'university' });
  const branch2 = await org(uni2.id, '第二大学2022级团支部', 'branch', 'base');
  const school3 = await org(jinjiang.id, '锦江中学团委', 'committee', 'base', { industry: 'high_school' });
  const branch3 = await org(school3.id, '高三1班团支部', 'branch', 'base');
  const member = (orgId: string, name: string) =>
    admin.create('/api/members', { orgId, name, idCardNumber: idCard(), phone: '13812345678', joinDate: '2018-05-04' });
  const m1 = await member(branch1.id, '张一');
  const m2 = await member(branch2.id, '李二');
  const m3 = await member(branch3.id, '王三');
  for (const [username, o] of [
    ['sc', province],
    ['wuhou', wuhou],
    ['jinjiang', jinjiang],
    ['uni1', uni1],
    ['uni2', uni2],
    ['branch1', branch1],
  ] as const) {
    await admin.create('/api/users', { username, password: PASSWORD, orgId: o.id });
  }
  void api;
  return { root, province, city, wuhou, jinjiang, uni1, college1, branch1, uni2, branch2, school3, branch3, m1, m2, m3 };
}

/** A member with contacts (Q16) created by `admin` in `orgId`, with its unmasked ID number (to name it by, §5). */
export async function memberWithContacts(admin: Client, orgId: string, name: string): Promise<Json & { idCardNumber: string }> {
  const idCardNumber = idCard();
  const m = await admin.create('/api/members', {
    orgId,
    name,
    idCardNumber,
    phone: '13911112222',
    emergencyContact: '母亲 13733334444',
    joinDate: '2018-05-04',
  });
  return { ...m, idCardNumber };
}

/** A fresh API with the small tree (`seedTree`) and its national admin, the clock set to `clock` first when given. */
export async function apiWithTree(clock?: string): Promise<{ api: TestApi; admin: Client; t: Tree }> {
  const api = await TestApi.start();
  if (clock) await api.setClock(clock);
  const admin = await api.admin();
  const t = await seedTree(api, admin);
  return { api, admin, t };
}

/** A member with a phone and a parent as emergency contact (Q16), created by `admin` in `orgId`. */
export function newMember(admin: Client, orgId: string, name: string): Promise<Json> {
  return admin.create('/api/members', { orgId, name, idCardNumber: idCard(), phone: '13900000000', emergencyContact: '家长 13900000001' });
}

/** A work unit's own League branch (industry `enterprise`) under `parentId`. */
export function enterpriseBranch(admin: Client, parentId: string, name: string): Promise<Json> {
  return admin.create('/api/orgs', { parentId, name, kind: 'branch', level: 'base', industry: 'enterprise' });
}

/**
 * Wuhou's mobile branches, as the console creates them (§1, §3): the county's directly under its
 * committee (level `base`), and a township's under the 簇桥 street working committee.
 */
export async function mobileBranches(admin: Client, t: Tree): Promise<{ countyMobile: Json; townMobile: Json }> {
  const countyMobile = await admin.create('/api/orgs', {
    parentId: t.wuhou.id,
    name: '武侯区流动团员团支部',
    kind: 'branch',
    level: 'base',
    purpose: 'mobile',
  });
  const street = await admin.create('/api/orgs', {
    parentId: t.wuhou.id,
    name: '簇桥街道团工委',
    kind: 'working_committee',
    level: 'base',
    industry: 'township',
  });
  const townMobile = await admin.create('/api/orgs', {
    parentId: street.id,
    name: '簇桥街道流动团员团支部',
    kind: 'branch',
    level: 'base',
    purpose: 'mobile',
  });
  return { countyMobile, townMobile };
}
