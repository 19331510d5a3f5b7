import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { type IncomingHttpHeaders, type Server, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestApi } from './support/harness';

interface Raw {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A GET with the bytes as sent (HTTP clients would decompress them). */
function get(server: Server, path: string, headers: Record<string, string> = {}): Promise<Raw> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

describe('the console on the wire: compressed, hashed assets cached for a year', () => {
  let api: TestApi;
  let dir: string;
  let server: Server;
  const script = `console.log(${JSON.stringify('团关系转接与监测平台 '.repeat(400))});\n`;
  const html = `<!doctype html><html lang="zh-CN"><head><script type="module" src="/assets/index-AbC123xy.js"></script></head><body><div id="app"></div>${'<!-- padding -->'.repeat(60)}</body></html>`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'zhtj-console-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), html);
    writeFileSync(join(dir, 'assets/index-AbC123xy.js'), script);
    writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    api = await TestApi.start({ consoleDir: dir });
    server = api.app.getHttpServer() as Server;
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => {
    await api?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends a hashed script brotli-compressed to a browser that accepts br, cached for a year', async () => {
    const res = await get(server, '/assets/index-AbC123xy.js', { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['vary']).toContain('Accept-Encoding');
    expect(res.headers['content-type']).toContain('javascript');
    expect(brotliDecompressSync(res.body).toString()).toBe(script);
    expect(res.body.length).toBeLessThan(Buffer.byteLength(script) / 5);
  });

  it('falls back to gzip, and to the plain file for a client that accepts neither', async () => {
    const gz = await get(server, '/assets/index-AbC123xy.js', { 'Accept-Encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(script);
    const plain = await get(server, '/assets/index-AbC123xy.js', { 'Accept-Encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
  });

  it('revalidates index.html on every load (it names the current hashes) and serves it for console routes', async () => {
    for (const path of ['/', '/transfers', '/metrics?region=510100', '/assets/missing-file.js']) {
      const res = await get(server, path, { 'Accept-Encoding': 'br' });
      expect(res.status, path).toBe(200);
      expect(res.headers['cache-control'], path).toBe('no-cache');
      expect(res.headers['content-encoding'], path).toBe('br');
      expect(brotliDecompressSync(res.body).toString(), path).toBe(html);
    }
  });

  it('answers 304 to a matching ETag and keeps unhashed files on a short cache', async () => {
    const first = await get(server, '/favicon.svg');
    expect(first.headers['cache-control']).toBe('public, max-age=3600');
    const again = await get(server, '/favicon.svg', { 'If-None-Match': String(first.headers['etag']) });
    expect(again.status).toBe(304);
  });

  it('never serves files outside the console folder, and leaves /api to the API', async () => {
    const res = await get(server, '/..%2f..%2fetc%2fpasswd');
    expect(res.body.toString()).toBe(html);
    const health = await api.http.get('/api/health');
    expect(health.status).toBe(200);
    expect(health.headers['content-type']).toContain('application/json');
    expect((await api.http.get('/api/no-such-route')).status).toBe(404);
  });
});
