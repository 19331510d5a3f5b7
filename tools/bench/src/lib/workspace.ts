// Where the bench runs: the workspace (the bundle is dist/tools/bench/main.js), its PostgreSQL, and
// the commands it runs there.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { Client } from 'pg';

export const ROOT = resolve(__dirname, '../../..');

/** The environment of every command the bench runs (Nx without its daemon, cloud and terminal UI). */
export const ENV: NodeJS.ProcessEnv = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };

/** The PostgreSQL server the bench's databases are made on (any database on it). */
export const BASE_URL = process.env['BENCH_DATABASE_URL'] ?? process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The URL of database `name` on that server. */
export function dbUrl(name: string): string {
  const u = new URL(BASE_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Runs a command in the workspace, its output on ours; throws unless it exits with 0. */
export function run(cmd: string, argv: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): void {
  const r = spawnSync(cmd, argv, { cwd: ROOT, env: { ...ENV, ...extraEnv }, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} exited with ${r.status}`);
}

/** The number as the tables print it: whole from 100 up, else one decimal; `dash` when not a number. */
export const round = (n: number, dash = '–'): number | string =>
  Number.isFinite(n) ? (n >= 100 ? Math.round(n) : Math.round(n * 10) / 10) : dash;
