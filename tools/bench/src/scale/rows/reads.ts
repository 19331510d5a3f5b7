// The table's read rows: the floor, login, member lists and searches in a provincial scope, the
// member export, the org tree and the monitoring figures.
import type { MemberPage } from '@zhtj/shared/contract';
import { measureExport } from '../../lib/export';
import type { ExportMeasure } from '../../lib/export';
import { call, load } from '../../lib/load';
import { round } from '../../lib/workspace';
import { p95Within, rows, section } from '../bench';
import type { Bench, Part, Row } from '../bench';

/** The floor: a request that touches no table (no token, no scope). */
export const floor: Part = rows([
  { what: 'GET /api/health (the floor: no auth, one trivial query)', measure: (b) => b.meter.read(b.baseUrl, '/api/health') },
  // The same at the write rows' concurrency, where the API and the driver batch the most work per
  // turn of their event loops: the least a request costs them here (the budget).
  {
    id: 'floor',
    what: "GET /api/health, 32 clients (the floor at the write rows' concurrency)",
    measure: (b) =>
      b.meter.metered(() =>
        load({
          baseUrl: b.baseUrl,
          concurrency: 32,
          durationMs: Math.min(b.config.durationMs, 5000),
          next: () => ({ path: '/api/health' }),
        }),
      ),
  },
]);

/** Login (argon2id): a few in parallel, as the province committee's admin. */
export const login: Part = rows([
  {
    what: 'POST /api/auth/login (argon2id), 4 clients',
    measure: (b) =>
      b.meter.metered(() =>
        load({
          baseUrl: b.baseUrl,
          concurrency: 4,
          count: 40,
          next: () => ({
            method: 'POST',
            path: '/api/auth/login',
            body: { username: b.places.province.username, password: b.config.password },
          }),
        }),
      ),
  },
]);

interface MemberReads {
  /** A member of the province, to search for. */
  someone: { name: string; id_card_number: string };
  /** The cursor after row 980 (what page 50 starts after). */
  cursor50: string | null;
}

/** A member list read in the provincial scope, p95 ≤ 50 ms. */
const memberRead = (what: Row<MemberReads>['what'], path: (s: MemberReads, b: Bench) => string): Row<MemberReads> => ({
  what,
  goal: p95Within(50),
  measure: async (b, s) => b.meter.read(b.baseUrl, path(s, b), await b.provinceToken()),
});

/** Member list pages and searches in the provincial scope. */
export const memberReads: Part = section<MemberReads>({
  async prepare(b) {
    const token = await b.provinceToken();
    const someone = (
      await b.db.query<MemberReads['someone']>(
        `SELECT m.name, m.id_card_number FROM member m JOIN org o ON o.id = m.org_id WHERE o.path @> ARRAY[$1::uuid] LIMIT 1 OFFSET 1000`,
        [b.places.province.id],
      )
    ).rows[0] as MemberReads['someone'];
    // Walked once through the cursors.
    let cursor50: string | null = null;
    for (let p = 1; p < 50; p++) {
      cursor50 = (
        await call<MemberPage>(b.baseUrl, 'GET', `/api/members?pageSize=20${cursor50 ? `&after=${cursor50}` : ''}`, undefined, token)
      ).json?.nextCursor as string | null;
    }
    return { someone, cursor50 };
  },
  rows: [
    memberRead(
      (_, b) => `GET /api/members page 1 (province scope, ${b.places.provinceMembers} members)`,
      () => '/api/members?page=1&pageSize=20',
    ),
    memberRead('GET /api/members page 50 (province scope)', () => '/api/members?page=50&pageSize=20'),
    memberRead(
      'GET /api/members?after=<cursor> — page 50 by keyset (province scope)',
      (s) => `/api/members?pageSize=20&after=${s.cursor50}`,
    ),
    memberRead(
      'GET /api/members?q=<full name> (province scope)',
      (s) => `/api/members?q=${encodeURIComponent(s.someone.name)}&pageSize=20`,
    ),
    memberRead('GET /api/members?q=<ID number> (province scope)', (s) => `/api/members?q=${s.someone.id_card_number}&pageSize=20`),
    memberRead('GET /api/members?graduationYear=<cohort> (province scope)', (_, b) => `/api/members?graduationYear=${b.year}&pageSize=20`),
  ],
});

