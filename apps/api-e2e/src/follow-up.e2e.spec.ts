import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Json, PASSWORD, TestApi, expectAnswerAsStored, expectError, idCard } from './support/harness';
import { Tree, seedTree } from './support/fixtures';

// Issue 11, "Missing": the guide's lists, check-in, abroad reports, the three provinces,
// special units, admin contacts, graduates orgs on 1 June, committee targets, the calendar.
describe('the rest of the guide (DOMAIN.md §2–§5, issue 11)', () => {
  let api: TestApi;
  let admin: Client;
  let t: Tree;
  let uni1: Client;
  let firm: Client;
  let firmCommittee: Json;
  let firmBranch: Json;
  let abroad: Json;
  let countyMobile: Json;
  let townMobile: Json;

  const JUNE = '2026-06-15T10:00:00+08:00';
  const member = (orgId: string, name: string) =>
    admin.create('/api/members', { orgId, name, idCardNumber: idCard(), phone: '13900000000', emergencyContact: '家长 13900000001' });
  const ids = (res: { body: { items: Json[] } }, key = 'memberId') => res.body.items.map((x) => x[key]);
  /** Approved into `to` by an admin of the receiving side (the outgoing school initiates). */
  const moveInto = async (m: Json, type: string, to: Json, approver: Client) => {
    const tr = await uni1.create('/api/transfers', { memberId: m.id, type, toOrgId: to.id });
    const ok = await approver.post(`/api/transfers/${tr.id}/approve`);
    if (ok.status !== 200) throw new Error(`approve: ${ok.status} ${JSON.stringify(ok.body)}`);
    return tr;
  };

  beforeAll(async () => {
    api = await TestApi.start();
    await api.setClock(JUNE);
    admin = await api.admin();
    t = await seedTree(api, admin);
    uni1 = await api.login('uni1');
    firmCommittee = await admin.create('/api/orgs', {
      parentId: t.wuhou.id,
      name: '示例科技公司团委',
      kind: 'committee',
      level: 'base',
      industry: 'enterprise',
    });
    firmBranch = await admin.create('/api/orgs', {
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
    firm = await api.login('firm');
    abroad = await admin.create('/api/orgs', {
      parentId: t.uni1.id,
      name: '第一大学出国（境）学习研究团员团支部',
      kind: 'branch',
      level: 'base',
      purpose: 'abroad_study',
    });
    countyMobile = await admin.create('/api/orgs', {
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
    townMobile = await admin.create('/api/orgs', {
      parentId: street.id,
      name: '簇桥街道流动团员团支部',
      kind: 'branch',
      level: 'base',
      purpose: 'mobile',
    });
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

  it('lists county mobile members past a year and township mobile members to follow up after a month, overdue after a year (§3)', async () => {
    await api.setClock('2026-09-01T10:00:00+08:00');
    const wuhou = await api.login('wuhou');
    const employed = await member(t.branch1.id, '县流动');
    const idle = await member(t.branch1.id, '乡流动');
    await moveInto(employed, 'employment', countyMobile, wuhou);
    await moveInto(idle, 'unemployed', townMobile, wuhou);
    await api.setClock('2026-10-01T10:00:00+08:00');
    expect(ids(await wuhou.get('/api/members/overdue?list=township_mobile'))).toEqual([]);
    await api.setClock('2026-10-02T10:00:00+08:00');
    expect((await wuhou.get('/api/members/overdue?list=township_mobile')).body.items).toEqual([
      expect.objectContaining({ memberId: idle.id, status: 'follow_up', dueBy: '2027-09-01' }),
    ]);
    expect(ids(await wuhou.get('/api/members/overdue?list=county_mobile'))).toEqual([]);
    await api.setClock('2027-09-02T10:00:00+08:00');
    expect((await wuhou.get('/api/members/overdue?list=township_mobile')).body.items).toEqual([
      expect.objectContaining({ memberId: idle.id, status: 'overdue' }),
    ]);
    expect((await wuhou.get('/api/members/overdue?list=county_mobile')).body.items).toEqual([
      expect.objectContaining({ memberId: employed.id, status: 'overdue', since: '2026-09-01', overdueSince: '2027-09-02' }),
    ]);
    // In scope only; a list or org outside it is refused.
    const jinjiang = await api.login('jinjiang');
    expect((await jinjiang.get('/api/members/overdue?list=county_mobile')).body).toEqual({ items: [], total: 0 });
    expectError(await jinjiang.get(`/api/members/overdue?list=county_mobile&orgId=${countyMobile.id}`), 404, 'NOT_FOUND');
    expectError(await wuhou.get('/api/members/overdue?list=everything'), 400, 'VALIDATION_FAILED');
    const xlsx = await wuhou.get('/api/members/overdue/export?list=county_mobile');
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    await api.setClock(JUNE);
  });

  it('lists no one whose start the domain does not know: a member recorded in a county mobile or abroad branch without a transfer into it (issue 22 defect 6)', async () => {
    // countyMobileStatus and abroadSilenceStatus start from receipt by transfer (or, abroad, the
    // last report); the lists once fell back to the record's creation instead.
    const wuhou = await api.login('wuhou');
    const recordedMobile = await member(countyMobile.id, '县流动直录');
    const recordedAbroad = await member(abroad.id, '留学直录');
    const reported = await member(abroad.id, '留学有报告');
    expect((await uni1.post(`/api/members/${reported.id}/abroad-reports`, { date: '2026-06-15', note: '在读' })).status).toBe(201);
    await api.setClock('2029-06-01T10:00:00+08:00');
    expect(ids(await wuhou.get('/api/members/overdue?list=county_mobile'))).not.toContain(recordedMobile.id);
    const silent = (await uni1.get('/api/members/overdue?list=abroad_silent')).body.items as Json[];
    expect(silent.map((r) => r['memberId'])).not.toContain(recordedAbroad.id);
    // Silent a year since the last report: listed from the report, as abroadSilenceStatus says.
    expect(silent.find((r) => r['memberId'] === reported.id)).toMatchObject({ since: '2026-06-15', dueBy: '2027-06-15' });
    await api.setClock(JUNE);
  });

  it('turns marked branches into graduates orgs on 1 June (or when marked, if later), so an emptied one is prompted for deletion (§4 Interpretation)', async () => {
    await api.setClock('2026-03-01T10:00:00+08:00');
    const early = await admin.create('/api/orgs', { parentId: t.college1.id, name: '信息2022级2班团支部', kind: 'branch', level: 'base' });
    const leaver = await member(early.id, '早毕业');
    expect((await uni1.put(`/api/orgs/${early.id}/graduation`, { graduationDate: '2026-06-30' })).status).toBe(200);
    expect((await uni1.get(`/api/orgs/${early.id}`)).body.purpose).toBeNull();
    await api.setClock('2026-05-31T23:00:00+08:00');
    expect((await admin.post('/api/jobs/graduates-orgs')).body.ids).not.toContain(early.id);
    await api.setClock('2026-06-01T08:00:00+08:00');
    expectError(await uni1.post('/api/jobs/graduates-orgs'), 403, 'FORBIDDEN');
    expect((await admin.post('/api/jobs/graduates-orgs')).body.ids).toContain(early.id);
    expect((await uni1.get(`/api/orgs/${early.id}`)).body.purpose).toBe('graduates');
    // Marked after 1 June: a graduates org at once. Mixed branches are not.
    const late = await admin.create('/api/orgs', { parentId: t.college1.id, name: '信息2022级3班团支部', kind: 'branch', level: 'base' });
    const mixed = await admin.create('/api/orgs', {
      parentId: t.college1.id,
      name: '信息2022级混合班团支部',
      kind: 'branch',
      level: 'base',
    });
    expect((await uni1.put(`/api/orgs/${late.id}/graduation`, { graduationDate: '2026-06-30' })).status).toBe(200);
    expect((await uni1.put(`/api/orgs/${mixed.id}/graduation`, { graduationDate: '2026-06-30', mixed: true })).status).toBe(200);
    expect((await uni1.get(`/api/orgs/${late.id}`)).body.purpose).toBe('graduates');
    expect((await uni1.get(`/api/orgs/${mixed.id}`)).body.purpose).toBeNull();
    // Undone with its marking: cleared, made mixed, or moved to a year whose 1 June has not come.
    const purposeOf = async (id: string) => (await uni1.get(`/api/orgs/${id}`)).body.purpose;
    expect((await uni1.put(`/api/orgs/${late.id}/graduation`, { graduationDate: null })).status).toBe(200);
    expect(await purposeOf(late.id)).toBeNull();
    expect((await uni1.put(`/api/orgs/${late.id}/graduation`, { graduationDate: '2026-06-30' })).status).toBe(200);
    expect(await purposeOf(late.id)).toBe('graduates');
    expect((await uni1.put(`/api/orgs/${late.id}/graduation`, { graduationDate: '2026-06-30', mixed: true })).status).toBe(200);
    expect(await purposeOf(late.id)).toBeNull();
    expect((await uni1.put(`/api/orgs/${late.id}/graduation`, { graduationDate: '2026-06-30', mixed: false })).status).toBe(200);
    expect((await uni1.put(`/api/orgs/${late.id}/graduation`, { graduationDate: '2027-06-30' })).status).toBe(200);
    expect(await purposeOf(late.id)).toBeNull();
    expect((await admin.get(`/api/audit?entityId=${late.id}`)).body.items.map((e: Json) => e.action)).toEqual(
      expect.arrayContaining(['org.graduates', 'org.graduates.revert']),
    );
    // A graduates org made by hand is not the rule's to undo.
    const byHand = await admin.create('/api/orgs', {
      parentId: t.college1.id,
      name: '2026届毕业生团支部',
      kind: 'branch',
      level: 'base',
      purpose: 'graduates',
    });
    expect((await uni1.put(`/api/orgs/${byHand.id}/graduation`, { graduationDate: '2026-06-30', mixed: true })).status).toBe(200);
    expect(await purposeOf(byHand.id)).toBe('graduates');
    // Everyone leaves: the org is prompted for deletion and can go.
    await moveInto(leaver, 'employment', firmBranch, firm);
    const children = (await uni1.get(`/api/orgs/${t.college1.id}/children`)).body;
    expect((children.items ?? children).find((o: Json) => o.id === early.id)).toMatchObject({ dueForDeletion: true });
    expect((await uni1.delete(`/api/orgs/${early.id}`)).status).toBe(204);
    await api.setClock(JUNE);
  });

  it('tells the season’s phase and key dates at the server clock (§5; guide §1, §3)', async () => {
    await api.setClock('2027-02-10T10:00:00+08:00');
    expect((await uni1.get('/api/calendar')).body).toMatchObject({
      today: '2027-02-10',
      phase: 'off_season',
      season: { year: 2026, receivingCompleteBy: '2026-09-30' },
    });
    await api.setClock(JUNE);
    expect((await uni1.get('/api/calendar')).body).toMatchObject({
      today: '2026-06-15',
      phase: 'initiation',
      season: {
        year: 2026,
        initiationEnd: '2026-08-31',
        receivingCompleteBy: '2026-09-30',
        furtherStudyCompleteBy: '2026-10-31',
        autoReturnFrom: '2026-10-01',
      },
      autoReturnDays: 10,
      newStudentsDeadlineMonths: 1,
    });
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
