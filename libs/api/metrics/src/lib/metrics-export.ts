// The monitoring workbooks (§6): the region table, the ranking of lagging schools or counties, and
// the graduates behind a number. Every rate is a percentage cell with its numerator and
// denominator beside it (rateColumns / rateCells in api-core); "no data" is an empty rate cell
// named in a text column, never a text in a number column (issue 23 item 7).
import { TRANSFER_ROUTES } from '@zhtj/domain';
import type { Destination } from '@zhtj/domain';
import type { Indicator, IndicatorView, MetricsGraduate, RankingView } from '@zhtj/shared/contract';
import { formatRateColumns, noDataNote, rateCells, rateColumns } from '@zhtj/api/core';
import type { RateColumnSpec, RateFigures, XlsxColumn } from '@zhtj/api/core';

type Workbook = import('exceljs').Workbook;
type Worksheet = import('exceljs').Worksheet;

/** exceljs on first use; under the API's CommonJS bundle a dynamic import yields { default: module }. */
async function newWorkbook(): Promise<Workbook> {
  const mod = (await import('exceljs')) as unknown as {
    Workbook?: typeof import('exceljs').Workbook;
    default?: { Workbook: typeof import('exceljs').Workbook };
  };
  const Workbook = mod.Workbook ?? mod.default?.Workbook;
  if (!Workbook) throw new Error('exceljs: Workbook not found');
  const wb = new Workbook();
  wb.creator = '团关系转接与监测平台';
  return wb;
}

function sheet(wb: Workbook, name: string, columns: readonly XlsxColumn[], xSplit = 0): Worksheet {
  const ws = wb.addWorksheet(name.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1, xSplit }] });
  ws.columns = columns.map((c) => ({ ...c }));
  ws.getRow(1).font = { bold: true };
  return ws;
}

