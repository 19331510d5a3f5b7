// The data set a run measures: generated once per scale and seed into its own database (by the
// generator's bundle, `npm run generate`), reused by later runs, and copied for each run.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { GenerateSummary } from '@zhtj/api/datagen';
import { BASE_URL, ROOT, dbUrl, run, withClient } from '../lib/workspace';
import type { ScaleConfig } from './config';

export interface DatasetInfo {
  scale: number;
  seed: number;
  /** The clock it was generated for (the run's API runs on it). */
  clock: Date;
  summary: GenerateSummary;
}

export const log = (...a: unknown[]): void => console.log('[bench]', ...a);

/** The newest migration in the code: a data set loaded under an older schema is generated again (storage settings such as a fillfactor apply to rows as they are written). */
const latestMigration = (): number =>
  Math.max(...readdirSync(join(ROOT, 'libs/api/db/src/lib/migrations')).map((f) => Number(/^(\d+)-/.exec(f)?.[1] ?? 0)));

/** The data set: reused when the database already holds this scale and seed under the current schema, else generated. */
export async function ensureDataset(config: ScaleConfig): Promise<DatasetInfo> {
  const { dbName, scale, seed } = config;
  const exists = await withClient(
    BASE_URL,
    async (c) => ((await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName])).rowCount ?? 0) > 0,
  );
  if (exists) {
    const info = await withClient(dbUrl(dbName), async (c) => {
      const r = await c
        .query<DatasetInfo & { migration: number }>(
          `SELECT scale::float8 AS scale, seed::int AS seed, clock, summary, (SELECT max(timestamp)::float8 FROM migrations) AS migration FROM dataset_info WHERE id = 1`,
        )
        .catch(() => ({ rows: [] }));
      return r.rows[0] ?? null;
    });
    if (info && info.scale === scale && info.seed === seed && info.migration === latestMigration()) {
      log(`reusing ${dbName} (generated for clock ${new Date(info.clock).toISOString()})`);
      return info;
    }
    await withClient(BASE_URL, (c) => c.query(`DROP DATABASE ${dbName} WITH (FORCE)`));
  }
  await withClient(BASE_URL, (c) => c.query(`CREATE DATABASE ${dbName}`));
  const clock = new Date(`${new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)}T10:00:00+08:00`);
  log(`generating scale ${scale} seed ${seed} into ${dbName} …`);
  const t0 = Date.now();
  run(
    process.execPath,
    [
      '--max-old-space-size=8192',
      'dist/tools/generate/main.js',
      '--scale',
      String(scale),
      '--seed',
      String(seed),
      '--now',
      clock.toISOString(),
    ],
    {
      DATABASE_URL: dbUrl(dbName),
      ADMIN_PASSWORD: config.adminPassword,
    },
  );
  log(`generated in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  return withClient(
    dbUrl(dbName),
    async (c) =>
      (await c.query<DatasetInfo>(`SELECT scale::float8 AS scale, seed::int AS seed, clock, summary FROM dataset_info WHERE id = 1`))
        .rows[0] as DatasetInfo,
  );
}

/**
 * A fresh copy of the data set in database `name` (`CREATE DATABASE … TEMPLATE`, a file copy): every
 * run starts from the same generated state — the same pending transfers to approve, the same
 * markings — and the generated database is never served, so it stays the template.
 */
export async function copyDataset(config: ScaleConfig, name: string): Promise<void> {
  const t0 = Date.now();
  await withClient(BASE_URL, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${name} TEMPLATE ${config.dbName} STRATEGY FILE_COPY`);
  });
  log(`copied ${config.dbName} to ${name} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}
