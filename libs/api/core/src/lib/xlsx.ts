import { StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function setDownloadHeaders(res: Response, asciiName: string, name: string): void {
  res.set({
    'Content-Type': XLSX_MIME,
    'Content-Disposition': `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(name)}`,
  });
}

/** An .xlsx download: an ASCII file name for old clients and the Chinese one (RFC 5987). */
export function xlsxDownload(res: Response, body: Buffer, asciiName: string, name: string): StreamableFile {
  setDownloadHeaders(res, asciiName, name);
  return new StreamableFile(body);
}

export interface XlsxColumn {
  header: string;
  key: string;
  width: number;
}

/** Rows written between two turns of the event loop: other requests wait at most this many rows. */
const ROWS_PER_TURN = 200;

/**
 * Streams an .xlsx to the response as its rows arrive (issue 21 finding 6: 4 parallel member
 * exports built whole workbooks in memory and held /api/health at 6.7 s). exceljs' streaming
 * writer commits each row to the zip stream; every ROWS_PER_TURN rows the event loop gets a turn,
 * and the writer waits while the client is slower than we are. Everything that can fail with an
 * answer (scope, limits) must have failed before this is called: once the first byte is sent,
 * a failure can only cut the download short.
 */
export async function streamXlsxDownload(
  res: Response,
  file: { asciiName: string; name: string; sheet: string; columns: readonly XlsxColumn[] },
  rows: AsyncIterable<Record<string, string | number>>,
): Promise<void> {
  // Loaded on first export only: keeps the API's start-up lean.
  const { default: ExcelJS } = await import('exceljs');
  setDownloadHeaders(res, file.asciiName, file.name);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: true, useSharedStrings: false });
  wb.creator = '团关系转接与监测平台';
  const ws = wb.addWorksheet(file.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = file.columns.map((c) => ({ ...c }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  try {
    let n = 0;
    for await (const row of rows) {
      ws.addRow(row).commit();
      if (++n % ROWS_PER_TURN === 0) {
        if (res.writableNeedDrain) await new Promise((ok) => res.once('drain', ok));
        await yieldToEventLoop();
      }
    }
    ws.commit();
    await wb.commit();
  } catch (e) {
    // Headers and part of the file are out: end the connection so the client sees a broken download.
    res.destroy(e instanceof Error ? e : new Error(String(e)));
    throw e;
  }
}

/** A rate (§6) as a workbook shows it: the headers of its percentage, numerator and denominator. */
export interface RateColumnSpec {
  /** Key of the percentage cell; the numerator and denominator take `${key}Num` and `${key}Den`. */
  key: string;
  header: string;
  numeratorHeader: string;
  denominatorHeader: string;
}

/** A rate's figures, as the metrics answer them: `value` is null when the denominator is 0. */
export interface RateFigures {
  value: number | null;
  numerator: number;
  denominator: number;
}

/** The number format of a rate cell: a percentage, one decimal (0.875 shows as 87.5%). */
export const RATE_NUM_FMT = '0.0%';

/** The three columns of a rate: the percentage, then its numerator and denominator (issue 23 item 7). */
export function rateColumns(spec: RateColumnSpec, width = 14): XlsxColumn[] {
  return [
    { header: spec.header, key: spec.key, width },
    { header: spec.numeratorHeader, key: `${spec.key}Num`, width: Math.max(spec.numeratorHeader.length * 2, 10) },
    { header: spec.denominatorHeader, key: `${spec.key}Den`, width: Math.max(spec.denominatorHeader.length * 2, 10) },
  ];
}

/**
 * A rate's three cells, numbers only: no data (a denominator of 0, §6: never 0 % or 100 %) is an
 * empty rate cell — never a text in a number column; name it in a text column with `noDataNote`.
 */
export function rateCells(key: string, r: RateFigures): Record<string, number | null> {
  return { [key]: r.denominator === 0 ? null : r.value, [`${key}Num`]: r.numerator, [`${key}Den`]: r.denominator };
}

/** Formats the rate columns of a sheet as percentages. */
export function formatRateColumns(ws: { getColumn(key: string): { numFmt?: string } }, keys: readonly string[]): void {
  for (const key of keys) ws.getColumn(key).numFmt = RATE_NUM_FMT;
}

/** The text-column note for the rates of a row that have no data: "SX 无数据；DW 无数据（分母为 0）". */
export function noDataNote(names: readonly string[]): string {
  return names.length ? `${names.map((n) => `${n} 无数据`).join('；')}（分母为 0）` : '';
}