async function toBuffer(wb: Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Each indicator's rate, with its formula in the numerator and denominator headers (§6). */
export const RATE_SPECS: Readonly<Record<Indicator, RateColumnSpec>> = {
  sx: { key: 'sx', header: 'SX 升学衔接率', numeratorHeader: 'SX 分子（A）', denominatorHeader: 'SX 分母（B+C）' },
  xs: { key: 'xs', header: 'XS 学社衔接率', numeratorHeader: 'XS 分子（D）', denominatorHeader: 'XS 分母（E+F）' },
  dw: { key: 'dw', header: 'DW 单位团组织转接率', numeratorHeader: 'DW 分子（W）', denominatorHeader: 'DW 分母（E+F）' },
};

const NOTE: XlsxColumn = { header: '说明', key: 'note', width: 24 };

/** `GET /api/metrics/export`: SX, XS and DW of a region and its child regions, one row each. */
export async function regionWorkbook(year: number, sx: IndicatorView, xs: IndicatorView, dw: IndicatorView): Promise<Buffer> {
  const wb = await newWorkbook();
  const [sxRate, sxNum, sxDen] = rateColumns(RATE_SPECS.sx) as [XlsxColumn, XlsxColumn, XlsxColumn];
  const [xsRate, xsNum, xsDen] = rateColumns(RATE_SPECS.xs) as [XlsxColumn, XlsxColumn, XlsxColumn];
  const ws = sheet(
    wb,
    `${year} 衔接率`,
    [
      { header: '行政区划代码', key: 'code', width: 12 },
      { header: '行政区划', key: 'name', width: 20 },
      // Each denominator's parts beside it: SX A/(B+C), XS D/(E+F), DW W/(E+F).
      ...[sxRate, sxNum, sxDen],
      { header: 'B', key: 'b', width: 8 },
      { header: 'C', key: 'c', width: 8 },
      ...[xsRate, xsNum, xsDen],
      { header: 'E', key: 'e', width: 8 },
      { header: 'F', key: 'f', width: 8 },
      ...rateColumns(RATE_SPECS.dw, 18),
      NOTE,
    ],
    2,
  );
  const rows = [
    { s: sx, x: xs, u: dw as Omit<IndicatorView, 'children'> },
    ...sx.children.map((s, i) => ({ s, x: xs.children[i] ?? xs, u: dw.children[i] ?? dw })),
  ];
  for (const { s, x, u } of rows) {
    const sp = s.parts as { B: number; C: number };
    const xp = x.parts as { E: number; F: number };
    ws.addRow({
      code: s.region,
      name: s.regionName,
      ...rateCells('sx', s),
      b: sp.B,
      c: sp.C,
      ...rateCells('xs', x),
      e: xp.E,
      f: xp.F,
      ...rateCells('dw', u),
      note: noDataNote(
        [s.denominator === 0 ? 'SX' : null, x.denominator === 0 ? 'XS' : null, u.denominator === 0 ? 'DW' : null].filter(
          (n): n is string => n !== null,
        ),
      ),
    });
  }
  formatRateColumns(ws, ['sx', 'xs', 'dw']);
  return toBuffer(wb);
}

/** `GET /api/metrics/ranking/export`: the lagging schools or counties, lowest completion first. */
export async function rankingWorkbook(ranking: RankingView): Promise<Buffer> {
  const wb = await newWorkbook();
  const spec = RATE_SPECS[ranking.indicator];
  const ws = sheet(
    wb,
    `${ranking.year} ${spec.header.split(' ')[0]} 滞后${ranking.by === 'school' ? '学校' : '县（区）'}`,
    [
      { header: '序号', key: 'n', width: 7 },
      { header: ranking.by === 'school' ? '学校' : '县（区）', key: 'name', width: 30 },
      { header: '行政区划代码', key: 'regionCode', width: 12 },
      ...rateColumns(spec, 18),
      { header: '待审核', key: 'pending', width: 9 },
      { header: '未完成', key: 'notDone', width: 9 },
      NOTE,
    ],
    2,
  );
  ranking.items.forEach((r, i) =>
    ws.addRow({
      n: i + 1,
      name: r.name,
      regionCode: r.regionCode,
      ...rateCells(spec.key, r),
      pending: r.pending,
      notDone: r.notDone,
      note: noDataNote(r.denominator === 0 ? [spec.header.split(' ')[0] as string] : []),
    }),
  );
  formatRateColumns(ws, [spec.key]);
  ws.addRow({});
  ws.addRow({ name: `行政区划 ${ranking.region} · ${ranking.year} 年 · 完成率最低者在前` });
  return toBuffer(wb);
}

const STATUS_ZH = { none: '未发起', pending: '待审核', approved: '已通过' } as const;

/**
 * `GET /api/metrics/graduates/export`: the graduates behind a number (ID numbers masked), and on a
 * second sheet the rate of the whole list's population — what part of it is done — with its
 * numerator and denominator.
 */
export async function graduatesWorkbook(
  indicator: Indicator,
  year: number,
  title: string,
  rows: readonly MetricsGraduate[],
  rate: RateFigures,
): Promise<Buffer> {
  const wb = await newWorkbook();
  const dw = indicator === 'dw';
  const ws = sheet(
    wb,
    '毕业生名单',
    [
      { header: '序号', key: 'n', width: 7 },
      { header: '姓名', key: 'name', width: 12 },
      { header: '身份证号', key: 'idCardNumber', width: 22 },
      { header: '学校', key: 'schoolName', width: 26 },
      { header: '所在团组织', key: 'orgName', width: 28 },
      { header: '毕业时间', key: 'graduationDate', width: 12 },
      { header: '毕业去向', key: 'destination', width: 14 },
      { header: '口径', key: 'part', width: 14 },
      { header: '转接状态', key: 'status', width: 10 },
      { header: dw ? '是否转至单位团组织' : '是否完成', key: 'done', width: dw ? 18 : 10 },
    ],
    2,
  );
  rows.forEach((g, i) =>
    ws.addRow({
      n: i + 1,
      name: g.name,
      idCardNumber: g.idCardNumber,
      schoolName: g.schoolName ?? '',
      orgName: g.orgName ?? '',
      graduationDate: g.graduationDate,
      destination: g.destination ? (TRANSFER_ROUTES[g.destination as Destination]?.zh ?? g.destination) : '未填写',
      part: g.part === 'local' ? '本地学校毕业生' : '转入本地区',
      status: STATUS_ZH[g.status],
      done: (dw ? g.toWorkUnit : g.completed) ? '是' : '否',
    }),
  );
  const spec = RATE_SPECS[indicator];
  const summary = sheet(wb, '汇总', [
    { header: '名单', key: 'title', width: 36 },
    { header: '年度', key: 'year', width: 8 },
    ...rateColumns(spec, 18),
    NOTE,
  ]);
  summary.addRow({
    title,
    year,
    ...rateCells(spec.key, rate),
    note: noDataNote(rate.denominator === 0 ? [spec.header.split(' ')[0] as string] : []),
  });
  formatRateColumns(summary, [spec.key]);
  return toBuffer(wb);
}
