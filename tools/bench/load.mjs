// A small closed-loop HTTP load driver for the benchmarks: N clients on keep-alive connections,
// each sending its next request when the last one answered; latencies from process.hrtime.
import http from 'node:http';

/**
 * @param {object} o
 * @param {string} o.baseUrl
 * @param {number} o.concurrency clients in parallel
 * @param {number} [o.count] requests in all (or until `next` returns null)
 * @param {number} [o.durationMs] or for this long
 * @param {(i: number, client: number) => ({method?: string, path: string, body?: unknown, token?: string} | null)} o.next
 * @param {(status: number, body: string, i: number) => boolean} [o.ok] which answers count as success (default 2xx)
 */
export async function load({ baseUrl, concurrency, count = Infinity, durationMs = Infinity, next, ok = (s) => s >= 200 && s < 300 }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const url = new URL(baseUrl);
  const latencies = [];
  const failures = new Map();
  let issued = 0;
  const started = process.hrtime.bigint();
  const deadline = Number.isFinite(durationMs) ? Date.now() + durationMs : Infinity;

  const send = (req) =>
    new Promise((resolve) => {
      const payload = req.body === undefined ? undefined : Buffer.from(JSON.stringify(req.body));
      const headers = { accept: 'application/json' };
      if (payload) Object.assign(headers, { 'content-type': 'application/json', 'content-length': payload.length });
      if (req.token) headers.authorization = `Bearer ${req.token}`;
      const t0 = process.hrtime.bigint();
      const r = http.request({ host: url.hostname, port: url.port, path: req.path, method: req.method ?? 'GET', headers, agent }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
      });
      r.on('error', (e) => resolve({ status: 0, body: String(e), ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
      if (payload) r.write(payload);
      r.end();
    });

  const worker = async (client) => {
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
  return { ...stats(latencies), ok: latencies.length, failed: [...failures.values()].reduce((a, b) => a + b, 0), failures: [...failures.entries()].slice(0, 5), seconds, throughput: latencies.length / seconds };
}

/** p50 / p95 / p99 of a list of milliseconds. */
export function stats(ms) {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q) => (s.length ? s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] : NaN);
  return { n: s.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: s.length ? s[s.length - 1] : NaN };
}

/** One JSON request, for setup steps. */
export async function call(baseUrl, method, path, body, token) {
  const res = await fetch(new URL(path, baseUrl), {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, json, text };
}
