import * as argon2 from 'argon2';
import { generateDataset } from './generate';
import type { GenerateSummary, RegionRow } from './generate';
import { copySink, insertSink } from './sink';
import type { SqlClient } from './sink';

export interface LoadOptions {
  scale: number;
  seed: number;
  now: Date;
  /** The password of every generated account. */
  password: string;
  /** COPY (PostgreSQL) or multi-row INSERT (the embedded PGlite, whose socket has no COPY FROM STDIN). */
  method: 'copy' | 'insert';
  /** Only these provinces ('510000', …). */
  provinces?: readonly string[];
  /** The caller has opened a transaction on `client` (the bootstrap's); otherwise one is opened here. */
  inTransaction?: boolean;
  onProgress?: (stage: string, done: number, total: number) => void;
}

interface Rows<T> {
  rows: T[];
}

async function rows<T>(client: SqlClient, sql: string, params: unknown[] = []): Promise<T[]> {
  const res = (await client.query(sql, params)) as Rows<T> | T[];
  return Array.isArray(res) ? res : res.rows;
}

export interface DatasetInfo {
  scale: number;
  seed: number;
  generatedAt: string;
  clock: string;
  summary: GenerateSummary;
}

/** What was generated into this database, if anything. */
export async function datasetInfo(client: SqlClient): Promise<DatasetInfo | null> {
  const [row] = await rows<{ scale: string; seed: string; generated_at: Date; clock: Date; summary: GenerateSummary }>(
    client,
    `SELECT scale, seed, generated_at, clock, summary FROM dataset_info WHERE id = 1`,
  );
  if (!row) return null;
  return {
    scale: Number(row.scale),
    seed: Number(row.seed),
    generatedAt: new Date(row.generated_at).toISOString(),
    clock: new Date(row.clock).toISOString(),
    summary: row.summary,
  };
}

/**
 * Loads a generated data set into a bootstrapped database (migrations run, regions loaded,
 * 团中央 present, nothing else). Foreign keys and the metrics triggers are switched off for the
 * load (`session_replication_role = replica`), then the monitoring facts are rebuilt in SQL.
 */
export async function loadDataset(client: SqlClient, opts: LoadOptions): Promise<GenerateSummary> {
  const [{ n }] = (await rows<{ n: number }>(client, `SELECT count(*)::int AS n FROM org`)) as [{ n: number }];
  if (n !== 1) throw new Error(`the database must hold only the bootstrap's 团中央 (it holds ${n} orgs): use a fresh database`);
  const [root] = await rows<{ id: string; path: string[] }>(client, `SELECT id, path FROM org WHERE parent_id IS NULL`);
  const regions = (
    await rows<{ code: string; name: string; parent_code: string | null; level: RegionRow['level'] }>(
      client,
      `SELECT code, name, parent_code, level FROM region`,
    )
  ).map((r) => ({ code: r.code, name: r.name, parentCode: r.parent_code, level: r.level }));
  const passwordHash = await argon2.hash(opts.password);

  if (!opts.inTransaction) await client.query('BEGIN');
  try {
    await client.query(`SET LOCAL session_replication_role = replica`);
    const summary = await generateDataset({
      scale: opts.scale,
      seed: opts.seed,
      now: opts.now,
      regions,
      root: root as { id: string; path: string[] },
      passwordHash,
      sink: opts.method === 'copy' ? copySink(client) : insertSink(client),
      provinces: opts.provinces,
      onProgress: opts.onProgress,
    });
    await client.query(`SET LOCAL session_replication_role = origin`);
    await client.query(
      `INSERT INTO dataset_info (id, scale, seed, generated_at, clock, summary) VALUES (1, $1, $2, now(), $3, $4)
       ON CONFLICT (id) DO UPDATE SET scale = excluded.scale, seed = excluded.seed, generated_at = excluded.generated_at, clock = excluded.clock, summary = excluded.summary`,
      [opts.scale, opts.seed, opts.now.toISOString(), JSON.stringify(summary)],
    );
    opts.onProgress?.('facts', 0, 1);
    await rebuildFacts(client);
    opts.onProgress?.('facts', 1, 1);
    // Fresh statistics, or the first list pages plan against empty tables.
    await client.query('ANALYZE org; ANALYZE member; ANALYZE transfer; ANALYZE app_user');
    if (!opts.inTransaction) {
      await client.query('COMMIT');
      // As autovacuum would leave a live database: visibility maps (index-only scans), hint bits
      // and GIN pending lists merged — else the first reads after a load pay for all of it.
      opts.onProgress?.('vacuum', 0, 1);
      await client.query('VACUUM (ANALYZE) org, member, transfer, graduate_cohort, app_user, audit_log');
      opts.onProgress?.('vacuum', 1, 1);
    }
    return summary;
  } catch (e) {
    if (!opts.inTransaction) await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/** The monitoring facts and counters (issue 9) recomputed from members and transfers, when the schema has them. */
export async function rebuildFacts(client: SqlClient): Promise<boolean> {
  const [fn] = await rows<{ f: string | null }>(client, `SELECT to_regproc('metrics_rebuild')::text AS f`);
  if (!fn?.f) return false;
  await client.query(`SELECT metrics_rebuild()`);
  return true;
}
