// A small closed-loop HTTP load driver for the benchmarks: N clients on keep-alive connections,
// each sending its next request when the last one answered; latencies from process.hrtime.
import http from 'node:http';

export interface BenchRequest {
  method?: string;
  path: string;
  body?: unknown;
  token?: string;
}

export interface LoadOptions {
  baseUrl: string;
  /** Clients in parallel. */
  concurrency: number;
  /** Requests in all (or until `next` returns null). */
  count?: number;
  /** Or for this long. */
  durationMs?: number;
  next: (i: number, client: number) => BenchRequest | null;
  /** Which answers count as success (default 2xx). */
  ok?: (status: number, body: string, i: number) => boolean;
}

export interface Stats {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface LoadResult extends Stats {
  ok: number;
  failed: number;
  /** The first five kinds of failure ("status body…") and how often each came. */
  failures: [string, number][];
  seconds: number;
  throughput: number;
}

const elapsedMs = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;

export async function load(o: LoadOptions): Promise<LoadResult> {
  const { baseUrl, concurrency, count = Infinity, durationMs = Infinity, next } = o;
  const ok = o.ok ?? ((s: number): boolean => s >= 200 && s < 300);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const url = new URL(baseUrl);
  const latencies: number[] = [];
  const failures = new Map<string, number>();
  let issued = 0;
  const started = process.hrtime.bigint();
  const deadline = Number.isFinite(durationMs) ? Date.now() + durationMs : Infinity;

  const send = (req: BenchRequest): Promise<{ status: number; body: string; ms: number }> =>
    new Promise((resolve) => {
      const payload = req.body === undefined ? undefined : Buffer.from(JSON.stringify(req.body));
      const headers: http.OutgoingHttpHeaders = { accept: 'application/json' };
      if (payload) Object.assign(headers, { 'content-type': 'application/json', 'content-length': payload.length });
      if (req.token) headers['authorization'] = `Bearer ${req.token}`;
      const t0 = process.hrtime.bigint();
      const r = http.request({ host: url.hostname, port: url.port, path: req.path, method: req.method ?? 'GET', headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: elapsedMs(t0) }));
      });
      r.on('error', (e) => resolve({ status: 0, body: String(e), ms: elapsedMs(t0) }));
      if (payload) r.write(payload);
      r.end();
    });

  const worker = async (client: number): Promise<void> => {
    for (;;) {
      if (issued >= count || Date.now() >= deadline) return;
      const i = issued++;
      const req = next(i, client);
      if (!req) return;
      const res = await send(req);
      if (ok(res.status, res.body, i)) latencies.push(res.ms);
      else {
        const key = `${res.status} ${res.body.slice(0, 160)}`;
        failures.set(key, (failures.get(key) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, c) => worker(c)));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  return {
    ...stats(latencies),
    ok: latencies.length,
    failed: [...failures.values()].reduce((a, b) => a + b, 0),
    failures: [...failures.entries()].slice(0, 5),
    seconds,
    throughput: latencies.length / seconds,
  };
}

/** p50 / p95 / p99 of a list of milliseconds. */
export function stats(ms: readonly number[]): Stats {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number): number => (s.length ? (s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] as number) : NaN);
  return { n: s.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: s.length ? (s[s.length - 1] as number) : NaN };
}

export interface CallResult<T> {
  status: number;
  json: T | null;
  text: string;
}

/** One JSON request, for setup steps; `T` is what a success answers. */
export async function call<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<CallResult<T>> {
  const res = await fetch(new URL(path, baseUrl), {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: T | null = null;
  try {
    json = JSON.parse(text) as T;
  } catch {
    /* not JSON */
  }
  return { status: res.status, json, text };
}
