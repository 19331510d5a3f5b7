import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Json, PASSWORD, TestApi, expectError, idCard } from './support/harness';
import { Tree, apiWithTree, enterpriseBranch } from './support/fixtures';

/**
 * Issue 23 item 5: a returned transfer (rejected with a reason, Q15/Q20, or returned by the
 * 10-day rule, §3.2.3) stays with its initiator — `GET /api/transfers?box=returned` — until it is
 * sent again (a newer transfer of the member) or closed (`POST /api/transfers/:id/close-return`).
 */
describe('returned transfers stay with their initiator (issue 23 item 5)', () => {
  let api: TestApi;
  let admin: Client;
  let t: Tree;
  let uni1: Client;
  let colleague: Client;
  let employerAdmin: Client;
  let employer: Json;

  const ids = async (c: Client): Promise<string[]> =>
    (await c.get('/api/transfers?box=returned&pageSize=100')).body.items.map((x: Json) => x.id);
  const member = (name: string) =>
    admin.create('/api/members', { orgId: t.branch1.id, name, idCardNumber: idCard(), joinDate: '2019-05-04' });

  beforeAll(async () => {
    ({ api, admin, t } = await apiWithTree('2026-07-01T10:00:00+08:00'));
    employer = await enterpriseBranch(admin, t.jinjiang.id, '锦江退回测试公司团支部');
    await admin.create('/api/users', { username: 'returned-employer', password: PASSWORD, orgId: employer.id });
    await admin.create('/api/users', { username: 'uni1-colleague', password: PASSWORD, orgId: t.uni1.id });
    uni1 = await api.login('uni1');
    colleague = await api.login('uni1-colleague');
    employerAdmin = await api.login('returned-employer');
  });
  afterAll(() => api?.close());

  it('a rejected transfer is listed for its initiator with the reason, until the member’s transfer is sent again', async () => {
    const m = await member('退回甲');
    const sent = await uni1.create('/api/transfers', { memberId: m.id, type: 'employment', toOrgId: employer.id });
    expect(await ids(uni1)).not.toContain(sent.id);
    expect((await employerAdmin.post(`/api/transfers/${sent.id}/reject`, { reason: '单位查无此人' })).status).toBe(200);
    const box = (await uni1.get('/api/transfers?box=returned')).body.items as Json[];
    expect(box.find((x) => x.id === sent.id)).toMatchObject({
      status: 'rejected',
      reason: '单位查无此人',
      memberId: m.id,
      type: 'employment',
      toOrgId: employer.id,
    });
    // Another admin of the same org did not send it.
    expect(await ids(colleague)).not.toContain(sent.id);
    expectError(await colleague.post(`/api/transfers/${sent.id}/close-return`), 403, 'RETURN_CLOSE_NOT_ALLOWED');
    // Sent again: the returned one is done with.
    await uni1.create('/api/transfers', { memberId: m.id, type: 'employment', toOrgId: employer.id });
    expect(await ids(uni1)).not.toContain(sent.id);
  });

  it('the initiator closes a returned transfer; a pending one cannot be closed; the close is audited', async () => {
    const m = await member('退回乙');
    const sent = await uni1.create('/api/transfers', { memberId: m.id, type: 'employment', toOrgId: employer.id });
    expectError(await uni1.post(`/api/transfers/${sent.id}/close-return`), 409, 'TRANSFER_NOT_RETURNED');
    await employerAdmin.post(`/api/transfers/${sent.id}/reject`, { reason: '岗位取消' });
    expect(await ids(uni1)).toContain(sent.id);
    expect((await uni1.post(`/api/transfers/${sent.id}/close-return`)).status).toBe(200);
    expect(await ids(uni1)).not.toContain(sent.id);
    const audit = await uni1.get(`/api/audit?entityId=${sent.id}`);
    expect(audit.body.items.map((a: Json) => a['action'])).toContain('transfer.close_return');
  });

  it('a transfer returned by the 10-day rule is listed too (§3.2.3), and a member sees their own', async () => {
    const m = await member('退回丙');
    await admin.create('/api/users', { username: 'returned-member', password: PASSWORD, memberId: m.id });
    const self = await api.login('returned-member');
    await api.setClock('2026-10-08T10:00:00+08:00');
    const own = await self.create('/api/transfers', { memberId: m.id, type: 'employment', toOrgId: employer.id });
    await api.setClock('2026-10-20T10:00:00+08:00');
    expect((await admin.post('/api/jobs/expire-transfers')).status).toBeLessThan(300);
    expect((await self.get(`/api/transfers/${own.id}`)).body.status).toBe('expired');
    expect(await ids(self)).toContain(own.id);
    expect((await self.post(`/api/transfers/${own.id}/close-return`)).status).toBe(200);
    expect(await ids(self)).not.toContain(own.id);
  });
});
