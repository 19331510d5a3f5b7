import ExcelJS from 'exceljs';
import { idCardCheckChar } from '@zhtj/domain';

export const TEMPLATE_HEADERS = ['姓名*', '身份证号*', '性别', '手机号', '入团时间', '是否党员', '紧急联系人'];

export interface SheetRow {
  name: string;
  idCardNumber: string;
  gender?: string;
  phone?: string;
  joinDate?: string;
  partyMember?: string;
  emergencyContact?: string;
}

/** A valid ID number (GB 11643) for a test person: region, birth date, sequence. */
export function makeId(region: string, birth: string, seq: number): string {
  const first17 = `${region}${birth.replaceAll('-', '')}${String(seq % 1000).padStart(3, '0')}`;
  return first17 + idCardCheckChar(first17);
}

export function breakChecksum(id: string): string {
  return id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
}

/** `count` members born on distinct days of `year`, in `region`, with names tagged by `tag`. */
export function memberRows(count: number, tag: string, region = '510107', year = 2005): SheetRow[] {
  return Array.from({ length: count }, (_, i) => {
    const day = new Date(Date.UTC(year, 0, 1 + (i % 360)));
    const birth = day.toISOString().slice(0, 10);
    return {
      name: `${tag}${String(i + 1).padStart(3, '0')}`,
      idCardNumber: makeId(region, birth, 100 + Math.floor(i / 360) * 2 + (i % 2)),
      gender: '',
      phone: `139${String(10000000 + i).slice(-8)}`,
      // Joined at 15 (团章: members are 14 to 28; a join before the 14th birthday is refused).
      joinDate: `${year + 15}-05-04`,
      partyMember: i % 25 === 0 ? '是' : '否',
      emergencyContact: `家长 137${String(20000000 + i).slice(-8)}`,
    };
  });
}

/** An .xlsx laid out like the console's template; the ID and phone columns are text. */
export async function workbook(rows: readonly SheetRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('团员信息');
  ws.addRow(TEMPLATE_HEADERS);
  ws.getColumn(2).numFmt = '@';
  ws.getColumn(4).numFmt = '@';
  for (const r of rows)
    ws.addRow([r.name, r.idCardNumber, r.gender ?? '', r.phone ?? '', r.joinDate ?? '', r.partyMember ?? '', r.emergencyContact ?? '']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The rows of a downloaded workbook's first sheet, as text. */
export async function readSheet(buffer: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer);
  const ws = wb.worksheets[0];
  const out: string[][] = [];
  ws?.eachRow((row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (c) => cells.push(c.value == null ? '' : String(c.value)));
    out.push(cells);
  });
  return out;
}
