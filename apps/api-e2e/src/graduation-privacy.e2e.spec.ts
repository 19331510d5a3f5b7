import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestApi } from './support/harness';
import { Tree, apiWithTree } from './support/fixtures';

describe('saving a member’s graduation date answers with personal data masked (§2)', () => {
  let api: TestApi;
  let t: Tree;

  beforeAll(async () => {
    ({ api, t } = await apiWithTree('2026-06-01T09:00:00+08:00'));
  });
  afterAll(() => api?.close());

  it('masks the ID number, the phone and the emergency contact’s phone in the answer of PUT /members/:id/graduation', async () => {
    const uni2 = await api.login('uni2');
    await uni2.patch(`/api/members/${t.m2.id}`, { emergencyContact: '母亲 13787654321' });
    const full = (await uni2.get(`/api/members/${t.m2.id}`)).body;
    expect((await uni2.put(`/api/orgs/${t.branch2.id}/graduation`, { graduationDate: '2026-06-30', mixed: true })).status).toBe(200);
    const res = await uni2.put(`/api/members/${t.m2.id}/graduation`, { graduationDate: '2026-06-30' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: t.m2.id,
      graduationDate: '2026-06-30',
      phone: '138****5678',
      emergencyContact: '母亲 137****4321',
    });
    expect(res.body.idCardNumber).toBe(`${full.idCardNumber.slice(0, 4)}**********${full.idCardNumber.slice(-4)}`);
    expect(JSON.stringify(res.body)).not.toContain(full.idCardNumber);
    expect(JSON.stringify(res.body)).not.toContain('13812345678');
  });
});
