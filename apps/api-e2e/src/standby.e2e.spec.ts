import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { RequestContext } from '@zhtj/api/core';
import type { Actor } from '@zhtj/api/core';
import { API_PERSISTENCE, ENTITIES } from '@zhtj/api/bootstrap';
import { DataScope, NO_REPLICAS, ReadReplicas, ScopedDb, dataSourceOptions } from '@zhtj/api/db';
import { loadDataset } from '@zhtj/api/datagen';
import { WORKSPACE, buildApi, freePort, http, startBuiltApi } from './support/built-api';
import type { BuiltApi } from './support/built-api';
import { startStreamingPair } from './support/standby';
import type { StreamingPair } from './support/standby';
import { DIRECTORY, PROVINCE, RANKING, READS, SX, callsOf, sampleLag, statements, until } from './support/standby-reads';
import type { Read } from './support/standby-reads';

// Issue 24, "Reads on hot standbys": the built API on a primary of its own with a real streaming
// standby (initdb, pg_basebackup -R, pg_ctl; support/standby.ts). The lag-tolerant reads
// (docs/scaling.md: indicators, ranking, trend, exports, the org directory, member list pages;
// support/standby-reads.ts) land on the standby, writes never do, a paused replay sends them back
// to the primary once the lag passes REPLICA_MAX_LAG_MS, and a stopped standby costs no request.
const ADMIN_PASSWORD = 'Admin@2026x';
const DEMO_PASSWORD = 'Demo@2026';
const CLOCK = '2026-12-02T10:00:00+08:00';
const MAX_LAG_MS = 500;
const CHECK_MS = 200;

