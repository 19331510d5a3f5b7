import { mkdirSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, TestApi } from './support/harness';
import { sessionEndingLast } from './support/routes';
import { OpenApiDoc, routeKeys } from './support/openapi';
import { Tree, seedTree } from './support/fixtures';

/**
 * Issue 10: generated bodies and queries (fast-check) against every route, as a national and a
 * branch admin, while a second client polls /api/health. No answer may be a 5xx, and health must
 * answer throughout. Health latency is measured and written to test-output/fuzz.json; the test
 * asserts only a bound far above the 100 ms target (a stall like the 36 s one fails it, CPU noise
 * on a shared 2-core machine does not).
 */
const NASTY = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  '😀',
  'ａｄｍｉｎ',
  'admin\u200b',
  '%00',
  "'; DROP TABLE member; --",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '1e20',
  '-1',
  '9999-12-31',
  '2026-02-30',
  'NaN',
  'null',
  '00000000-0000-0000-0000-000000000000',
  'x'.repeat(600),
];
const KEYS = [
  'name',
  'orgId',
  'memberId',
  'parentId',
  'toOrgId',
  'branchId',
  'page',
  'pageSize',
  'q',
  'year',
  'region',
  'type',
  'status',
  'box',
  'graduationDate',
  'mixed',
  'reason',
  'username',
  'password',
  'rows',
  'dryRun',
  'kind',
  'level',
  'industry',
  'purpose',
  'member',
  'external',
  'list',
  'indicator',
  'from',
  'to',
  'entityId',
  'code',
  'newPassword',
  'orgIds',
  'mark',
  'date',
  'note',
];

const text = fc.oneof(fc.constantFrom(...NASTY), fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ maxLength: 20 }));
const leaf = fc.oneof(
  text,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(1e20, -1, 0, 2 ** 53, Number.MAX_VALUE),
);
const value = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('v'), { maxKeys: 5 }),
  ),
})).v;
// A route's keys: the fixed list and what the OpenAPI document gives the route (issue 21: a new
// route's parameters are fuzzed without anyone listing them).
const bodyFor = (keys: readonly string[]) =>
  fc.dictionary(fc.oneof(fc.constantFrom(...KEYS, ...keys), fc.string({ maxLength: 8 })), value, { maxKeys: 8 });
const queryFor = (keys: readonly string[]) => fc.dictionary(fc.constantFrom(...KEYS, ...keys), text, { maxKeys: 5 });

function encode(q: Record<string, string>): string {
  const parts = Object.entries(q).map(([k, v]) => {
    try {
      return `${k}=${encodeURIComponent(v)}`;
    } catch {
      // An unpaired surrogate cannot be percent-encoded as UTF-8; send its raw escape.
      return `${k}=%ED%A0%80`;
    }
  });
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

describe('fuzz: generated bodies and queries on every route', () => {
  let api: TestApi;
  let callers: Client[];
  let t: Tree;
  const health: number[] = [];
  const figures = { routes: 0, requests: 0, healthChecks: 0, healthMaxMs: 0, healthP99Ms: 0, healthFailures: 0 };

  beforeAll(async () => {
    api = await TestApi.start();
    await api.setClock('2026-06-15T10:00:00+08:00');
    const admin = await api.admin();
    t = await seedTree(api, admin);
    callers = [admin, await api.login('branch1')];
  });
  afterAll(() => {
    mkdirSync('test-output', { recursive: true });
    writeFileSync('test-output/fuzz.json', JSON.stringify(figures, null, 2));
    return api?.close();
  });

  it('no 5xx anywhere, and /api/health answers throughout', async () => {
    const routes = sessionEndingLast(
      api.routes().filter((r) => r.path.startsWith('/api/') && !r.path.startsWith('/api/docs') && r.path !== '/api/test/clock'),
      (r) => r.path,
    );
    figures.routes = routes.length;
    const doc = (await api.http.get('/api/docs-json')).body as OpenApiDoc;
    const ids = fc.constantFrom(t.m1.id, t.branch1.id, t.uni2.id, 'not-a-uuid', '00000000-0000-0000-0000-000000000000', '%00', '%ED%A0%80');
    const failures: string[] = [];

    let fuzzing = true;
    const poll = (async () => {
      while (fuzzing) {
        const started = performance.now();
        const res = await api.http.get('/api/health').then(
          (r) => r.status,
          () => 0,
        );
        health.push(performance.now() - started);
        if (res !== 200) figures.healthFailures++;
        await new Promise((r) => setTimeout(r, 25));
      }
    })();

    try {
      for (const r of routes) {
        const documented = routeKeys(doc, r.method, r.path);
        if (!documented) failures.push(`${r.method.toUpperCase()} ${r.path} is not in the OpenAPI document`);
        await fc
          .assert(
            fc.asyncProperty(
              fc.nat(callers.length - 1),
              ids,
              queryFor(documented?.query ?? []),
              bodyFor(documented?.body ?? []),
              async (who, id, q, b) => {
                const caller = callers[who] as Client;
                const url = r.path.replace(/:[a-zA-Z]+/g, id) + encode(q);
                const req = api.http[r.method as 'get'](url).set('Authorization', `Bearer ${caller.token}`);
                const res = r.method === 'get' || r.method === 'delete' ? await req : await req.send(b);
                figures.requests++;
                if (res.status >= 500) failures.push(`${r.method.toUpperCase()} ${url} ${JSON.stringify(b).slice(0, 300)} → ${res.status}`);
                return res.status < 500;
              },
            ),
            { numRuns: 12, seed: 20261202, endOnFailure: true },
          )
          .catch(() => undefined);
      }
    } finally {
      fuzzing = false;
      await poll;
    }

    const sorted = [...health].sort((a, b) => a - b);
    figures.healthChecks = sorted.length;
    figures.healthMaxMs = Math.round(sorted[sorted.length - 1] ?? 0);
    figures.healthP99Ms = Math.round(sorted[Math.floor(sorted.length * 0.99)] ?? 0);
    expect(failures).toEqual([]);
    expect(figures.requests).toBeGreaterThan(500);
    expect(figures.healthFailures).toBe(0);
    expect(figures.healthChecks).toBeGreaterThan(20);
    // Far above the 100 ms target: only a stall fails this (the measured figures are in test-output/fuzz.json).
    expect(figures.healthMaxMs).toBeLessThan(5_000);
  }, 600_000);
});
