import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Json, PASSWORD, TestApi, expectError, idCard } from './support/harness';
import { Tree, apiWithTree } from './support/fixtures';

/**
 * Issue 23 item 1: 毕业去向 for graduates who already exist, many at once (`PUT
 * /api/members/graduation`). Each member is decided as its own `PUT /members/:id/graduation`
 * would be (§4 Q22/Q24: whoever may mark its branch) and answered per member; the indicator a
 * graduate counts towards follows the destination (DOMAIN.md §6).
 */
describe('设置毕业去向 for a class (issue 23 item 1)', () => {
  let api: TestApi;
  let admin: Client;
  let t: Tree;
  let uni1: Client;
  let classmates: Json[];

  beforeAll(async () => {
    ({ api, admin, t } = await apiWithTree('2026-06-15T10:00:00+08:00'));
    uni1 = await api.login('uni1');
    classmates = [];
    for (const name of ['去向甲', '去向乙', '去向丙']) {
      classmates.push(await admin.create('/api/members', { orgId: t.branch1.id, name, idCardNumber: idCard(), joinDate: '2019-05-04' }));
    }
    expect((await uni1.put(`/api/orgs/${t.branch1.id}/graduation`, { graduationDate: '2026-06-30' })).status).toBe(200);
  });
  afterAll(() => api?.close());

  it('sets one destination for many graduates in one step; each refusal answered per member, nothing of a member outside scope', async () => {
    const ids = [...classmates.map((m) => m.id), t.m1.id, t.m2.id];
    const res = await uni1.put('/api/members/graduation', { memberIds: ids, destination: 'further_study' });
    expect(res.status).toBe(200);
    // m2 is uni2's: outside uni1's scope, answered like a member that does not exist.
    expect(res.body.updated.sort()).toEqual([...classmates.map((m) => m.id), t.m1.id].sort());
    expect(res.body.refused).toEqual([{ memberId: t.m2.id, name: null, code: 'NOT_FOUND', message: expect.any(String) }]);
    for (const m of classmates) expect((await uni1.get(`/api/members/${m.id}`)).body.destination).toBe('further_study');
    expect((await admin.get(`/api/members/${t.m2.id}`)).body.destination).toBeNull();
    const audit = await uni1.get(`/api/audit?entityId=${classmates[0]?.id}`);
    expect(audit.body.items.map((a: Json) => a['action'])).toContain('member.graduation');
  });

  it('the destination decides the indicator (§6): four further-study graduates of Wuhou count in SX’s B, none in XS’s E', async () => {
    const sx = (await admin.get('/api/metrics/sx?year=2026&region=510107')).body;
    const xs = (await admin.get('/api/metrics/xs?year=2026&region=510107')).body;
    // By hand: branch1 holds m1 and the three classmates, all marked 2026-06-30, none transferred.
    expect(sx.parts).toMatchObject({ A: 0, B: 4, C: 0 });
    expect(xs.parts).toMatchObject({ D: 0, E: 0, F: 0 });
    // Cleared again: they count towards XS (a graduate without a destination is society-bound).
    expect((await uni1.put('/api/members/graduation', { memberIds: classmates.map((m) => m.id), destination: null })).body.refused).toEqual(
      [],
    );
    expect((await admin.get('/api/metrics/xs?year=2026&region=510107')).body.parts).toMatchObject({ E: 3 });
  });

  it('whoever may not mark the branch is refused per member with the single route’s code (Q24(1)); bad input changes nothing', async () => {
    const own = await api.login('branch1');
    const res = await own.put('/api/members/graduation', { memberIds: [classmates[0]?.id], destination: 'employment' });
    expect(res.body).toMatchObject({ updated: [], refused: [{ memberId: classmates[0]?.id, name: '去向甲', code: 'OWN_BRANCH_ADMIN' }] });
    expectError(await own.put(`/api/members/${classmates[0]?.id}/graduation`, { destination: 'employment' }), 403, 'OWN_BRANCH_ADMIN');
    expectError(await uni1.put('/api/members/graduation', { memberIds: [], destination: 'employment' }), 400, 'VALIDATION_FAILED');
    expectError(
      await uni1.put('/api/members/graduation', { memberIds: [classmates[0]?.id], destination: 'astronaut' }),
      400,
      'VALIDATION_FAILED',
    );
    expect((await uni1.get(`/api/members/${classmates[0]?.id}`)).body.destination).toBeNull();
    // A member account may not.
    await admin.create('/api/users', { username: 'dest-member', password: PASSWORD, memberId: classmates[1]?.id });
    const self = await api.login('dest-member');
    const mine = await self.put('/api/members/graduation', { memberIds: [classmates[1]?.id], destination: 'employment' });
    expect(mine.body.updated ?? []).toEqual([]);
  });
});