interface ExportCase {
  city: { id: string; n: number };
  path: string;
  /** Each export's /api/health polls, by exports at once, for the row after it. */
  health: Map<number, ExportMeasure['health']>;
}

/** The export `parallel` at once, then /api/health polled meanwhile (measured with it). */
const exportRows = (parallel: number): Row<ExportCase>[] => [
  {
    what: (s) => `GET /api/members/export — ${s.city.n.toLocaleString('en')} rows (a city), ${parallel} at once`,
    goal: parallel === 1 ? { text: () => '≤ 5 s', met: (m) => (m.max as number) <= 5000 } : { text: () => '—' },
    measure: async (b, s) =>
      b.meter.metered(async () => {
        const m = await measureExport({ baseUrl: b.baseUrl, token: await b.provinceToken(), path: s.path, parallel });
        s.health.set(parallel, m.health);
        return { ...m.exports, throughput: (m.exports.ok * 1000) / m.exports.max };
      }),
  },
  {
    what: (s) =>
      `GET /api/health every 50 ms during ${parallel} export${parallel > 1 ? 's' : ''} (max ${round(s.health.get(parallel)?.max ?? NaN)} ms)`,
    goal: { text: () => 'max ≤ 100 ms', met: (m) => (m.max as number) <= 100 },
    measure: async (_, s) => {
      const health = s.health.get(parallel) as ExportMeasure['health'];
      return { ...health, ok: health.n, throughput: NaN };
    },
  },
];

/**
 * The member export (issue 21 finding 6), streamed: the province's biggest city that the export
 * takes whole (≤ 50,000 active members), alone and 4 at once, /api/health asked every 50 ms meanwhile.
 */
export const memberExport: Part = section<ExportCase>({
  async prepare(b) {
    const city = (
      await b.db.query<{ id: string; n: number }>(
        `SELECT o.path[3] AS id, count(*)::int AS n FROM member m JOIN org o ON o.id = m.org_id
          WHERE m.status = 'active' AND o.path[2] = $1 AND cardinality(o.path) >= 3
          GROUP BY 1 HAVING count(*) <= 50000 ORDER BY 2 DESC LIMIT 1`,
        [b.places.province.id],
      )
    ).rows[0];
    if (!city) return null;
    const path = `/api/members/export?orgId=${city.id}`;
    // One unmeasured round first.
    await measureExport({ baseUrl: b.baseUrl, token: await b.provinceToken(), path, parallel: 1 });
    return { city, path, health: new Map() };
  },
  rows: [...exportRows(1), ...exportRows(4)],
});

/** A read as 团中央's admin, p95 within `ms`. */
const adminRead = (what: string, path: (b: Bench) => string, ms: number): Row<object> => ({
  what,
  goal: p95Within(ms),
  measure: (b) => b.meter.read(b.baseUrl, path(b), b.adminToken),
});

/** The org tree, level by level. */
export const orgTree: Part = rows([
  adminRead('GET /api/orgs/:id/children — 团中央 (national)', (b) => `/api/orgs/${b.places.rootId}/children`, 50),
  adminRead('GET /api/orgs/:id/children — a province', (b) => `/api/orgs/${b.places.province.id}/children`, 50),
  adminRead('GET /api/orgs/:id/children — a city', (b) => `/api/orgs/${b.places.city.id}/children`, 50),
  adminRead('GET /api/orgs/:id/children — a county', (b) => `/api/orgs/${b.places.county.id}/children`, 50),
]);

/** SX / XS reads and the trend, from the per-cohort facts (issue 9). */
export const metricsReads: Part = rows([
  adminRead('GET /api/metrics/sx — nation with provinces', (b) => `/api/metrics/sx?year=${b.year}&region=000000`, 20),
  adminRead(
    'GET /api/metrics/xs — a province with cities',
    (b) => `/api/metrics/xs?year=${b.year}&region=${b.places.province.region_code}`,
    20,
  ),
  adminRead('GET /api/metrics/xs — a county', (b) => `/api/metrics/xs?year=${b.year}&region=${b.places.county.region_code}`, 20),
  adminRead(
    'GET /api/metrics/trend — a province',
    (b) => `/api/metrics/trend?year=${b.year}&region=${b.places.province.region_code}&indicator=xs`,
    100,
  ),
]);
