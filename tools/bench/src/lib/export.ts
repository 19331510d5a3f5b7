// The member export under load (issue 21 finding 6): `parallel` downloads of
// `GET /api/members/export` at once, timed end to end, while /api/health is asked every 50 ms.
// Goal: 50,000 rows in ≤ 5 s, health ≤ 100 ms meanwhile. Used by the national-scale bench on the
// generated data set; `npm run bench -- export --rows 50000 [--parallel 4]` builds its own small
// case (`exportAlone`).
import http from 'node:http';
import { stats } from './load';
import type { Stats } from './load';

/** One download, drained; its time in ms, bytes and status. */
export function download(
  baseUrl: string,
  path: string,
  token: string,
): Promise<{ status: number; bytes: number; ms: number; error?: string }> {
  const url = new URL(baseUrl);
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const req = http.request({ host: url.hostname, port: url.port, path, headers: { authorization: `Bearer ${token}` } }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
    });
    req.on('error', (e) => resolve({ status: 0, bytes: 0, ms: Number(process.hrtime.bigint() - t0) / 1e6, error: String(e) }));
    req.end();
  });
}

export interface ExportMeasure {
  exports: Stats & { ok: number; failed: number; bytes: number; max: number; failures: number[] };
  health: Stats & { max: number; n: number };
}

/** `parallel` exports of `path` at once, health polled meanwhile. */
export async function measureExport(o: { baseUrl: string; token: string; path: string; parallel?: number }): Promise<ExportMeasure> {
  const { baseUrl, token, path, parallel = 4 } = o;
  const health: number[] = [];
  let running = true;
  const poll = (async (): Promise<void> => {
    while (running) {
      const t0 = process.hrtime.bigint();
      const r = await fetch(`${baseUrl}/api/health`)
        .then((x) => x.arrayBuffer().then(() => x.status))
        .catch(() => 0);
      health.push(r === 200 ? Number(process.hrtime.bigint() - t0) / 1e6 : Infinity);
      await new Promise((ok) => setTimeout(ok, 50));
    }
  })();
  const runs = await Promise.all(Array.from({ length: parallel }, () => download(baseUrl, path, token)));
  running = false;
  await poll;
  const ok = runs.filter((r) => r.status === 200);
  return {
    exports: {
      ...stats(ok.map((r) => r.ms)),
      ok: ok.length,
      failed: runs.length - ok.length,
      bytes: Math.max(0, ...ok.map((r) => r.bytes)),
      max: Math.max(...runs.map((r) => r.ms)),
      failures: runs.filter((r) => r.status !== 200).map((r) => r.status),
    },
    health: { ...stats(health), max: Math.max(...health), n: health.length },
  };
}
