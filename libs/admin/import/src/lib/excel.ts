// Reading and writing the import workbook in the browser. exceljs is loaded on demand (dynamic
// import) so that it never weighs on the login route or any page but this one.
import type { CellValue, Workbook } from 'exceljs';
import type { ImportRowError } from '@zhtj/shared/contract';
import type { ImportSheet } from './columns';
import { columnForHeader, columnHeader } from './columns';

async function newWorkbook(): Promise<Workbook> {
  const mod = await import('exceljs');
  const ExcelJS = (mod as unknown as { default?: typeof mod }).default ?? mod;
  return new ExcelJS.Workbook();
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MAX_ROWS = 5000;
/** Rows that get the drop-downs (their cost grows with the count; a class is far smaller). */
const DROPDOWN_ROWS = 2000;

async function toBlob(wb: Workbook): Promise<Blob> {
  return new Blob([await wb.xlsx.writeBuffer()], { type: XLSX });
}

/** An import template: one header row, text-formatted ID/phone columns, drop-downs, and a notes sheet. */
export async function buildTemplate(sheet: ImportSheet): Promise<Blob> {
  const columns = sheet.columns;
  const wb = await newWorkbook();
  const ws = wb.addWorksheet(sheet.sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.required ? `${c.header}*` : c.header, key: c.key, width: c.width }));
  ws.getRow(1).font = { bold: true };
  columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    if (c.text) col.numFmt = '@';
    if (c.list) {
      const letter = col.letter;
      for (let r = 2; r <= DROPDOWN_ROWS + 1; r++) {
        ws.getCell(`${letter}${r}`).dataValidation = { type: 'list', allowBlank: true, formulae: [`"${c.list.join(',')}"`] };
      }
    }
  });
  const notes = wb.addWorksheet('填写说明');
  notes.columns = [
    { header: '列', key: 'header', width: 14 },
    { header: '说明', key: 'note', width: 48 },
  ];
  notes.getRow(1).font = { bold: true };
  for (const c of columns) notes.addRow({ header: c.header, note: c.note });
  notes.addRow({});
  notes.addRow({ header: '用途', note: sheet.note });
  notes.addRow({
    header: '注意',
    note: `第一行为表头，请勿修改；每次最多 ${MAX_ROWS} 行；全部校验通过后才会写入。只读取第一个工作表“${sheet.sheetName}”。`,
  });
  // A filled-in row, on its own sheet so that it is never imported by mistake.
  const example = wb.addWorksheet('示例');
  example.columns = columns.map((c) => ({ header: c.required ? `${c.header}*` : c.header, key: c.key, width: c.width }));
  example.getRow(1).font = { bold: true };
  columns.forEach((c, i) => {
    if (c.text) example.getColumn(i + 1).numFmt = '@';
  });
  example.addRow(Object.fromEntries(columns.map((c) => [c.key, c.example])));
  return toBlob(wb);
}

export class ImportFileError extends Error {
  constructor(
    readonly reason: 'unreadable' | 'missingColumns' | 'noRows',
    readonly columns: string[] = [],
  ) {
    super(reason);
  }
}

/** A parsed row: the cells of the known columns, as text (booleans kept); required columns present, maybe empty. */
export type ParsedRow = Record<string, string | boolean>;

export interface ParsedFile {
  rows: ParsedRow[];
  /** The Excel row number of each row (for the report: "第 N 行"). */
  sheetRows: number[];
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** A cell as the text an admin sees; dates as YYYY-MM-DD, booleans kept. */
function cellText(v: CellValue): string | boolean {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v);
  if (typeof v === 'boolean') return v;
  if (v instanceof Date) return `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`;
  if (typeof v === 'object') {
    if ('richText' in v)
      return v.richText
        .map((r) => r.text)
        .join('')
        .trim();
    if ('text' in v && typeof v.text === 'string') return v.text.trim();
    if ('result' in v) return cellText((v.result ?? null) as CellValue);
    if ('error' in v) return '';
  }
  return String(v).trim();
}

