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
