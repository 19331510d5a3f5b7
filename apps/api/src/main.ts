import 'reflect-metadata';
import { resolve } from 'node:path';
import { replicaOptionsFromEnv, startEmbeddedPostgres } from '@zhtj/api/db';
import { createApp } from '@zhtj/api/shell';
import { JsonLogger, metricsPort, startMetricsServer } from '@zhtj/api/telemetry';

// Logs are JSON lines on stdout (pino): start-up, errors and one access line per request.
const logger = new JsonLogger();
const log = logger.pino;

async function main(): Promise<void> {
  const port = Number(process.env['PORT'] ?? 3000);
  const host = process.env['HOST'] ?? '0.0.0.0';
  const metrics = metricsPort();
  let databaseUrl = process.env['DATABASE_URL'];
  let closeDb: (() => Promise<void>) | null = null;
  if (!databaseUrl) {
    const dataDir = resolve(process.env['DATA_DIR'] ?? '.data/pglite');
    const db = await startEmbeddedPostgres(dataDir);
    databaseUrl = db.url;
    closeDb = db.close;
    log.info({ context: 'db', dataDir }, 'embedded PostgreSQL (PGlite)');
  }
  const { app, bootstrap } = await createApp({
    databaseUrl,
    embedded: closeDb !== null,
    controllableClock: process.env['APP_CLOCK'] === 'controllable',
    // Hot standbys for lag-tolerant reads; not with the embedded database (it has none).
    replicas: closeDb === null ? replicaOptionsFromEnv() : undefined,
    consoleDir: process.env['CONSOLE_DIR'] === '' ? undefined : resolve(process.env['CONSOLE_DIR'] ?? 'dist/apps/admin'),
    logger,
    bootstrap: {
      adminPassword: process.env['ADMIN_PASSWORD'],
      demoData: (process.env['DEMO_DATA'] ?? '1') !== '0',
      demoPassword: process.env['DEMO_PASSWORD'],
      demoScale: process.env['DEMO_SCALE'] ? Number(process.env['DEMO_SCALE']) : undefined,
    },
  });
  await app.listen(port, host);
  // Prometheus metrics on their own port, never the public one (API.md, docs/operations.md).
  const metricsServer = metrics === null ? null : await startMetricsServer(metrics, host);
  const base = `http://localhost:${port}`;
  log.info(
    {
      context: 'start',
      console: `${base}/`,
      api: `${base}/api`,
      health: `${base}/api/health`,
      docs: `${base}/api/docs`,
      ...(metricsServer ? { metrics: `http://localhost:${metricsServer.port}/metrics` } : {}),
    },
    '团关系转接与监测平台 listening',
  );
  if (bootstrap.adminCreated) {
    // Printed once, for the operator who started it without ADMIN_PASSWORD (never in compose, which requires it).
    log.info(
      {
        context: 'start',
        username: 'admin',
        ...(bootstrap.generatedAdminPassword
          ? { generatedPassword: bootstrap.generatedAdminPassword }
          : { password: 'from ADMIN_PASSWORD' }),
      },
      'admin account created',
    );
  }
  for (const a of bootstrap.demoAccounts)
    log.info({ context: 'start', username: a.username, password: a.password, role: a.role, org: a.org }, 'demo account');
  const stop = async (): Promise<void> => {
    await metricsServer?.close();
    await app.close();
    if (closeDb) await closeDb();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((e: unknown) => {
  log.fatal({ err: e }, 'start-up failed');
  process.exit(1);
});
