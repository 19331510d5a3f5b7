import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '@zhtj/api/db';
import type { DatabaseHandle } from '@zhtj/api/db';
import { WORKSPACE, buildApi, freePort, startBuiltApi } from './support/built-api';
import type { BuiltApi } from './support/built-api';

// Issue 21 finding 3: behind the compose proxy (docker-compose.yml: TRUST_PROXY "1", nginx with
// tools/nginx.conf) each client must be its own address. Express read the string "1" as the
// address 0.0.0.1, so every client was nginx's address and one client's wrong passwords locked
// the account for all. Here a real nginx (Debian's package; .ci/run installs it) runs
// tools/nginx.conf itself, its upstream pointed at the built bundle started with TRUST_PROXY=1.
// Clients are told apart the way nginx tells them apart: by the address they connect from
// (127.0.0.2, 127.0.0.3, … are all loopback); nginx adds it to the X-Forwarded-For a client
// sends ($proxy_add_x_forwarded_for), and the X-Forwarded-For each client sends itself is a
// lie the API must ignore (one hop trusted: nginx's own entry).
const ADMIN_PASSWORD = 'Admin@2026x';
const PASSWORD = 'Passw0rd!x';
const LIMIT = 10;
const NGINX = '/usr/sbin/nginx';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

/** One HTTP request from a given local (client) address. */
function call(
  port: number,
  from: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const data = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((ok, fail) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        localAddress: from,
        method,
        path,
        agent: false,
        headers: { ...(data ? { 'content-type': 'application/json' } : {}), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: Record<string, unknown> = {};
          if ((res.headers['content-type'] ?? '').includes('json') && text) parsed = JSON.parse(text) as Record<string, unknown>;
          ok({ status: res.statusCode ?? 0, headers: res.headers, body: parsed });
        });
      },
    );
    req.on('error', fail);
    req.end(data);
  });
}

/** tools/nginx.conf as it ships, with only what a test machine needs changed (ports, upstream, root). */
function nginxConfig(dir: string, listen: number, api: string): string {
  const server = readFileSync(join(WORKSPACE, 'tools/nginx.conf'), 'utf8')
    .replace(/upstream api \{[^}]*\}/, `upstream api {\n  server ${api};\n  keepalive 8;\n}`)
    .replace(/listen 80;/, `listen 127.0.0.1:${listen};`)
    .replaceAll('root /usr/share/nginx/html;', `root ${join(dir, 'html')};`);
  if (!server.includes(`listen 127.0.0.1:${listen};`) || !server.includes('include security-headers.conf;'))
    throw new Error('tools/nginx.conf changed shape: update this test');
  return [
    'daemon off;',
    'master_process off;',
    `pid ${join(dir, 'nginx.pid')};`,
    `error_log ${join(dir, 'error.log')} warn;`,
    'events { worker_connections 256; }',
    'http {',
    `  access_log ${join(dir, 'access.log')};`,
    `  client_body_temp_path ${join(dir, 'body')};`,
    `  proxy_temp_path ${join(dir, 'proxy')};`,
    `  fastcgi_temp_path ${join(dir, 'fastcgi')};`,
    `  uwsgi_temp_path ${join(dir, 'uwsgi')};`,
    `  scgi_temp_path ${join(dir, 'scgi')};`,
    '  include /etc/nginx/mime.types;',
    server,
    '}',
  ].join('\n');
}

