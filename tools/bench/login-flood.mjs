#!/usr/bin/env node
// `node tools/bench/login-flood.mjs [--duration 30] [--workers 40] [--addresses 20]` (after `nx run api:build`);
// also the last step of `npm run bench`.
//
// Issue 21 item 5: a login flood from many addresses must not shut known users out. Starts the built
// API (`dist/apps/api/main.js`) on a fresh database, behind a pretend proxy (TRUST_PROXY=loopback,
// each request's X-Forwarded-For names its client, documentation addresses of RFC 5737), and runs
// two scenarios for `duration` seconds each:
//   A. settings as shipped: `workers` clients from `addresses` addresses send wrong passwords for
//      made-up names (the address budget, then the challenge, answer most of them);
//   B. the password-hashing gate saturated: the address budget and the challenge threshold raised
//      out of reach, so every flood request costs an argon2 hash — what a flood that solves
//      captchas, or comes from very many addresses, would cost; only the gate's lanes stand.
// Meanwhile a known user (a device cookie from an earlier login) logs in again and again from its
// own address, one login at a time; in B a first-time user (no cookie) does the same, answering the
// challenge it is asked for, for contrast. Writes the figures into docs/benchmarks.md (and test-output/login-flood.json).
// Measured, never asserted.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '30' },
    workers: { type: 'string', default: '40' },
    addresses: { type: 'string', default: '20' },
    'no-docs': { type: 'boolean', default: false },
  },
});
const DURATION_MS = Number(args.duration) * 1000;
const WORKERS = Number(args.workers);
const ADDRESSES = Number(args.addresses);
const BASE = process.env['BENCH_DATABASE_URL'] ?? process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const DB_NAME = 'zhtj_bench_login_flood';
const ADMIN_PASSWORD = 'Admin@2026x';
const PASSWORD = 'Known@2026x';
/** The known user's pause between two logins (a person, not a loop). */
const THINK_MS = 1500;
const log = (...a) => console.log('[login-flood]', ...a);

const dbUrl = (name) => {
  const u = new URL(BASE);
  u.pathname = `/${name}`;
  return u.toString();
};

