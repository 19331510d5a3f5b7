import { Client, Json, PASSWORD, TestApi } from './harness';
import { Tree, apiWithTree, mobileBranches } from './fixtures';

/** The clock the follow-up files start at and come back to: mid-June of the 2026 season. */
export const JUNE = '2026-06-15T10:00:00+08:00';

export interface FollowUpWorld {
  api: TestApi;
  admin: Client;
  t: Tree;
  uni1: Client;
  /** The admin of `firmCommittee`, with a contact name and phone (Q16). */
  firm: Client;
  firmCommittee: Json;
  firmBranch: Json;
  /** uni1's branch for members studying abroad (§2.5). */
  abroad: Json;
  countyMobile: Json;
  townMobile: Json;
}

/**
 * The world of follow-up.e2e and follow-up-lists.e2e (issue 11): the small tree at JUNE, an
 * employer's committee with a branch and its admin `firm`, uni1's abroad-study branch, and Wuhou's
 * county and township mobile branches.
 */
export async function startFollowUp(): Promise<FollowUpWorld> {
  const { api, admin, t } = await apiWithTree(JUNE);
  const uni1 = await api.login('uni1');
  const firmCommittee = await admin.create('/api/orgs', {
    parentId: t.wuhou.id,
    name: '示例科技公司团委',
    kind: 'committee',
    level: 'base',
    industry: 'enterprise',
  });
  const firmBranch = await admin.create('/api/orgs', {
    parentId: firmCommittee.id,
    name: '示例科技公司研发部团支部',
    kind: 'branch',
    level: 'base',
  });
  await admin.create('/api/users', {
    username: 'firm',
    password: PASSWORD,
    orgId: firmCommittee.id,
    contactName: '王书记',
    contactPhone: '028-85550000',
  });
  const firm = await api.login('firm');
  const abroad = await admin.create('/api/orgs', {
    parentId: t.uni1.id,
    name: '第一大学出国（境）学习研究团员团支部',
    kind: 'branch',
    level: 'base',
    purpose: 'abroad_study',
  });
  const { countyMobile, townMobile } = await mobileBranches(admin, t);
  return { api, admin, t, uni1, firm, firmCommittee, firmBranch, abroad, countyMobile, townMobile };
}

/** The `key` of each item of a list answer (by default the member's id). */
export const ids = (res: { body: { items: Json[] } }, key = 'memberId') => res.body.items.map((x) => x[key]);

/** `m` moved into `to`: initiated by `from` (the outgoing school), approved by `approver` of the receiving side. */
export async function movedInto(from: Client, m: Json, type: string, to: Json, approver: Client): Promise<Json> {
  const tr = await from.create('/api/transfers', { memberId: m.id, type, toOrgId: to.id });
  const ok = await approver.post(`/api/transfers/${tr.id}/approve`);
  if (ok.status !== 200) throw new Error(`approve: ${ok.status} ${JSON.stringify(ok.body)}`);
  return tr;
}
