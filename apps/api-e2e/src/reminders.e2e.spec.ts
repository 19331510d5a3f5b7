import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Json, PASSWORD, TestApi, expectError } from './support/harness';
import { Tree, apiWithTree, enterpriseBranch } from './support/fixtures';

describe('催办: reminders on a pending transfer, seen and escalated up the tree', () => {
  let api: TestApi;
  let admin: Client;
  let t: Tree;
  let uni1: Client;
  let employer: Json;
  let transferId: string;

  beforeAll(async () => {
    ({ api, admin, t } = await apiWithTree('2026-07-01T09:00:00+08:00'));
    // The employer's branch sits under a park committee in Wuhou, so "superior" and "one up" differ.
    const park = await admin.create('/api/orgs', {
      parentId: t.wuhou.id,
      name: '武侯科技园团工委',
      kind: 'working_committee',
      level: 'base',
      industry: 'park',
    });
    employer = await enterpriseBranch(admin, park.id, '示例科技公司团支部');
    await admin.create('/api/users', { username: 'employer', password: PASSWORD, orgId: employer.id });
    await admin.create('/api/users', { username: 'park', password: PASSWORD, orgId: park.id });
    await admin.create('/api/users', { username: 'zhangyi', password: PASSWORD, memberId: t.m1.id });
    uni1 = await api.login('uni1');
    transferId = (await uni1.create('/api/transfers', { memberId: t.m1.id, type: 'employment', toOrgId: employer.id })).id;
  });
  afterAll(() => api?.close());

  it('the member reminds the receiving side once a day; a second reminder the same day is refused and changes nothing', async () => {
    const member = await api.login('zhangyi');
    const res = await member.post(`/api/transfers/${transferId}/remind`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: transferId,
      status: 'pending',
      reminders: { count: 1, firstAt: '2026-07-01T01:00:00.000Z', lastAt: '2026-07-01T01:00:00.000Z' },
    });
    await api.setClock('2026-07-01T23:50:00+08:00');
    expectError(await uni1.post(`/api/transfers/${transferId}/remind`), 409, 'REMINDER_ALREADY_TODAY');
    expect((await uni1.get(`/api/transfers/${transferId}`)).body.reminders.count).toBe(1);
  });

  it('is audited on both sides', async () => {
    const audit = await (await api.login('wuhou')).get(`/api/audit?entityId=${transferId}&pageSize=50`);
    expect(audit.status).toBe(200);
    expect(audit.body.items.filter((a: Json) => a['action'] === 'transfer.remind').length).toBeGreaterThanOrEqual(1);
  });

  it('the receiving org and its superior see it on their home page with its age; others do not', async () => {
    await api.setClock('2026-07-02T09:00:00+08:00');
    for (const who of ['employer', 'park']) {
      const inbox = await (await api.login(who)).get('/api/transfers/reminders');
      expect(inbox.status, who).toBe(200);
      expect(inbox.body, who).toEqual([
        expect.objectContaining({
          ageDays: 1,
          escalationLevel: 0,
          escalatedToOrgName: null,
          transfer: expect.objectContaining({ id: transferId, memberName: '张一' }),
        }),
      ]);
    }
    for (const who of ['wuhou', 'sc', 'uni1', 'jinjiang']) {
      expect((await (await api.login(who)).get('/api/transfers/reminders')).body, who).toEqual([]);
    }
  });

  it('after 3 days unanswered it escalates to the next committee up (the county), then further', async () => {
    await api.setClock('2026-07-04T10:00:00+08:00');
    const county = await (await api.login('wuhou')).get('/api/transfers/reminders');
    expect(county.body).toEqual([expect.objectContaining({ ageDays: 3, escalationLevel: 1, escalatedToOrgName: '共青团武侯区委' })]);
    expect((await (await api.login('sc')).get('/api/transfers/reminders')).body).toEqual([]);
    await api.setClock('2026-07-07T10:00:00+08:00');
    expect((await (await api.login('wuhou')).get('/api/transfers/reminders')).body).toHaveLength(1);
    // The next level is the city, which has no account here; the province is one more period away.
    await api.setClock('2026-07-10T10:00:00+08:00');
    expect((await (await api.login('sc')).get('/api/transfers/reminders')).body).toEqual([expect.objectContaining({ escalationLevel: 3 })]);
  });

  it('refuses the reviewing side and other transfers’ strangers; outside scope is 404', async () => {
    expectError(await (await api.login('employer')).post(`/api/transfers/${transferId}/remind`), 403, 'REMIND_NOT_ALLOWED');
    expectError(await (await api.login('jinjiang')).post(`/api/transfers/${transferId}/remind`), 404, 'NOT_FOUND');
    expectError(await uni1.post('/api/transfers/not-a-uuid/remind'), 404, 'NOT_FOUND');
  });

  it('tells each caller what it may do in the approval view: 催办 for the whole outgoing side, not only the initiator', async () => {
    const actions = async (who: Client) => (await who.get(`/api/transfers/${transferId}`)).body.actions;
    expect(await actions(uni1)).toEqual({ approve: false, reject: false, withdraw: true, remind: true, closeReturn: false });
    expect(await actions(await api.login('branch1'))).toEqual({
      approve: false,
      reject: false,
      withdraw: false,
      remind: true,
      closeReturn: false,
    });
    expect(await actions(await api.login('zhangyi'))).toEqual({
      approve: false,
      reject: false,
      withdraw: true,
      remind: true,
      closeReturn: false,
    });
    expect(await actions(await api.login('employer'))).toEqual({
      approve: true,
      reject: true,
      withdraw: false,
      remind: false,
      closeReturn: false,
    });
    // Above both sides: it may decide, so it does not remind.
    expect(await actions(await api.login('wuhou'))).toEqual({
      approve: true,
      reject: true,
      withdraw: false,
      remind: false,
      closeReturn: false,
    });
  });

  it('shows who decided and when once approved; a decided transfer cannot be reminded', async () => {
    const emp = await api.login('employer');
    const ok = await emp.post(`/api/transfers/${transferId}/approve`);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      status: 'approved',
      deciderRole: 'branch_admin',
      deciderOrgName: '示例科技公司团支部',
      decidedAt: '2026-07-10T02:00:00.000Z',
    });
    expectError(await uni1.post(`/api/transfers/${transferId}/remind`), 409, 'TRANSFER_NOT_PENDING');
    expect((await (await api.login('wuhou')).get('/api/transfers/reminders')).body).toEqual([]);
  });

  it('tells how many days are left before the 10-day return (§3.2.3), none for a transfer that never returns', async () => {
    expect((await uni1.get(`/api/transfers/${transferId}`)).body).toMatchObject({ returnDueAt: null, daysLeft: null });
    await api.setClock('2026-10-10T09:00:00+08:00');
    const uni2 = await api.login('uni2');
    const late = await uni2.create('/api/transfers', { memberId: t.m2.id, type: 'employment', toOrgId: employer.id });
    expect(late).toMatchObject({ returnDueAt: '2026-10-20T01:00:00.000Z', daysLeft: 10 });
    await api.setClock('2026-10-18T10:00:00+08:00');
    expect((await uni2.get(`/api/transfers/${late.id}`)).body.daysLeft).toBe(2);
  });
});
