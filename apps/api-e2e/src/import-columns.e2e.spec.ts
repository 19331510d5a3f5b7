import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Json, TestApi, idCard } from './support/harness';
import { Tree, apiWithTree } from './support/fixtures';

describe('member import: 毕业时间 and 毕业去向 columns, phone numbers checked', () => {
  let api: TestApi;
  let admin: Client;
  let t: Tree;
  let uni1: Client;
  let mixed: Json;
  let plain: Json;

  const row = (name: string, extra: Record<string, unknown> = {}) => ({
    name,
    idCardNumber: idCard('510107', '2004-02-14'),
    phone: '13812345678',
    ...extra,
  });

  beforeAll(async () => {
    ({ api, admin, t } = await apiWithTree('2026-06-01T09:00:00+08:00'));
    uni1 = await api.login('uni1');
    mixed = await admin.create('/api/orgs', { parentId: t.college1.id, name: '信息2022级混合班团支部', kind: 'branch', level: 'base' });
    plain = await admin.create('/api/orgs', { parentId: t.college1.id, name: '信息2022级2班团支部', kind: 'branch', level: 'base' });
    expect((await uni1.put(`/api/orgs/${mixed.id}/graduation`, { graduationDate: '2026-06-30', mixed: true })).status).toBe(200);
    expect((await uni1.put(`/api/orgs/${plain.id}/graduation`, { graduationDate: '2026-06-30' })).status).toBe(200);
  });
  afterAll(() => api?.close());

  it('refuses a phone that is neither a mobile nor a landline number, row by row', async () => {
    const rows = [
      row('甲', { phone: '12345' }),
      row('乙', { phone: '1381234567' }),
      row('丙', { phone: '028-85551234' }),
      row('丁', { phone: '+8613812345678' }),
    ];
    const res = await uni1.post('/api/members/import', { orgId: plain.id, rows, dryRun: true });
    expect(res.status).toBe(200);
    expect(res.body.errors.map((e: Json) => [e['row'], e['field'], e['code']])).toEqual([
      [1, 'phone', 'INVALID_VALUE'],
      [2, 'phone', 'INVALID_VALUE'],
    ]);
    expect(res.body.errors[0].message).toContain('手机号格式不正确');
  });

  it('a mixed branch takes each member’s own 毕业时间 and the 毕业去向 by its Chinese label (Q11)', async () => {
    const rows = [
      row('混合一', { graduationDate: '2026-06-20', destination: '就业' }),
      row('混合二', { graduationDate: '2027-06-30', destination: '升学' }),
      row('混合三'),
    ];
    const res = await uni1.post('/api/members/import', { orgId: mixed.id, rows });
    expect(res.body).toMatchObject({ ok: true, created: 3 });
    const list = (await uni1.get(`/api/members?orgId=${mixed.id}&pageSize=10`)).body.items as Json[];
    const byName = new Map(list.map((m) => [m['name'], m]));
    const detail = async (name: string) => (await uni1.get(`/api/members/${(byName.get(name) as Json).id}`)).body;
    expect(await detail('混合一')).toMatchObject({ graduationDate: '2026-06-20', destination: 'employment' });
    expect(await detail('混合二')).toMatchObject({ graduationDate: '2027-06-30', destination: 'further_study' });
    expect(await detail('混合三')).toMatchObject({ graduationDate: null, destination: null });
  });

  it('a plain branch keeps its own date: a different 毕业时间 is refused, the same one accepted; unknown destinations refused', async () => {
    const rows = [
      row('普通一', { graduationDate: '2026-06-30', destination: 'employment' }),
      row('普通二', { graduationDate: '2026-07-15' }),
      row('普通三', { destination: '去火星' }),
      row('普通四', { graduationDate: '2026-13-01' }),
    ];
    const res = await uni1.post('/api/members/import', { orgId: plain.id, rows, dryRun: true });
    expect(res.body.errors.map((e: Json) => [e['row'], e['field']])).toEqual([
      [2, 'graduationDate'],
      [3, 'destination'],
      [4, 'graduationDate'],
    ]);
    expect(res.body.errors[0].message).toContain('2026-06-30');
    const ok = await uni1.post('/api/members/import', { orgId: plain.id, rows: [rows[0]] });
    expect(ok.body).toMatchObject({ ok: true, created: 1 });
    const found = (await uni1.get(`/api/members?orgId=${plain.id}&q=${encodeURIComponent('普通一')}`)).body.items[0] as Json;
    expect((await uni1.get(`/api/members/${found.id}`)).body).toMatchObject({ graduationDate: '2026-06-30', destination: 'employment' });
  });
});