describe('behind nginx with TRUST_PROXY=1 (issue 21 finding 3)', () => {
  let db: DatabaseHandle;
  let api: BuiltApi;
  let nginx: ChildProcess;
  let dir: string;
  let port: number;

  beforeAll(async () => {
    // No nginx, no test: a loud failure, never a skip (.ci/run installs Debian's nginx-light).
    const version = spawnSync(NGINX, ['-v'], { encoding: 'utf8' });
    if (version.status !== 0) throw new Error(`${NGINX} is missing: apt-get install -y nginx-light (.ci/run does)`);
    const main = buildApi();
    db = await createTestDatabase();
    api = await startBuiltApi(main, 'api-behind-nginx', {
      DATABASE_URL: db.url,
      ADMIN_PASSWORD,
      TRUST_PROXY: '1',
      LOGIN_RATE_LIMIT: String(LIMIT),
      JWT_SECRET: 'proxy-test-secret',
    });
    dir = mkdtempSync(join(tmpdir(), 'zhtj-nginx-'));
    mkdirSync(join(dir, 'html/assets'), { recursive: true });
    writeFileSync(join(dir, 'html/index.html'), '<!doctype html><title>console</title>');
    writeFileSync(join(dir, 'html/assets/app-1234.js'), 'console.log(1)');
    copyFileSync(join(WORKSPACE, 'tools/nginx-security-headers.conf'), join(dir, 'security-headers.conf'));
    port = await freePort();
    writeFileSync(join(dir, 'nginx.conf'), nginxConfig(dir, port, new URL(api.baseUrl).host));
    const check = spawnSync(NGINX, ['-t', '-p', dir, '-c', join(dir, 'nginx.conf')], { encoding: 'utf8' });
    if (check.status !== 0) throw new Error(`nginx -t: ${check.stderr}`);
    nginx = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    nginx.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    for (let i = 0; ; i++) {
      try {
        if ((await call(port, '127.0.0.1', 'GET', '/api/health')).status === 200) break;
      } catch {
        /* not listening yet */
      }
      if (nginx.exitCode !== null || i > 100) throw new Error(`nginx did not start: ${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const admin = await call(port, '127.0.0.1', 'POST', '/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
    expect(admin.status).toBe(200);
    const auth = { authorization: `Bearer ${admin.body['accessToken'] as string}` };
    const me = await call(port, '127.0.0.1', 'GET', '/api/auth/me', undefined, auth);
    const created = await call(
      port,
      '127.0.0.1',
      'POST',
      '/api/users',
      { username: 'victim', password: PASSWORD, orgId: me.body['orgId'] },
      auth,
    );
    expect(created.status).toBe(201);
  }, 300_000);

  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((r) => nginx.once('exit', r));
      nginx.kill('SIGTERM');
      await exited;
    }
    await api?.stop();
    await db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const login = (from: string, username: string, password: string, xff?: string) =>
    call(port, from, 'POST', '/api/auth/login', { username, password }, xff ? { 'x-forwarded-for': xff } : {});

  it('five wrong passwords from client A lock nothing for client B, whatever X-Forwarded-For A sends', async () => {
    // A claims to be B in its own X-Forwarded-For: nginx appends A's real address, and that is the one trusted.
    for (let i = 0; i < 5; i++) expect((await login('127.0.0.2', 'victim', 'wrong-pass1', '127.0.0.3')).status).toBe(401);
    const lockedForA = await login('127.0.0.2', 'victim', PASSWORD, '198.51.100.9');
    expect(lockedForA.status).toBe(401);
    expect(lockedForA.body['code']).toBe('LOGIN_FAILED');
    const b = await login('127.0.0.3', 'victim', PASSWORD);
    expect(b.status).toBe(200);
  });

  it('counts the per-address login budget for each client apart', async () => {
    const c: number[] = [];
    // C varies its X-Forwarded-For on every try: it still spends one budget.
    for (let i = 0; i < LIMIT + 2; i++) c.push((await login('127.0.0.4', `nobody-${i}`, 'wrong-pass1', `203.0.113.${i + 1}`)).status);
    expect(c.slice(0, LIMIT).every((s) => s === 401)).toBe(true);
    expect(c.slice(LIMIT)).toEqual([429, 429]);
    // D has its own budget.
    expect((await login('127.0.0.5', 'nobody-d', 'wrong-pass1')).status).toBe(401);
    expect((await login('127.0.0.5', 'victim', PASSWORD)).status).toBe(200);
  });

  it('serves the console with the security headers the API sends, and each header once', async () => {
    const fromApi = await call(port, '127.0.0.1', 'GET', '/api/health');
    const names = [
      'content-security-policy',
      'x-frame-options',
      'strict-transport-security',
      'x-content-type-options',
      'referrer-policy',
      'cross-origin-opener-policy',
      'permissions-policy',
    ];
    for (const path of ['/', '/members/some-page', '/assets/app-1234.js']) {
      const page = await call(port, '127.0.0.1', 'GET', path);
      expect(page.status).toBe(200);
      for (const name of names) {
        expect({ path, name, value: page.headers[name] }).toEqual({ path, name, value: fromApi.headers[name] });
        expect(typeof fromApi.headers[name]).toBe('string');
      }
    }
    // The API's answers through nginx carry each header once (nginx adds none of its own to /api/).
    const raw = await new Promise<string[]>((ok, fail) => {
      const req = request({ host: '127.0.0.1', port, path: '/api/health', agent: false }, (res) => {
        res.resume();
        res.on('end', () => ok(res.rawHeaders));
      });
      req.on('error', fail);
      req.end();
    });
    const counts = new Map<string, number>();
    for (let i = 0; i < raw.length; i += 2)
      counts.set((raw[i] as string).toLowerCase(), (counts.get((raw[i] as string).toLowerCase()) ?? 0) + 1);
    for (const name of names) expect({ name, count: counts.get(name) }).toEqual({ name, count: 1 });
  });
});
