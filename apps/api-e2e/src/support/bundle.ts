import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from 'pg';

/** The workspace root, whatever the current directory. */
export const WORKSPACE = fileURLToPath(new URL('../../../../', import.meta.url));
export const BUNDLE = join(WORKSPACE, 'dist/apps/api/main.js');
export const BUNDLE_ADMIN_PASSWORD = 'Admin@2026x';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** A fresh database on TEST_DATABASE_URL (dropped afterwards), else an embedded PGlite in a temporary directory. */
async function freshDatabase(): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  const base = process.env['TEST_DATABASE_URL'];
  if (!base) {
    const dir = mkdtempSync(join(tmpdir(), 'zhtj-bundle-'));
    return { env: { DATA_DIR: dir }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `zhtj_bundle_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    async drop() {
      const c = new Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface RunningBundle {
  baseUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts the bundle that `npm start` runs (`dist/apps/api/main.js`, built by `nx run api:build`,
 * which the api-e2e test target depends on) as its own process on a fresh database with the demo data.
 */
export async function startBundle(): Promise<RunningBundle> {
  if (!existsSync(BUNDLE)) throw new Error('build first: npx nx run api:build (npm test does it through the api-e2e dependsOn)');
  const db = await freshDatabase();
  const port = await freePort();
  const out = join(WORKSPACE, 'test-output');
  mkdirSync(out, { recursive: true });
  const log = createWriteStream(join(out, 'api-bundle.log'));
  const { DATABASE_URL: _a, DATA_DIR: _b, ...inherited } = process.env;
  const child: ChildProcess = spawn(process.execPath, ['--enable-source-maps', BUNDLE], {
    cwd: WORKSPACE,
    env: { ...inherited, ...db.env, PORT: String(port), HOST: '127.0.0.1', DEMO_DATA: '1', ADMIN_PASSWORD: BUNDLE_ADMIN_PASSWORD, APP_CLOCK: 'controllable', CONSOLE_DIR: '', LOGIN_RATE_LIMIT: '1000', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const baseUrl = `http://127.0.0.1:${port}`;
  const until = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) {
      await db.drop();
      throw new Error(`the bundle exited with ${child.exitCode}; see test-output/api-bundle.log`);
    }
    const ok = await fetch(`${baseUrl}/api/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > until) {
      child.kill('SIGKILL');
      await db.drop();
      throw new Error('the bundle did not become healthy in time');
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    baseUrl,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      await db.drop();
    },
  };
}
