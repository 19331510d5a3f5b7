import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransferDecidedByMarking1765600000022 } from '@zhtj/api/db';
import { Client, Json, PASSWORD, TestApi, expectError, idCard, withMigrationUndone } from './support/harness';
import { Tree, apiWithTree } from './support/fixtures';

describe('graduation marking (DOMAIN.md §4, Q11, Q22–Q25)', () => {
  let api: TestApi;
  let admin: Client;
  let t: Tree;
  let school: Client;
  let county: Client;
  let oneBranchSchool: Json;
  let primaryBranch: Json;
  let emptyIndustryBranch: Json;
  let enterpriseBranch: Json;

  beforeAll(async () => {
    ({ api, admin, t } = await apiWithTree('2026-06-01T10:00:00+08:00'));
    school = await api.login('uni1');
    county = await api.login('wuhou');
    const org = (parentId: string, name: string, extra: object) =>
      admin.create('/api/orgs', { parentId, name, kind: 'branch', level: 'base', ...extra });
    oneBranchSchool = await org(t.wuhou.id, '武侯职业中学团支部', { industry: 'vocational' });
    const primary = await admin.create('/api/orgs', {
      parentId: t.wuhou.id,
      name: '武侯实验小学团委',
      kind: 'committee',
      level: 'base',
      industry: 'primary',
    });
    primaryBranch = await org(primary.id, '少先队辅导员团支部', {});
    emptyIndustryBranch = await org(t.wuhou.id, '社区团支部', {});
    enterpriseBranch = await org(t.wuhou.id, '示例公司团支部', { industry: 'enterprise' });
    await admin.create('/api/users', { username: 'college1', password: PASSWORD, orgId: t.college1.id });
  });
  afterAll(() => api?.close());

  it('a school admin marks a branch and its members inherit the date (§4)', async () => {
    const res = await school.put(`/api/orgs/${t.branch1.id}/graduation`, { graduationDate: '2026-06-30' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ graduationDate: '2026-06-30', mixed: false, membersUpdated: 1 });
    expect((await school.get(`/api/members/${t.m1.id}`)).body.graduationDate).toBe('2026-06-30');
    expect((await school.get(`/api/orgs/${t.branch1.id}`)).body.graduationDate).toBe('2026-06-30');
  });

  it('an admin of any school-domain org above the branch may mark it (Q24(1))', async () => {
    const college = await api.login('college1');
    expect((await college.put(`/api/orgs/${t.branch1.id}/graduation`, { graduationDate: '2026-06-28' })).status).toBe(200);
  });

  it('the branch’s own admin may not mark it (Q24(1))', async () => {
    const own = await api.login('branch1');
    expectError(await own.put(`/api/orgs/${t.branch1.id}/graduation`, { graduationDate: '2026-06-30' }), 403, 'OWN_BRANCH_ADMIN');
  });

  it('a county admin may not mark a school’s branch, but marks a whole-school branch it directly supervises (Q22(2))', async () => {
    expectError(await county.put(`/api/orgs/${t.branch1.id}/graduation`, { graduationDate: '2026-06-30' }), 403, 'MARK_NOT_ALLOWED');
    const res = await county.put(`/api/orgs/${oneBranchSchool.id}/graduation`, { graduationDate: '2026-07-01' });
    expect(res.status).toBe(200);
  });

  it('refuses a non-branch, a primary school, an empty industry and a non-school org (Q24(2), Q24(3))', async () => {
    expectError(await admin.put(`/api/orgs/${t.uni1.id}/graduation`, { graduationDate: '2026-06-30' }), 422, 'NOT_A_BRANCH');
    expectError(
      await county.put(`/api/orgs/${primaryBranch.id}/graduation`, { graduationDate: '2026-06-30' }),
      422,
      'PRIMARY_SCHOOL_NOT_ELIGIBLE',
    );
    expectError(
      await county.put(`/api/orgs/${emptyIndustryBranch.id}/graduation`, { graduationDate: '2026-06-30' }),
      422,
      'INDUSTRY_EMPTY',
    );
    expectError(
      await county.put(`/api/orgs/${enterpriseBranch.id}/graduation`, { graduationDate: '2026-06-30' }),
      422,
      'NOT_SCHOOL_DOMAIN',
    );
  });

  it('answers 404 outside scope and 400 for a bad date', async () => {
    const jj = await api.login('jinjiang');
    expectError(await jj.put(`/api/orgs/${t.branch1.id}/graduation`, { graduationDate: '2026-06-30' }), 404, 'NOT_FOUND');
    expectError(await school.put(`/api/orgs/${t.branch1.id}/graduation`, { graduationDate: '2026-13-45' }), 400, 'VALIDATION_FAILED');
    expectError(await school.put(`/api/orgs/${t.branch1.id}/graduation`, {}), 400, 'VALIDATION_FAILED');
  });

  it('a marked date can be changed later and every change is audited (Q25)', async () => {
    expect((await school.put(`/api/orgs/${t.branch1.id}/graduation`, { graduationDate: '2026-07-05' })).status).toBe(200);
    const audit = await school.get(`/api/audit?entityId=${t.branch1.id}`);
    const change = audit.body.items.find((a: { action: string }) => a.action === 'org.graduation.change');
    expect(change.before.graduationDate).toBe('2026-06-28');
    expect(change.after.graduationDate).toBe('2026-07-05');
    expect(change.actorUsername).toBe('uni1');
  });

  it('a mixed branch takes per-member dates (Q11)', async () => {
    const extra = await admin.create('/api/members', { orgId: t.branch2.id, name: '钱五', idCardNumber: idCard() });
    const uni2 = await api.login('uni2');
    const res = await uni2.put(`/api/orgs/${t.branch2.id}/graduation`, { graduationDate: '2026-06-30', mixed: true });
    expect(res.body).toMatchObject({ mixed: true, membersUpdated: 0 });
    const m2 = await uni2.put(`/api/members/${t.m2.id}/graduation`, { graduationDate: '2026-06-30' });
    expect(m2.status).toBe(200);
    expect(m2.body.graduationDate).toBe('2026-06-30');
    expect((await uni2.get(`/api/members/${extra.id}`)).body.graduationDate).toBeNull();
    // Not mixed: members are dated by the branch, not one by one.
    expectError(await school.put(`/api/members/${t.m1.id}/graduation`, { graduationDate: '2026-06-30' }), 409, 'BRANCH_NOT_MIXED');
    expectError(
      await (await api.login('branch1')).put(`/api/members/${t.m1.id}/graduation`, { destination: 'employment' }),
      403,
      'OWN_BRANCH_ADMIN',
    );
  });

  it('sets a graduate’s destination (毕业去向)', async () => {
    const res = await school.put(`/api/members/${t.m1.id}/graduation`, { destination: 'further_study' });
    expect(res.status).toBe(200);
    expect(res.body.destination).toBe('further_study');
    expectError(await school.put(`/api/members/${t.m1.id}/graduation`, { destination: 'moon' }), 400, 'VALIDATION_FAILED');
    expectError(await school.put(`/api/members/${t.m1.id}/graduation`, {}), 400, 'VALIDATION_FAILED');
  });

  it('a teacher is not a graduate: no date, and branch marking skips them (§4)', async () => {
    const teacher = await admin.create('/api/members', {
      orgId: t.branch1.id,
      name: '孙老师',
      idCardNumber: idCard('510107', '1999-02-02'),
    });
    const res = await school.put(`/api/members/${teacher.id}/graduation`, { mark: 'teacher' });
    expect(res.body).toMatchObject({ graduationMark: 'teacher', graduationDate: null });
    await school.put(`/api/orgs/${t.branch1.id}/graduation`, { graduationDate: '2026-07-06' });
    expect((await school.get(`/api/members/${teacher.id}`)).body.graduationDate).toBeNull();
    expect((await school.get(`/api/members/${t.m1.id}`)).body.graduationDate).toBe('2026-07-06');
  });

  it('the graduate mobile-member mark opens only after 31 July (§4)', async () => {
    expectError(await school.put(`/api/members/${t.m1.id}/graduation`, { mark: 'graduate_mobile' }), 422, 'GRADUATE_MOBILE_BEFORE_AUGUST');
    await api.setClock('2026-08-01T09:00:00+08:00');
    const res = await school.put(`/api/members/${t.m1.id}/graduation`, { mark: 'graduate_mobile' });
    expect(res.status).toBe(200);
    expect(res.body.graduationMark).toBe('graduate_mobile');
    await api.setClock('2026-06-01T10:00:00+08:00');
  });

  it('延迟毕业 moves the member into the school’s delayed org by an approved transfer (§2.7, Q18)', async () => {
    const m = await admin.create('/api/members', { orgId: t.branch1.id, name: '周延', idCardNumber: idCard() });
    expectError(await school.put(`/api/members/${m.id}/graduation`, { mark: 'delayed' }), 422, 'DELAYED_ORG_MISSING');
    const delayed = await school.create('/api/orgs', {
      parentId: t.uni1.id,
      name: '第一大学延迟毕业团组织',
      kind: 'branch',
      level: 'base',
      purpose: 'delayed_graduation',
    });
    const res = await school.put(`/api/members/${m.id}/graduation`, { mark: 'delayed' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      orgId: delayed.id,
      graduationMark: 'delayed',
      destination: 'delayed_graduation',
      graduationDate: null,
    });
    const history = await school.get(`/api/members/${m.id}/transfers`);
    expect(history.body.items).toHaveLength(1);
    expect(history.body.items[0]).toMatchObject({
      type: 'delayed_graduation',
      status: 'approved',
      fromOrgId: t.branch1.id,
      toOrgId: delayed.id,
      initiatorUsername: 'uni1',
      // Issue 21 item 9: the marking's own act, decided by no account (no self-approval in the data).
      decidedByMarking: true,
      deciderRole: null,
      deciderOrgName: null,
    });
    const rows: { decided_by: string | null; decided_by_marking: boolean }[] = await api.app
      .get(DataSource)
      .query(`SELECT decided_by, decided_by_marking FROM transfer WHERE id = $1`, [history.body.items[0].id]);
    expect(rows).toEqual([{ decided_by: null, decided_by_marking: true }]);
    const audit = await school.get(`/api/audit?entityId=${history.body.items[0].id}`);
    // Filed under both orgs, as the marking (not as an approval).
    expect(audit.body.items.map((a: { action: string }) => a.action)).toEqual(['graduation.mark_delayed', 'graduation.mark_delayed']);
    // Moves marked before the column existed (decided by their own initiator) are rewritten by its migration.
    const ds = api.app.get(DataSource);
    await withMigrationUndone(ds, new TransferDecidedByMarking1765600000022(), async () => {
      const old: { self: boolean }[] = await ds.query(`SELECT decided_by = initiated_by AS self FROM transfer WHERE id = $1`, [
        history.body.items[0].id,
      ]);
      expect(old).toEqual([{ self: true }]);
    });
    expect(await ds.query(`SELECT decided_by, decided_by_marking FROM transfer WHERE id = $1`, [history.body.items[0].id])).toEqual([
      { decided_by: null, decided_by_marking: true },
    ]);
    // A delayed member takes no graduation date.
    expectError(await school.put(`/api/members/${m.id}/graduation`, { graduationDate: '2027-06-30' }), 422, 'MEMBER_MARK_NOT_GRADUATE');
    const teacher = await admin.create('/api/members', {
      orgId: t.branch2.id,
      name: '郑老师',
      idCardNumber: idCard('510107', '1998-03-03'),
    });
    const uni2 = await api.login('uni2');
    await uni2.put(`/api/members/${teacher.id}/graduation`, { mark: 'teacher' });
    expectError(await uni2.put(`/api/members/${teacher.id}/graduation`, { graduationDate: '2026-06-30' }), 422, 'MEMBER_MARK_NOT_GRADUATE');
  });

  it('marks many branches in one action, all or nothing', async () => {
    const b = await school.create('/api/orgs', { parentId: t.college1.id, name: '信息2022级2班团支部', kind: 'branch', level: 'base' });
    const bad = await school.put('/api/orgs/graduation', { orgIds: [t.branch1.id, b.id, t.uni1.id], graduationDate: '2026-06-25' });
    expectError(bad, 422, 'GRADUATION_BULK_REFUSED');
    expect(bad.body.details.refusals).toEqual([{ orgId: t.uni1.id, code: 'NOT_A_BRANCH', name: '第一大学团委' }]);
    expect((await school.get(`/api/orgs/${b.id}`)).body.graduationDate).toBeNull();
    const ok = await school.put('/api/orgs/graduation', { orgIds: [t.branch1.id, b.id], graduationDate: '2026-06-25' });
    expect(ok.status).toBe(200);
    expect(ok.body.items.map((i: { graduationDate: string }) => i.graduationDate)).toEqual(['2026-06-25', '2026-06-25']);
    expect((await school.get(`/api/orgs/${b.id}`)).body.graduationDate).toBe('2026-06-25');
  });

  it('shows a school how far marking has got', async () => {
    const res = await school.get(`/api/orgs/${t.uni1.id}/graduation-overview`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ branches: 2, marked: 2, mixed: 0, unmarked: 0 });
    const uni2 = await (await api.login('uni2')).get(`/api/orgs/${t.uni2.id}/graduation-overview`);
    expect(uni2.body).toMatchObject({ branches: 1, mixed: 1, marked: 0 });
  });

  it('special-purpose orgs: one of each per school, temporary branches at employers (Q7)', async () => {
    await school.create('/api/orgs', {
      parentId: t.uni1.id,
      name: '第一大学新生团组织',
      kind: 'branch',
      level: 'base',
      purpose: 'new_students',
    });
    expectError(
      await school.post('/api/orgs', {
        parentId: t.college1.id,
        name: '又一个新生团组织',
        kind: 'branch',
        level: 'base',
        purpose: 'new_students',
      }),
      409,
      'PURPOSE_ORG_EXISTS',
    );
    await school.create('/api/orgs', {
      parentId: t.uni1.id,
      name: '第一大学出国（境）学习研究团员团支部',
      kind: 'branch',
      level: 'base',
      purpose: 'abroad_study',
    });
    const employer = await admin.create('/api/orgs', {
      parentId: t.wuhou.id,
      name: '示例集团团委',
      kind: 'committee',
      level: 'base',
      industry: 'enterprise',
    });
    await admin.create('/api/orgs', {
      parentId: employer.id,
      name: '示例集团临时团支部',
      kind: 'branch',
      level: 'base',
      purpose: 'temporary',
    });
    expectError(
      await admin.post('/api/orgs', { parentId: t.wuhou.id, name: '区临时团支部', kind: 'branch', level: 'base', purpose: 'temporary' }),
      422,
      'PURPOSE_NOT_ALLOWED',
    );
  });

  it('a graduates org everyone has left is flagged for deletion and can be deleted (§3, guide §4)', async () => {
    const grads = await school.create('/api/orgs', {
      parentId: t.uni1.id,
      name: '第一大学2026届毕业生团组织',
      kind: 'branch',
      level: 'base',
      purpose: 'graduates',
    });
    expect(grads.dueForDeletion).toBe(false);
    const m = await admin.create('/api/members', { orgId: grads.id, name: '吴毕', idCardNumber: idCard() });
    expect((await school.get(`/api/orgs/${grads.id}`)).body.dueForDeletion).toBe(false);
    expect((await school.put(`/api/members/${m.id}/graduation`, { mark: 'delayed' })).status).toBe(200);
    const after = await school.get(`/api/orgs/${grads.id}`);
    expect(after.body).toMatchObject({ memberCount: 0, dueForDeletion: true });
    // Marked branches became graduates orgs too (§4 Interpretation): find this one.
    const listed = await school.get('/api/orgs?purpose=graduates');
    expect(listed.body.items.find((o: { id: string }) => o.id === grads.id).dueForDeletion).toBe(true);
  });
});
