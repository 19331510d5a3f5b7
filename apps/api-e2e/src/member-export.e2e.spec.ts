import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { TRANSFER_ROUTES, maskIdCardNumber, maskPhone } from '@zhtj/domain';
import { Client, TestApi, expectError } from './support/harness';
import { Tree, apiWithTree } from './support/fixtures';

// Issue 21 finding 6: the member export is streamed (exceljs' streaming writer, keyset pages of
// 1,000 rows) instead of built whole in memory. The file must say exactly what it said before:
// the same 12 columns, rows ordered by org name, name and id, ID numbers and phones masked.
const HEADERS = [
  '序号',
  '姓名',
  '性别',
  '身份证号',
  '出生日期',
  '手机号',
  '入团时间',
  '是否党员',
  '所在团组织',
  '毕业时间',
  '毕业去向',
  '状态',
];
const N = 2_500;

describe('member export, streamed', () => {
  let api: TestApi;
  let admin: Client;
  let t: Tree;
  let ds: DataSource;

  beforeAll(async () => {
    ({ api, admin, t } = await apiWithTree());
    ds = api.app.get(DataSource);
    // 2,500 members over two branches, seven names only (ties across every page boundary, broken
    // by id), some without phone or join date, some graduated with a destination, a few who left.
    await ds.query(
      `INSERT INTO member (org_id, name, id_card_number, gender, birth_date, phone, join_date, party_member, graduation_date, destination, status, left_reason)
       SELECT CASE WHEN g % 3 = 0 THEN $2::uuid ELSE $1::uuid END,
              (ARRAY['张伟','王芳','李娜','刘洋','陈静','杨磊','赵敏'])[1 + g % 7],
              '51010720040101' || lpad(g::text, 4, '0'),
              CASE WHEN g % 2 = 0 THEN 'male' ELSE 'female' END,
              DATE '2004-01-01' + (g % 300),
              CASE WHEN g % 5 = 0 THEN NULL ELSE '139' || lpad(g::text, 8, '0') END,
              CASE WHEN g % 11 = 0 THEN NULL ELSE DATE '2018-05-04' END,
              g % 4 = 0,
              CASE WHEN g % 6 = 0 THEN DATE '2026-06-30' END,
              CASE WHEN g % 12 = 0 THEN 'employment' WHEN g % 18 = 0 THEN 'further_study' END,
              CASE WHEN g % 50 = 0 THEN 'left' ELSE 'active' END,
              CASE WHEN g % 50 = 0 THEN '测试' END
         FROM generate_series(1, $3::int) g`,
      [t.branch1.id, t.branch2.id, N],
    );
  });
  afterAll(() => api?.close());

  async function download(c: Client, query: string) {
    const res = await api.http
      .get(`/api/members/export${query}`)
      .set('Authorization', `Bearer ${c.token}`)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (ch: Buffer) => chunks.push(ch));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    return res;
  }

  async function sheet(buf: Buffer): Promise<string[][]> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
    const [ws] = wb.worksheets;
    if (!ws) throw new Error('no worksheet');
    expect(ws.name).toBe('团员名单');
    const out: string[][] = [];
    ws.eachRow((row) => out.push(Array.from({ length: 12 }, (_, i) => String(row.getCell(i + 1).value ?? ''))));
    return out;
  }

  /** What the export must hold, from the database and the domain's masking (DOMAIN.md §2). */
  async function expected(status: 'active' | 'all'): Promise<string[][]> {
    const rows: Record<string, string | boolean | null>[] = await ds.query(
      `SELECT m.name, m.gender, m.id_card_number, m.birth_date::text AS birth_date, m.phone, m.join_date::text AS join_date, m.party_member,
              o.name AS org_name, m.graduation_date::text AS graduation_date, m.destination, m.status
         FROM member m JOIN org o ON o.id = m.org_id
        WHERE o.path @> ARRAY[$1::uuid] ${status === 'active' ? `AND m.status = 'active'` : ''}
        ORDER BY o.name, m.name, m.id`,
      [t.uni1.id],
    );
    return rows.map((r, i) => [
      String(i + 1),
      String(r['name']),
      r['gender'] === 'male' ? '男' : '女',
      maskIdCardNumber(String(r['id_card_number'])),
      String(r['birth_date']),
      maskPhone(r['phone'] as string | null) ?? '',
      String(r['join_date'] ?? ''),
      r['party_member'] ? '是' : '否',
      String(r['org_name']),
      String(r['graduation_date'] ?? ''),
      r['destination'] ? TRANSFER_ROUTES[r['destination'] as keyof typeof TRANSFER_ROUTES].zh : '',
      r['status'] === 'active' ? '在团' : '已离团',
    ]);
  }

  it('streams the file (no Content-Length, chunked) with the same columns and rows, masked', async () => {
    // uni1's scope: branch1 only (the other branch is uni2's).
    const uni1 = await api.login('uni1');
    for (const status of ['active', 'all'] as const) {
      const res = await download(uni1, status === 'all' ? '?status=all' : '');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="members.xlsx"; filename*=UTF-8''${encodeURIComponent('团员名单.xlsx')}`,
      );
      expect(res.headers['cache-control']).toBe('no-store');
      const rows = await sheet(res.body as Buffer);
      expect(rows[0]).toEqual(HEADERS);
      const want = await expected(status);
      expect(want.length).toBeGreaterThan(1000);
      expect(rows.slice(1)).toEqual(want);
      // Masked: no full ID number or phone anywhere in the sheet.
      for (const r of rows.slice(1)) {
        expect(r[3]).toMatch(/^\d{4}\*{10}\d{4}$/);
        if (r[5]) expect(r[5]).toMatch(/^\d{3}\*{4}\d{4}$/);
      }
      // Streamed: sent in chunks as written, its length unknown when the first byte left.
      expect(res.headers['transfer-encoding']).toBe('chunked');
      expect(res.headers['content-length']).toBeUndefined();
    }
  });

  it('still answers refusals as JSON before anything is streamed', async () => {
    const uni1 = await api.login('uni1');
    expectError(await uni1.get(`/api/members/export?orgId=${t.branch3.id}`), 404, 'NOT_FOUND');
    const m = await admin.get(`/api/members/${t.m1.id}`);
    await admin.create('/api/users', { username: 'export-member', password: 'Passw0rd!x', memberId: t.m1.id });
    const member = await api.login(m.body.idCardNumber as string);
    expectError(await member.get('/api/members/export'), 403, 'FORBIDDEN');
  });
});
