import type { OverdueList } from '@zhtj/domain';
import type { OverdueRow } from '@zhtj/shared/contract';

/** The lists' names as the console and the workbook show them (DOMAIN.md §3, §5). */
export const OVERDUE_LIST_ZH: Readonly<Record<OverdueList, string>> = {
  school_retention: '在校保留超6个月',
  county_mobile: '县级流动团员超1年',
  township_mobile: '乡镇流动团员待转出',
  check_in: '审核通过30天未报到',
  abroad_silent: '出国（境）团员1年未报告',
};

const STATUS_ZH = { overdue: '超期', follow_up: '跟进' } as const;

/** `GET /api/members/overdue/export`: one list as .xlsx, ID numbers masked. */
export async function overdueWorkbook(list: OverdueList, rows: readonly OverdueRow[]): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = '团关系转接与监测平台';
  const ws = wb.addWorksheet(OVERDUE_LIST_ZH[list].slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: '序号', key: 'n', width: 7 },
    { header: '姓名', key: 'name', width: 12 },
    { header: '身份证号', key: 'idCardNumber', width: 22 },
    { header: '所在团组织', key: 'orgName', width: 30 },
    { header: '起算日期', key: 'since', width: 12 },
    { header: '期限', key: 'dueBy', width: 12 },
    { header: '超期日期', key: 'overdueSince', width: 12 },
    { header: '状态', key: 'status', width: 8 },
  ];
  ws.getRow(1).font = { bold: true };
  rows.forEach((r, i) => ws.addRow({ n: i + 1, ...r, status: STATUS_ZH[r.status] }));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
