import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Json, PASSWORD, TestApi, expectError, idCard } from './support/harness';
import { Tree, apiWithTree, enterpriseBranch } from './support/fixtures';

/**
 * Issue 23 item 7: the ranking export and the graduates-list export write each rate as a
 * percentage cell with its numerator and denominator beside it; "no data" (a denominator of 0,
 * DOMAIN.md §6) is an empty rate cell named in a text column — never a text in a number column.
 * Expected figures are counted by hand from the data below.
 */
describe('ranking and graduates exports: rates as percentages with their parts (issue 23 item 7)', () => {
  let api: TestApi;
  let admin: Client;
  let t: Tree;
  let uni1: Client;
  let employer: Json;

  /** The first sheet (or `name`) of an .xlsx answer, as rows of cell values (1-based like exceljs). */
  async function download(client: Client, url: string): Promise<{ status: number; book: ExcelJS.Workbook | null; body: unknown }> {
    const res = await api.http
      .get(url)
      .set('Authorization', `Bearer ${client.token}`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    if (res.status !== 200) return { status: res.status, book: null, body: JSON.parse((res.body as Buffer).toString('utf8')) };
    const wb = new ExcelJS.Workbook();
    const buf = res.body as Buffer;
    await wb.xlsx.load(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
    return { status: 200, book: wb, body: null };
  }
  /** A sheet as objects keyed by its header row. */
  function records(ws: ExcelJS.Worksheet | undefined): Record<string, unknown>[] {
    const header = (ws?.getRow(1).values ?? []) as unknown[];
    const out: Record<string, unknown>[] = [];
    ws?.eachRow((row, n) => {
      if (n === 1) return;
      const values = row.values as unknown[];
      out.push(Object.fromEntries(header.map((h, i) => [String(h), values[i] ?? null]).filter(([h]) => h !== 'undefined')));
    });
    return out;
  }

  beforeAll(async () => {
    ({ api, admin, t } = await apiWithTree('2026-06-15T10:00:00+08:00'));
    uni1 = await api.login('uni1');
    employer = await enterpriseBranch(admin, t.wuhou.id, '武侯某科技公司团支部');
    await admin.create('/api/users', { username: 'firm', password: PASSWORD, orgId: employer.id });
    // uni1's class: m1 and two more graduate on 2026-06-30, none with a destination (XS, §6).
    const g2 = await admin.create('/api/members', { orgId: t.branch1.id, name: '导出乙', idCardNumber: idCard(), joinDate: '2019-05-04' });
    const g3 = await admin.create('/api/members', { orgId: t.branch1.id, name: '导出丙', idCardNumber: idCard(), joinDate: '2019-05-04' });
    expect((await uni1.put(`/api/orgs/${t.branch1.id}/graduation`, { graduationDate: '2026-06-30' })).status).toBe(200);
    // g2 transferred to the employer and approved (D); g3 sent and still pending.
    const done = await uni1.create('/api/transfers', { memberId: g2.id, type: 'employment', toOrgId: employer.id });
    expect((await (await api.login('firm')).post(`/api/transfers/${done.id}/approve`)).status).toBe(200);
    await uni1.create('/api/transfers', { memberId: g3.id, type: 'employment', toOrgId: employer.id });
  });
  afterAll(() => api?.close());

  it('the ranking export: per school the XS rate as a percentage, D and E+F beside it, pending and not done', async () => {
    const { status, book } = await download(admin, '/api/metrics/ranking/export?year=2026&region=510107&indicator=xs&by=school');
    expect(status).toBe(200);
    const ws = book?.worksheets[0];
    const rows = records(ws).filter((r) => typeof r['序号'] === 'number');
    // By hand: uni1 has 3 XS graduates (E = 3), 1 approved (D = 1), 1 pending; uni2 has none marked.
    expect(rows.slice(0, 1)).toEqual([
      expect.objectContaining({
        序号: 1,
        学校: '第一大学团委',
        'XS 学社衔接率': 1 / 3,
        'XS 分子（D）': 1,
        'XS 分母（E+F）': 3,
        待审核: 1,
        未完成: 2,
      }),
    ]);
    expect(rows.length).toBe(1);
    const header = ws?.getRow(1).values as unknown[];
    expect(ws?.getColumn(header.indexOf('XS 学社衔接率')).numFmt).toBe('0.0%');
    for (const r of rows)
      for (const k of ['XS 学社衔接率', 'XS 分子（D）', 'XS 分母（E+F）', '待审核', '未完成']) expect(typeof r[k]).toBe('number');
  });

  it('the graduates export: the list (masked), and the rate of its population with numerator and denominator', async () => {
    const { status, book } = await download(uni1, '/api/metrics/graduates/export?year=2026&indicator=xs&completed=false');
    expect(status).toBe(200);
    const list = records(book?.getWorksheet('毕业生名单'));
    // Not done: m1 (no transfer) and 导出丙 (pending); 导出乙 is done.
    expect(list.map((r) => [r['姓名'], r['转接状态'], r['是否完成']]).sort()).toEqual([
      ['导出丙', '待审核', '否'],
      ['张一', '未发起', '否'],
    ]);
    for (const r of list) expect(String(r['身份证号'])).toMatch(/^\d{4}\*+\w{4}$/);
    const summary = records(book?.getWorksheet('汇总'));
    expect(summary).toEqual([
      expect.objectContaining({ 名单: '尚未完成转接的毕业生', 年度: 2026, 'XS 学社衔接率': 1 / 3, 'XS 分子（D）': 1, 'XS 分母（E+F）': 3 }),
    ]);
    expect(book?.getWorksheet('汇总')?.getColumn(3).numFmt).toBe('0.0%');
  });

  it('no data is an empty rate cell named in 说明, never 无数据 in a number column (§6)', async () => {
    // uni1 has no further-study graduates: SX's denominator is 0.
    const { book } = await download(uni1, '/api/metrics/graduates/export?year=2026&indicator=sx');
    expect(records(book?.getWorksheet('毕业生名单'))).toEqual([]);
    const [row] = records(book?.getWorksheet('汇总'));
    expect(row?.['SX 升学衔接率']).toBeNull();
    expect(row?.['SX 分子（A）']).toBe(0);
    expect(row?.['SX 分母（B+C）']).toBe(0);
    expect(row?.['说明']).toBe('SX 无数据（分母为 0）');
  });

  it('the exports are scoped as their lists: a school outside is 404, a member 403, bad filters 400', async () => {
    const uni2 = await api.login('uni2');
    expect((await download(uni2, `/api/metrics/graduates/export?year=2026&orgId=${t.uni1.id}`)).status).toBe(404);
    expectError(await uni1.get('/api/metrics/graduates/export?year=2026&completed=maybe'), 400, 'VALIDATION_FAILED');
    expectError(await uni1.get('/api/metrics/ranking/export?year=2026&by=city'), 400, 'VALIDATION_FAILED');
    await admin.create('/api/users', { username: 'export-self', password: PASSWORD, memberId: t.m1.id });
    expect((await download(await api.login('export-self'), '/api/metrics/ranking/export?year=2026')).status).toBe(403);
  });
});
