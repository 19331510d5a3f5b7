import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { freshDatabase } from '@zhtj/shared/testing';
import { OUTPUT, WORKSPACE } from './paths';

export const ADMIN_PASSWORD = 'Admin@2026x';
export const DEMO_PASSWORD = 'Demo@2026';

export interface RunningApi {
  baseUrl: string;
  /** The API's database, when it is PostgreSQL (TEST_DATABASE_URL). */
  databaseUrl?: string;
  stop(): Promise<void>;
}

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

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}; see test-output/admin-e2e-api.log`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the API did not become healthy in time');
}

/**
 * Starts the built API (`dist/apps/api/main.js`), which also serves the built console, on a free
 * port; `env` overrides settings (a file that needs an API of its own, e.g. the login challenge).
 */
export async function startApi(opts: { env?: Record<string, string>; logName?: string } = {}): Promise<RunningApi> {
  const main = join(WORKSPACE, 'dist/apps/api/main.js');
  const consoleDir = join(WORKSPACE, 'dist/apps/admin');
  if (!existsSync(main) || !existsSync(join(consoleDir, 'index.html'))) {
    throw new Error('build first: npx nx run-many -t build -p api admin');
  }
  const db = await freshDatabase('admin-e2e');
  const port = await freePort();
  mkdirSync(OUTPUT, { recursive: true });
  const log = createWriteStream(join(OUTPUT, `${opts.logName ?? 'admin-e2e-api'}.log`));
  const { DATABASE_URL: _ignored, DATA_DIR: _ignored2, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--enable-source-maps', main], {
    cwd: WORKSPACE,
    env: {
      ...inherited,
      ...db.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DEMO_DATA: '1',
      ADMIN_PASSWORD,
      APP_CLOCK: 'controllable',
      CONSOLE_DIR: consoleDir,
      // Every browser logs in from 127.0.0.1 and some fail on purpose: budgets and the challenge
      // threshold are raised (login-challenge.e2e starts an API of its own with the real ones).
      LOGIN_RATE_LIMIT: '1000',
      LOGIN_CAPTCHA_AFTER_FAILURES: '1000',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(baseUrl, child, 180_000);
  } catch (e) {
    child.kill('SIGKILL');
    await db.drop();
    throw e;
  }
  return {
    baseUrl,
    databaseUrl: db.env['DATABASE_URL'],
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
