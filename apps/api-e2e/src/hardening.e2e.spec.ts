import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Json, PASSWORD, TestApi, expectError, idCard } from './support/harness';
import { Tree, apiWithTree } from './support/fixtures';

/** Holes a review found, each shut and kept shut. */
describe('hardening (review findings)', () => {
  let api: TestApi;
  let admin: Client;
  let t: Tree;
  let newStudents2: Json;

  beforeAll(async () => {
    ({ api, admin, t } = await apiWithTree('2026-07-01T10:00:00+08:00'));
    newStudents2 = await admin.create('/api/orgs', {
      parentId: t.uni2.id,
      name: '第二大学新生团组织',
      kind: 'branch',
      level: 'base',
      purpose: 'new_students',
    });
  });
  afterAll(() => api?.close());

  it('a receiving-side request names the member by ID number and name, and is decided by the member’s side, never the receiving side (§5 two-party consent)', async () => {
    const uni2 = await api.login('uni2');
    expectError(
      await uni2.post('/api/transfers', { memberId: t.m3.id, type: 'further_study', toOrgId: newStudents2.id }),
      404,
      'NOT_FOUND',
    );
    const m3 = await admin.get(`/api/members/${t.m3.id}`);
    const named = {
      member: { idCardNumber: m3.body.idCardNumber as string, name: m3.body.name as string },
      type: 'further_study',
      toOrgId: newStudents2.id,
    };
    const tr = await uni2.create('/api/transfers', named);
    expectError(await uni2.post(`/api/transfers/${tr.id}/approve`), 403, 'PULL_DECIDED_BY_OUTGOING_SIDE');
    expectError(await uni2.get(`/api/members/${t.m3.id}`), 404, 'NOT_FOUND');
    // A second attempt says a transfer is open — not who opened it, nor when (§5: a blind pull learns nothing).
    const again = await uni2.post('/api/transfers', named);
    expectError(again, 409, 'TRANSFER_ALREADY_OPEN');
    expect(again.body.details).toBeUndefined();
    const wuhou = await api.login('wuhou');
    expectError(await wuhou.post(`/api/transfers/${tr.id}/approve`), 403, 'PULL_DECIDED_BY_OUTGOING_SIDE');
    const jj = await api.login('jinjiang');
    expect((await jj.post(`/api/transfers/${tr.id}/approve`)).status).toBe(200);
    expect((await uni2.get(`/api/members/${t.m3.id}`)).status).toBe(200);
  });

  it('after a move the old side keeps the transfer facts but not the member’s current contacts (Q16)', async () => {
    const jj = await api.login('jinjiang');
    const list = await jj.get('/api/transfers?box=outgoing&status=approved');
    const detail = await jj.get(`/api/transfers/${list.body.items[0].id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.member).toBeNull();
    expect(detail.body.toOrgName).toBe('第二大学新生团组织');
  });

  it('an emptied graduates org with transfer history can be deleted; the history keeps its name', async () => {
    const school = await api.login('uni1');
    const grads = await school.create('/api/orgs', {
      parentId: t.uni1.id,
      name: '第一大学2026届毕业生团组织',
      kind: 'branch',
      level: 'base',
      purpose: 'graduates',
    });
    const m = await admin.create('/api/members', { orgId: grads.id, name: '许毕', idCardNumber: idCard() });
    await school.create('/api/orgs', {
      parentId: t.uni1.id,
      name: '第一大学延迟毕业团组织',
      kind: 'branch',
      level: 'base',
      purpose: 'delayed_graduation',
    });
    expect((await school.put(`/api/members/${m.id}/graduation`, { mark: 'delayed' })).status).toBe(200);
    expect((await school.get(`/api/orgs/${grads.id}`)).body.dueForDeletion).toBe(true);
    expect((await school.delete(`/api/orgs/${grads.id}`)).status).toBe(204);
    const history = await school.get(`/api/members/${m.id}/transfers`);
    expect(history.body.items[0]).toMatchObject({ fromOrgId: null, fromOrgName: '第一大学2026届毕业生团组织', status: 'approved' });
  });

  it('parallel wrong passwords still lock the account', async () => {
    await admin.create('/api/users', { username: 'racer', password: PASSWORD, orgId: t.jinjiang.id });
    await Promise.all(
      Array.from({ length: 12 }, () => api.http.post('/api/auth/login').send({ username: 'racer', password: 'wrong-pass1' })),
    );
    // Locked for this address: the right password gets the answer of a wrong one.
    expectError(await api.http.post('/api/auth/login').send({ username: 'racer', password: PASSWORD }), 401, 'LOGIN_FAILED');
  });

  it('a wrong password and an unknown name get the same answer', async () => {
    const known = await api.http.post('/api/auth/login').send({ username: 'uni1', password: 'wrong-pass1' });
    const unknown = await api.http.post('/api/auth/login').send({ username: 'nobody-here', password: 'wrong-pass1' });
    expect(known.body).toEqual(unknown.body);
  });

  it('no account may take an ID number as its name (members log in with theirs)', async () => {
    const m1 = await admin.get(`/api/members/${t.m1.id}`);
    expectError(
      await admin.post('/api/users', { username: m1.body.idCardNumber, password: PASSWORD, orgId: t.uni2.id }),
      400,
      'USERNAME_LOOKS_LIKE_ID',
    );
    expect((await admin.post('/api/users', { username: m1.body.idCardNumber, password: PASSWORD, memberId: t.m1.id })).status).toBe(201);
  });

  it('an admin cannot widen its own scope by editing its own org', async () => {
    const wuhou = await api.login('wuhou');
    expectError(await wuhou.patch(`/api/orgs/${t.wuhou.id}`, { regionCode: '510100' }), 403, 'ORG_IS_SCOPE_ROOT');
    expectError(await wuhou.patch(`/api/orgs/${t.wuhou.id}`, { kind: 'working_committee' }), 403, 'ORG_IS_SCOPE_ROOT');
    expect((await wuhou.patch(`/api/orgs/${t.wuhou.id}`, { name: '共青团成都市武侯区委员会' })).status).toBe(200);
    expectError(await wuhou.get('/api/metrics/sx?year=2026&region=510100'), 404, 'NOT_FOUND');
  });

  it('a branch with members stays a branch', async () => {
    expectError(await admin.patch(`/api/orgs/${t.branch2.id}`, { kind: 'committee' }), 422, 'MEMBER_ORG_NOT_BRANCH');
  });

  it('the audit log masks ID numbers and phones', async () => {
    const audit = await admin.get(`/api/audit?entityId=${t.m1.id}`);
    const text = JSON.stringify(audit.body);
    expect(text).toMatch(/\d{4}\*{10}[\dX]{4}/);
    expect(text).not.toMatch(/"idCardNumber":"\d{17}[\dX]"/);
    expect(text).not.toContain('13812345678');
    expectError(await admin.get('/api/audit?from=2026-366'), 400, 'VALIDATION_FAILED');
  });

  it('a member with an open transfer cannot leave, and a left member cannot be moved', async () => {
    const m = await admin.create('/api/members', { orgId: t.branch1.id, name: '离团甲', idCardNumber: idCard() });
    await admin.create('/api/transfers', { memberId: m.id, type: 'general', toOrgId: t.branch2.id });
    expectError(await admin.post(`/api/members/${m.id}/leave`, { reason: '出国定居' }), 409, 'MEMBER_HAS_OPEN_TRANSFER');
  });

  it('a member probing other members’ ids gets 404, like a random id', async () => {
    await admin.create('/api/users', { username: 'prober', password: PASSWORD, memberId: t.m2.id });
    const me = await api.login('prober');
    expectError(await me.post('/api/transfers', { memberId: t.m1.id, type: 'general', toOrgId: t.branch2.id }), 404, 'NOT_FOUND');
  });
});
