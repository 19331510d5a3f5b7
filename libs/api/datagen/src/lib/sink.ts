import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';

/** A value in a row: text, number, flag, NULL, or a uuid[] (the org path). */
export type Cell = string | number | boolean | null | readonly string[];

/** The `query` half of a `pg` client (a `Client`, a `PoolClient`, TypeORM's connection). */
export interface SqlClient {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/** Rows of one table, in PostgreSQL's COPY text format, written with back-pressure. */
export interface TableWriter {
  write(cells: readonly Cell[]): Promise<void>;
  end(): Promise<void>;
}

export interface Sink {
  table(name: string, columns: readonly string[]): TableWriter;
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One row in COPY text format (tab-separated, `\N` for NULL, backslash escapes). */
export function encodeCopyRow(cells: readonly Cell[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (i > 0) line += '\t';
    if (c === null || c === undefined) line += '\\N';
    else if (typeof c === 'boolean') line += c ? 't' : 'f';
    else if (typeof c === 'number') line += String(c);
    else if (Array.isArray(c)) line += `{${c.join(',')}}`;
    else line += (c as string).replace(/[\\\t\n\r]/g, (ch) => ESCAPES[ch] as string);
  }
  return `${line}\n`;
}

/** The inverse of `encodeCopyRow` (arrays stay in their `{…}` text form, which PostgreSQL reads). */
export function decodeCopyRow(line: string): (string | null)[] {
  return line.split('\t').map((f) => {
    if (f === '\\N') return null;
    return f.replace(/\\(.)/g, (_, ch: string) => (ch === 't' ? '\t' : ch === 'n' ? '\n' : ch === 'r' ? '\r' : ch));
  });
}

const CHUNK = 1 << 16;

/** Resolves on the stream's next drain, rejects on an error before it (and leaves no listener behind). */
function drained(stream: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const ok = (): void => {
      stream.off('error', bad);
      resolve();
    };
    const bad = (e: Error): void => {
      stream.off('drain', ok);
      reject(e);
    };
    stream.once('drain', ok);
    stream.once('error', bad);
  });
}

/**
 * Bulk load through `COPY … FROM STDIN` on one client (pg-copy-streams): one COPY at a time,
 * rows batched into 64 KB chunks, waiting on the stream's drain.
 */
export function copySink(client: SqlClient): Sink {
  return {
    table(name, columns) {
      const stream = (client as unknown as { query(s: unknown): Writable }).query(
        copyFrom(`COPY ${name} (${columns.join(', ')}) FROM STDIN`),
      );
      let failure: Error | null = null;
      stream.on('error', (e: Error) => (failure = e));
      let buf = '';
      const flush = async (): Promise<void> => {
        if (failure) throw failure;
        if (buf === '') return;
        const ok = stream.write(buf);
        buf = '';
        if (!ok) await drained(stream);
        if (failure) throw failure;
      };
      return {
        async write(cells) {
          buf += encodeCopyRow(cells);
          if (buf.length >= CHUNK) await flush();
        },
        async end() {
          await flush();
          const done = Promise.race([once(stream, 'finish'), once(stream, 'error').then(([e]) => Promise.reject(e))]);
          stream.end();
          await done;
          if (failure) throw failure;
        },
      };
    },
  };
}

/**
 * Bulk load through multi-row INSERTs, for the embedded PGlite (its socket server does not
 * speak COPY FROM STDIN). Parameter types follow the target columns.
 */
export function insertSink(client: SqlClient, rowsPerStatement = 500): Sink {
  return {
    table(name, columns) {
      let rows: (string | null)[][] = [];
      const flush = async (): Promise<void> => {
        if (rows.length === 0) return;
        const params: (string | null)[] = [];
        const values = rows.map((r) => `(${r.map((v) => `$${params.push(v)}`).join(',')})`);
        rows = [];
        await client.query(`INSERT INTO ${name} (${columns.join(', ')}) VALUES ${values.join(',')}`, params);
      };
      return {
        async write(cells) {
          rows.push(decodeCopyRow(encodeCopyRow(cells).slice(0, -1)));
          if (rows.length >= rowsPerStatement) await flush();
        },
        end: flush,
      };
    },
  };
}

/**
 * Rows kept in a temporary file until their table can be loaded (transfers wait for members):
 * memory stays flat at any scale.
 */
export class Spool {
  private readonly dir = mkdtempSync(join(tmpdir(), 'zhtj-datagen-'));
  private readonly file = join(this.dir, 'rows.copy');
  private readonly out = createWriteStream(this.file);
  rows = 0;

  async write(cells: readonly Cell[]): Promise<void> {
    this.rows++;
    if (!this.out.write(encodeCopyRow(cells))) await once(this.out, 'drain');
  }

  /** Writes every spooled row to `writer`, then removes the file. */
  async drainTo(writer: TableWriter, onRow?: () => void): Promise<void> {
    this.out.end();
    await once(this.out, 'finish');
    try {
      const lines = createInterface({ input: createReadStream(this.file), crlfDelay: Infinity });
      for await (const line of lines) {
        await writer.write(decodeCopyRow(line));
        onRow?.();
      }
      await writer.end();
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }

  discard(): void {
    this.out.destroy();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
