import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from 'pg';
import { makeIdCardNumber } from '@zhtj/api/bootstrap';
import { loadDataset } from '@zhtj/api/datagen';
import { WORKSPACE, buildApi, freePort, http, startBuiltApi } from './support/built-api';
import type { BuiltApi } from './support/built-api';

// Issue 24, point-in-time recovery (docs/operations.md, "Backup and restore"). A primary of its own
// with WAL archiving, a base backup through tools/ops/base-backup.sh, approvals made through the
// built API, then tools/ops/restore-pitr.sh replays the archive into fresh data directories up to a
// time and up to a restore point between two approvals: exactly the approvals before the moment
// are there, and the monitoring facts agree with a recount. Runs as root (CI does): the server
// programs run as the `postgres` OS user, which owns the temporary directories.
const PG_BIN = process.env['PG_BIN'] ?? '/usr/lib/postgresql/15/bin';
const ADMIN_PASSWORD = 'Admin@2026x';
const PASSWORD = 'Passw0rd!x';
const CLOCK = '2026-06-15T10:00:00+08:00';
const RESTORE_POINT = 'zhtj-before-second-approval';
// The compose file archives a segment at least every 60 s; a shorter timeout here keeps the wait
// for the last approvals' segment (the RPO of a lost server, measured below) short.
const ARCHIVE_TIMEOUT_S = 10;
// PITR_SCALE=0.05 loads the bench's data set (libs/api/datagen, seed 1) before the base backup, to
// measure the restore time at national volume (docs/operations.md); unset, the database holds only
// what the test writes.
const SCALE = Number(process.env['PITR_SCALE'] ?? 0);
const HOOK_MS = SCALE > 0 ? 7_200_000 : 600_000;

function run(cmd: string, args: string[]): string {
  const r = spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...args], {
    cwd: WORKSPACE,
    encoding: 'utf8',
    env: { ...process.env, PG_BIN },
  });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout.trim();
}

function pgUrl(port: number, db = 'zhtj'): string {
  return `postgres://postgres@127.0.0.1:${port}/${db}`;
}

async function query<T = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as T[];
  } finally {
    await c.end();
  }
}

/** What a restored database says about the approvals made before it was archived. */
async function stateOf(url: string, transfers: string[], members: string[]) {
  const statuses = await query<{ id: string; status: string }>(url, `SELECT id, status FROM transfer WHERE id = ANY($1::uuid[])`, [
    transfers,
  ]);
  const orgs = await query<{ id: string; org_id: string }>(url, `SELECT id, org_id FROM member WHERE id = ANY($1::uuid[])`, [members]);
  const approvedAudit = await query<{ entity_id: string }>(
    url,
    `SELECT entity_id FROM audit_log WHERE action = 'transfer.approve' AND entity_id = ANY($1::text[])`,
    [transfers],
  );
  return {
    statuses: transfers.map((id) => statuses.find((s) => s.id === id)?.status),
    orgs: members.map((id) => orgs.find((o) => o.id === id)?.org_id),
    audited: transfers.filter((id) => approvedAudit.some((a) => a.entity_id === id)),
  };
}

