// The table's write rows, 32 clients for the run's duration each: initiate, approve, 批量通过, and
// PostgreSQL's own share of an approval without the API.
import type { BatchApproveResult } from '@zhtj/shared/contract';
import { load } from '../../lib/load';
import { halfPgbench, section } from '../bench';
import type { Bench, Part } from '../bench';
import { SQL_GROUP, approvalsSqlAlone } from '../yardsticks';

/**
 * Initiate: `general` moves of working members (no graduation this year) to another employer of
 * their county, by the national committee (an outgoing-side ancestor).
 */
export const initiate: Part = section({
  async prepare(b) {
    const movers = (
      await b.db.query<{ id: string; org_id: string; region_code: string }>(
        `SELECT m.id, m.org_id, o.region_code FROM member m JOIN org o ON o.id = m.org_id
          WHERE o.industry = 'enterprise' AND o.kind = 'branch' AND o.purpose IS NULL AND m.status = 'active'
            AND m.graduation_date IS NULL AND m.birth_date > (($1::timestamptz AT TIME ZONE 'Asia/Shanghai')::date - interval '27 years')
            AND NOT EXISTS (SELECT 1 FROM transfer t WHERE t.member_id = m.id AND t.status = 'pending')
          LIMIT 20000`,
        [b.clock],
      )
    ).rows;
    const employers = new Map<string, string[]>();
    for (const e of (
      await b.db.query<{ id: string; region_code: string }>(
        `SELECT id, region_code FROM org WHERE industry = 'enterprise' AND kind = 'branch' AND purpose IS NULL`,
      )
    ).rows) {
      employers.set(e.region_code, [...(employers.get(e.region_code) ?? []), e.id]);
    }
    const moves = movers
      .map((m, i) => {
        const options = (employers.get(m.region_code) ?? []).filter((id) => id !== m.org_id);
        return options.length ? { memberId: m.id, toOrgId: options[i % options.length] as string } : null;
      })
      .filter((m) => m !== null);
    return { moves };
  },
  rows: [
    {
      what: 'POST /api/transfers (initiate), 32 clients',
      goal: halfPgbench,
      measure: (b, { moves }) =>
        b.meter.metered(() =>
          load({
            baseUrl: b.baseUrl,
            concurrency: 32,
            durationMs: b.config.durationMs,
            next: (i) => {
              const move = moves[i];
              return move
                ? {
                    method: 'POST',
                    path: '/api/transfers',
                    token: b.adminToken,
                    body: { memberId: move.memberId, type: 'general', toOrgId: move.toOrgId },
                  }
                : null;
            },
          }),
        ),
    },
  ],
});

/** Pending graduates' transfers in a random but fixed order (the batch row reads them from the other end). */
const pendingToApprove = async (b: Bench, order: 'ASC' | 'DESC', limit: number): Promise<string[]> =>
  (
    await b.db.query<{ id: string }>(
      `SELECT t.id FROM transfer t JOIN member m ON m.id = t.member_id
        WHERE t.status = 'pending' AND t.to_org_id IS NOT NULL AND t.type IN ('further_study', 'employment', 'unemployed', 'abroad_official', 'abroad_private') AND m.status = 'active'
        ORDER BY md5(t.id::text) ${order} LIMIT ${limit}`,
    )
  ).rows.map((r) => r.id);

/** Approve: the generated data set's pending transfers, decided by the national committee. */
export const approve: Part = section({
  prepare: async (b) => ({ pending: await pendingToApprove(b, 'ASC', 30000) }),
  rows: [
    {
      id: 'approve',
      what: 'POST /api/transfers/:id/approve, 32 clients',
      goal: halfPgbench,
      measure: (b, { pending }) =>
        b.meter.metered(() =>
          load({
            baseUrl: b.baseUrl,
            concurrency: 32,
            durationMs: b.config.durationMs,
            next: (i) =>
              i < pending.length ? { method: 'POST', path: `/api/transfers/${pending[i]}/approve`, token: b.adminToken, body: {} } : null,
          }),
        ),
    },
  ],
});

/** Transfers a 批量通过 request approves. */
const BATCH = 50;

/**
 * 批量审核通过: the same kind of transfers, a page of BATCH per request (POST /api/transfers/batch-approve);
 * the throughput counts transfers approved, the latencies are per request.
 */
export const batchApprove: Part = section({
  prepare: async (b) => ({ pending: await pendingToApprove(b, 'DESC', 100000), approved: 0, refused: 0 }),
  rows: [
    {
      what: (s) =>
        `POST /api/transfers/batch-approve, pages of ${BATCH}, 32 clients — throughput in transfers approved (${s.approved} approved, ${s.refused} refused)`,
      goal: halfPgbench,
      async measure(b, s) {
        const batch = await b.meter.metered(
          () =>
            load({
              baseUrl: b.baseUrl,
              concurrency: 32,
              durationMs: b.config.durationMs,
              next: (i) => {
                const ids = s.pending.slice(i * BATCH, (i + 1) * BATCH);
                return ids.length ? { method: 'POST', path: '/api/transfers/batch-approve', token: b.adminToken, body: { ids } } : null;
              },
              ok: (status, body) => {
                if (status !== 200) return false;
                const r = JSON.parse(body) as BatchApproveResult;
                s.approved += r.approved.length;
                s.refused += r.refused.length;
                return true;
              },
            }),
          // CPU per transfer approved, as the throughput.
          () => s.approved,
        );
        return { ...batch, throughput: s.approved / batch.seconds };
      },
    },
  ],
});

/** PostgreSQL's own share of an approval: the same statements without the API (the budget). */
export const sqlAlone: Part = section({
  prepare: async () => ({ preRead: { pg: NaN } }),
  rows: [
    {
      id: 'sql',
      what: (s) =>
        `approvals' statements alone in PostgreSQL (no API): pgbench, the API's statements, ${SQL_GROUP} approvals a transaction, 2 clients — throughput in approvals, latencies per transaction (CPU: the groups' pre-read taken off, ${s.preRead.pg.toFixed(2)} ms an approval)`,
      goal: { text: () => "— (PostgreSQL's share: the budget below)" },
      measure: (b, s) => approvalsSqlAlone(b, s.preRead),
    },
  ],
});
