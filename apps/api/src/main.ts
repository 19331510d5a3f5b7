import 'reflect-metadata';
import { resolve } from 'node:path';
import { replicaOptionsFromEnv, startEmbeddedPostgres } from '@zhtj/api/db';
import { createApp } from '@zhtj/api/shell';

async function main(): Promise<void> {
  const port = Number(process.env['PORT'] ?? 3000);
  let databaseUrl = process.env['DATABASE_URL'];
  let closeDb: (() => Promise<void>) | null = null;
  if (!databaseUrl) {
    const dataDir = resolve(process.env['DATA_DIR'] ?? '.data/pglite');
    const db = await startEmbeddedPostgres(dataDir);
    databaseUrl = db.url;
    closeDb = db.close;
    console.log(`[db] embedded PostgreSQL (PGlite) in ${dataDir}`);
  }
  const { app, bootstrap } = await createApp({
    databaseUrl,
    embedded: closeDb !== null,
    controllableClock: process.env['APP_CLOCK'] === 'controllable',
    // Hot standbys for lag-tolerant reads; not with the embedded database (it has none).
    replicas: closeDb === null ? replicaOptionsFromEnv() : undefined,
    consoleDir: process.env['CONSOLE_DIR'] === '' ? undefined : resolve(process.env['CONSOLE_DIR'] ?? 'dist/apps/admin'),
    bootstrap: {
      adminPassword: process.env['ADMIN_PASSWORD'],
      demoData: (process.env['DEMO_DATA'] ?? '1') !== '0',
      demoPassword: process.env['DEMO_PASSWORD'],
      demoScale: process.env['DEMO_SCALE'] ? Number(process.env['DEMO_SCALE']) : undefined,
    },
  });
  await app.listen(port, process.env['HOST'] ?? '0.0.0.0');
  const base = `http://localhost:${port}`;
  console.log(`\n团关系转接与监测平台\n  console   ${base}/\n  API       ${base}/api  (health: ${base}/api/health, docs: ${base}/api/docs)`);
  if (bootstrap.adminCreated) {
    console.log(`  admin     username "admin", password ${bootstrap.generatedAdminPassword ? `"${bootstrap.generatedAdminPassword}" (generated; set ADMIN_PASSWORD to choose)` : 'from ADMIN_PASSWORD'}`);
  }
  for (const a of bootstrap.demoAccounts) console.log(`  demo      ${a.username.padEnd(20)} ${a.password}  ${a.role.padEnd(16)} ${a.org}`);
  const stop = async (): Promise<void> => {
    await app.close();
    if (closeDb) await closeDb();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
