import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { WORKSPACE, freePort } from './support/built-api';
import { PG_BIN, assertPostgresBinaries } from './support/standby';

// Issue 24: docker-compose.yml's `db-standby` is made by two scripts of tools/ops. They run here as
// the compose file runs them, without Docker: primary-replication.sh on a fresh primary (as the
// postgres image runs /docker-entrypoint-initdb.d), then standby-entrypoint.sh as the postgres
// user with PGDATA, PRIMARY_HOST and REPLICATION_PASSWORD, from another address than the image's
// own pg_hba lines let replicate (they are removed here, as a container's address matches none).
const SCRIPTS = join(WORKSPACE, 'tools/ops');
const PASSWORD = 'Repl-secret-1';

async function connectWhenUp(url: string, log: () => string = () => '', timeoutMs = 60_000): Promise<Client> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const c = new Client({ connectionString: url });
    c.on('error', () => undefined);
    try {
      await c.connect();
      return c;
    } catch (e) {
      await c.end().catch(() => undefined);
      if (Date.now() > end) throw new Error(`${(e as Error).message}\n${log()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

describe('the compose standby scripts (tools/ops)', () => {
  let dir: string;
  let primaryPort: number;
  let standbyPort: number;
  let standby: ChildProcess | null = null;
  let standbyLog = '';
  const asPostgres = (args: string[], env: Record<string, string> = {}) =>
    execFileSync('runuser', ['-u', 'postgres', '--', 'env', ...Object.entries(env).map(([k, v]) => `${k}=${v}`), ...args], {
      cwd: '/tmp',
      encoding: 'utf8',
    });

  const startStandby = () => {
    standbyLog = '';
    const env = {
      PATH: `${PG_BIN}:/usr/bin:/bin`,
      PGDATA: join(dir, 'standby'),
      PRIMARY_HOST: '127.0.0.1',
      PRIMARY_PORT: String(primaryPort),
      REPLICATION_PASSWORD: PASSWORD,
    };
    const p = spawn(
      'runuser',
      [
        '-u',
        'postgres',
        '--',
        'env',
        ...Object.entries(env).map(([k, v]) => `${k}=${v}`),
        'bash',
        join(SCRIPTS, 'standby-entrypoint.sh'),
        '-c',
        `port=${standbyPort}`,
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        `unix_socket_directories=${dir}`,
        '-c',
        'hot_standby=on',
      ],
      // A process group of its own, so that afterAll can end what is left of it (the script, a base backup).
      { cwd: '/tmp', stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    p.stdout?.on('data', (d: Buffer) => (standbyLog += d.toString()));
    p.stderr?.on('data', (d: Buffer) => (standbyLog += d.toString()));
    standby = p;
  };
  const stopStandby = async () => {
    const p = standby;
    if (!p || p.exitCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    // runuser does not pass SIGINT on: a fast shutdown through pg_ctl, and the script's process ends with it.
    asPostgres([join(PG_BIN, 'pg_ctl'), '-D', join(dir, 'standby'), '-m', 'fast', '-w', 'stop']);
    await exited;
    standby = null;
  };

  beforeAll(async () => {
    assertPostgresBinaries();
    dir = mkdtempSync(join(tmpdir(), 'zhtj-standby-scripts-'));
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
    [primaryPort, standbyPort] = [await freePort(), await freePort()];
    const pw = join(dir, 'pw');
    writeFileSync(pw, 'Primary-secret-1\n');
    chownSync(pw, uid, gid);
    const primary = join(dir, 'primary');
    asPostgres([
      join(PG_BIN, 'initdb'),
      '-D',
      primary,
      '-U',
      'postgres',
      '--auth-local=trust',
      '--auth-host=scram-sha-256',
      `--pwfile=${pw}`,
      '--no-sync',
    ]);
    // As in the postgres image: databases for every address by password; replication only from the server's own.
    const hba = readFileSync(join(primary, 'pg_hba.conf'), 'utf8')
      .split('\n')
      .filter((l) => !/^\s*host\s+replication\b/.test(l))
      .join('\n');
    writeFileSync(join(primary, 'pg_hba.conf'), `${hba}\nhost all all all scram-sha-256\n`);
    writeFileSync(
      join(primary, 'postgresql.auto.conf'),
      `port = ${primaryPort}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${dir}'\n`,
    );
    asPostgres([join(PG_BIN, 'pg_ctl'), '-D', primary, '-l', join(dir, 'primary.log'), '-w', 'start']);
    // What the image does with /docker-entrypoint-initdb.d on first start; then the server is restarted (here: reloaded).
    asPostgres(['bash', join(SCRIPTS, 'primary-replication.sh')], {
      POSTGRES_USER: 'postgres',
      POSTGRES_DB: 'postgres',
      PGDATA: primary,
      PGHOST: dir,
      PGPORT: String(primaryPort),
      REPLICATION_PASSWORD: PASSWORD,
    });
    asPostgres([join(PG_BIN, 'pg_ctl'), '-D', primary, 'reload']);
  }, 120_000);

  afterAll(async () => {
    await stopStandby().catch(() => undefined);
    const left = standby as ChildProcess | null;
    if (left?.pid && left.exitCode === null) process.kill(-left.pid, 'SIGKILL');
    try {
      asPostgres([join(PG_BIN, 'pg_ctl'), '-D', join(dir, 'primary'), '-m', 'immediate', '-w', 'stop']);
    } catch {
      /* not running */
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const url = (port: number) => `postgres://postgres:Primary-secret-1@127.0.0.1:${port}/postgres`;

  it('makes a hot standby of the primary from an empty directory, streaming as the replicator role', async () => {
    startStandby();
    const s = await connectWhenUp(url(standbyPort), () => standbyLog);
    const p = await connectWhenUp(url(primaryPort));
    try {
      expect((await s.query('SELECT pg_is_in_recovery() AS r')).rows[0].r).toBe(true);
      const { rows } = await p.query(`SELECT usename, state FROM pg_stat_replication`);
      expect(rows).toEqual([{ usename: 'replicator', state: 'streaming' }]);
      await p.query(`CREATE TABLE standby_probe (x int); INSERT INTO standby_probe VALUES (1)`);
      const end = Date.now() + 30_000;
      for (;;) {
        const seen = await s.query(`SELECT to_regclass('standby_probe') IS NOT NULL AS t`);
        if (seen.rows[0].t) break;
        if (Date.now() > end) throw new Error('the standby did not replay the probe table');
        await new Promise((r) => setTimeout(r, 100));
      }
      await expect(s.query(`INSERT INTO standby_probe VALUES (2)`)).rejects.toThrow(/read-only transaction/);
      expect(standbyLog).toMatch(/base backup of 127\.0\.0\.1:\d+ taken/);
    } finally {
      await s.end();
      await p.end();
    }
  }, 120_000);

  it('starts the same standby again without another base backup, and it catches up', async () => {
    await stopStandby();
    const p = await connectWhenUp(url(primaryPort));
    await p.query(`INSERT INTO standby_probe VALUES (3)`);
    startStandby();
    const s = await connectWhenUp(url(standbyPort), () => standbyLog);
    try {
      const end = Date.now() + 30_000;
      for (;;) {
        const { rows } = await s.query(`SELECT count(*)::int AS n FROM standby_probe`);
        if (rows[0].n === 2) break;
        if (Date.now() > end) throw new Error('the restarted standby did not catch up');
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(standbyLog).not.toMatch(/base backup/);
      expect((await s.query('SELECT pg_is_in_recovery() AS r')).rows[0].r).toBe(true);
    } finally {
      await s.end();
      await p.end();
    }
  }, 120_000);
});
