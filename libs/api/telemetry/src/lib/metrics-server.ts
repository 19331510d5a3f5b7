import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectDefaultMetrics } from 'prom-client';
import { telemetryRegistry } from './instruments';

/**
 * `METRICS_PORT`: the port of the metrics server; unset or empty = no metrics server. Never the
 * public port: the public API answers 404 for /metrics.
 */
export function metricsPort(env: NodeJS.ProcessEnv = process.env): number | null {
  const raw = env['METRICS_PORT'];
  if (raw === undefined || raw === '') return null;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`METRICS_PORT must be a port number, got "${raw}"`);
  return port;
}

let defaultsCollected = false;

/**
 * A second, tiny HTTP server in the API process that answers `GET /metrics` with the
 * Prometheus text format of `telemetryRegistry` (plus Node's own process metrics) and 404 to
 * anything else. Bind it where only Prometheus reaches it (compose: no host port mapping).
 */
export async function startMetricsServer(port: number, host: string): Promise<{ port: number; close(): Promise<void> }> {
  if (!defaultsCollected) {
    collectDefaultMetrics({ register: telemetryRegistry, prefix: 'zhtj_' });
    defaultsCollected = true;
  }
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    telemetryRegistry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': telemetryRegistry.contentType }).end(text),
      (e: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`${e.message}\n`),
    );
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
