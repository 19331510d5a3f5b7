// A scenario of the login flood: the built API on a fresh database behind a pretend proxy, a flood
// of wrong passwords from many addresses, and real users logging in meanwhile.
import http from 'node:http';
import { Client } from 'pg';
import type { LoginResult, MeView } from '@zhtj/shared/contract';
import { startBuiltApi } from '../lib/built-api';
import type { BuiltApi } from '../lib/built-api';
import { BASE_URL, dbUrl, withClient } from '../lib/workspace';

export const DB_NAME = 'zhtj_bench_login_flood';
export const ADMIN_PASSWORD = 'Admin@2026x';
const PASSWORD = 'Known@2026x';
/** The known user's pause between two logins (a person, not a loop). */
export const THINK_MS = 1500;
export const log = (...a: unknown[]): void => console.log('[login-flood]', ...a);

export interface FloodSettings {
  durationMs: number;
  workers: number;
  addresses: number;
}

interface Answer {
  status: number;
  code: string;
  ms: number;
  cookie: string | null;
}

export interface Latency {
  n: number;
  p50: number;
  p95: number;
  max: number;
}

/** A real user's logins: attempted, ended in 200, 429 answers, challenges answered, every answer tallied. */
export interface UserFigures {
  attempts: number;
  ok: number;
  refused429: number;
  challenges: number;
  answers: Record<string, number>;
  latency: Latency;
}

export interface ScenarioFigures {
  name: string;
  env: NodeJS.ProcessEnv;
  flood: { requests: number; answers: Record<string, number>; refused429: number; latency: Latency };
  known: UserFigures;
  newcomer: UserFigures | null;
}

/** One POST /api/auth/login as `address`; status, code, latency and the device cookie it set. */
function login(agent: http.Agent, port: number, address: string, body: object, cookie?: string | null): Promise<Answer> {
  return new Promise((resolve) => {
    const payload = Buffer.from(JSON.stringify(body));
    const headers: http.OutgoingHttpHeaders = {
      'content-type': 'application/json',
      'content-length': payload.length,
      'x-forwarded-for': address,
    };
    if (cookie) headers['cookie'] = cookie;
    const t0 = process.hrtime.bigint();
    const req = http.request({ host: '127.0.0.1', port, path: '/api/auth/login', method: 'POST', headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        let code = '';
        try {
          code = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { code?: string }).code ?? '';
        } catch {
          /* not JSON */
        }
        const set = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('zhtj_device='));
        resolve({ status: res.statusCode ?? 0, code, ms, cookie: set ? (set.split(';')[0] as string) : null });
      });
    });
    req.on('error', (e) => resolve({ status: 0, code: String(e), ms: Number(process.hrtime.bigint() - t0) / 1e6, cookie: null }));
    req.end(payload);
  });
}

async function call<T>(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
  address = '198.51.100.1',
): Promise<{ status: number; json: T | null }> {
  const res = await fetch(new URL(path, baseUrl), {
    method,
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json().catch(() => null)) as T | null };
}

function stats(ms: readonly number[]): Latency {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number): number => (s.length ? (s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] as number) : NaN);
  return { n: s.length, p50: at(0.5), p95: at(0.95), max: s.length ? (s[s.length - 1] as number) : NaN };
}

