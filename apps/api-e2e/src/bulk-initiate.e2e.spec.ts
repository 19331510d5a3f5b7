import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Json, PASSWORD, TestApi, expectError, idCard } from './support/harness';
import { Tree, apiWithTree, enterpriseBranch } from './support/fixtures';

/**
 * Issue 23 item 2: a school initiates a class's transfers to one destination in one step
 * (`POST /api/transfers/bulk`), each decided by the rules of its own initiation (§5, Q21, §3)
 * and answered per member; 催办 for many at once (`POST /api/transfers/remind-many`).
 */
describe('发起转接 and 催办 for many (issue 23 item 2)', () => {
  let api: TestApi;
  let admin: Client;
  let t: Tree;
  let uni1: Client;
  let employer: Json;
  let classmates: Json[];

  beforeAll(async () => {
    ({ api, admin, t } = await apiWithTree('2026-07-01T10:00:00+08:00'));
    uni1 = await api.login('uni1');
    employer = await enterpriseBranch(admin, t.jinjiang.id, '锦江批量接收公司团支部');
    await admin.create('/api/users', { username: 'bulk-employer', password: PASSWORD, orgId: employer.id });
    classmates = [];
    for (let i = 0; i < 5; i++)
      classmates.push(
        await admin.create('/api/members', { orgId: t.branch1.id, name: `批量${i}`, idCardNumber: idCard(), joinDate: '2019-05-04' }),
      );
    expect((await uni1.put(`/api/orgs/${t.branch1.id}/graduation`, { graduationDate: '2026-06-30' })).status).toBe(200);
  });
  afterAll(() => api?.close());

  it('creates each member’s transfer as its own would be, and names each refusal per member', async () => {
    // One of the class already has an open transfer (Q21); m2 is another school's (outside scope).
    const open = await uni1.create('/api/transfers', { memberId: classmates[4]?.id, type: 'employment', toOrgId: employer.id });
    const ids = [...classmates.map((m) => m.id), t.m2.id];
    const res = await uni1.post('/api/transfers/bulk', { memberIds: ids, type: 'employment', toOrgId: employer.id });
    expect(res.status).toBe(200);
    expect(res.body.created.map((x: Json) => x['memberId']).sort()).toEqual(
      classmates
        .slice(0, 4)
        .map((m) => m.id)
        .sort(),
    );
    for (const x of res.body.created as Json[])
      expect(x).toMatchObject({
        status: 'pending',
        type: 'employment',
        toOrgId: employer.id,
        fromOrgId: t.branch1.id,
        decidingSide: 'receiving',
      });
    const refused = new Map((res.body.refused as Json[]).map((r) => [r['memberId'], r['code']]));
    expect(refused).toEqual(
      new Map([
        [classmates[4]?.id, 'TRANSFER_ALREADY_OPEN'],
        [t.m2.id, 'NOT_FOUND'],
      ]),
    );
    // The same rows as single initiations: both sides find them, each in its member's history.
    const receiving = await api.login('bulk-employer');
    const box = (await receiving.get('/api/transfers?box=decide&pageSize=100')).body.items.map((x: Json) => x['id']);
    for (const x of res.body.created as Json[]) expect(box).toContain(x.id);
    expect(box).toContain(open.id);
    expect((await admin.get(`/api/members/${t.m2.id}/transfers`)).body.total).toBe(0);
  });

  it('催办 for many: each reminded as its own reminder would be, once a day', async () => {
    const pending = (await uni1.get('/api/transfers?box=mine&status=pending&pageSize=100')).body.items.map((x: Json) => x.id);
    expect(pending.length).toBe(5);
    const first = await uni1.post('/api/transfers/remind-many', { ids: pending });
    expect(first.body.reminded.sort()).toEqual([...pending].sort());
    const again = await uni1.post('/api/transfers/remind-many', { ids: pending });
    expect(again.body.reminded).toEqual([]);
    expect(new Set(again.body.refused.map((r: Json) => r['code']))).toEqual(new Set(['REMINDER_ALREADY_TODAY']));
  });

  it('refuses bad requests whole and changes nothing', async () => {
    const before = (await uni1.get('/api/transfers?box=mine&pageSize=1')).body.total;
    expectError(
      await uni1.post('/api/transfers/bulk', { memberIds: [classmates[0]?.id], type: 'employment' }),
      400,
      'TRANSFER_TARGET_REQUIRED',
    );
    expectError(
      await uni1.post('/api/transfers/bulk', {
        memberIds: Array.from({ length: 101 }, () => classmates[0]?.id),
        type: 'employment',
        toOrgId: employer.id,
      }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await uni1.post('/api/transfers/bulk', { memberIds: [], type: 'employment', toOrgId: employer.id }),
      400,
      'VALIDATION_FAILED',
    );
    expect((await uni1.get('/api/transfers?box=mine&pageSize=1')).body.total).toBe(before);
  });
});
