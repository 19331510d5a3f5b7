import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, TestApi, expectError, idCard } from './support/harness';
import { Tree, apiWithTree } from './support/fixtures';

describe('members (DOMAIN.md §2)', () => {
  let api: TestApi;
  let admin: Client;
  let t: Tree;

  beforeAll(async () => {
    ({ api, admin, t } = await apiWithTree('2026-06-01T09:00:00+08:00'));
  });
  afterAll(() => api?.close());

  it('creates a member in a branch, deriving birth date and gender from the ID number', async () => {
    const id = idCard('510104', '2003-11-09');
    const wuhou = await api.login('wuhou');
    const m = await wuhou.create('/api/members', {
      orgId: t.branch2.id,
      name: '赵四',
      idCardNumber: id.toLowerCase(),
      phone: '13900001111',
      partyMember: true,
      emergencyContact: '赵父 13900002222',
    });
    expect(m).toMatchObject({
      orgId: t.branch2.id,
      idCardNumber: id,
      birthDate: '2003-11-09',
      partyMember: true,
      status: 'active',
      schoolOrgId: t.uni2.id,
    });
    expect(['male', 'female']).toContain(m.gender);
    const audit = await wuhou.get(`/api/audit?entityId=${m.id}`);
    expect(audit.body.items[0]).toMatchObject({ action: 'member.create', actorUsername: 'wuhou' });
  });

  it('validates the GB 11643 checksum, the birth date and the org kind', async () => {
    const good = idCard();
    const badCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    expectError(await admin.post('/api/members', { orgId: t.branch1.id, name: 'x', idCardNumber: badCheck }), 400, 'ID_CARD_CHECKSUM');
    expectError(
      await admin.post('/api/members', { orgId: t.branch1.id, name: 'x', idCardNumber: '51010720040315' }),
      400,
      'ID_CARD_FORMAT',
    );
    expectError(
      await admin.post('/api/members', { orgId: t.branch1.id, name: 'x', idCardNumber: good, birthDate: '2001-01-01' }),
      400,
      'ID_CARD_BIRTH_DATE_MISMATCH',
    );
    expectError(await admin.post('/api/members', { orgId: t.uni1.id, name: 'x', idCardNumber: good }), 422, 'MEMBER_ORG_NOT_BRANCH');
  });

  it('refuses a duplicate ID number, naming the holding org only inside scope', async () => {
    const m1 = await admin.get(`/api/members/${t.m1.id}`);
    const wuhou = await api.login('wuhou');
    const inScope = await wuhou.post('/api/members', { orgId: t.branch2.id, name: '重复', idCardNumber: m1.body.idCardNumber });
    expectError(inScope, 409, 'MEMBER_ID_CARD_TAKEN');
    expect(inScope.body.message).toContain('信息2022级1班团支部');
    const jj = await api.login('jinjiang');
    const outside = await jj.post('/api/members', { orgId: t.branch3.id, name: '重复', idCardNumber: m1.body.idCardNumber });
    expectError(outside, 409, 'MEMBER_ID_CARD_TAKEN');
    expect(outside.body.message).not.toContain('信息2022级1班团支部');
    expect(JSON.stringify(outside.body)).not.toContain(t.m1.id);
  });

  it('masks ID numbers and phones in lists but not in the detail', async () => {
    const list = await admin.get(`/api/members?orgId=${t.branch1.id}`);
    const item = list.body.items[0];
    expect(item.idCardNumber).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    expect(item.phone).toBe('138****5678');
    const detail = await admin.get(`/api/members/${t.m1.id}`);
    expect(detail.body.idCardNumber).toMatch(/^\d{17}[\dX]$/);
    expect(detail.body.phone).toBe('13812345678');
  });

  it('searches by name and by the ID number’s tail, paged', async () => {
    const m1 = await admin.get(`/api/members/${t.m1.id}`);
    const byName = await admin.get(`/api/members?q=${encodeURIComponent('张')}`);
    expect(byName.body.items.map((m: { id: string }) => m.id)).toEqual([t.m1.id]);
    const byTail = await admin.get(`/api/members?q=${m1.body.idCardNumber.slice(-6)}`);
    expect(byTail.body.items.map((m: { id: string }) => m.id)).toContain(t.m1.id);
    const page = await admin.get('/api/members?page=2&pageSize=2');
    expect(page.body.total).toBeGreaterThanOrEqual(3);
    expect(page.body.items.length).toBeLessThanOrEqual(2);
  });

  it('edits a member but never its org (Q18)', async () => {
    const res = await admin.patch(`/api/members/${t.m2.id}`, { phone: '13700000000', name: '李二二' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ phone: '13700000000', name: '李二二', orgId: t.branch2.id });
    expectError(await admin.patch(`/api/members/${t.m2.id}`, { orgId: t.branch1.id }), 400, 'MEMBER_ORG_NOT_PATCHABLE');
    expect((await admin.get(`/api/members/${t.m2.id}`)).body.orgId).toBe(t.branch2.id);
    const audit = await admin.get(`/api/audit?entityId=${t.m2.id}`);
    const entry = audit.body.items.find((a: { action: string }) => a.action === 'member.update');
    expect(entry.before.phone).toBe('138****5678');
    expect(entry.after.phone).toBe('137****0000');
  });

  it('has no hard delete: leaving is a status with a reason', async () => {
    expect((await admin.delete(`/api/members/${t.m3.id}`)).status).toBe(404);
    expectError(await admin.post(`/api/members/${t.m3.id}/leave`, {}), 400, 'VALIDATION_FAILED');
    const left = await admin.post(`/api/members/${t.m3.id}/leave`, { reason: '超龄离团' });
    expect(left.status).toBe(201);
    expect(left.body).toMatchObject({ status: 'left', leftReason: '超龄离团' });
    expectError(await admin.post(`/api/members/${t.m3.id}/leave`, { reason: '再次' }), 409, 'MEMBER_ALREADY_LEFT');
    expect((await admin.get('/api/members?status=left')).body.items.map((m: { id: string }) => m.id)).toEqual([t.m3.id]);
    expect((await admin.get('/api/members')).body.items.map((m: { id: string }) => m.id)).not.toContain(t.m3.id);
  });

  it('lists members aged 28 or more as overdue (Q1)', async () => {
    const old = await admin.create('/api/members', { orgId: t.branch1.id, name: '老团员', idCardNumber: idCard('510107', '1997-01-01') });
    const overdue = await admin.get('/api/members?overdue=true');
    expect(overdue.body.items.map((m: { id: string }) => m.id)).toEqual([old.id]);
    const notOverdue = await admin.get('/api/members?overdue=false');
    expect(notOverdue.body.items.map((m: { id: string }) => m.id)).not.toContain(old.id);
  });

  // Last: it records a member past 28, which the overdue list above would count.
  it('refuses ID numbers from no GB/T 2260 division or born in the future, members under 14, join dates in the future or before 14 (§2, 团章; issue 21)', async () => {
    const create = (idCardNumber: string, joinDate?: string) =>
      admin.post('/api/members', { orgId: t.branch1.id, name: '校验', idCardNumber, ...(joinDate ? { joinDate } : {}) });
    // Today is 2026-06-01 (the test clock).
    expectError(await create(idCard('990000', '2004-03-15')), 400, 'ID_CARD_REGION');
    expectError(await create(idCard('510107', '3005-01-01')), 400, 'ID_CARD_BIRTH_IN_FUTURE');
    expectError(await create(idCard('510107', '2012-06-02')), 400, 'MEMBER_UNDER_LEAGUE_AGE');
    expectError(await create(idCard('510107', '2004-03-15'), '9999-12-31'), 400, 'JOIN_DATE_IN_FUTURE');
    expectError(await create(idCard('510107', '2004-03-15'), '2018-03-14'), 400, 'JOIN_DATE_BEFORE_LEAGUE_AGE');
    // 14 today, joined on the 14th birthday; and a member past 28 (Q1: kept on record, a League post keeps membership).
    expect((await create(idCard('510107', '2012-06-01'), '2026-06-01')).status).toBe(201);
    const older = await admin.create('/api/members', {
      orgId: t.branch1.id,
      name: '年长',
      idCardNumber: idCard('510107', '1990-01-01'),
      joinDate: '2004-05-04',
    });
    // Edits are held to the same rules.
    expectError(await admin.patch(`/api/members/${older.id}`, { joinDate: '9999-12-31' }), 400, 'JOIN_DATE_IN_FUTURE');
    expectError(await admin.patch(`/api/members/${older.id}`, { idCardNumber: idCard('990000', '1990-01-01') }), 400, 'ID_CARD_REGION');
    expect((await admin.patch(`/api/members/${older.id}`, { phone: '13900003333' })).status).toBe(200);
    // The import checks each row alike.
    const rows = [
      { name: '甲', idCardNumber: idCard('990000', '2004-03-15'), partyMember: '否' },
      { name: '乙', idCardNumber: idCard('510107', '3005-01-01'), partyMember: '否' },
      { name: '丙', idCardNumber: idCard('510107', '2004-03-15'), joinDate: '9999-12-31', partyMember: '否' },
    ];
    const report = (await admin.post('/api/members/import', { orgId: t.branch1.id, rows, dryRun: true })).body as {
      errors: { row: number; code: string }[];
    };
    expect(report.errors.map((e) => [e.row, e.code])).toEqual([
      [1, 'ID_CARD_REGION'],
      [2, 'ID_CARD_BIRTH_IN_FUTURE'],
      [3, 'JOIN_DATE_IN_FUTURE'],
    ]);
  });
});