async function freshDatabase() {
  const c = new pg.Client({ connectionString: BASE });
  await c.connect();
  try {
    await c.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${DB_NAME}`);
  } finally {
    await c.end();
  }
}

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function startApi(extraEnv) {
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/apps/api/main.js'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: dbUrl(DB_NAME),
      PORT: String(port),
      HOST: '127.0.0.1',
      DEMO_DATA: '0',
      CONSOLE_DIR: '',
      ADMIN_PASSWORD,
      JWT_SECRET: 'bench-secret-not-for-production',
      TRUST_PROXY: 'loopback',
      NODE_ENV: 'production',
      ...extraEnv,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) break;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    baseUrl,
    port,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: WORKERS + 8 });

/** One POST /api/auth/login as `address`; status, code, latency and the device cookie it set. */
function login(port, address, body, cookie) {
  return new Promise((resolve) => {
    const payload = Buffer.from(JSON.stringify(body));
    const headers = { 'content-type': 'application/json', 'content-length': payload.length, 'x-forwarded-for': address };
    if (cookie) headers.cookie = cookie;
    const t0 = process.hrtime.bigint();
    const req = http.request({ host: '127.0.0.1', port, path: '/api/auth/login', method: 'POST', headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        let code = '';
        try {
          code = JSON.parse(Buffer.concat(chunks).toString('utf8')).code ?? '';
        } catch {
          /* not JSON */
        }
        const set = [].concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('zhtj_device='));
        resolve({ status: res.statusCode ?? 0, code, ms, cookie: set ? set.split(';')[0] : null });
      });
    });
    req.on('error', (e) => resolve({ status: 0, code: String(e), ms: Number(process.hrtime.bigint() - t0) / 1e6, cookie: null }));
    req.end(payload);
  });
}

async function call(baseUrl, method, path, body, token, address = '198.51.100.1') {
  const res = await fetch(new URL(path, baseUrl), {
    method,
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json().catch(() => null) };
}

function stats(ms) {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q) => (s.length ? s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] : NaN);
  return { n: s.length, p50: at(0.5), p95: at(0.95), max: s.length ? s[s.length - 1] : NaN };
}

const tally = (results) => {
  const by = {};
  for (const r of results) {
    const k = `${r.status}${r.code ? ` ${r.code}` : ''}`;
    by[k] = (by[k] ?? 0) + 1;
  }
  return by;
};

/**
 * A user logging in again and again, one login at a time, until `until`. Asked for a challenge, it
 * fetches one and answers it — reading the answer from the database where a person reads the
 * image (at once: the latency is the server's) — and tries again. A login's latency runs from its
 * first request to its 200, challenges included.
 */
async function user(api, db, address, username, cookie, until) {
  const logins = [];
  const answers = [];
  let challenges = 0;
  while (Date.now() < until) {
    const t0 = process.hrtime.bigint();
    let extra = {};
    let r;
    for (let attempt = 0; attempt < 3; attempt++) {
      r = await login(api.port, address, { username, password: PASSWORD, ...extra }, cookie);
      answers.push(r);
      if (r.code !== 'CAPTCHA_REQUIRED' && r.code !== 'CAPTCHA_INVALID') break;
      challenges++;
      const c = await call(api.baseUrl, 'GET', '/api/auth/captcha', undefined, undefined, address);
      if (c.status !== 200) break;
      const answer = (await db.query('SELECT answer FROM login_challenge WHERE id = $1', [c.json.captchaId])).rows[0]?.answer;
      extra = { captchaId: c.json.captchaId, captchaAnswer: answer };
    }
    logins.push({ ok: r.status === 200, ms: Number(process.hrtime.bigint() - t0) / 1e6 });
    await new Promise((res) => setTimeout(res, THINK_MS));
  }
  const ok = logins.filter((l) => l.ok);
  return { attempts: logins.length, ok: ok.length, refused429: answers.filter((a) => a.status === 429).length, challenges, answers: tally(answers), latency: stats(ok.map((l) => l.ms)) };
}

async function scenario(name, env, { withNewcomer = false } = {}) {
  await freshDatabase();
  const api = await startApi(env);
  const db = new pg.Client({ connectionString: dbUrl(DB_NAME) });
  await db.connect();
  try {
    const admin = await call(api.baseUrl, 'POST', '/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
    if (admin.status !== 200) throw new Error(`admin login: ${admin.status}`);
    const token = admin.json.accessToken;
    const me = await call(api.baseUrl, 'GET', '/api/auth/me', undefined, token);
    for (const username of ['known', 'newcomer']) {
      const made = await call(api.baseUrl, 'POST', '/api/users', { username, password: PASSWORD, orgId: me.json.orgId }, token);
      if (made.status !== 201) throw new Error(`create ${username}: ${made.status} ${JSON.stringify(made.json)}`);
    }
    // The known user's earlier login, from its own browser: the device cookie.
    const first = await login(api.port, '198.51.100.10', { username: 'known', password: PASSWORD });
    if (first.status !== 200 || !first.cookie) throw new Error(`known user's first login: ${first.status} ${first.code}`);
    log(`${name}: flood of ${WORKERS} workers from ${ADDRESSES} addresses for ${DURATION_MS / 1000} s`);
    const until = Date.now() + DURATION_MS;
    const flood = [];
    const workers = Array.from({ length: WORKERS }, async (_, w) => {
      const address = `203.0.113.${(w % ADDRESSES) + 1}`;
      for (let i = 0; Date.now() < until; i++) flood.push(await login(api.port, address, { username: `bogus-${w}-${i}`, password: 'Wrong@2026x' }));
    });
    // The real users start once the flood is under way.
    await new Promise((r) => setTimeout(r, 1000));
    const [known, newcomer] = await Promise.all([user(api, db, '198.51.100.10', 'known', first.cookie, until), withNewcomer ? user(api, db, '198.51.100.20', 'newcomer', null, until) : null, ...workers]);
    const floodStats = stats(flood.map((r) => r.ms));
    return { name, env, flood: { requests: flood.length, answers: tally(flood), refused429: flood.filter((r) => r.status === 429).length, latency: floodStats }, known, newcomer };
  } finally {
    await db.end();
    await api.stop();
  }
}

const round = (x) => (Number.isFinite(x) ? (x >= 100 ? Math.round(x) : Math.round(x * 10) / 10) : '—');