describe('lag-tolerant reads on a real hot standby (issue 24)', () => {
  let pair: StreamingPair;
  let api: BuiltApi;
  let primary: Client;
  let standby: Client;
  let admin: string;
  let reader: string;
  let provinceOrgId: string;
  const measured: Record<string, unknown> = {};

  const get = (path: string, token = reader) => fetch(`${api.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const apiLog = (): string => readFileSync(join(WORKSPACE, 'test-output', 'standby-api.log'), 'utf8');

  let metricsPort = 0;

  beforeAll(async () => {
    const main = buildApi();
    pair = await startStreamingPair({ database: 'zhtj' });
    metricsPort = await freePort();
    api = await startBuiltApi(main, 'standby-api', {
      METRICS_PORT: String(metricsPort),
      DATABASE_URL: pair.primaryUrl(),
      DATABASE_REPLICA_URLS: pair.standbyUrl(),
      REPLICA_MAX_LAG_MS: String(MAX_LAG_MS),
      REPLICA_CHECK_MS: String(CHECK_MS),
      ADMIN_PASSWORD,
      APP_CLOCK: 'controllable',
      JWT_SECRET: 'standby-test-secret',
    });
    primary = new Client({ connectionString: pair.primaryUrl() });
    await primary.connect();
    standby = new Client({ connectionString: pair.standbyUrl() });
    // Cut when the last test stops the standby.
    standby.on('error', () => undefined);
    await standby.connect();
    // The standby's lag while a data set is loaded in one transaction (COPY) and its facts rebuilt.
    const monitor = new Client({ connectionString: pair.primaryUrl() });
    await monitor.connect();
    const lsnBefore = (await monitor.query(`SELECT pg_current_wal_lsn() AS l`)).rows[0].l as string;
    const loading = sampleLag(monitor);
    await loadDataset(primary, {
      scale: 0.0002,
      seed: 5,
      now: new Date(CLOCK),
      password: DEMO_PASSWORD,
      method: 'copy',
      provinces: [PROVINCE],
    });
    const walBytes = Number((await monitor.query(`SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1) AS b`, [lsnBefore])).rows[0].b);
    measured['load'] = { ...(await loading.stop()), walBytes };
    await monitor.end();
    const login = await http(api.baseUrl, 'POST', '/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
    expect(login.status).toBe(200);
    admin = login.body['accessToken'] as string;
    expect((await http(api.baseUrl, 'PUT', '/api/test/clock', { now: CLOCK }, admin)).status).toBe(200);
    // The reader: the provincial committee's admin (a dashboard user); the writer is 团中央's admin.
    const { rows } = await primary.query(
      `SELECT u.username, o.id FROM app_user u JOIN org o ON o.id = u.org_id WHERE o.parent_id = (SELECT id FROM org WHERE parent_id IS NULL) AND o.region_code = $1 ORDER BY u.username LIMIT 1`,
      [PROVINCE],
    );
    provinceOrgId = rows[0].id as string;
    const r = await http(api.baseUrl, 'POST', '/api/auth/login', { username: rows[0].username as string, password: DEMO_PASSWORD });
    expect(r.status).toBe(200);
    reader = r.body['accessToken'] as string;
  }, 600_000);

  afterAll(async () => {
    mkdirSync(join(WORKSPACE, 'test-output'), { recursive: true });
    writeFileSync(join(WORKSPACE, 'test-output', 'standby-measured.json'), JSON.stringify(measured, null, 2));
    console.log('standby measurements', JSON.stringify(measured));
    await primary?.end().catch(() => undefined);
    await standby?.end().catch(() => undefined);
    await api?.stop();
    pair?.destroy();
  });

  it('sends every lag-tolerant read to the standby and none of them to the primary', async () => {
    // The standby has caught up with the data set and the monitor has seen it within the bound.
    await until('the indicators read on the standby', async () => {
      await standby.query('SELECT pg_stat_statements_reset()');
      expect((await get(SX.path)).status).toBe(200);
      return (await callsOf(standby, SX.sql)) > 0;
    });
    await primary.query('SELECT pg_stat_statements_reset()');
    await standby.query('SELECT pg_stat_statements_reset()');
    for (const r of READS) {
      const res = await get(r.path);
      expect(res.status, r.name).toBe(200);
      await res.arrayBuffer();
    }
    for (const r of READS) {
      expect(await callsOf(standby, r.sql), `${r.name} on the standby`).toBeGreaterThan(0);
      expect(await callsOf(primary, r.sql), `${r.name} on the primary`).toBe(0);
    }
    // The auth guard's actor load and the scope checks by id stay on the primary.
    expect(await callsOf(standby, /revoked_token/)).toBe(0);
    // Standby usage on /metrics (issue 24): usable, its lag, and the reads it answered.
    const scrape = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(scrape).toMatch(/^zhtj_standby_usable\{standby="[^"]+"\} 1$/m);
    expect(scrape).toMatch(/^zhtj_standby_lag_ms\{standby="[^"]+"\} \d/m);
    const served = Number(/^zhtj_lag_tolerant_reads\{served_by="(?!primary)[^"]+"\} (\d+)$/m.exec(scrape)?.[1] ?? 0);
    expect(served).toBeGreaterThanOrEqual(READS.length);
  }, 180_000);

  it('keeps what its writer reads right after a write on the primary, and other readers on the standby', async () => {
    const created = await http(
      api.baseUrl,
      'POST',
      '/api/orgs',
      { parentId: provinceOrgId, name: '备库写后读团支部', kind: 'branch', level: 'provincial' },
      admin,
    );
    expect(created.status).toBe(201);
    await primary.query('SELECT pg_stat_statements_reset()');
    await standby.query('SELECT pg_stat_statements_reset()');
    // The writer's next read: the primary, which has the new org.
    const mine = await get(`/api/transfers/targets?q=${encodeURIComponent('备库写后读')}`, admin);
    expect(mine.status).toBe(200);
    expect(((await mine.json()) as { name: string }[]).map((o) => o.name)).toContain('备库写后读团支部');
    expect(await callsOf(primary, DIRECTORY.sql)).toBe(1);
    expect(await callsOf(standby, DIRECTORY.sql)).toBe(0);
    // Another user's read: the standby.
    expect((await get(RANKING.path)).status).toBe(200);
    expect(await callsOf(standby, RANKING.sql)).toBe(1);
  });

  it('never writes on the standby: a burst of writes through the API, its lag measured', async () => {
    await standby.query('SELECT pg_stat_statements_reset()');
    // The standby's lag as PostgreSQL reports it while 200 orgs are created, 8 at a time.
    const monitor = new Client({ connectionString: pair.primaryUrl() });
    await monitor.connect();
    const sampler = sampleLag(monitor);
    let n = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (n < 200) {
          const i = ++n;
          const r = await http(
            api.baseUrl,
            'POST',
            '/api/orgs',
            { parentId: provinceOrgId, name: `备库写入测试团支部${i}`, kind: 'branch', level: 'provincial' },
            admin,
          );
          expect(r.status).toBe(201);
          // Reads between the writes, by another user: on the standby while it keeps up.
          if (i % 10 === 0) expect((await get(SX.path)).status).toBe(200);
        }
      }),
    );
    measured['burst'] = { writes: 200, ...(await sampler.stop()) };
    await monitor.end();
    await until('the standby has replayed the burst', async () => {
      const { rows } = await standby.query(`SELECT count(*)::int AS n FROM org WHERE name LIKE '备库写入测试团支部%'`);
      return rows[0].n === 200;
    });
    // Not one statement that writes (or a transaction) was sent to the standby.
    const sent = await statements(standby);
    const writes = sent.filter((s) =>
      /^\s*(INSERT|UPDATE|DELETE|MERGE|CREATE|ALTER|DROP|TRUNCATE|BEGIN|START TRANSACTION|LOCK)\b|FOR (NO KEY )?UPDATE|nextval\(/i.test(
        s.query,
      ),
    );
    expect(writes.map((s) => s.query)).toEqual([]);
    expect(sent.length).toBeGreaterThan(0);
    // The standby refused nothing (it would say "cannot execute … in a read-only transaction") and the API logged no error.
    expect(pair.log('standby')).not.toMatch(/read-only transaction/);
    expect(apiLog()).not.toMatch(/\bERROR\b|query failed|read-only transaction/);
  }, 180_000);

  it('sends the reads back to the primary while replay is paused past REPLICA_MAX_LAG_MS, and to the standby once it catches up', async () => {
    await standby.query('SELECT pg_wal_replay_pause()');
    try {
      const created = await http(
        api.baseUrl,
        'POST',
        '/api/orgs',
        { parentId: provinceOrgId, name: '备库暂停测试团支部', kind: 'branch', level: 'provincial' },
        admin,
      );
      expect(created.status).toBe(201);
      const { rows } = await standby.query(`SELECT count(*)::int AS n FROM org WHERE name = '备库暂停测试团支部'`);
      expect(rows[0].n).toBe(0);
      // Another user's directory search finds the new org once the standby is skipped (it has not replayed it).
      const pausedAt = Date.now();
      await until('the directory read on the primary while replay is paused', async () => {
        const res = await get(`/api/transfers/targets?q=${encodeURIComponent('备库暂停测试')}`);
        expect(res.status).toBe(200);
        return ((await res.json()) as { name: string }[]).some((o) => o.name === '备库暂停测试团支部');
      });
      measured['pausedSkippedAfterMs'] = Date.now() - pausedAt;
      await primary.query('SELECT pg_stat_statements_reset()');
      await standby.query('SELECT pg_stat_statements_reset()');
      for (const r of READS) expect((await (await get(r.path)).arrayBuffer()).byteLength, r.name).toBeGreaterThan(0);
      for (const r of READS) {
        expect(await callsOf(primary, r.sql), `${r.name} on the primary while replay is paused`).toBeGreaterThan(0);
        expect(await callsOf(standby, r.sql), `${r.name} on the paused standby`).toBe(0);
      }
    } finally {
      await standby.query('SELECT pg_wal_replay_resume()');
    }
    await until('the reads on the standby again', async () => {
      await standby.query('SELECT pg_stat_statements_reset()');
      expect((await get(SX.path)).status).toBe(200);
      return (await callsOf(standby, SX.sql)) > 0;
    });
    const { rows } = await standby.query(`SELECT count(*)::int AS n FROM org WHERE name = '备库暂停测试团支部'`);
    expect(rows[0].n).toBe(1);
  }, 180_000);

  it('measures the cost of the lag check on both servers', async () => {
    // The monitor's statements as each server times them, over 20 checks.
    await primary.query('SELECT pg_stat_statements_reset()');
    await standby.query('SELECT pg_stat_statements_reset()');
    const monitor = async () => ({
      check: (await statements(standby)).find((s) => /pg_is_in_recovery\(\) AS recovery/.test(s.query)),
      lsn: (await statements(primary)).find((s) => /pg_current_wal_lsn\(\)::text AS lsn/.test(s.query)),
    });
    await until('20 checks of the standby', async () => {
      const m = await monitor();
      return (m.check?.calls ?? 0) >= 20 && (m.lsn?.calls ?? 0) >= 20;
    });
    const { check, lsn } = await monitor();
    // And from a client on this machine, round trip included (what the monitor pays each CHECK_MS).
    const c = new Client({ connectionString: pair.standbyUrl() });
    await c.connect();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < 200; i++)
      await c.query(
        `SELECT pg_is_in_recovery() AS recovery, pg_last_wal_replay_lsn()::text AS replayed, pg_is_wal_replay_paused() AS paused`,
      );
    const roundTripMs = Number(process.hrtime.bigint() - t0) / 1e6 / 200;
    await c.end();
    measured['lagCheck'] = {
      standbyExecMeanMs: check?.mean,
      primaryLsnExecMeanMs: lsn?.mean,
      clientRoundTripMs: roundTripMs,
      everyMs: CHECK_MS,
    };
  }, 180_000);

  it('goes on with an export from the primary at the same row when its standby stops mid-file', async () => {
    // ScopedDb and ReadReplicas in this process, on the same pair: the export's cursor (`ScopedDb.cursor`)
    // is declared on the standby, a page is read, the standby stops, and the rest comes from the primary.
    const ds = new DataSource(dataSourceOptions(pair.primaryUrl(), false, ENTITIES));
    await ds.initialize();
    const replicas = new ReadReplicas(ds, { ...NO_REPLICAS, urls: [pair.standbyUrl()], maxLagMs: MAX_LAG_MS, checkMs: CHECK_MS });
    replicas.onModuleInit();
    try {
      await until('the standby in use here', async () => replicas.status()[0]?.usable === true);
      const db = new ScopedDb(ds, new DataScope(ds, API_PERSISTENCE), replicas);
      const { rows } = await primary.query(
        `SELECT u.id, u.username, u.role, o.id AS org_id, o.path, o.industry, o.region_code::text AS region FROM app_user u JOIN org o ON o.id = u.org_id WHERE u.username = 'admin'`,
      );
      const a = rows[0];
      const actor: Actor = {
        userId: a.id,
        username: a.username,
        role: a.role,
        orgId: a.org_id,
        orgPath: a.path,
        memberId: null,
        orgIndustry: a.industry,
        orgRegion: a.region,
      };
      const exported = (pageSize: number, during?: (page: number) => Promise<void>) =>
        RequestContext.run(
          async () => {
            RequestContext.setActor(actor);
            const qb = db.lagTolerant
              .query('member', 'm')
              .select('m.id', 'id')
              .addSelect('m.name', 'name')
              .orderBy('m.name')
              .addOrderBy('m.id');
            const ids: string[] = [];
            let pages = 0;
            await db.cursor<{ id: string }, object>(qb as never, pageSize, async (next) => {
              for (;;) {
                const page = await next();
                ids.push(...page.map((r) => r.id));
                await during?.(++pages);
                if (page.length < pageSize) return;
              }
            });
            return ids;
          },
          { readsMayLag: true },
        );
      const expected = (await primary.query(`SELECT id FROM member ORDER BY name, id`)).rows.map((r) => r.id as string);
      expect(expected.length).toBeGreaterThan(200);
      await standby.query('SELECT pg_stat_statements_reset()');
      let declaredOnStandby = 0;
      const ids = await exported(50, async (page) => {
        if (page !== 2) return;
        declaredOnStandby = await callsOf(standby, /DECLARE scoped_cursor_/);
        await pair.stopStandby();
      });
      expect(declaredOnStandby).toBe(1);
      expect(ids).toEqual(expected);
      await until('the monitor finds the standby down', async () => replicas.status()[0]?.up === false);
    } finally {
      await replicas.onApplicationShutdown();
      await ds.destroy();
    }
    // Back for the API's test below.
    pair.startStandby();
    const again = new Client({ connectionString: pair.standbyUrl() });
    again.on('error', () => undefined);
    await again.connect();
    await standby.end().catch(() => undefined);
    standby = again;
    await until('the API reads on the restarted standby', async () => {
      await standby.query('SELECT pg_stat_statements_reset()');
      expect((await get(SX.path)).status).toBe(200);
      return (await callsOf(standby, SX.sql)) > 0;
    });
  }, 180_000);

  it('costs no request when the standby stops: every read answers from the primary', async () => {
    const statuses: number[] = [];
    const failures: string[] = [];
    let reading = true;
    const readers = Array.from({ length: 4 }, async (_, k) => {
      for (let i = k; reading; i++) {
        const r = READS[i % READS.length] as Read;
        try {
          const res = await get(r.path);
          // The whole body: a file cut off in the middle is a failed request too.
          await res.arrayBuffer();
          statuses.push(res.status);
        } catch (e) {
          failures.push(`${r.name}: ${(e as Error).message}`);
        }
      }
    });
    await new Promise((r) => setTimeout(r, 500));
    await pair.stopStandby();
    await new Promise((r) => setTimeout(r, 2_000));
    reading = false;
    await Promise.all(readers);
    expect(failures).toEqual([]);
    expect(statuses.length).toBeGreaterThan(READS.length);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    // From now on the primary answers them all.
    await primary.query('SELECT pg_stat_statements_reset()');
    for (const r of READS) expect((await get(r.path)).status, r.name).toBe(200);
    for (const r of READS) expect(await callsOf(primary, r.sql), `${r.name} on the primary`).toBeGreaterThan(0);
    await until('the API reports the standby down', async () => /standby .*: down/.test(apiLog()));
    measured['readsAcrossStop'] = statuses.length;
  }, 180_000);
});
