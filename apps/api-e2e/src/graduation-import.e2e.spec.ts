import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ID_LOOKUP_RATION_PER_DAY } from '@zhtj/domain';
import { Client, Json, PASSWORD, TestApi, expectError, idCard } from './support/harness';
import { Tree, apiWithTree } from './support/fixtures';

interface RowError {
  row: number;
  field: string;
  code: string;
  message: string;
}

/**
 * Issue 23 item 1: the graduation update import (`POST /api/members/graduation/import`) — 毕业时间
 * and 毕业去向 for graduates already registered, named by ID number. Like the member import: a dry
 * run that checks every row, a per-row report, and an all-or-nothing write. Each row is decided by
 * DOMAIN.md §4 (who may mark the branch, Q22/Q24; a member's own date only in a mixed branch, Q11);
 * a number outside the caller's scope is answered exactly as a number registered nowhere.
 */
describe('graduation update import by ID number (issue 23 item 1)', () => {
  let api: TestApi;
  let admin: Client;
  let t: Tree;
  let uni1: Client;
  let mixed: Json;
  /** ID numbers (unmasked) by name. */
  const ids: Record<string, string> = {};
  const member = async (orgId: string, name: string): Promise<Json> => {
    const idCardNumber = idCard();
    ids[name] = idCardNumber;
    return admin.create('/api/members', { orgId, name, idCardNumber, joinDate: '2019-05-04' });
  };
  let c1: Json;
  let c3: Json;
  let mx1: Json;
  let mx2: Json;
  let teacher: Json;

  beforeAll(async () => {
    ({ api, admin, t } = await apiWithTree('2026-06-15T10:00:00+08:00'));
    uni1 = await api.login('uni1');
    ids['张一'] = (await admin.get(`/api/members/${t.m1.id}`)).body.idCardNumber as string;
    ids['李二'] = (await admin.get(`/api/members/${t.m2.id}`)).body.idCardNumber as string;
    c1 = await member(t.branch1.id, '班员一');
    c3 = await member(t.branch1.id, '班员三');
    teacher = await member(t.branch1.id, '辅导员');
    mixed = await admin.create('/api/orgs', { parentId: t.college1.id, name: '信息2021级混合班团支部', kind: 'branch', level: 'base' });
    mx1 = await member(mixed.id, '混合甲');
    mx2 = await member(mixed.id, '混合乙');
    expect((await uni1.put(`/api/orgs/${t.branch1.id}/graduation`, { graduationDate: '2026-06-30' })).status).toBe(200);
    expect((await uni1.put(`/api/orgs/${mixed.id}/graduation`, { graduationDate: '2026-06-30', mixed: true })).status).toBe(200);
    expect((await uni1.put(`/api/members/${teacher.id}/graduation`, { mark: 'teacher' })).status).toBe(200);
  });
  afterAll(() => api?.close());

  const good = () => [
    { idCardNumber: ids['张一'], destination: '就业' },
    // Q11: a mixed branch dates its members one by one.
    { idCardNumber: ids['混合甲'], name: '混合甲', graduationDate: '2027-06-30', destination: '升学' },
    // The branch's own date for a member of a regular branch changes nothing of the date.
    { idCardNumber: ids['班员三'].toLowerCase(), graduationDate: '2026-06-30', destination: 'unemployed' },
  ];

  it('the dry run checks every row and reports each problem with the rule that refuses it; nothing is written', async () => {
    const unregistered = idCard();
    const rows = [
      ...good(),
      { idCardNumber: ids['班员一'], graduationDate: '2026-07-15' },
      { idCardNumber: ids['李二'], destination: '就业' },
      { idCardNumber: unregistered, destination: '就业' },
      { idCardNumber: ids['张一'].slice(0, 17) + (ids['张一'].endsWith('0') ? '1' : '0'), destination: '就业' },
      { idCardNumber: ids['张一'], destination: '升学' },
      { idCardNumber: ids['混合乙'], name: '别人', destination: '就业' },
      { idCardNumber: ids['辅导员'], destination: '就业' },
      { idCardNumber: idCard(), destination: '去火星' },
      { idCardNumber: idCard(), destination: '延迟毕业' },
      { idCardNumber: idCard() },
      { idCardNumber: idCard(), graduationDate: '2040-06-30' },
      { destination: '就业' },
    ];
    const res = await uni1.post('/api/members/graduation/import', { rows, dryRun: true });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: false, total: 15, dryRun: true, changed: 0, unchanged: 0 });
    const errors = res.body.errors as RowError[];
    expect(errors.map((e) => [e.row, e.field, e.code])).toEqual([
      [4, 'graduationDate', 'BRANCH_NOT_MIXED'],
      [5, 'idCardNumber', 'MEMBER_NOT_FOUND'],
      [6, 'idCardNumber', 'MEMBER_NOT_FOUND'],
      [7, 'idCardNumber', 'ID_CARD_CHECKSUM'],
      [8, 'idCardNumber', 'DUPLICATE_IN_FILE'],
      [9, 'name', 'INVALID_VALUE'],
      [10, 'destination', 'MEMBER_MARK_NOT_GRADUATE'],
      [11, 'destination', 'INVALID_VALUE'],
      [12, 'destination', 'INVALID_VALUE'],
      [13, 'destination', 'REQUIRED'],
      [14, 'graduationDate', 'GRADUATION_DATE_OUT_OF_RANGE'],
      [15, 'idCardNumber', 'REQUIRED'],
    ]);
    const at = (row: number) => errors.find((e) => e.row === row) as RowError;
    // The rule that refuses a date in a regular branch names the branch and its date (§4, Q11).
    expect(at(4).message).toContain('不是混合型支部');
    expect(at(4).message).toContain('2026-06-30');
    // A member outside the scope (uni2's) and a number registered nowhere: the same answer.
    expect(at(5).message).toBe(at(6).message);
    expect(JSON.stringify(res.body)).not.toContain('李二');
    expect(at(9).message).toContain('混合乙');
    expect(at(12).message).toContain('管理下级组织');
    for (const m of [t.m1, mx1, c3]) expect((await uni1.get(`/api/members/${m.id}`)).body.destination).toBeNull();

    // Only the good rows: all can be written, three members change.
    const ok = await uni1.post('/api/members/graduation/import', { rows: good(), dryRun: true });
    expect(ok.body).toEqual({ ok: true, total: 3, errors: [], changed: 3, unchanged: 0, dryRun: true });
  });

  it('a write with a bad row is refused whole (422 with the report) and changes no member', async () => {
    const rows = [...good(), { idCardNumber: ids['班员一'], graduationDate: '2026-07-15' }];
    const res = await uni1.post('/api/members/graduation/import', { rows });
    expectError(res, 422, 'GRADUATION_IMPORT_INVALID');
    expect(res.body.details.report).toMatchObject({
      ok: false,
      total: 4,
      dryRun: false,
      errors: [{ row: 4, field: 'graduationDate', code: 'BRANCH_NOT_MIXED' }],
    });
    expect((await uni1.get(`/api/members/${t.m1.id}`)).body.destination).toBeNull();
    expect((await uni1.get(`/api/members/${mx1.id}`)).body).toMatchObject({ graduationDate: null, destination: null });
  });

  it('a clean file is written in one go, every change audited; the same file again changes nothing', async () => {
    const res = await uni1.post('/api/members/graduation/import', { rows: good() });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ ok: true, total: 3, errors: [], changed: 3, unchanged: 0, dryRun: false });
    expect((await uni1.get(`/api/members/${t.m1.id}`)).body).toMatchObject({ destination: 'employment', graduationDate: '2026-06-30' });
    expect((await uni1.get(`/api/members/${mx1.id}`)).body).toMatchObject({ destination: 'further_study', graduationDate: '2027-06-30' });
    expect((await uni1.get(`/api/members/${c3.id}`)).body).toMatchObject({ destination: 'unemployed', graduationDate: '2026-06-30' });
    expect((await uni1.get(`/api/members/${mx2.id}`)).body).toMatchObject({ destination: null, graduationDate: null });
    const audit = (await uni1.get(`/api/audit?entityId=${mx1.id}`)).body.items as { action: string; before: Json; after: Json }[];
    const entry = audit.find((a) => a.action === 'member.graduation' && a.after['source'] === 'import');
    expect(entry?.before).toMatchObject({ graduationDate: null, destination: null });
    expect(entry?.after).toMatchObject({ graduationDate: '2027-06-30', destination: 'further_study' });

    const again = await uni1.post('/api/members/graduation/import', { rows: good() });
    expect(again.body).toMatchObject({ ok: true, changed: 0, unchanged: 3 });
    const after = (await uni1.get(`/api/audit?entityId=${mx1.id}`)).body.items as { action: string }[];
    expect(after.filter((a) => a.action === 'member.graduation').length).toBe(audit.filter((a) => a.action === 'member.graduation').length);
  });

  it('the rules of §4 decide who may: the branch’s own admin per row (Q24(1)), a member account not at all; bad input is 400', async () => {
    const own = await api.login('branch1');
    const res = await own.post('/api/members/graduation/import', {
      rows: [{ idCardNumber: ids['班员一'], destination: '升学' }],
      dryRun: true,
    });
    expect(res.body.errors).toMatchObject([{ row: 1, field: 'destination', code: 'OWN_BRANCH_ADMIN' }]);
    await admin.create('/api/users', { username: 'import-self', password: PASSWORD, memberId: c1.id });
    expectError(
      await (
        await api.login('import-self')
      ).post('/api/members/graduation/import', { rows: [{ idCardNumber: ids['班员一'], destination: '升学' }] }),
      403,
      'FORBIDDEN',
    );
    expectError(await uni1.post('/api/members/graduation/import', { rows: [] }), 400, 'VALIDATION_FAILED');
    expectError(
      await uni1.post('/api/members/graduation/import', { rows: Array.from({ length: 5001 }, () => ({ idCardNumber: ids['班员一'] })) }),
      400,
      'VALIDATION_FAILED',
    );
    expect((await uni1.get(`/api/members/${c1.id}`)).body.destination).toBeNull();
  });

  it('writes by ID number stop with the org subtree’s daily lookup ration (§5), as the member import does; the dry run does not', async () => {
    // uni2 spends Wuhou's ration (uni1 shares it: one county subtree) on imports colliding outside it.
    const uni2 = await api.login('uni2');
    const foreign = (await admin.get(`/api/members/${t.m3.id}`)).body.idCardNumber as string;
    for (let i = 0; i < ID_LOOKUP_RATION_PER_DAY; i++) {
      await uni2.post('/api/members/import', {
        orgId: t.branch2.id,
        rows: [{ name: '冲突', idCardNumber: foreign, joinDate: '2019-05-04' }],
      });
    }
    expectError(
      await uni1.post('/api/members/graduation/import', { rows: [{ idCardNumber: ids['混合乙'], destination: '就业' }] }),
      429,
      'TOO_MANY_REQUESTS',
    );
    expect(
      (await uni1.post('/api/members/graduation/import', { rows: [{ idCardNumber: ids['混合乙'], destination: '就业' }], dryRun: true }))
        .body,
    ).toMatchObject({ ok: true, changed: 1 });
    expect((await uni1.get(`/api/members/${mx2.id}`)).body.destination).toBeNull();
  });
});