async function main() {
  const loadBefore = loadavg()[0];
  const shipped = await scenario('A. settings as shipped', {});
  const saturated = await scenario('B. gate saturated (address budget and challenge out of reach)', { LOGIN_RATE_LIMIT: '1000000', LOGIN_CAPTCHA_AFTER_FAILURES: '1000000' }, { withNewcomer: true });
  const loadAfter = loadavg()[0];
  const runs = [shipped, saturated];
  const answers = (a) =>
    Object.entries(a)
      .sort((x, y) => y[1] - x[1])
      .map(([k, v]) => `${v} × ${k}`)
      .join(', ');
  const row = (r, who, u) =>
    `| ${r.name} | ${who} | ${u.attempts} | ${u.ok} | ${u.refused429} | ${round(u.latency.p50)} | ${round(u.latency.p95)} | ${round(u.latency.max)} | ${answers(u.answers)} |`;
  const table = [
    '| scenario | who | logins | logged in | 429 answers | p50 ms | p95 ms | max ms | answers |',
    '|---|---|---|---|---|---|---|---|---|',
    ...runs.flatMap((r) => [
      row(r, 'known user (device cookie)', r.known),
      ...(r.newcomer ? [row(r, 'first-time user (no cookie)', r.newcomer)] : []),
      `| ${r.name} | the flood | ${r.flood.requests} | ${r.flood.answers['200'] ?? 0} | ${r.flood.refused429} | ${round(r.flood.latency.p50)} | ${round(r.flood.latency.p95)} | ${round(r.flood.latency.max)} | ${answers(r.flood.answers)} |`,
    ]),
  ].join('\n');
  const met = runs.every((r) => r.known.refused429 === 0 && r.known.latency.p95 <= 2000);
  const section = `<!-- bench:login-flood:start (written by tools/bench/login-flood.mjs) -->
## Login under a flood from many addresses (issue 21 finding 5)

Command: \`node tools/bench/login-flood.mjs --duration ${DURATION_MS / 1000} --workers ${WORKERS} --addresses ${ADDRESSES}\` (after
\`npx nx run api:build\`; also the last step of \`npm run bench\`). The built API (\`dist/apps/api/main.js\`) on a fresh database
\`${DB_NAME}\` (PostgreSQL 15 at 127.0.0.1:5432), \`TRUST_PROXY=loopback\` with each client named by X-Forwarded-For,
argon2 gate as shipped (ARGON2_CONCURRENCY 2, ARGON2_QUEUE 32, ARGON2_ANON_QUEUE 16). For ${DURATION_MS / 1000} s, ${WORKERS} closed-loop
workers from ${ADDRESSES} addresses (203.0.113.1–${ADDRESSES}) send wrong passwords for made-up names while a known user — with the
device cookie of an earlier login — logs in from its own address again and again (one at a time, ${THINK_MS} ms apart).
A: settings as shipped (LOGIN_RATE_LIMIT 60 a minute an address, a challenge after 3 failures). B: the address budget and
the challenge threshold raised out of reach, so every flood request costs a hash — the gate's lanes alone (a first-time user
without a cookie logs in alongside; asked for a challenge when the anonymous lane is full, it answers it — the answer read from
the database at once, where a person reads the image — and its login's latency includes that round trip).
A user's "logins" are logins attempted, "logged in" those that ended in 200; "429 answers" and "answers" count every request.
Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; measured
${new Date().toISOString().slice(0, 10)}; load average ${loadBefore.toFixed(1)} at the start, ${loadAfter.toFixed(1)} at the end (other jobs share the 2 cores).
Goal: the known user's logins p95 ≤ 2 s and none refused — **${met ? 'met' : 'not met'}**. Before this change (issue 21): 8 of 9 real
logins got 429 and the 9th took 17.7 s.

${table}
<!-- bench:login-flood:end -->`;
  console.log(`\n${table}\n`);
  mkdirSync(join(root, 'test-output'), { recursive: true });
  writeFileSync(join(root, 'test-output/login-flood.json'), JSON.stringify({ runs, met }, null, 2));
  if (!args['no-docs']) {
    const file = join(root, 'docs/benchmarks.md');
    const doc = readFileSync(file, 'utf8');
    const re = /<!-- bench:login-flood:start[\s\S]*?<!-- bench:login-flood:end -->/;
    // A new section goes before the first hand-written one after the national-scale section.
    const at = doc.indexOf('\n## ', doc.indexOf('<!-- bench:scale:end -->'));
    writeFileSync(file, re.test(doc) ? doc.replace(re, section) : at < 0 ? `${doc}\n${section}\n` : `${doc.slice(0, at + 1)}${section}\n\n${doc.slice(at + 1)}`);
    log('docs/benchmarks.md updated');
  }
  agent.destroy();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
