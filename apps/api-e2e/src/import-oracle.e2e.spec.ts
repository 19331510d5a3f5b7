import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ID_LOOKUP_RATION_PER_DAY } from '@zhtj/domain';
import { Client, TestApi, expectError, idCard } from './support/harness';
import { Tree, apiWithTree } from './support/fixtures';

/**
 * Issue 10 item 10: the import must not answer "which of these 5,000 ID numbers are registered
 * anywhere in the country". The dry run reports only duplicates in the caller's scope; a write
 * that collides outside it fails whole with one generic answer naming no row, is audited, and
 * such failures draw on the daily ration of the caller's org subtree (DOMAIN.md §5).
 */
describe('member import is no national ID-number oracle', () => {
  let api: TestApi;
  let admin: Client;
  let t: Tree;
  let uni2: Client;
  let foreignId: string;

  const row = (idCardNumber: string, name = '导入者') => ({ name, idCardNumber, phone: '13800000000', joinDate: '2019-05-04' });

  beforeAll(async () => {
    ({ api, admin, t } = await apiWithTree('2026-06-01T09:00:00+08:00'));
    uni2 = await api.login('uni2');
    foreignId = (await admin.get(`/api/members/${t.m3.id}`)).body.idCardNumber as string;
  });
  afterAll(() => api?.close());

  it('a dry run of registered and unregistered numbers outside the scope answers the same', async () => {
    const unregistered = idCard();
    const a = await uni2.post('/api/members/import', { orgId: t.branch2.id, rows: [row(foreignId)], dryRun: true });
    const b = await uni2.post('/api/members/import', { orgId: t.branch2.id, rows: [row(unregistered)], dryRun: true });
    expect(a.status).toBe(200);
    expect(a.body).toEqual(b.body);
    expect(a.body.ok).toBe(true);
  });

  it('a write colliding outside the scope fails whole, names no row, writes nothing and is audited', async () => {
    const rows = [row(idCard(), '甲'), row(foreignId, '乙'), row(idCard(), '丙')];
    const before = (await uni2.get(`/api/members?orgId=${t.branch2.id}&pageSize=1`)).body.total;
    const res = await uni2.post('/api/members/import', { orgId: t.branch2.id, rows });
    expectError(res, 409, 'MEMBER_IMPORT_CONFLICT');
    expect(JSON.stringify(res.body)).not.toContain(foreignId);
    expect(res.body.details).toBeUndefined();
    expect((await uni2.get(`/api/members?orgId=${t.branch2.id}&pageSize=1`)).body.total).toBe(before);
    const audit = await (await api.login('wuhou')).get('/api/audit?pageSize=100');
    expect(audit.body.items.map((a: { action: string }) => a.action)).toContain('member.import_conflict');
  });

  it('such failures are rationed per org subtree (429 after the daily allowance)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < ID_LOOKUP_RATION_PER_DAY + 2; i++)
      statuses.push((await uni2.post('/api/members/import', { orgId: t.branch2.id, rows: [row(foreignId)] })).status);
    expect(statuses).toContain(429);
    // The write test above spent one already.
    expect(statuses.filter((s) => s === 409).length).toBe(ID_LOOKUP_RATION_PER_DAY - 1);
  });

  it('creating one member with a number registered elsewhere draws on the same allowance', async () => {
    // The allowance is spent by the previous test: a single create is no way around it.
    const res = await uni2.post('/api/members', { orgId: t.branch2.id, name: '单个', idCardNumber: foreignId, joinDate: '2019-05-04' });
    expectError(res, 429, 'TOO_MANY_REQUESTS');
  });
});
