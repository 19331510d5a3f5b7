import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Json, PASSWORD, TestApi, expectError } from './support/harness';
import { Tree, apiWithTree, enterpriseBranch } from './support/fixtures';

/** Issue 10 item 13: the nationwide org directory hides special (涉密) orgs; graduation dates are bounded. */
describe('org directory and graduation dates', () => {
  let api: TestApi;
  let admin: Client;
  let t: Tree;
  let special: Json;

  beforeAll(async () => {
    ({ api, admin, t } = await apiWithTree('2026-06-15T10:00:00+08:00'));
    special = await admin.create('/api/orgs', {
      parentId: t.wuhou.id,
      name: '某涉密单位团委',
      kind: 'committee',
      level: 'base',
      industry: 'special',
    });
    await admin.create('/api/orgs', { parentId: special.id, name: '某涉密单位第一团支部', kind: 'branch', level: 'base' });
    await enterpriseBranch(admin, t.wuhou.id, '某公开单位团支部');
  });
  afterAll(() => api?.close());

  it('GET /api/transfers/targets lists no special org nor anything under one, to any caller', async () => {
    const branch1 = await api.login('branch1');
    for (const c of [branch1, admin]) {
      const res = await c.get(`/api/transfers/targets?q=${encodeURIComponent('单位')}`);
      expect(res.status).toBe(200);
      const names = (res.body as { name: string }[]).map((o) => o.name);
      expect(names).toContain('某公开单位团支部');
      expect(names.filter((n) => n.includes('涉密'))).toEqual([]);
    }
  });

  it('graduation dates such as 9999-12-31 are refused for branches and members', async () => {
    await admin.create('/api/users', { username: 'college1', password: PASSWORD, orgId: t.college1.id });
    const college = await api.login('college1');
    expectError(
      await college.put(`/api/orgs/${t.branch1.id}/graduation`, { graduationDate: '9999-12-31' }),
      400,
      'GRADUATION_DATE_OUT_OF_RANGE',
    );
    expectError(
      await college.put(`/api/orgs/${t.branch1.id}/graduation`, { graduationDate: '1900-06-30' }),
      400,
      'GRADUATION_DATE_OUT_OF_RANGE',
    );
    expect((await college.put(`/api/orgs/${t.branch1.id}/graduation`, { graduationDate: '2026-06-30', mixed: true })).status).toBe(200);
    expectError(
      await college.put(`/api/members/${t.m1.id}/graduation`, { graduationDate: '9999-12-31' }),
      400,
      'GRADUATION_DATE_OUT_OF_RANGE',
    );
  });
});