const tally = (results: readonly Answer[]): Record<string, number> => {
  const by: Record<string, number> = {};
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
async function user(
  agent: http.Agent,
  api: BuiltApi,
  db: Client,
  address: string,
  username: string,
  cookie: string | null,
  until: number,
): Promise<UserFigures> {
  const logins: { ok: boolean; ms: number }[] = [];
  const answers: Answer[] = [];
  let challenges = 0;
  while (Date.now() < until) {
    const t0 = process.hrtime.bigint();
    let extra = {};
    let r: Answer | undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
      r = await login(agent, api.port, address, { username, password: PASSWORD, ...extra }, cookie);
      answers.push(r);
      if (r.code !== 'CAPTCHA_REQUIRED' && r.code !== 'CAPTCHA_INVALID') break;
      challenges++;
      const c = await call<{ captchaId: string }>(api.baseUrl, 'GET', '/api/auth/captcha', undefined, undefined, address);
      if (c.status !== 200 || !c.json) break;
      const answer = (await db.query<{ answer: string }>('SELECT answer FROM login_challenge WHERE id = $1', [c.json.captchaId])).rows[0]
        ?.answer;
      extra = { captchaId: c.json.captchaId, captchaAnswer: answer };
    }
    logins.push({ ok: r?.status === 200, ms: Number(process.hrtime.bigint() - t0) / 1e6 });
    await new Promise((res) => setTimeout(res, THINK_MS));
  }
  const ok = logins.filter((l) => l.ok);
  return {
    attempts: logins.length,
    ok: ok.length,
    refused429: answers.filter((a) => a.status === 429).length,
    challenges,
    answers: tally(answers),
    latency: stats(ok.map((l) => l.ms)),
  };
}

export async function scenario(
  settings: FloodSettings,
  name: string,
  env: NodeJS.ProcessEnv,
  { withNewcomer = false } = {},
): Promise<ScenarioFigures> {
  const { durationMs, workers, addresses } = settings;
  await withClient(BASE_URL, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${DB_NAME}`);
  });
  const api = await startBuiltApi(dbUrl(DB_NAME), {
    ADMIN_PASSWORD,
    JWT_SECRET: 'bench-secret-not-for-production',
    TRUST_PROXY: 'loopback',
    ...env,
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: workers + 8 });
  const db = new Client({ connectionString: dbUrl(DB_NAME) });
  await db.connect();
  try {
    const admin = await call<LoginResult>(api.baseUrl, 'POST', '/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
    if (admin.status !== 200 || !admin.json) throw new Error(`admin login: ${admin.status}`);
    const token = admin.json.accessToken;
    const me = await call<MeView>(api.baseUrl, 'GET', '/api/auth/me', undefined, token);
    for (const username of ['known', 'newcomer']) {
      const made = await call(api.baseUrl, 'POST', '/api/users', { username, password: PASSWORD, orgId: me.json?.orgId }, token);
      if (made.status !== 201) throw new Error(`create ${username}: ${made.status} ${JSON.stringify(made.json)}`);
    }
    // The known user's earlier login, from its own browser: the device cookie.
    const first = await login(agent, api.port, '198.51.100.10', { username: 'known', password: PASSWORD });
    if (first.status !== 200 || !first.cookie) throw new Error(`known user's first login: ${first.status} ${first.code}`);
    log(`${name}: flood of ${workers} workers from ${addresses} addresses for ${durationMs / 1000} s`);
    const until = Date.now() + durationMs;
    const flood: Answer[] = [];
    const floodWorkers = Array.from({ length: workers }, async (_, w) => {
      const address = `203.0.113.${(w % addresses) + 1}`;
      for (let i = 0; Date.now() < until; i++)
        flood.push(await login(agent, api.port, address, { username: `bogus-${w}-${i}`, password: 'Wrong@2026x' }));
    });
    // The real users start once the flood is under way.
    await new Promise((r) => setTimeout(r, 1000));
    const [known, newcomer] = await Promise.all([
      user(agent, api, db, '198.51.100.10', 'known', first.cookie, until),
      withNewcomer ? user(agent, api, db, '198.51.100.20', 'newcomer', null, until) : null,
      ...floodWorkers,
    ]);
    const floodStats = stats(flood.map((r) => r.ms));
    return {
      name,
      env,
      flood: {
        requests: flood.length,
        answers: tally(flood),
        refused429: flood.filter((r) => r.status === 429).length,
        latency: floodStats,
      },
      known: known as UserFigures,
      newcomer: newcomer ?? null,
    };
  } finally {
    await db.end();
    await api.stop();
    agent.destroy();
  }
}