/** Columns whose cells may be Excel booleans (TRUE/FALSE) as well as 是/否. */
const BOOLEAN_KEYS: ReadonlySet<string> = new Set(['partyMember']);

const yieldToUi = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

function readBuffer(file: File, onProgress: (f: number) => void): Promise<ArrayBuffer> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    reader.onload = () => resolve(reader.result as ArrayBuffer);
    reader.onerror = () => reject(new ImportFileError('unreadable'));
    reader.readAsArrayBuffer(file);
  });
}

/**
 * Reads the first worksheet of an .xlsx into import rows of `sheet`'s columns. `onProgress(phase,
 * fraction)` reports reading the file, unpacking it, and walking its rows.
 */
export async function parseImportFile(
  file: File,
  sheet: ImportSheet,
  onProgress: (phase: 'read' | 'unpack' | 'rows', fraction: number) => void,
): Promise<ParsedFile> {
  const buf = await readBuffer(file, (f) => onProgress('read', f));
  onProgress('unpack', 0);
  const wb = await newWorkbook();
  try {
    await wb.xlsx.load(buf);
  } catch {
    throw new ImportFileError('unreadable');
  }
  onProgress('unpack', 1);
  const ws = wb.worksheets[0];
  if (!ws) throw new ImportFileError('noRows');
  const keyOfCol = new Map<number, string>();
  ws.getRow(1).eachCell((cell, col) => {
    const c = columnForHeader(String(cellText(cell.value)), sheet.columns);
    if (c) keyOfCol.set(col, c.key);
  });
  const found = new Set(keyOfCol.values());
  const missing = sheet.columns.filter((c) => c.required && !found.has(c.key)).map((c) => c.header);
  if (missing.length > 0) throw new ImportFileError('missingColumns', missing);

  const rows: ParsedRow[] = [];
  const sheetRows: number[] = [];
  const last = ws.rowCount;
  for (let r = 2; r <= last; r++) {
    const row = ws.getRow(r);
    const out: ParsedRow = {};
    let any = false;
    for (const [col, key] of keyOfCol) {
      const v = cellText(row.getCell(col).value);
      if (v !== '') {
        // A cell typed as a boolean stays one where the API takes it (是否党员); elsewhere it is text.
        out[key] = BOOLEAN_KEYS.has(key) ? v : String(v);
        any = true;
      }
    }
    if (any) {
      for (const c of sheet.columns) if (c.required && typeof out[c.key] !== 'string') out[c.key] = '';
      rows.push(out);
      sheetRows.push(r);
    }
    if (r % 500 === 0) {
      onProgress('rows', (r - 1) / Math.max(last - 1, 1));
      await yieldToUi();
    }
  }
  onProgress('rows', 1);
  if (rows.length === 0) throw new ImportFileError('noRows');
  return { rows, sheetRows };
}

/** The report as a workbook: Excel row, column, problem, and the row's own values. */
export async function buildErrorWorkbook(parsed: ParsedFile, errors: readonly ImportRowError[], sheet: ImportSheet): Promise<Blob> {
  const wb = await newWorkbook();
  const ws = wb.addWorksheet('错误报告', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: '行号', key: 'row', width: 8 },
    { header: '列', key: 'field', width: 12 },
    { header: '问题', key: 'message', width: 40 },
    { header: '姓名', key: 'name', width: 12 },
    { header: '身份证号', key: 'idCardNumber', width: 22 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const e of errors) {
    const row = parsed.rows[e.row - 1];
    ws.addRow({
      row: parsed.sheetRows[e.row - 1] ?? e.row,
      field: columnHeader(e.field, sheet.columns),
      message: e.message,
      name: row?.['name'] ?? '',
      idCardNumber: row?.['idCardNumber'] ?? '',
    });
  }
  return toBlob(wb);
}