function metricsCheckCli(url: string): { status: number | null; out: string } {
  const r = spawnSync('npm', ['run', '--silent', 'metrics:rebuild', '--', '--check'], {
    cwd: WORKSPACE,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: url },
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}`.trim() };
}

describe('point-in-time recovery from a WAL archive (issue 24, docs/operations.md)', () => {
  let dir = '';
  const dataDirs: string[] = [];
  const apis: BuiltApi[] = [];
  let main = '';
  let archive = '';
  let base = '';
  let targetTime = '';
  const transfers: string[] = [];
  const members: string[] = [];
  let branchId = '';
  let employerId = '';
  let adminToken = '';

  const ms = (t0: number) => Date.now() - t0;

  beforeAll(async () => {
    // Loud, never skipped: CI has the binaries and runs as root.
    for (const bin of ['initdb', 'pg_ctl', 'pg_basebackup', 'pg_verifybackup', 'postgres', 'psql']) {
      if (!existsSync(join(PG_BIN, bin))) throw new Error(`PostgreSQL server programs missing: ${join(PG_BIN, bin)} (set PG_BIN)`);
    }
    if (spawnSync('runuser', ['--version']).status !== 0) throw new Error('runuser is missing (util-linux)');
    if (process.getuid?.() !== 0) throw new Error('this test runs the PostgreSQL server programs as the postgres OS user: run it as root');
    if (spawnSync('id', ['postgres']).status !== 0) throw new Error('no postgres OS user');

    dir = mkdtempSync(join(tmpdir(), 'zhtj-pitr-'));
    const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
    chownSync(dir, id('-u'), id('-g'));
    archive = join(dir, 'wal-archive');
    base = join(dir, 'base');
    const primary = join(dir, 'primary');
    run('mkdir', [archive]);

    // The primary: docker-compose.yml's db service's archive_command (its archive volume here a
    // temporary directory), on a port of its own.
    const archiveCommand = /"archive_command=([^"]+)"/.exec(readFileSync(join(WORKSPACE, 'docker-compose.yml'), 'utf8'))?.[1];
    if (!archiveCommand?.includes('/wal-archive/')) throw new Error('docker-compose.yml: the db service archives no WAL into /wal-archive');
    run(join(PG_BIN, 'initdb'), ['-D', primary, '-A', 'trust', '-U', 'postgres', '--no-sync']);
    dataDirs.push(primary);
    const port = await freePort();
    const conf = [
      `port = ${port}`,
      `listen_addresses = '127.0.0.1'`,
      `unix_socket_directories = ''`,
      `wal_level = replica`,
      `archive_mode = on`,
      `archive_command = '${archiveCommand.replaceAll('/wal-archive/', `${archive}/`)}'`,
      `archive_timeout = ${ARCHIVE_TIMEOUT_S}`,
      `wal_compression = on`,
      `max_connections = 100`,
    ];
    run('sh', ['-c', `printf '%s\\n' "$@" >> ${primary}/postgresql.conf`, 'sh', ...conf]);
    run(join(PG_BIN, 'pg_ctl'), ['-D', primary, '-l', join(dir, 'primary.log'), '-w', 'start']);
    await query(pgUrl(port, 'postgres'), 'CREATE DATABASE zhtj');

    main = buildApi();
    const api = await startBuiltApi(main, 'pitr-primary', {
      DATABASE_URL: pgUrl(port),
      ADMIN_PASSWORD,
      APP_CLOCK: 'controllable',
      LOGIN_RATE_LIMIT: '1000',
    });
    apis.push(api);
    if (SCALE > 0) {
      const t0 = Date.now();
      const c = new Client({ connectionString: pgUrl(port) });
      await c.connect();
      try {
        const summary = await loadDataset(c, { scale: SCALE, seed: 1, now: new Date(CLOCK), password: 'Demo@2026', method: 'copy' });
        await c.query('VACUUM ANALYZE');
        console.log(`pitr: data set of scale ${SCALE} loaded in ${ms(t0)} ms: ${JSON.stringify(summary)}`);
      } finally {
        await c.end();
      }
    }
    const size = await query<{ s: string }>(pgUrl(port), `SELECT pg_size_pretty(pg_database_size(current_database())) AS s`);
    // The nightly base backup: the schema (and the data set) are in it; what follows is in the archive.
    const t0 = Date.now();
    console.log(run('tools/ops/base-backup.sh', [pgUrl(port, 'postgres'), base]), `(${ms(t0)} ms; database ${size[0]?.s})`);

    const login = await http(api.baseUrl, 'POST', '/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
    expect(login.status).toBe(200);
    adminToken = login.body['accessToken'] as string;
    expect((await http(api.baseUrl, 'PUT', '/api/test/clock', { now: CLOCK }, adminToken)).status).toBe(200);
    const root = (await http(api.baseUrl, 'GET', '/api/auth/me', undefined, adminToken)).body['orgId'] as string;
    const create = async (path: string, body: object, token = adminToken) => {
      const r = await http(api.baseUrl, 'POST', path, body, token);
      if (r.status !== 201) throw new Error(`POST ${path}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body['id'] as string;
    };
    const province = await create('/api/orgs', {
      parentId: root,
      name: '共青团四川省委（恢复演练）',
      kind: 'committee',
      level: 'provincial',
      regionCode: '510000',
    });
    const city = await create('/api/orgs', {
      parentId: province,
      name: '共青团成都市委',
      kind: 'committee',
      level: 'city',
      regionCode: '510100',
    });
    const county = await create('/api/orgs', {
      parentId: city,
      name: '共青团武侯区委',
      kind: 'committee',
      level: 'county',
      regionCode: '510107',
    });
    const uni = await create('/api/orgs', {
      parentId: county,
      name: '第一大学团委',
      kind: 'committee',
      level: 'base',
      industry: 'university',
    });
    branchId = await create('/api/orgs', { parentId: uni, name: '信息2022级1班团支部', kind: 'branch', level: 'base' });
    employerId = await create('/api/orgs', {
      parentId: county,
      name: '示例科技公司团支部',
      kind: 'branch',
      level: 'base',
      industry: 'enterprise',
    });
    await create('/api/users', { username: 'uni1', password: PASSWORD, orgId: uni });
    const uniLogin = await http(api.baseUrl, 'POST', '/api/auth/login', { username: 'uni1', password: PASSWORD });
    const uniToken = uniLogin.body['accessToken'] as string;
    for (const [i, name] of ['恢复一', '恢复二', '恢复三', '恢复四'].entries()) {
      const id = await create('/api/members', {
        orgId: branchId,
        name,
        idCardNumber: makeIdCardNumber('510107', '2004-03-15', 700 + i),
        phone: '13812345678',
        joinDate: '2018-05-04',
      });
      members.push(id);
      // The outgoing side initiates, 团中央's admin decides (never one's own request).
      transfers.push(await create('/api/transfers', { memberId: id, type: 'employment', toOrgId: employerId, note: '已签约' }, uniToken));
    }

    const approve = async (i: number) => {
      const r = await http(api.baseUrl, 'POST', `/api/transfers/${transfers[i]}/approve`, {}, adminToken);
      if (r.status !== 200 || r.body['status'] !== 'approved') throw new Error(`approve ${i}: ${r.status} ${JSON.stringify(r.body)}`);
    };
    const url = pgUrl(port);
    await approve(0);
    // A named moment: between the first and the second approval.
    await query(url, `SELECT pg_create_restore_point($1)`, [RESTORE_POINT]);
    await approve(1);
    // A moment in time: the server's clock between the second and the third approval (commit times
    // are the server's, not the API's controllable clock).
    targetTime = (await query<{ t: string }>(url, `SELECT clock_timestamp()::text AS t`))[0]?.t ?? '';
    await new Promise((r) => setTimeout(r, 50));
    await approve(2);
    await approve(3);
    const committed = Date.now();
    expect((await stateOf(url, transfers, members)).statuses).toEqual(['approved', 'approved', 'approved', 'approved']);
    expect(await query(url, `SELECT * FROM metrics_check()`)).toEqual([]);

    // RPO of a lost server: the last approvals are safe once their WAL segment is in the archive.
    // Nobody switches segments here: archive_timeout closes it (compose: 60 s).
    const segment = (await query<{ f: string }>(url, `SELECT pg_walfile_name(pg_current_wal_lsn()) AS f`))[0]?.f ?? '';
    const until = committed + 6 * ARCHIVE_TIMEOUT_S * 1000;
    while (!existsSync(join(archive, segment))) {
      if (Date.now() > until) throw new Error(`WAL segment ${segment} never reached the archive; see ${dir}/primary.log`);
      await new Promise((r) => setTimeout(r, 100));
    }
    console.log(
      `pitr: RPO — the last approval's WAL reached the archive ${ms(committed)} ms after its commit (archive_timeout = ${ARCHIVE_TIMEOUT_S} s)`,
    );
    await api.stop();
    run(join(PG_BIN, 'pg_ctl'), ['-D', primary, '-m', 'fast', '-w', 'stop']);
    console.log(`pitr: archive holds ${readdirSync(archive).length} files; target time ${targetTime}; restore point ${RESTORE_POINT}`);
  }, HOOK_MS);

  afterAll(async () => {
    for (const api of apis) await api.stop().catch(() => undefined);
    for (const d of dataDirs) {
      if (existsSync(join(d, 'postmaster.pid')))
        spawnSync('runuser', ['-u', 'postgres', '--', join(PG_BIN, 'pg_ctl'), '-D', d, '-m', 'immediate', '-w', 'stop']);
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  /** tools/ops/restore-pitr.sh into a fresh data directory, started and promoted on a free port. */
  async function restore(target: string[]): Promise<{ url: string; port: number; data: string; took: number }> {
    const data = join(dir, `restored-${dataDirs.length}`);
    const port = await freePort();
    dataDirs.push(data);
    const t0 = Date.now();
    const out = run('tools/ops/restore-pitr.sh', [
      '--base',
      base,
      '--archive',
      archive,
      '--data',
      data,
      ...target,
      '--start',
      '--port',
      String(port),
      '--wait',
      String(HOOK_MS / 1000),
    ]);
    const took = ms(t0);
    console.log(`${out}\npitr: RTO ${took} ms (restore-pitr.sh ${target.join(' ')}, fresh data directory to a promoted primary)`);
    return { url: pgUrl(port), port, data, took };
  }

  it(
    'restores to a time between the second and third approvals: exactly the first two are there, and the facts agree with a recount',
    async () => {
      const r = await restore(['--time', targetTime]);
      expect(await query(r.url, `SELECT pg_is_in_recovery() AS r`)).toEqual([{ r: false }]);
      const state = await stateOf(r.url, transfers, members);
      expect(state.statuses).toEqual(['approved', 'approved', 'pending', 'pending']);
      expect(state.orgs).toEqual([employerId, employerId, branchId, branchId]);
      expect(state.audited).toEqual([transfers[0], transfers[1]]);
      expect(await query(r.url, `SELECT * FROM metrics_check()`)).toEqual([]);
      const cli = metricsCheckCli(r.url);
      expect(cli.status, cli.out).toBe(0);

      // The restored server is a primary the API runs on: it reads what was restored and takes the
      // lost approval again.
      const t0 = Date.now();
      const api = await startBuiltApi(main, 'pitr-restored', {
        DATABASE_URL: r.url,
        ADMIN_PASSWORD,
        APP_CLOCK: 'controllable',
        LOGIN_RATE_LIMIT: '1000',
      });
      apis.push(api);
      console.log(
        `pitr: the API answered /api/health on the restored server ${ms(t0)} ms after it was promoted (RTO to service: ${r.took + ms(t0)} ms)`,
      );
      const login = await http(api.baseUrl, 'POST', '/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
      expect(login.status).toBe(200);
      const token = login.body['accessToken'] as string;
      expect((await http(api.baseUrl, 'PUT', '/api/test/clock', { now: CLOCK }, token)).status).toBe(200);
      const seen = await Promise.all(transfers.map((id) => http(api.baseUrl, 'GET', `/api/transfers/${id}`, undefined, token)));
      expect(seen.map((s) => s.body['status'])).toEqual(['approved', 'approved', 'pending', 'pending']);
      const again = await http(api.baseUrl, 'POST', `/api/transfers/${transfers[2]}/approve`, {}, token);
      expect(again.status).toBe(200);
      expect(again.body['status']).toBe('approved');
      expect(await query(r.url, `SELECT * FROM metrics_check()`)).toEqual([]);
      await api.stop();
      run(join(PG_BIN, 'pg_ctl'), ['-D', r.data, '-m', 'fast', '-w', 'stop']);
    },
    HOOK_MS,
  );

  it(
    'restores to a named restore point between the first and second approvals: only the first is there',
    async () => {
      const r = await restore(['--name', RESTORE_POINT]);
      expect(await query(r.url, `SELECT pg_is_in_recovery() AS r`)).toEqual([{ r: false }]);
      const state = await stateOf(r.url, transfers, members);
      expect(state.statuses).toEqual(['approved', 'pending', 'pending', 'pending']);
      expect(state.orgs).toEqual([employerId, branchId, branchId, branchId]);
      expect(state.audited).toEqual([transfers[0]]);
      const cli = metricsCheckCli(r.url);
      expect(cli.status, cli.out).toBe(0);
      // The earlier restore promoted a timeline of its own into the same archive; this one followed
      // the base backup's (--timeline current) and promoted the next one.
      const tli = await query<{ t: number }>(r.url, `SELECT timeline_id AS t FROM pg_control_checkpoint()`);
      expect(tli[0]?.t).toBeGreaterThan(1);
      run(join(PG_BIN, 'pg_ctl'), ['-D', r.data, '-m', 'fast', '-w', 'stop']);
    },
    HOOK_MS,
  );

  it('refuses a data directory that is not empty, and a restore without a target', () => {
    const used = dataDirs[0] ?? '';
    const r = spawnSync(
      'runuser',
      ['-u', 'postgres', '--', 'tools/ops/restore-pitr.sh', '--base', base, '--archive', archive, '--data', used, '--time', targetTime],
      { cwd: WORKSPACE, encoding: 'utf8' },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('restore into a fresh directory');
    const none = spawnSync(
      'runuser',
      ['-u', 'postgres', '--', 'tools/ops/restore-pitr.sh', '--base', base, '--archive', archive, '--data', join(dir, 'unused')],
      { cwd: WORKSPACE, encoding: 'utf8' },
    );
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('exactly one of --time and --name');
  });
});
