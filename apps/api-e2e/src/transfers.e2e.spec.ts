import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Json, PASSWORD, TestApi, expectAnswerAsStored, expectError } from './support/harness';
import { Tree, apiWithTree, enterpriseBranch, newMember } from './support/fixtures';

describe('transfer workflow (DOMAIN.md §3, §5)', () => {
  let api: TestApi;
  let admin: Client;
  let t: Tree;
  let uni1: Client;
  let wuhou: Client;
  let employer: Json;
  let newStudents2: Json;
  let street: Json;

  const member = (orgId: string, name: string) => newMember(admin, orgId, name);

  beforeAll(async () => {
    ({ api, admin, t } = await apiWithTree('2026-06-15T10:00:00+08:00'));
    employer = await enterpriseBranch(admin, t.wuhou.id, '示例科技公司团支部');
    newStudents2 = await admin.create('/api/orgs', {
      parentId: t.uni2.id,
      name: '第二大学新生团组织',
      kind: 'branch',
      level: 'base',
      purpose: 'new_students',
    });
    const streetCommittee = await admin.create('/api/orgs', {
      parentId: t.wuhou.id,
      name: '簇桥街道团工委',
      kind: 'working_committee',
      level: 'base',
      industry: 'township',
    });
    street = await admin.create('/api/orgs', { parentId: streetCommittee.id, name: '簇桥街道机关团支部', kind: 'branch', level: 'base' });
    await admin.create('/api/users', { username: 'employer', password: PASSWORD, orgId: employer.id });
    uni1 = await api.login('uni1');
    wuhou = await api.login('wuhou');
  });
  afterAll(() => api?.close());

  it('the outgoing side initiates, the receiving side approves, the member moves (§5)', async () => {
    const res = await uni1.post('/api/transfers', { memberId: t.m1.id, type: 'employment', toOrgId: employer.id, note: '已签约' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      memberId: t.m1.id,
      type: 'employment',
      status: 'pending',
      fromOrgId: t.branch1.id,
      toOrgId: employer.id,
      external: null,
      initiatorUsername: 'uni1',
    });
    await expectAnswerAsStored(uni1, res);
    const id = res.body.id as string;
    expect((await uni1.get('/api/transfers?box=outgoing')).body.items.map((x: Json) => x.id)).toContain(id);
    const emp = await api.login('employer');
    expect((await emp.get('/api/transfers?box=incoming')).body.items.map((x: Json) => x.id)).toContain(id);
    expectError(await (await api.login('jinjiang')).get(`/api/transfers/${id}`), 404, 'NOT_FOUND');

    // Q21: one open transfer per member, naming who initiated it.
    const again = await wuhou.post('/api/transfers', { memberId: t.m1.id, type: 'employment', toOrgId: employer.id });
    expectError(again, 409, 'TRANSFER_ALREADY_OPEN');
    expect(again.body.message).toContain('uni1');

    // Q16: the approval view shows the member's contacts and the orgs' admins.
    const view = await emp.get(`/api/transfers/${id}`);
    expect(view.body.member).toMatchObject({ name: '张一', phone: '13812345678', currentOrgId: t.branch1.id });
    expect(view.body.fromOrgAdmins.map((a: Json) => a.username)).toEqual(['branch1']);

    expectError(await uni1.post(`/api/transfers/${id}/approve`), 403, 'REVIEW_NOT_ALLOWED');
    const ok = await emp.post(`/api/transfers/${id}/approve`);
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('approved');
    await expectAnswerAsStored(emp, ok);
    const moved = await wuhou.get(`/api/members/${t.m1.id}`);
    expect(moved.body).toMatchObject({ orgId: employer.id, destination: 'employment', schoolOrgId: t.uni1.id });
    expectError(await emp.post(`/api/transfers/${id}/approve`), 409, 'TRANSFER_NOT_PENDING');
    const history = await wuhou.get(`/api/members/${t.m1.id}/transfers`);
    expect(history.body.items[0]).toMatchObject({ id, status: 'approved', initiatorUsername: 'uni1' });
  });

  it('finds receiving orgs by name anywhere in the tree, names and places only (§3)', async () => {
    const jj = await api.login('jinjiang');
    const found = await jj.get(`/api/transfers/targets?q=${encodeURIComponent('示例科技')}`);
    expect(found.status).toBe(200);
    expect(found.body).toEqual([
      expect.objectContaining({ id: employer.id, name: '示例科技公司团支部', regionCode: '510107', regionName: '武侯区' }),
    ]);
    expect(Object.keys(found.body[0]).sort()).toEqual([
      'context',
      'id',
      'industry',
      'kind',
      'name',
      'parentName',
      'placeName',
      'purpose',
      'regionCode',
      'regionName',
    ]);
    const schools = await jj.get(`/api/transfers/targets?q=${encodeURIComponent('大学')}&type=further_study`);
    expect(schools.body.map((o: Json) => o.id)).toEqual([newStudents2.id]);
    expectError(await jj.get('/api/transfers/targets?q=x'), 400, 'VALIDATION_FAILED');
  });

  it('rejecting needs a reason, shown to the initiator (Q15, Q20)', async () => {
    const m = await member(t.branch1.id, '退回甲');
    const tr = await uni1.create('/api/transfers', { memberId: m.id, type: 'employment', toOrgId: employer.id });
    const emp = await api.login('employer');
    expectError(await emp.post(`/api/transfers/${tr.id}/reject`, { reason: '  ' }), 422, 'REJECT_REASON_REQUIRED');
    const res = await emp.post(`/api/transfers/${tr.id}/reject`, { reason: '岗位尚未确定，请转临时团支部' });
    expect(res.body).toMatchObject({ status: 'rejected', reason: '岗位尚未确定，请转临时团支部' });
    await expectAnswerAsStored(emp, res);
    expect((await uni1.get(`/api/transfers/${tr.id}`)).body.reason).toBe('岗位尚未确定，请转临时团支部');
  });

  it('the initiator or the member withdraws while pending (Q13, Q21)', async () => {
    const m = await member(t.branch1.id, '撤销乙');
    await admin.create('/api/users', { username: 'chexiao', password: PASSWORD, memberId: m.id });
    const tr = await uni1.create('/api/transfers', { memberId: m.id, type: 'employment', toOrgId: employer.id });
    expectError(await wuhou.post(`/api/transfers/${tr.id}/withdraw`), 403, 'WITHDRAW_NOT_ALLOWED');
    const self = await api.login('chexiao');
    expect((await self.get('/api/transfers?box=mine')).body.items.map((x: Json) => x.id)).toEqual([tr.id]);
    const res = await self.post(`/api/transfers/${tr.id}/withdraw`);
    expect(res.body.status).toBe('withdrawn');
    // A member initiates their own transfer once the old one is withdrawn.
    const own = await self.post('/api/transfers', { memberId: m.id, type: 'employment', toOrgId: employer.id });
    expect(own.status).toBe(201);
  });

  it('routes by the guide: further study never goes to a township org (§2.2)', async () => {
    const m = await member(t.branch1.id, '升学丙');
    expectError(
      await uni1.post('/api/transfers', { memberId: m.id, type: 'further_study', toOrgId: street.id }),
      422,
      'FURTHER_STUDY_TO_TOWNSHIP',
    );
    expectError(
      await uni1.post('/api/transfers', { memberId: m.id, type: 'further_study', toOrgId: t.branch2.id }),
      422,
      'FURTHER_STUDY_NEEDS_NEW_STUDENTS_ORG',
    );
    expectError(await uni1.post('/api/transfers', { memberId: m.id, type: 'employment' }), 400, 'TRANSFER_TARGET_REQUIRED');
    expect((await uni1.post('/api/transfers', { memberId: m.id, type: 'further_study', toOrgId: newStudents2.id })).status).toBe(201);
  });

  it('the receiving side may initiate for a member it cannot otherwise see, naming it by ID number and full name (Q21, §5)', async () => {
    const uni2 = await api.login('uni2');
    expectError(await uni2.get(`/api/members/${t.m3.id}`), 404, 'NOT_FOUND');
    const m3 = (await admin.get(`/api/members/${t.m3.id}`)).body;
    const res = await uni2.post('/api/transfers', {
      member: { idCardNumber: m3.idCardNumber, name: m3.name },
      type: 'further_study',
      toOrgId: newStudents2.id,
    });
    expect(res.status).toBe(201);
    const jj = await api.login('jinjiang');
    expect((await jj.get('/api/transfers?box=outgoing')).body.items.map((x: Json) => x.id)).toContain(res.body.id);
    // An admin on neither side gets 404, whatever the member.
    const employer = await api.login('employer');
    expectError(await employer.post('/api/transfers', { memberId: t.m2.id, type: 'employment', toOrgId: t.branch3.id }), 404, 'NOT_FOUND');
  });

  it('a transfer to Beijing names the org there and is reviewed in that system (Q17)', async () => {
    const m = await member(t.branch1.id, '北京丁');
    expectError(
      await uni1.post('/api/transfers', {
        memberId: m.id,
        type: 'employment',
        external: { provinceCode: '51', orgFullName: '四川某单位团支部' },
      }),
      422,
      'EXTERNAL_PROVINCE_NOT_SEPARATE',
    );
    const res = await uni1.post('/api/transfers', {
      memberId: m.id,
      type: 'employment',
      external: { provinceCode: '11', orgFullName: '北京市海淀区某科技有限公司团支部' },
    });
    expect(res.status).toBe(201);
    expect(res.body.external).toEqual({ provinceCode: '110000', orgFullName: '北京市海淀区某科技有限公司团支部' });
    await expectAnswerAsStored(uni1, res);
    expectError(await admin.post(`/api/transfers/${res.body.id}/approve`), 409, 'EXTERNAL_REVIEWED_ELSEWHERE');
  });

  it('from 1 October an unreviewed transfer is returned after 10 days; earlier ones never (§3.2.3)', async () => {
    const early = await member(t.branch1.id, '早戊');
    const late = await member(t.branch1.id, '晚己');
    await api.setClock('2026-09-25T10:00:00+08:00');
    const t1 = await uni1.create('/api/transfers', { memberId: early.id, type: 'employment', toOrgId: employer.id });
    await api.setClock('2026-10-02T10:00:00+08:00');
    const t2 = await uni1.create('/api/transfers', { memberId: late.id, type: 'employment', toOrgId: employer.id });
    await api.setClock('2026-10-12T10:00:01+08:00');
    expectError(await wuhou.post('/api/jobs/expire-transfers'), 403, 'FORBIDDEN');
    const swept = await admin.post('/api/jobs/expire-transfers');
    expect(swept.status).toBe(200);
    expect(swept.body.ids).toEqual([t2.id]);
    expect((await uni1.get(`/api/transfers/${t2.id}`)).body.status).toBe('expired');
    expect((await uni1.get(`/api/transfers/${t1.id}`)).body.status).toBe('pending');
    // Returned: it must be initiated again.
    expect((await uni1.post('/api/transfers', { memberId: late.id, type: 'employment', toOrgId: employer.id })).status).toBe(201);
    await api.setClock('2026-06-15T10:00:00+08:00');
  });

  it('a box narrowed by the member’s name: those whose name begins with it, counted as the box (转接管理’s search)', async () => {
    const a = await member(t.branch1.id, '检索甲');
    const b = await member(t.branch1.id, '检索乙');
    const other = await member(t.branch1.id, '另一检索');
    for (const m of [a, b, other]) await uni1.create('/api/transfers', { memberId: m.id, type: 'employment', toOrgId: employer.id });
    const found = await uni1.get(`/api/transfers?box=mine&q=${encodeURIComponent('检索')}`);
    expect(found.body.items.map((x: Json) => x.memberId).sort()).toEqual([a.id, b.id].sort());
    expect(found.body.total).toBe(2);
    const one = await uni1.get(`/api/transfers?box=mine&status=pending&q=${encodeURIComponent(' 检索乙 ')}`);
    expect(one.body.items.map((x: Json) => x.memberName)).toEqual(['检索乙']);
    // Another box of the same caller, and another caller's box, narrow the same way.
    expect((await uni1.get(`/api/transfers?box=outgoing&q=${encodeURIComponent('另一')}`)).body.items.map((x: Json) => x.memberId)).toEqual(
      [other.id],
    );
    expect((await (await api.login('employer')).get(`/api/transfers?box=incoming&q=${encodeURIComponent('检索')}`)).body.total).toBe(2);
    // LIKE's wildcards are characters like any other.
    expect((await uni1.get(`/api/transfers?box=mine&q=${encodeURIComponent('%')}`)).body.total).toBe(0);
    expect((await uni1.get(`/api/transfers?box=mine&q=${encodeURIComponent('检_')}`)).body.total).toBe(0);
    expectError(await uni1.get(`/api/transfers?box=mine&q=${'检'.repeat(51)}`), 400, 'VALIDATION_FAILED');
  });
});
