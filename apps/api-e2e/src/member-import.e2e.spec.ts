import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportReport, MemberImportRow } from '@zhtj/shared/contract';
import { Client, PASSWORD, TestApi, expectError, idCard } from './support/harness';
import { Tree, apiWithTree } from './support/fixtures';

const rowsOf = (n: number, region = '510107'): MemberImportRow[] =>
  Array.from({ length: n }, (_, i) => ({
    name: `导入${i + 1}`,
    idCardNumber: idCard(region, '2004-0' + ((i % 9) + 1) + '-1' + (i % 10)),
    phone: '13800000000',
    joinDate: '2019-05-04',
    partyMember: i % 10 === 0,
    emergencyContact: `家长 139${String(i).padStart(8, '0')}`,
  }));

const badChecksum = (id: string): string => id.slice(0, 17) + (id[17] === '0' ? '1' : '0');

describe('member import and export (Excel)', () => {
  let api: TestApi;
  let admin: Client;
  let t: Tree;

  beforeAll(async () => {
    ({ api, admin, t } = await apiWithTree('2026-06-01T09:00:00+08:00'));
  });
  afterAll(() => api?.close());

  const count = async (c: Client, orgId: string): Promise<number> => (await c.get(`/api/members?orgId=${orgId}&pageSize=1`)).body.total;

  it('a dry run reports every bad row (checksum, missing fields, duplicates, formats) and writes nothing', async () => {
    const uni1 = await api.login('uni1');
    const m1 = (await admin.get(`/api/members/${t.m1.id}`)).body;
    const m3 = (await admin.get(`/api/members/${t.m3.id}`)).body;
    const rows: Record<string, unknown>[] = rowsOf(12).map((r) => ({ ...r }));
    const set = (i: number, patch: Record<string, unknown>): void => void (rows[i] = { ...rows[i], ...patch });
    const first = String(rows[0]?.['idCardNumber']);
    set(1, { idCardNumber: badChecksum(String(rows[1]?.['idCardNumber'])) });
    set(2, { name: '  ' });
    set(3, { idCardNumber: '' });
    set(4, { idCardNumber: first.toLowerCase() });
    set(5, { idCardNumber: m1.idCardNumber });
    set(6, { idCardNumber: m3.idCardNumber });
    set(7, { phone: 'abc' });
    set(8, { joinDate: '2019-02-30' });
    set(9, { gender: '未知' });
    set(10, { partyMember: '也许' });
    set(11, { partyMember: '是', gender: '女' });
    const before = await count(admin, t.branch1.id);
    const res = await uni1.post('/api/members/import', { orgId: t.branch1.id, rows, dryRun: true });
    expect(res.status).toBe(200);
    const report = res.body as ImportReport;
    expect(report).toMatchObject({ ok: false, total: 12, created: 0, dryRun: true });
    const byRow = Object.fromEntries(report.errors.map((e) => [e.row, e]));
    expect(byRow[2]).toMatchObject({ field: 'idCardNumber', code: 'ID_CARD_CHECKSUM', message: '身份证号校验位不正确' });
    expect(byRow[3]).toMatchObject({ field: 'name', code: 'REQUIRED', message: '姓名不能为空' });
    expect(byRow[4]).toMatchObject({ field: 'idCardNumber', code: 'REQUIRED' });
    expect(byRow[5]).toMatchObject({ code: 'DUPLICATE_IN_FILE', message: '身份证号与第 1 行重复' });
    // Held inside uni1's scope: the org is named. Held in Jinjiang (outside): the dry run says
    // nothing, so it answers no question about the rest of the country (issue 10 item 10).
    expect(byRow[6]).toMatchObject({ code: 'MEMBER_ID_CARD_TAKEN', message: '该身份证号已登记在「信息2022级1班团支部」' });
    expect(byRow[7]).toBeUndefined();
    expect(byRow[8]).toMatchObject({ field: 'phone', code: 'INVALID_VALUE' });
    expect(byRow[9]).toMatchObject({ field: 'joinDate', code: 'INVALID_VALUE' });
    expect(byRow[10]).toMatchObject({ field: 'gender', code: 'INVALID_VALUE' });
    expect(byRow[11]).toMatchObject({ field: 'partyMember', code: 'INVALID_VALUE' });
    expect(report.errors.map((e) => e.row)).toEqual([2, 3, 4, 5, 6, 8, 9, 10, 11]);
    expect(await count(admin, t.branch1.id)).toBe(before);
  });

  it('a write with any bad row is refused whole (422 with the report) and writes nothing', async () => {
    const uni1 = await api.login('uni1');
    const last = { ...rowsOf(1)[0], name: '坏行' };
    const rows = [...rowsOf(49), { ...last, idCardNumber: badChecksum(String(last.idCardNumber)) }];
    const before = await count(admin, t.branch1.id);
    const res = await uni1.post('/api/members/import', { orgId: t.branch1.id, rows });
    expectError(res, 422, 'MEMBER_IMPORT_INVALID');
    expect(res.body.details.report).toMatchObject({ ok: false, total: 50, created: 0 });
    expect(res.body.details.report.errors).toEqual([expect.objectContaining({ row: 50, code: 'ID_CARD_CHECKSUM' })]);
    expect(await count(admin, t.branch1.id)).toBe(before);
  });

  it('writes every row in one go, inheriting the branch graduation data, and audits each member', async () => {
    const uni1 = await api.login('uni1');
    const rows = rowsOf(300);
    const before = await count(admin, t.branch1.id);
    const res = await uni1.post('/api/members/import', { orgId: t.branch1.id, rows });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ ok: true, total: 300, created: 300, errors: [], dryRun: false });
    expect(await count(admin, t.branch1.id)).toBe(before + 300);
    const found = await uni1.get(`/api/members?q=${rows[0]?.idCardNumber}`);
    expect(found.body.items).toHaveLength(1);
    const m = (await uni1.get(`/api/members/${found.body.items[0].id}`)).body;
    expect(m).toMatchObject({
      name: '导入1',
      orgId: t.branch1.id,
      schoolOrgId: t.uni1.id,
      partyMember: true,
      phone: '13800000000',
      status: 'active',
      account: null,
    });
    const audit = await uni1.get(`/api/audit?entityId=${m.id}`);
    expect(audit.body.items).toEqual([expect.objectContaining({ action: 'member.create', actorUsername: 'uni1' })]);
    // Importing the same file again: every row is now a duplicate.
    const again = await uni1.post('/api/members/import', { orgId: t.branch1.id, rows, dryRun: true });
    expect(again.body.errors).toHaveLength(300);
  });

  it('refuses a non-branch org, an org outside scope, members, and oversize files', async () => {
    const uni1 = await api.login('uni1');
    expectError(
      await uni1.post('/api/members/import', { orgId: t.college1.id, rows: rowsOf(1), dryRun: true }),
      422,
      'MEMBER_ORG_NOT_BRANCH',
    );
    expectError(await uni1.post('/api/members/import', { orgId: t.branch2.id, rows: rowsOf(1) }), 404, 'NOT_FOUND');
    expectError(await uni1.post('/api/members/import', { orgId: t.branch1.id, rows: [] }), 400, 'VALIDATION_FAILED');
    expectError(await uni1.post('/api/members/import', { orgId: t.branch1.id, rows: [{ name: 1 }] }), 400, 'VALIDATION_FAILED');
    const tooMany = Array.from({ length: 5001 }, () => ({ name: 'x', idCardNumber: 'x' }));
    expectError(await uni1.post('/api/members/import', { orgId: t.branch1.id, rows: tooMany, dryRun: true }), 400, 'VALIDATION_FAILED');
    const m2 = (await admin.get(`/api/members/${t.m2.id}`)).body;
    await admin.create('/api/users', { username: 'lier', password: PASSWORD, memberId: t.m2.id });
    const member = await api.login(m2.idCardNumber);
    expectError(await member.post('/api/members/import', { orgId: t.branch2.id, rows: rowsOf(1) }), 403, 'FORBIDDEN');
    expectError(await member.get('/api/members/export'), 403, 'FORBIDDEN');
    expect((await admin.get(`/api/members/${t.m2.id}`)).body.account).toMatchObject({ username: 'lier' });
  });

  it('exports the filtered list as .xlsx with ID numbers and phones masked', async () => {
    const uni1 = await api.login('uni1');
    const res = await api.http
      .get(`/api/members/export?orgId=${t.branch1.id}&q=${encodeURIComponent('导入1')}`)
      .set('Authorization', `Bearer ${uni1.token}`)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''");
    const wb = new ExcelJS.Workbook();
    const buf = res.body as Buffer;
    await wb.xlsx.load(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
    const [ws] = wb.worksheets;
    if (!ws) throw new Error('no worksheet');
    expect(ws.getRow(1).getCell(2).value).toBe('姓名');
    const names: string[] = [];
    ws.eachRow((row, n) => {
      if (n === 1) return;
      names.push(String(row.getCell(2).value));
      expect(String(row.getCell(4).value)).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
      expect(row.getCell(6).value).toBe('138****0000');
    });
    // 导入1, 导入10…导入19, 导入100…导入199: 111 names contain "导入1".
    expect(names).toHaveLength(111);
    expect(names.every((n) => n.includes('导入1'))).toBe(true);
    // Out of scope: uni1 cannot export Jinjiang's branch.
    expectError(await uni1.get(`/api/members/export?orgId=${t.branch3.id}`), 404, 'NOT_FOUND');
  });

  it('documents both routes in OpenAPI', async () => {
    const doc = (await api.http.get('/api/docs-json')).body as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths['/api/members/import'] ?? {})).toContain('post');
    expect(Object.keys(doc.paths['/api/members/export'] ?? {})).toContain('get');
  });
});
