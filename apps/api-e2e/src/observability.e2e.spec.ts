import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BuiltApi, WORKSPACE, buildApi, freePort, startBuiltApi } from './support/built-api';
import { BUNDLE_ADMIN_PASSWORD, freshDatabase } from './support/bundle';

/** One sample of the Prometheus text format. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The Prometheus text exposition format: samples, and the metric names its `# TYPE` lines declare. */
function parseExposition(text: string): { samples: Sample[]; types: Map<string, string> } {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) types.set(type[1] as string, type[2] as string);
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not the Prometheus text format: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1] as string] = l[2] as string;
    samples.push({ name: m[1] as string, labels, value: Number(m[3]) });
  }
  return { samples, types };
}

/** The value of the one sample named `name` whose labels include `labels`, or undefined. */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length > 1) throw new Error(`${name} ${JSON.stringify(labels)} matches ${found.length} samples`);
  return found[0]?.value;
}

/** Metric names a PromQL expression refers to (identifiers followed by `{`, `[`, a space or `)`, that are not functions or keywords). */
function metricNamesIn(expr: string): string[] {
  const withoutStrings = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const names = new Set<string>();
  for (const m of withoutStrings.matchAll(/\b([a-zA-Z_:][a-zA-Z0-9_:]*)\b(?!\s*\()/g)) {
    const word = m[1] as string;
    // Keywords, and aggregation operators (`sum by (…) (…)` puts a clause between the name and its bracket).
    if (
      /^(by|without|on|ignoring|group_left|group_right|and|or|unless|bool|offset|le|inf|nan|sum|min|max|avg|count|group|stddev|stdvar|topk|bottomk|quantile|count_values)$/i.test(
        word,
      )
    )
      continue;
    if (/^[smhdwy]$|^\d/.test(word)) continue;
    // Label names inside selectors and by (…) clauses are not metrics.
    const before = withoutStrings.slice(0, m.index);
    const openBraces = (before.match(/\{/g) ?? []).length - (before.match(/\}/g) ?? []).length;
    if (openBraces > 0) continue;
    if (/\b(by|without|on|ignoring)\s*\([^)]*$/.test(before)) continue;
    names.add(word);
  }
  return [...names];
}

/** A series name the scrape declares: the name itself, or a histogram's `_bucket`/`_sum`/`_count`. */
function declared(types: Map<string, string>, name: string): boolean {
  if (types.has(name)) return true;
  const base = name.replace(/_(bucket|sum|count)$/, '');
  return types.get(base) === 'histogram' || types.get(base) === 'summary';
}

/**
 * Issue 24, observability: the built bundle (what `npm start` and the compose images run) with
 * METRICS_PORT serves Prometheus metrics on that port only, answers every request with an
 * `x-request-id`, and writes JSON log lines that carry it.
 */
describe('observability of the built API (METRICS_PORT, x-request-id, JSON logs)', () => {
  let api: BuiltApi;
  let metricsUrl: string;
  let drop: () => Promise<void>;
  let token: string;
  const stdout: string[] = [];
  let partial = '';

  const scrape = async () => {
    const res = await fetch(metricsUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    return parseExposition(await res.text());
  };
  const login = (username: string, password: string) =>
    fetch(`${api.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });

  beforeAll(async () => {
    const main = buildApi();
    const db = await freshDatabase();
    drop = db.drop;
    const metricsPort = await freePort();
    api = await startBuiltApi(main, 'api-observability', {
      ...db.env,
      ADMIN_PASSWORD: BUNDLE_ADMIN_PASSWORD,
      METRICS_PORT: String(metricsPort),
      // The real clock, so that the scheduled jobs run (the test config sets a controllable one).
      APP_CLOCK: '',
      METRICS_CHECK_EVERY_MS: '3600000',
      // Room for one login, five wrong passwords (a lockout), then 429s.
      LOGIN_RATE_LIMIT: '8',
    });
    api.process.stdout?.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      stdout.push(...lines.filter((l) => l.length > 0));
    });
    metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    const res = await login('admin', BUNDLE_ADMIN_PASSWORD);
    expect(res.status).toBe(200);
    token = ((await res.json()) as { accessToken: string }).accessToken;
  }, 240_000);

  afterAll(async () => {
    await api?.stop();
    await drop?.();
  });

  it('serves GET /metrics on METRICS_PORT only: the public port answers 404', async () => {
    expect((await fetch(`${api.baseUrl}/metrics`)).status).toBe(404);
    const { types } = await scrape();
    expect(types.get('zhtj_http_request_duration_seconds')).toBe('histogram');
    // Anything else on the metrics port is 404 too.
    expect((await fetch(metricsUrl.replace('/metrics', '/api/health'))).status).toBe(404);
  });

  it('counts requests in the latency histogram by route template and status, never by raw path', async () => {
    const ids = ['0b5a6c1e-0000-4000-8000-000000000001', '0b5a6c1e-0000-4000-8000-000000000002', '0b5a6c1e-0000-4000-8000-000000000003'];
    for (const id of ids) {
      const res = await fetch(`${api.baseUrl}/api/transfers/${id}`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(404);
    }
    expect((await fetch(`${api.baseUrl}/api/no-such-route/0b5a6c1e`)).status).toBe(404);
    const { samples } = await scrape();
    expect(
      valueOf(samples, 'zhtj_http_request_duration_seconds_count', { method: 'GET', route: '/api/transfers/:id', status: '404' }),
    ).toBe(3);
    expect(
      valueOf(samples, 'zhtj_http_request_duration_seconds_bucket', {
        method: 'GET',
        route: '/api/transfers/:id',
        status: '404',
        le: '+Inf',
      }),
    ).toBe(3);
    expect(valueOf(samples, 'zhtj_http_request_duration_seconds_count', { method: 'POST', route: '/api/auth/login', status: '200' })).toBe(
      1,
    );
    expect(
      valueOf(samples, 'zhtj_http_request_duration_seconds_count', { method: 'GET', route: '(unmatched)', status: '404' }),
    ).toBeGreaterThanOrEqual(1);
    const routes = new Set(samples.filter((s) => s.name === 'zhtj_http_request_duration_seconds_count').map((s) => s.labels['route']));
    expect([...routes].filter((r) => /0b5a6c1e|no-such-route/.test(r ?? ''))).toEqual([]);
  });

  it('reports the pool, the work gauges and the jobs that ran at start', async () => {
    // The jobs start with the app; the metrics_check() job runs once at start (METRICS_CHECK_EVERY_MS).
    let samples: Sample[] = [];
    for (let i = 0; i < 100; i++) {
      samples = (await scrape()).samples;
      if (
        valueOf(samples, 'zhtj_metrics_check_differences') !== undefined &&
        valueOf(samples, 'zhtj_job_runs_total', { job: 'graduates_orgs', outcome: 'done' }) !== undefined
      )
        break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(valueOf(samples, 'zhtj_metrics_check_differences')).toBe(0);
    expect(valueOf(samples, 'zhtj_metrics_check_last_run_timestamp_seconds')).toBeGreaterThan(0);
    expect(valueOf(samples, 'zhtj_job_runs_total', { job: 'metrics_check', outcome: 'done' })).toBe(1);
    expect(valueOf(samples, 'zhtj_job_runs_total', { job: 'graduates_orgs', outcome: 'done' })).toBe(1);
    expect(valueOf(samples, 'zhtj_job_duration_seconds_count', { job: 'graduates_orgs' })).toBe(1);
    expect(valueOf(samples, 'zhtj_transfers_pending_past_return')).toBe(0);
    expect(valueOf(samples, 'zhtj_db_pool_connections', { pool: 'primary', state: 'total' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(samples, 'zhtj_db_pool_connections', { pool: 'primary', state: 'waiting' })).toBe(0);
  });

  it('carries x-request-id on every answer: echoed when sane, made up otherwise, refusals included', async () => {
    const sent = 'trace-24.observability:1';
    const echoed = await fetch(`${api.baseUrl}/api/health`, { headers: { 'x-request-id': sent } });
    expect(echoed.headers.get('x-request-id')).toBe(sent);
    const unsafe = await fetch(`${api.baseUrl}/api/health`, { headers: { 'x-request-id': 'x'.repeat(300) } });
    expect(unsafe.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const answers = [
      await fetch(`${api.baseUrl}/api/health`),
      await fetch(`${api.baseUrl}/api/auth/me`),
      await fetch(`${api.baseUrl}/api/nothing-here`),
      await fetch(`${api.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' }),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 401, 404, 400]);
    const ids = answers.map((r) => r.headers.get('x-request-id'));
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('counts lockouts and 429s where they are raised', async () => {
    // One login so far from this address; five wrong passwords lock admin here (MAX_FAILED_LOGINS).
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await login('admin', 'Wrong-password-1')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    // The address's budget (LOGIN_RATE_LIMIT 8 a minute) runs out.
    for (let i = 0; i < 4; i++) statuses.push((await login('admin', 'Wrong-password-1')).status);
    expect(statuses).toContain(429);
    const { samples } = await scrape();
    expect(valueOf(samples, 'zhtj_lockouts_total', { kind: 'login' })).toBe(1);
    expect(valueOf(samples, 'zhtj_rate_limited_total', { limit: 'login_address' })).toBe(statuses.filter((s) => s === 429).length);
    expect(valueOf(samples, 'zhtj_http_request_duration_seconds_count', { method: 'POST', route: '/api/auth/login', status: '429' })).toBe(
      statuses.filter((s) => s === 429).length,
    );
  });

  it('logs JSON lines on stdout: one access line per request with its id, route template and user, never the token', async () => {
    const sent = 'access-line-check-24';
    const res = await fetch(`${api.baseUrl}/api/transfers/0b5a6c1e-0000-4000-8000-000000000009`, {
      headers: { authorization: `Bearer ${token}`, 'x-request-id': sent },
    });
    expect(res.status).toBe(404);
    const me = (await (await fetch(`${api.baseUrl}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      id: string;
    };
    let lines: Record<string, unknown>[] = [];
    for (let i = 0; i < 50 && !lines.some((l) => l['requestId'] === sent); i++) {
      await new Promise((r) => setTimeout(r, 100));
      lines = stdout.map((l) => JSON.parse(l) as Record<string, unknown>);
    }
    expect(stdout.length).toBeGreaterThan(0);
    for (const l of stdout) expect(() => JSON.parse(l), l).not.toThrow();
    const access = lines.filter((l) => l['requestId'] === sent);
    expect(access).toHaveLength(1);
    expect(access[0]).toMatchObject({
      level: 'info',
      msg: 'request',
      method: 'GET',
      route: '/api/transfers/:id',
      status: 404,
      userId: me.id,
    });
    expect(typeof access[0]?.['durationMs']).toBe('number');
    const all = stdout.join('\n');
    expect(all).not.toContain(token);
    expect(all).not.toContain('0b5a6c1e-0000-4000-8000-000000000009');
    expect(all).not.toContain('Wrong-password-1');
    expect(all).not.toContain(BUNDLE_ADMIN_PASSWORD);
  });

  it('ops/: every alert and dashboard expression names only metrics the API exports; Prometheus scrapes the port compose gives the replicas', async () => {
    const { types } = await scrape();
    const alerts = parse(readFileSync(join(WORKSPACE, 'ops/alerts.yml'), 'utf8')) as {
      groups: { rules: { alert: string; expr: string }[] }[];
    };
    const rules = alerts.groups.flatMap((g) => g.rules);
    expect(rules.length).toBeGreaterThanOrEqual(8);
    const dashboard = JSON.parse(readFileSync(join(WORKSPACE, 'ops/grafana/dashboards/zhtj-api.json'), 'utf8')) as {
      panels: { title: string; targets?: { expr: string }[] }[];
    };
    const exprs = [
      ...rules.map((r) => [r.alert, r.expr] as const),
      ...dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => [p.title, t.expr] as const)),
    ];
    const unknown: string[] = [];
    for (const [what, expr] of exprs) {
      const names = metricNamesIn(expr);
      expect(names.length, `${what}: ${expr}`).toBeGreaterThan(0);
      // `up` is Prometheus's own series for each scrape target.
      for (const n of names) if (n !== 'up' && !declared(types, n)) unknown.push(`${what}: ${n}`);
    }
    expect(unknown).toEqual([]);

    const compose = parse(readFileSync(join(WORKSPACE, 'docker-compose.yml'), 'utf8')) as {
      services: Record<string, { environment?: Record<string, string>; ports?: string[]; image?: string }>;
    };
    const port = compose.services['api-1']?.environment?.['METRICS_PORT'];
    expect(port).toMatch(/^\d+$/);
    for (const name of ['api-1', 'api-2']) {
      expect(compose.services[name]?.environment?.['METRICS_PORT']).toBe(port);
      // The metrics port is not published on the host.
      expect((compose.services[name]?.ports ?? []).filter((p) => String(p).includes(String(port)))).toEqual([]);
    }
    expect(compose.services['prometheus']?.image).toMatch(/^prom\/prometheus:v\d+\.\d+\.\d+$/);
    expect(compose.services['grafana']?.image).toMatch(/^grafana\/grafana:\d+\.\d+\.\d+$/);
    expect(compose.services['prometheus']?.ports ?? []).toEqual([]);
    const prometheus = parse(readFileSync(join(WORKSPACE, 'ops/prometheus.yml'), 'utf8')) as {
      scrape_configs: { static_configs: { targets: string[] }[] }[];
    };
    const targets = prometheus.scrape_configs.flatMap((c) => c.static_configs.flatMap((s) => s.targets));
    expect(targets.sort()).toEqual([`api-1:${port}`, `api-2:${port}`]);
  });
});
