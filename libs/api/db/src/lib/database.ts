import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { keepProtocolSequencesTogether } from './embedded-queue';
import { Client } from 'pg';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migrations';
import type { EntityClass } from './persistence';
import { PreparingClient } from './prepared';

export interface DatabaseHandle {
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}

/**
 * Embedded PostgreSQL: PGlite behind a socket server so `pg` and TypeORM run unchanged
 * (../shared/STACK.md: maxConnections 100, a small pool). `dataDir` undefined = in memory.
 */
export async function startEmbeddedPostgres(dataDir?: string): Promise<DatabaseHandle> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir ? { dataDir } : {});
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 100 });
  keepProtocolSequencesTogether(server);
  await server.start();
  const conn = server.getServerConn();
  return {
    url: `postgres://postgres@${conn}/postgres?sslmode=disable`,
    embedded: true,
    async close() {
      await server.stop();
      await db.close();
    },
  };
}

/**
 * Settings of the API's own sessions on PostgreSQL. No parallel workers: every request is a short
 * OLTP statement, and a Gather's startup and its workers cost more than they save once several
 * requests share the cores — a provincial member list's capped count took 84 ms with two workers
 * and 18 ms without at scale 0.05, and 234 ms at p50 under 4 clients (docs/benchmarks.md).
 * No JIT either (docker-compose turns it off for the server): on a server with the default
 * settings a list's count over a province, estimated above `jit_above_cost`, was compiled with
 * LLVM on every request — 25 ms of compiling for a statement that runs in 10–50 ms.
 * Reports and rebuilds run in their own sessions (psql, `npm run metrics:rebuild`) and keep them.
 */
export const API_SESSION_OPTIONS = '-c max_parallel_workers_per_gather=0 -c jit=off';

/**
 * How long an idle pooled connection is kept (pg-pool closes it after 10 s by default). A new
 * session starts cold: its catalog caches, the facts triggers' PL/pgSQL compiled and their
 * statements planned on first use, the prepared statements parsed again. At scale 0.05 the first
 * marking of a 5,000-member branch on a new session took 305–386 ms, on a used one 204–208 ms;
 * the bench's marking row came after a minute of set-up with the API idle (docs/benchmarks.md).
 */
export const API_POOL_IDLE_MS = 300_000;

/** `entities`: every context's, listed explicitly (`API_PERSISTENCE.entities`, libs/api/bootstrap). */
export function dataSourceOptions(url: string, embedded: boolean, entities: readonly EntityClass[]): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: [...entities],
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    logging: ['error'],
    // PGlite runs one query at a time; a small pool avoids dropped connections. On a server the
    // hot paths' statements are prepared once per connection (prepared.ts), and a connection is
    // kept while idle for `API_POOL_IDLE_MS`.
    extra: embedded ? { max: 5 } : { max: 20, options: API_SESSION_OPTIONS, Client: PreparingClient, idleTimeoutMillis: API_POOL_IDLE_MS },
  };
}

/**
 * A fresh database for one test file: a new database on `TEST_DATABASE_URL` (dropped on close),
 * or an in-memory PGlite when that is unset.
 */
export async function createTestDatabase(): Promise<DatabaseHandle> {
  const base = process.env['TEST_DATABASE_URL'];
  if (!base) return startEmbeddedPostgres();
  const name = `zhtj_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    embedded: false,
    async close() {
      const c = new Client({ connectionString: base });
      await c.connect();
      // pg-pool's end() resolves before its connections have closed; dropping WITH (FORCE)
      // terminates those still closing, and a terminated idle connection of a pool without an
      // error listener is an uncaught exception in the test process (seen once in CI). Give them
      // up to 5 s to go first.
      for (let i = 0; i < 50; i++) {
        const { rows } = await c.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1`, [name]);
        if (rows[0].n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
