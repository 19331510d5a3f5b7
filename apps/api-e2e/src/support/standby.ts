import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { appendFileSync, chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from './built-api';

/** PostgreSQL 15's server binaries (Debian's postgresql-15). */
export const PG_BIN = '/usr/lib/postgresql/15/bin';

/**
 * A PostgreSQL primary and a hot standby streaming from it, each a cluster of its own in a
 * temporary directory, run as the `postgres` OS user (initdb refuses root): `initdb`, then
 * `pg_basebackup -R` of the primary, each started with `pg_ctl` on a free port (../shared/STACK.md,
 * "Real components for tests"). Nothing of the system's own cluster is touched.
 */
export interface StreamingPair {
  dir: string;
  primaryPort: number;
  standbyPort: number;
  /** Connection strings to `database` on each. */
  primaryUrl(database?: string): string;
  standbyUrl(database?: string): string;
  /** `pg_ctl stop` the standby (fast: its sessions are cut), without blocking this process meanwhile. */
  stopStandby(): Promise<void>;
  /** `pg_ctl start` the standby again (it resumes streaming from where it stopped). */
  startStandby(): void;
  /** The server log of the standby or the primary. */
  log(which: 'primary' | 'standby'): string;
  /** Stops both (immediate) and deletes the directory; safe to call more than once. */
  destroy(): void;
}

function asPostgres(args: string[], opts: { cwd?: string } = {}): string {
  return execFileSync('runuser', ['-u', 'postgres', '--', ...args], {
    cwd: opts.cwd ?? '/tmp',
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Fails loudly when this machine cannot run the pair (never a skipped test). */
export function assertPostgresBinaries(): void {
  for (const bin of ['initdb', 'pg_ctl', 'pg_basebackup', 'postgres']) {
    if (!existsSync(join(PG_BIN, bin)))
      throw new Error(`${join(PG_BIN, bin)} is missing: install Debian's postgresql-15 (the standby test needs a real server)`);
  }
  try {
    execFileSync('runuser', ['-u', 'postgres', '--', 'true'], { stdio: 'ignore' });
  } catch {
    throw new Error(
      'cannot run commands as the postgres user (runuser -u postgres): the standby test runs as root with the postgres OS user present',
    );
  }
}

export async function startStreamingPair(opts: { database: string }): Promise<StreamingPair> {
  assertPostgresBinaries();
  const dir = mkdtempSync(join(tmpdir(), 'zhtj-standby-'));
  chmodSync(dir, 0o755);
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  chownSync(dir, uid, gid);
  const primaryDir = join(dir, 'primary');
  const standbyDir = join(dir, 'standby');
  const [primaryPort, standbyPort] = [await freePort(), await freePort()];
  let started: string[] = [];
  const pair: StreamingPair = {
    dir,
    primaryPort,
    standbyPort,
    primaryUrl: (db = opts.database) => `postgres://postgres@127.0.0.1:${primaryPort}/${db}`,
    standbyUrl: (db = opts.database) => `postgres://postgres@127.0.0.1:${standbyPort}/${db}`,
    async stopStandby() {
      await promisify(execFile)('runuser', ['-u', 'postgres', '--', join(PG_BIN, 'pg_ctl'), '-D', standbyDir, '-m', 'fast', '-w', 'stop'], {
        cwd: '/tmp',
      });
      started = started.filter((d) => d !== standbyDir);
    },
    startStandby() {
      asPostgres([join(PG_BIN, 'pg_ctl'), '-D', standbyDir, '-l', join(dir, 'standby.log'), '-w', 'start']);
      started.push(standbyDir);
    },
    log: (which) => {
      const f = join(dir, `${which}.log`);
      return existsSync(f) ? readFileSync(f, 'utf8') : '';
    },
    destroy() {
      for (const d of [...started].reverse()) {
        try {
          asPostgres([join(PG_BIN, 'pg_ctl'), '-D', d, '-m', 'immediate', '-w', 'stop']);
        } catch {
          /* already stopped */
        }
      }
      started = [];
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    asPostgres([
      join(PG_BIN, 'initdb'),
      '-D',
      primaryDir,
      '-A',
      'trust',
      '-U',
      'postgres',
      '--no-sync',
      '-E',
      'UTF8',
      '--locale',
      'C.UTF-8',
    ]);
    appendFileSync(
      join(primaryDir, 'postgresql.conf'),
      [
        `port = ${primaryPort}`,
        `listen_addresses = '127.0.0.1'`,
        `unix_socket_directories = '${dir}'`,
        `wal_level = replica`,
        `max_wal_senders = 5`,
        `hot_standby = on`,
        `max_connections = 100`,
        `shared_preload_libraries = 'pg_stat_statements'`,
        `pg_stat_statements.track = 'top'`,
        // A throwaway cluster: no fsync (the standby's WAL is streamed all the same).
        `fsync = off`,
        `jit = off`,
        '',
      ].join('\n'),
    );
    appendFileSync(join(primaryDir, 'pg_hba.conf'), 'host replication all 127.0.0.1/32 trust\n');
    asPostgres([join(PG_BIN, 'pg_ctl'), '-D', primaryDir, '-l', join(dir, 'primary.log'), '-w', 'start']);
    started.push(primaryDir);
    const c = new Client({ connectionString: pair.primaryUrl('postgres') });
    await c.connect();
    await c.query(`CREATE DATABASE ${opts.database}`);
    await c.end();
    const d = new Client({ connectionString: pair.primaryUrl() });
    await d.connect();
    await d.query(`CREATE EXTENSION pg_stat_statements`);
    await d.end();
    // The standby: a base backup of the primary with its recovery settings (-R: standby.signal and
    // primary_conninfo), on a port of its own; -c fast: no wait for a scheduled checkpoint.
    asPostgres([
      join(PG_BIN, 'pg_basebackup'),
      '-h',
      '127.0.0.1',
      '-p',
      String(primaryPort),
      '-U',
      'postgres',
      '-D',
      standbyDir,
      '-R',
      '-X',
      'stream',
      '-c',
      'fast',
    ]);
    appendFileSync(join(standbyDir, 'postgresql.auto.conf'), `port = ${standbyPort}\n`);
    asPostgres([join(PG_BIN, 'pg_ctl'), '-D', standbyDir, '-l', join(dir, 'standby.log'), '-w', 'start']);
    started.push(standbyDir);
    return pair;
  } catch (e) {
    pair.destroy();
    throw e;
  }
}
