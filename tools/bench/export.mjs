#!/usr/bin/env node
// The member export under load (issue 21 finding 6): `parallel` downloads of
// `GET /api/members/export` at once, timed end to end, while /api/health is asked every 50 ms.
// Goal: 50,000 rows in ≤ 5 s, health ≤ 100 ms meanwhile. Used by tools/bench/run.mjs on the
// generated data set; run alone it builds its own small case:
//   node tools/bench/export.mjs --rows 50000 [--parallel 4]
// (a fresh database on TEST_DATABASE_URL, the built bundle dist/apps/api/main.js, one branch of
// `rows` members inserted by SQL; prints the figures as JSON).
import { spawn } from 'node:child_process';
import http from 'node:http';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { call, stats } from './load.mjs';

/** One download, drained; its time in ms, bytes and status. */
function download(baseUrl, path, token) {
  const url = new URL(baseUrl);
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const req = http.request({ host: url.hostname, port: url.port, path, headers: { authorization: `Bearer ${token}` } }, (res) => {
      let bytes = 0;
      res.on('data', (c) => (bytes += c.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
    });
    req.on('error', (e) => resolve({ status: 0, bytes: 0, ms: Number(process.hrtime.bigint() - t0) / 1e6, error: String(e) }));
    req.end();
  });
}

/**
 * `parallel` exports of `path` at once, health polled meanwhile.
 * @returns {{exports: ReturnType<typeof stats> & {ok: number, failed: number, bytes: number}, health: ReturnType<typeof stats> & {max: number, n: number}}}
 */
export async function measureExport({ baseUrl, token, path, parallel = 4 }) {
  const health = [];
  let running = true;
  const poll = (async () => {
    while (running) {
      const t0 = process.hrtime.bigint();
      const r = await fetch(`${baseUrl}/api/health`).then((x) => x.arrayBuffer().then(() => x.status)).catch(() => 0);
      health.push(r === 200 ? Number(process.hrtime.bigint() - t0) / 1e6 : Infinity);
      await new Promise((ok) => setTimeout(ok, 50));
    }
  })();
  const runs = await Promise.all(Array.from({ length: parallel }, () => download(baseUrl, path, token)));
  running = false;
  await poll;
  const ok = runs.filter((r) => r.status === 200);
  return {
    exports: { ...stats(ok.map((r) => r.ms)), ok: ok.length, failed: runs.length - ok.length, bytes: Math.max(0, ...ok.map((r) => r.bytes)), max: Math.max(...runs.map((r) => r.ms)), failures: runs.filter((r) => r.status !== 200).map((r) => r.status) },
    health: { ...stats(health), max: Math.max(...health), n: health.length },
  };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function alone() {
  const { values } = parseArgs({ options: { rows: { type: 'string', default: '50000' }, parallel: { type: 'string', default: '4' } } });
  const rows = Number(values.rows);
  const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
  const base = process.env['BENCH_DATABASE_URL'] ?? process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `zhtj_bench_export_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const port = await freePort();
  const password = 'Admin@2026x';
  const child = spawn(process.execPath, ['dist/apps/api/main.js'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url.toString(), PORT: String(port), HOST: '127.0.0.1', DEMO_DATA: '0', CONSOLE_DIR: '', ADMIN_PASSWORD: password, NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const db = new pg.Client({ connectionString: url.toString() });
  try {
    for (let i = 0; ; i++) {
      if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}`);
      if (await fetch(`${baseUrl}/api/health`).then((r) => r.ok).catch(() => false)) break;
      if (i > 600) throw new Error('the API did not start');
      await new Promise((r) => setTimeout(r, 200));
    }
    const token = (await call(baseUrl, 'POST', '/api/auth/login', { username: 'admin', password })).json.accessToken;
    const me = (await call(baseUrl, 'GET', '/api/auth/me', undefined, token)).json;
    const province = (await call(baseUrl, 'POST', '/api/orgs', { parentId: me.orgId, name: '共青团四川省委', kind: 'committee', level: 'provincial', regionCode: '510000' }, token)).json;
    const branch = (await call(baseUrl, 'POST', '/api/orgs', { parentId: province.id, name: '导出测试团支部', kind: 'branch', level: 'provincial' }, token)).json;
    if (!branch.id) throw new Error(`branch: ${JSON.stringify(branch)}`);
    await db.connect();
    await db.query(
      `INSERT INTO member (org_id, name, id_card_number, gender, birth_date, phone, join_date, status)
       SELECT $1, '测试' || g, '9' || lpad(g::text, 17, '0'), 'male', '2004-01-01', '139' || lpad(g::text, 8, '0'), '2018-05-04', 'active'
         FROM generate_series(1, $2::int) g`,
      [branch.id, rows],
    );
    await db.query('ANALYZE');
    const path = `/api/members/export?orgId=${branch.id}`;
    // One unmeasured export first (V8 compiling the route, exceljs loading).
    await download(baseUrl, path, token);
    const one = await measureExport({ baseUrl, token, path, parallel: 1 });
    const many = await measureExport({ baseUrl, token, path, parallel: Number(values.parallel) });
    console.log(JSON.stringify({ rows, one, parallel: Number(values.parallel), many }, null, 2));
  } finally {
    child.kill('SIGTERM');
    await db.end().catch(() => undefined);
    await new Promise((r) => setTimeout(r, 1000));
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  alone().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
