import { StreamableFile } from '@nestjs/common';
import type { Response } from 'express';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** An .xlsx download: an ASCII file name for old clients and the Chinese one (RFC 5987). */
export function xlsxDownload(res: Response, body: Buffer, asciiName: string, name: string): StreamableFile {
  res.set({
    'Content-Type': XLSX_MIME,
    'Content-Disposition': `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(name)}`,
  });
  return new StreamableFile(body);
}
