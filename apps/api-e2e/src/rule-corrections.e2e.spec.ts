import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Json, TestApi, expectError, idCard } from './support/harness';
import { Tree, apiWithTree, enterpriseBranch, mobileBranches } from './support/fixtures';
import { addDays, isMemberOverdue, isSchoolDomain } from '@zhtj/domain';

// Issue 11, "Wrong today": each rule the API applied differently from the domain or DOMAIN.md.
describe('rules the API applies as the domain says (issue 11)', () => {
  let api: TestApi;
  let admin: Client;
  let t: Tree;
  let uni1: Client;
  let countyMobile: Json;
  let townMobile: Json;
  let employer: Json;

  const member = (orgId: string, name: string, extra: object = {}) =>
    admin.create('/api/members', { orgId, name, idCardNumber: idCard(), phone: '13900000000', ...extra });

  beforeAll(async () => {
    ({ api, admin, t } = await apiWithTree('2026-06-15T10:00:00+08:00'));
    uni1 = await api.login('uni1');
    // As the console creates it: a mobile branch directly under the county committee has level `base`.
    ({ countyMobile, townMobile } = await mobileBranches(admin, t));
    employer = await enterpriseBranch(admin, t.wuhou.id, '示例科技公司团支部');
  });
  afterAll(() => api?.close());

  it('treats a mobile branch under the county committee as the county’s: no employment before September, no unemployed (§1, §2.1)', async () => {
    const m = await member(t.branch1.id, '县流动');
    expectError(
      await uni1.post('/api/transfers', { memberId: m.id, type: 'employment', toOrgId: countyMobile.id }),
      422,
      'COUNTY_MOBILE_BEFORE_SEPTEMBER',
    );
    expectError(
      await uni1.post('/api/transfers', { memberId: m.id, type: 'unemployed', toOrgId: countyMobile.id }),
      422,
      'UNEMPLOYED_NEEDS_TOWNSHIP_MOBILE',
    );
    expect((await uni1.post('/api/transfers', { memberId: m.id, type: 'unemployed', toOrgId: townMobile.id })).status).toBe(201);
  });

  it('refuses general for a graduate leaving school in the graduation year; their destination’s type applies (§3)', async () => {
    const m = await member(t.branch2.id, '升学生');
    const uni2 = await api.login('uni2');
    expect((await uni2.put(`/api/orgs/${t.branch2.id}/graduation`, { graduationDate: '2026-06-30' })).status).toBe(200);
    expectError(
      await uni2.post('/api/transfers', { memberId: m.id, type: 'general', toOrgId: townMobile.id }),
      422,
      'GENERAL_NOT_FOR_GRADUATE',
    );
    expectError(
      await uni2.post('/api/transfers', { memberId: m.id, type: 'further_study', toOrgId: townMobile.id }),
      422,
      'FURTHER_STUDY_TO_TOWNSHIP',
    );
  });

  it('lets a member of 28 with a League post transfer, and does not list them as overdue (Q1)', async () => {
    const secretary = await member(t.branch1.id, '团支书', { idCardNumber: idCard('510107', '1996-01-01'), leaguePost: '团支部书记' });
    expect((await admin.get(`/api/members/${secretary.id}`)).body.leaguePost).toBe('团支部书记');
    const plain = await member(t.branch1.id, '超龄', { idCardNumber: idCard('510107', '1996-02-01') });
    const overdue = (await admin.get(`/api/members?overdue=true&orgId=${t.branch1.id}`)).body.items.map((x: Json) => x.id);
    expect(overdue).toContain(plain.id);
    expect(overdue).not.toContain(secretary.id);
    expect((await uni1.post('/api/transfers', { memberId: secretary.id, type: 'employment', toOrgId: employer.id })).status).toBe(201);
    expectError(
      await uni1.post('/api/transfers', { memberId: plain.id, type: 'employment', toOrgId: employer.id }),
      422,
      'MEMBERSHIP_LAPSED_AGE',
    );
  });

  it('keeps current students on overdue=false and agrees with the domain at month ends (§2.4: 30 June → overdue on 31 Dec)', async () => {
    const school3 = await api.login('uni1');
    const branch = await admin.create('/api/orgs', { parentId: t.uni1.id, name: '2026届未就业班', kind: 'branch', level: 'base' });
    const student = await member(branch.id, '在校生');
    const retained = await member(branch.id, '留校');
    expect((await school3.put(`/api/orgs/${branch.id}/graduation`, { graduationDate: '2026-06-30', mixed: true })).status).toBe(200);
    expect(
      (await school3.put(`/api/members/${retained.id}/graduation`, { graduationDate: '2026-06-30', destination: 'unemployed' })).status,
    ).toBe(200);
    const ids = async (q: string) => (await admin.get(`/api/members?orgId=${branch.id}&${q}`)).body.items.map((x: Json) => x.id);
    expect(await ids('overdue=false')).toEqual(expect.arrayContaining([student.id, retained.id]));
    await api.setClock('2026-12-30T12:00:00+08:00');
    expect(await ids('overdue=true')).toEqual([]);
    await api.setClock('2026-12-31T12:00:00+08:00');
    expect(await ids('overdue=true')).toEqual([retained.id]);
    expect(await ids('overdue=false')).toEqual([student.id]);
    // The overdue list says the same, with the day it fell due.
    const list = await admin.get(`/api/members/overdue?list=school_retention&orgId=${branch.id}`);
    expect(list.body.items).toMatchObject([{ memberId: retained.id, status: 'overdue', dueBy: '2026-12-30', overdueSince: '2026-12-31' }]);
    await api.setClock('2026-06-15T10:00:00+08:00');
  });

  it('deletes an emptied graduates org although members have left it (members are counted active, as the list does)', async () => {
    const grads = await admin.create('/api/orgs', {
      parentId: t.uni1.id,
      name: '2025届毕业生团组织',
      kind: 'branch',
      level: 'base',
      purpose: 'graduates',
    });
    const gone = await member(grads.id, '离团者');
    expect((await admin.post(`/api/members/${gone.id}/leave`, { reason: '超龄离团' })).status).toBe(201);
    const listed = (await admin.get(`/api/orgs/${t.uni1.id}/children`)).body;
    expect((listed.items ?? listed).find((o: Json) => o.id === grads.id)).toMatchObject({ memberCount: 0 });
    expect((await uni1.delete(`/api/orgs/${grads.id}`)).status).toBe(204);
    // The member who left stays on record, under the parent org.
    expect((await admin.get(`/api/members/${gone.id}`)).body).toMatchObject({ status: 'left', orgId: t.uni1.id });
  });

  it('returns a transfer initiated in January after 10 days: it belongs to last season (§3.2.3, by cohort year)', async () => {
    const m = await member(t.branch1.id, '一月发起');
    await api.setClock('2027-01-10T10:00:00+08:00');
    const tr = await uni1.create('/api/transfers', { memberId: m.id, type: 'employment', toOrgId: employer.id });
    await api.setClock('2027-01-20T10:00:01+08:00');
    expect((await admin.post('/api/jobs/expire-transfers')).body.ids).toContain(tr.id);
    // County mobile branches keep receiving employment January–August of the next year (§2.1).
    const again = await uni1.post('/api/transfers', { memberId: m.id, type: 'employment', toOrgId: countyMobile.id });
    expect(again.status).toBe(201);
    await api.setClock('2026-06-15T10:00:00+08:00');
  });

  it('filters overdue in SQL exactly as the domain’s isMemberOverdue, on generated members and month-end dates (§2.4, Q1)', async () => {
    await api.setClock('2026-06-15T10:00:00+08:00');
    const uni2 = await api.login('uni2');
    const branch = await admin.create('/api/orgs', { parentId: t.uni2.id, name: '生成数据混合班', kind: 'branch', level: 'base' });
    expect((await uni2.put(`/api/orgs/${branch.id}/graduation`, { graduationDate: '2026-06-30', mixed: true })).status).toBe(200);
    // A seeded generator (no Math.random): births around the 28th birthday, graduations around 6 months back.
    let seed = 11;
    const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    const people: { id: string; birthDate: string; leaguePost: string | null; graduationDate: string | null; unemployed: boolean }[] = [];
    for (let i = 0; i < 40; i++) {
      const birthDate = addDays('1998-06-01', next(700)) as string;
      const leaguePost = next(4) === 0 ? '团支部委员' : null;
      const m = await admin.create('/api/members', {
        orgId: branch.id,
        name: `生成${i}`,
        idCardNumber: idCard('510107', birthDate),
        ...(leaguePost ? { leaguePost } : {}),
      });
      const graduationDate = next(5) === 0 ? null : (addDays('2026-05-01', next(520)) as string);
      const unemployed = next(3) !== 0;
      if (graduationDate) {
        const res = await uni2.put(`/api/members/${m.id}/graduation`, {
          graduationDate,
          ...(unemployed ? { destination: 'unemployed' } : { destination: 'employment' }),
        });
        expect(res.status).toBe(200);
      }
      people.push({ id: m.id, birthDate, leaguePost, graduationDate, unemployed: unemployed && graduationDate !== null });
    }
    const branchIndustry = (await admin.get(`/api/orgs/${branch.id}`)).body.industry;
    let listed = 0;
    for (const today of ['2026-12-31', '2027-02-28', '2027-08-31', '2028-02-29', '2026-11-30']) {
      await api.setClock(`${today}T12:00:00+08:00`);
      const expected = people
        .filter((p) =>
          isMemberOverdue(
            {
              birthDate: p.birthDate,
              holdsLeaguePost: p.leaguePost !== null,
              retainedAtSchool: p.unemployed && isSchoolDomain(branchIndustry),
              graduationDate: p.graduationDate,
            },
            today,
          ),
        )
        .map((p) => p.id)
        .sort();
      const got = async (flag: boolean) =>
        ((await admin.get(`/api/members?orgId=${branch.id}&overdue=${flag}&pageSize=100`)).body.items as Json[]).map((x) => x.id).sort();
      expect(await got(true)).toEqual(expected);
      listed += expected.length;
      expect((await got(false)).length).toBe(people.length - expected.length);
    }
    expect(listed).toBeGreaterThan(10);
    await api.setClock('2026-06-15T10:00:00+08:00');
  });
});
