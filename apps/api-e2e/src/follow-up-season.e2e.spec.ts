import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Json, TestApi, expectError } from './support/harness';
import { Tree, newMember } from './support/fixtures';
import { JUNE, ids, movedInto, startFollowUp } from './support/follow-up';

// Issue 11, "Missing", over the season: the guide's mobile lists, graduates orgs on 1 June, the
// calendar (the rest: follow-up.e2e.spec.ts).
describe('the rest of the guide over the season (DOMAIN.md §3–§5, issue 11)', () => {
  let api: TestApi;
  let admin: Client;
  let t: Tree;
  let uni1: Client;
  let firm: Client;
  let firmBranch: Json;
  let abroad: Json;
  let countyMobile: Json;
  let townMobile: Json;

  const member = (orgId: string, name: string) => newMember(admin, orgId, name);
  /** Approved into `to` by an admin of the receiving side (the outgoing school initiates). */
  const moveInto = (m: Json, type: string, to: Json, approver: Client) => movedInto(uni1, m, type, to, approver);

  beforeAll(async () => {
    ({ api, admin, t, uni1, firm, firmBranch, abroad, countyMobile, townMobile } = await startFollowUp());
  });
  afterAll(() => api?.close());

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
});
