import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Json, TestApi, expectAnswerAsStored, expectError, idCard } from './support/harness';
import { Tree, newMember } from './support/fixtures';
import { JUNE, ids, movedInto, startFollowUp } from './support/follow-up';

// Issue 11, "Missing": check-in, abroad reports, the three provinces, special units, admin
// contacts, committee targets (the lists over time, graduates orgs on 1 June and the calendar:
// follow-up-season.e2e.spec.ts).
describe('the rest of the guide (DOMAIN.md §2–§5, issue 11)', () => {
  let api: TestApi;
  let admin: Client;
  let t: Tree;
  let uni1: Client;
  let firm: Client;
  let firmCommittee: Json;
  let firmBranch: Json;
  let abroad: Json;

  const member = (orgId: string, name: string) => newMember(admin, orgId, name);
  /** Approved into `to` by an admin of the receiving side (the outgoing school initiates). */
  const moveInto = (m: Json, type: string, to: Json, approver: Client) => movedInto(uni1, m, type, to, approver);

  beforeAll(async () => {
    ({ api, admin, t, uni1, firm, firmCommittee, firmBranch, abroad } = await startFollowUp());
  });
  afterAll(() => api?.close());

  it('targets the employer’s committee; the approver assigns a branch under it in the same step (§5, approve {branchId})', async () => {
    const m = await member(t.branch1.id, '只知团委');
    const tr = await uni1.create('/api/transfers', { memberId: m.id, type: 'employment', toOrgId: firmCommittee.id });
    const view = await firm.get(`/api/transfers/${tr.id}`);
    expect(view.body.assignBranch).toBe(true);
    // Q16: the admins' contact names and phones, not usernames alone.
    expect(view.body.toOrgAdmins).toEqual([
      expect.objectContaining({ username: 'firm', contactName: '王书记', contactPhone: '028-85550000' }),
    ]);
    expectError(await firm.post(`/api/transfers/${tr.id}/approve`), 422, 'BRANCH_REQUIRED');
    expectError(await firm.post(`/api/transfers/${tr.id}/approve`, { branchId: t.branch2.id }), 422, 'BRANCH_NOT_UNDER_TARGET');
    expectError(await firm.post(`/api/transfers/${tr.id}/approve`, { branchId: 'not-a-uuid' }), 400, 'VALIDATION_FAILED');
    const ok = await firm.post(`/api/transfers/${tr.id}/approve`, { branchId: firmBranch.id });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      status: 'approved',
      toOrgId: firmBranch.id,
      toOrgName: firmBranch.name,
      requestedOrgName: '示例科技公司团委',
    });
    await expectAnswerAsStored(firm, ok);
    expect((await firm.get(`/api/members/${m.id}`)).body.orgId).toBe(firmBranch.id);
    // A committee target is only for types whose destination may be a work unit (§3).
    const other = await member(t.branch1.id, '升学生');
    expectError(
      await uni1.post('/api/transfers', { memberId: other.id, type: 'further_study', toOrgId: firmCommittee.id }),
      422,
      'NOT_A_BRANCH',
    );
  });

  it('lets admins set their contact name and phone (Q16); only in scope', async () => {
    const users = await admin.get(`/api/users?orgId=${t.wuhou.id}`);
    const wuhouUser = users.body.items.find((u: Json) => u.username === 'wuhou');
    expect((await admin.put(`/api/users/${wuhouUser.id}/contact`, { contactName: '李干事', contactPhone: '13800000000' })).status).toBe(
      200,
    );
    expectError(await firm.put(`/api/users/${wuhouUser.id}/contact`, { contactName: '某', contactPhone: '13800000000' }), 404, 'NOT_FOUND');
    expectError(await admin.put(`/api/users/${wuhouUser.id}/contact`, { contactName: '', contactPhone: 'abc' }), 400, 'VALIDATION_FAILED');
  });

  it('records the offline check-in after approval; the history shows it; 30 days without is listed (Q10, Q16)', async () => {
    const late = await member(t.branch1.id, '未报到');
    const m = await member(t.branch1.id, '报到者');
    await moveInto(late, 'employment', firmBranch, firm);
    const tr = await moveInto(m, 'employment', firmBranch, firm);
    expectError(await firm.post(`/api/members/${m.id}/check-in`, { date: '2026-06-16' }), 400, 'DATE_IN_FUTURE');
    expectError(await firm.post(`/api/members/${m.id}/check-in`, { date: '2026-06-14' }), 400, 'DATE_BEFORE_TRANSFER');
    expectError(await firm.post(`/api/members/${m.id}/check-in`, { date: '15/06/2026' }), 400, 'VALIDATION_FAILED');
    // The old side no longer sees the member.
    expectError(await uni1.post(`/api/members/${m.id}/check-in`, { date: '2026-06-15' }), 404, 'NOT_FOUND');
    const ok = await firm.post(`/api/members/${m.id}/check-in`, { date: '2026-06-15' });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ memberId: m.id, transferId: tr.id, checkedInOn: '2026-06-15' });
    expectError(await firm.post(`/api/members/${m.id}/check-in`, { date: '2026-06-15' }), 409, 'ALREADY_CHECKED_IN');
    expect((await firm.get(`/api/members/${m.id}/transfers`)).body.items[0]).toMatchObject({ id: tr.id, checkedInOn: '2026-06-15' });
    // A member never received by a transfer has nothing to check in to.
    const local = await member(firmBranch.id, '本地团员');
    expectError(await firm.post(`/api/members/${local.id}/check-in`, { date: '2026-06-15' }), 409, 'NO_TRANSFER_TO_CHECK_IN');

    await api.setClock('2026-07-15T10:00:00+08:00');
    expect(ids(await firm.get('/api/members/overdue?list=check_in'))).not.toContain(late.id);
    await api.setClock('2026-07-16T10:00:00+08:00');
    const list = await firm.get('/api/members/overdue?list=check_in');
    expect(list.body.items).toContainEqual(
      expect.objectContaining({
        memberId: late.id,
        status: 'overdue',
        since: '2026-06-15',
        dueBy: '2026-07-15',
        overdueSince: '2026-07-16',
      }),
    );
    expect(ids(list)).not.toContain(m.id);
    expect(list.body.items[0].idCardNumber).toMatch(/\*{10}/);
    await api.setClock(JUNE);
  });

  it('keeps the abroad request with the transfer, shows it, and logs the member’s reports; a year silent is listed (§2.5)', async () => {
    const m = await member(t.branch1.id, '留学生');
    const branch1 = await api.login('branch1');
    const tr = await branch1.create('/api/transfers', {
      memberId: m.id,
      type: 'abroad_study',
      toOrgId: abroad.id,
      abroadRequest: { domesticContactName: '王父', domesticContactPhone: '13800000009' },
    });
    // §2.5, §5 (issue 21 item 8a): the domestic contact's phone is masked like every phone in a
    // list or answer; only the approval view of those who may decide it (the school committee) shows it whole.
    const masked = { domesticContactName: '王父', domesticContactPhone: '138****0009' };
    expect(tr).toMatchObject({ abroadRequest: masked });
    expect((await branch1.get('/api/transfers?box=outgoing')).body.items.find((x: Json) => x.id === tr.id).abroadRequest).toEqual(masked);
    expect((await uni1.get('/api/transfers?box=incoming')).body.items.find((x: Json) => x.id === tr.id).abroadRequest).toEqual(masked);
    expect((await branch1.get(`/api/transfers/${tr.id}`)).body.abroadRequest).toEqual(masked);
    expect((await uni1.get(`/api/transfers/${tr.id}`)).body.abroadRequest).toEqual({
      domesticContactName: '王父',
      domesticContactPhone: '13800000009',
    });
    expect((await uni1.post(`/api/transfers/${tr.id}/approve`)).status).toBe(200);
    expect((await uni1.get(`/api/members/${m.id}/transfers`)).body.items[0].abroadRequest).toEqual(masked);
    expect((await uni1.get(`/api/transfers/${tr.id}`)).body.abroadRequest).toEqual(masked);
    const audit = await admin.get(`/api/audit?entityId=${tr.id}&pageSize=100`);
    expect(audit.body.items.length).toBeGreaterThan(0);
    expect(JSON.stringify(audit.body)).not.toContain('13800000009');

    const other = await member(t.branch1.id, '非留学');
    expectError(await uni1.post(`/api/members/${other.id}/abroad-reports`, { date: '2026-06-15', note: '在读' }), 409, 'NOT_ABROAD_MEMBER');
    expectError(await uni1.post(`/api/members/${m.id}/abroad-reports`, { date: '2026-06-15', note: '' }), 400, 'VALIDATION_FAILED');
    expectError(await firm.post(`/api/members/${m.id}/abroad-reports`, { date: '2026-06-15', note: '在读' }), 404, 'NOT_FOUND');

    await api.setClock('2027-06-16T10:00:00+08:00');
    // A move inside the school asks for no offline check-in (Interpretation CHECK_IN_NOT_NEEDED_FOR).
    expect(ids(await uni1.get('/api/members/overdue?list=check_in'))).not.toContain(m.id);
    const silent = await uni1.get('/api/members/overdue?list=abroad_silent');
    expect(silent.body.items).toEqual([
      expect.objectContaining({ memberId: m.id, since: '2026-06-15', dueBy: '2027-06-15', overdueSince: '2027-06-16' }),
    ]);
    const report = await uni1.post(`/api/members/${m.id}/abroad-reports`, { date: '2027-06-16', note: '在英国读硕士，一切正常' });
    expect(report.status).toBe(201);
    expect(report.body).toMatchObject({ memberId: m.id, date: '2027-06-16', note: '在英国读硕士，一切正常' });
    expect((await uni1.get(`/api/members/${m.id}/abroad-reports`)).body.items.map((r: Json) => r.date)).toEqual(['2027-06-16']);
    expect(ids(await uni1.get('/api/members/overdue?list=abroad_silent'))).toEqual([]);
    await api.setClock(JUNE);
  });

  it('records Beijing, Guangdong and Fujian’s outcome on the outgoing side, and arrivals from them (Q17, §5)', async () => {
    const m = await member(t.branch1.id, '去广州');
    const external = { provinceCode: '44', orgFullName: '共青团广州市天河区委员会' };
    const tr1 = await uni1.create('/api/transfers', { memberId: m.id, type: 'employment', external });
    expectError(await firm.post(`/api/transfers/${tr1.id}/external-outcome`, { outcome: 'approved' }), 404, 'NOT_FOUND');
    expectError(await uni1.post(`/api/transfers/${tr1.id}/external-outcome`, { outcome: 'returned' }), 422, 'REJECT_REASON_REQUIRED');
    expectError(await uni1.post(`/api/transfers/${tr1.id}/external-outcome`, { outcome: 'maybe' }), 400, 'VALIDATION_FAILED');
    expect((await uni1.post(`/api/transfers/${tr1.id}/external-outcome`, { outcome: 'returned', reason: '单位名称有误' })).status).toBe(
      200,
    );
    expect((await uni1.get(`/api/transfers/${tr1.id}`)).body).toMatchObject({ status: 'rejected', reason: '单位名称有误' });
    // No longer blocks the member: initiated again and approved there.
    const tr2 = await uni1.create('/api/transfers', { memberId: m.id, type: 'employment', external });
    expect((await uni1.post(`/api/transfers/${tr2.id}/external-outcome`, { outcome: 'approved' })).status).toBe(200);
    expect((await uni1.get(`/api/transfers/${tr2.id}`)).body.status).toBe('approved');
    expect((await admin.get(`/api/members/${m.id}`)).body).toMatchObject({
      status: 'left',
      leftReason: expect.stringContaining('共青团广州市天河区委员会'),
    });
    expectError(await uni1.post(`/api/transfers/${tr2.id}/external-outcome`, { outcome: 'approved' }), 409, 'TRANSFER_NOT_PENDING');
    // A transfer inside the tree takes no external outcome.
    const inTree = await uni1.create('/api/transfers', {
      memberId: (await member(t.branch1.id, '树内')).id,
      type: 'employment',
      toOrgId: firmBranch.id,
    });
    expectError(await uni1.post(`/api/transfers/${inTree.id}/external-outcome`, { outcome: 'approved' }), 409, 'NOT_EXTERNAL_TRANSFER');

    // Arrivals: the receiving org records a member from Fujian as an approved incoming transfer.
    const arrival = await firm.post('/api/transfers/arrivals', {
      member: { name: '闽来', idCardNumber: idCard('350102', '2003-05-05') },
      toOrgId: firmBranch.id,
      type: 'employment',
      external: { provinceCode: '35', orgFullName: '共青团福州市鼓楼区委员会' },
    });
    expect(arrival.status).toBe(201);
    const arrived = await firm.get(`/api/members/${arrival.body.memberId}`);
    expect(arrived.body).toMatchObject({ orgId: firmBranch.id, status: 'active' });
    expect((await firm.get(`/api/members/${arrival.body.memberId}/transfers`)).body.items[0]).toMatchObject({
      status: 'approved',
      externalArrival: true,
      fromOrgName: '共青团福州市鼓楼区委员会',
      toOrgId: firmBranch.id,
    });
    expect((await firm.post(`/api/members/${arrival.body.memberId}/check-in`, { date: '2026-06-15' })).status).toBe(200);
    // The member who left for Guangdong comes back: active again, same record.
    const back = await firm.post('/api/transfers/arrivals', {
      member: { name: '去广州', idCardNumber: (await admin.get(`/api/members/${m.id}`)).body.idCardNumber },
      toOrgId: firmBranch.id,
      external,
    });
    expect(back.status).toBe(201);
    expect(back.body.memberId).toBe(m.id);
    expectError(
      await firm.post('/api/transfers/arrivals', {
        member: { name: '错省', idCardNumber: idCard() },
        toOrgId: firmBranch.id,
        external: { provinceCode: '50', orgFullName: '重庆' },
      }),
      422,
      'EXTERNAL_PROVINCE_NOT_SEPARATE',
    );
    expectError(
      await uni1.post('/api/transfers/arrivals', { member: { name: '越权', idCardNumber: idCard() }, toOrgId: firmBranch.id, external }),
      404,
      'NOT_FOUND',
    );
  });

  it('places a special-unit member in the province’s 专属库 on provincial approval, end to end (§2.3, Q12)', async () => {
    const library = await admin.create('/api/orgs', {
      parentId: t.province.id,
      name: '四川省特殊单位专属库',
      kind: 'branch',
      level: 'provincial',
      industry: 'special',
      purpose: 'special_library',
    });
    const m = await member(t.branch1.id, '参军者');
    expectError(
      await uni1.post('/api/transfers', { memberId: m.id, type: 'employment', toOrgId: library.id }),
      422,
      'SPECIAL_LIBRARY_ONLY_SPECIAL_UNIT',
    );
    const tr = await uni1.create('/api/transfers', { memberId: m.id, type: 'special_unit', toOrgId: library.id });
    expectError(await (await api.login('wuhou')).post(`/api/transfers/${tr.id}/approve`), 403, 'REVIEW_NOT_ALLOWED');
    expectError(await admin.post(`/api/transfers/${tr.id}/approve`), 403, 'SPECIAL_UNIT_NEEDS_PROVINCIAL_APPROVAL');
    const sc = await api.login('sc');
    expect((await sc.get('/api/transfers?box=incoming')).body.items.map((x: Json) => x.id)).toContain(tr.id);
    const ok = await sc.post(`/api/transfers/${tr.id}/approve`);
    expect(ok.status).toBe(200);
    expect((await sc.get(`/api/members/${m.id}`)).body).toMatchObject({ orgId: library.id, destination: 'special_unit' });
  });

  it('publishes the new routes in the OpenAPI document', async () => {
    const doc = await api.http.get('/api/docs-json');
    const paths = Object.keys(doc.body.paths);
    for (const p of [
      '/api/members/overdue',
      '/api/members/overdue/export',
      '/api/members/{id}/check-in',
      '/api/members/{id}/abroad-reports',
      '/api/transfers/{id}/external-outcome',
      '/api/transfers/arrivals',
      '/api/users/{id}/contact',
      '/api/jobs/graduates-orgs',
      '/api/calendar',
    ]) {
      expect(paths).toContain(p);
    }
  });
});
