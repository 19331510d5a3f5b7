import 'reflect-metadata';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { MultiBar, Presets } from 'cli-progress';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { DEFAULT_DEMO_PASSWORD, ENTITIES, bootstrapDatabase } from '@zhtj/api/bootstrap';
import { dataSourceOptions, startEmbeddedPostgres } from '@zhtj/api/db';
import { datasetInfo, loadDataset } from '@zhtj/api/datagen';

const HELP = `npm run generate -- [--scale 0.05] [--seed 1] [--now 2026-12-02T10:00:00+08:00] [--provinces 510000,500000] [--password …]

Generates a national data set (scale 1 ≈ 75.3 M members in 4.4 M orgs) into DATABASE_URL, or into
the embedded PGlite in DATA_DIR (default .data/pglite) when DATABASE_URL is unset. The database
must be new (or hold only the bootstrap). Every generated account's password is --password
(default ${DEFAULT_DEMO_PASSWORD}); the admin account's is ADMIN_PASSWORD.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: '0.05' },
      seed: { type: 'string', default: '1' },
      now: { type: 'string' },
      provinces: { type: 'string' },
      password: { type: 'string', default: DEFAULT_DEMO_PASSWORD },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const scale = Number(values.scale);
  const seed = Number(values.seed);
  const now = values.now ? new Date(values.now) : new Date();
  if (!(scale > 0) || !Number.isInteger(seed) || Number.isNaN(now.getTime())) {
    console.error(HELP);
    process.exit(2);
  }

  let url = process.env['DATABASE_URL'];
  let closeDb: (() => Promise<void>) | null = null;
  if (!url) {
    const dir = resolve(process.env['DATA_DIR'] ?? '.data/pglite');
    const db = await startEmbeddedPostgres(dir);
    url = db.url;
    closeDb = db.close;
    console.log(`[db] embedded PostgreSQL (PGlite) in ${dir}`);
  }
  const ds = new DataSource(dataSourceOptions(url, closeDb !== null, ENTITIES));
  await ds.initialize();
  const boot = await bootstrapDatabase(ds, { adminPassword: process.env['ADMIN_PASSWORD'], demoData: false });
  await ds.destroy();
  if (boot.generatedAdminPassword) console.log(`admin password (generated): ${boot.generatedAdminPassword}`);

  const client = new Client({ connectionString: url });
  await client.connect();
  const existing = await datasetInfo(client);
  if (existing) {
    console.log(`already generated here: scale ${existing.scale}, seed ${existing.seed} (${existing.generatedAt}); use a fresh database`);
    await client.end();
    await closeDb?.();
    return;
  }
  const bars = new MultiBar(
    { format: ' {stage} [{bar}] {percentage}% | {value}/{total}', hideCursor: true, clearOnComplete: false },
    Presets.shades_classic,
  );
  const stages = new Map<string, ReturnType<MultiBar['create']>>();
  const timings = new Map<string, { from: number; to: number }>();
  const started = Date.now();
  const summary = await loadDataset(client, {
    scale,
    seed,
    now,
    password: values.password as string,
    method: closeDb ? 'insert' : 'copy',
    provinces: values.provinces?.split(',').map((s) => s.trim()),
    onProgress(stage, done, total) {
      const t = timings.get(stage) ?? { from: Date.now(), to: Date.now() };
      t.to = Date.now();
      timings.set(stage, t);
      let bar = stages.get(stage);
      if (!bar) stages.set(stage, (bar = bars.create(total, 0, { stage: stage.padEnd(9) })));
      bar.setTotal(Math.max(total, done));
      bar.update(done, { stage: stage.padEnd(9) });
    },
  });
  bars.stop();
  const loaded = Date.now() - started;
  await client.query('ANALYZE');
  await client.end();
  await closeDb?.();
  console.log(
    `\nscale ${scale}, seed ${seed}, clock ${now.toISOString()}: ${summary.orgs} orgs, ${summary.members} members, ${summary.transfers} transfers, ` +
      `${summary.accounts} accounts in ${(loaded / 1000).toFixed(1)} s (then ANALYZE)`,
  );
  console.log(`stages: ${[...timings].map(([k, t]) => `${k} ${((t.to - t.from) / 1000).toFixed(1)} s`).join(', ')}`);
  console.log(`graduates ${JSON.stringify(summary.graduates)}; transfers by status ${JSON.stringify(summary.transfersByStatus)}`);
  console.log(`transfers by type ${JSON.stringify(summary.transfersByType)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
