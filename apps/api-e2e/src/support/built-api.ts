import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

/** The workspace root (this file is apps/api-e2e/src/support). */
export const WORKSPACE = resolve(__dirname, '../../../..');
const OUTPUT = join(WORKSPACE, 'test-output');

/** Builds the API bundle that `npm start` runs (Nx caches it: a no-op when nothing changed). */
export function buildApi(): string {
  const r = spawnSync('npx', ['nx', 'run', 'api:build', '--outputStyle=static'], {
    cwd: WORKSPACE,
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const main = join(WORKSPACE, 'dist/apps/api/main.js');
  if (r.status !== 0 || !existsSync(main)) throw new Error('npx nx run api:build failed');
  return main;
}

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => ok(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

export interface BuiltApi {
  baseUrl: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `dist/apps/api/main.js` as its own process with `env`, and waits for /api/health. */
export async function startBuiltApi(main: string, name: string, env: Record<string, string>): Promise<BuiltApi> {
  const port = await freePort();
  mkdirSync(OUTPUT, { recursive: true });
  const log = createWriteStream(join(OUTPUT, `${name}.log`));
  const { DATABASE_URL: _db, DATA_DIR: _dir, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--enable-source-maps', main], {
    cwd: WORKSPACE,
    env: { ...inherited, CONSOLE_DIR: '', DEMO_DATA: '0', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const baseUrl = `http://127.0.0.1:${port}`;
  const until = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}; see test-output/${name}.log`);
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not become healthy`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    baseUrl,
    process: child,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/** A JSON request to a running process. */
export async function http(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}
