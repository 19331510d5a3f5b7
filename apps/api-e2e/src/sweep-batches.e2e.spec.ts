import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { Client, TestApi, idCard } from './support/harness';
import { Tree, apiWithTree } from './support/fixtures';

// §3.2.3's 10-day return at volume (issue 8): the sweep returns batches of 5,000 on two
// connections at once; every due transfer is returned once, with its audit entry.
describe('the 10-day return in several batches at once (issue 8)', () => {
  let api: TestApi;
  let admin: Client;
  let t: Tree;
  let ds: DataSource;

  beforeAll(async () => {
    ({ api, admin, t } = await apiWithTree('2026-11-02T10:00:00+08:00'));
    ds = api.app.get(DataSource);
  });
  afterAll(() => api?.close());

  it('returns 12,001 due transfers once each, over three batches, each with its audit entry', async () => {
    const member = await admin.create('/api/members', { orgId: t.branch1.id, name: '批量退回', idCardNumber: idCard() });
    const [{ id: adminId }] = await ds.query(`SELECT id FROM app_user WHERE username = 'admin'`);
    // Setup only (not a write path under test): pending since 15 October, never reviewed.
    await ds.transaction(async (m) => {
      await m.query(`SET LOCAL session_replication_role = replica`);
      await m.query(
        `INSERT INTO transfer (member_id, type, status, from_org_id, to_org_id, initiated_by, initiator_role, initiated_at, initiator_side, from_org_name, to_org_name, note, province_code)
         SELECT $1, 'general', 'pending', $2, $3, $4, 'national_admin', '2026-10-15T10:00:00+08:00', 'outgoing', 'a', 'b', 'sweep-batches', '51'
           FROM generate_series(1, 12001)`,
        [member.id, t.branch1.id, t.wuhou.id, adminId],
      );
    });
    const swept = await admin.post('/api/jobs/expire-transfers');
    expect(swept.status).toBe(200);
    const ids = swept.body['ids'] as string[];
    expect(swept.body['expired']).toBe(ids.length);
    expect(new Set(ids).size).toBe(ids.length);
    const [{ due, left, audited }] = await ds.query(
      `SELECT count(*) FILTER (WHERE note = 'sweep-batches')::int AS due,
              count(*) FILTER (WHERE note = 'sweep-batches' AND status <> 'expired')::int AS left,
              (SELECT count(*)::int FROM audit_log WHERE action = 'transfer.expire' AND entity_id = ANY($1::text[])) AS audited
         FROM transfer`,
      [ids],
    );
    expect(due).toBe(12001);
    expect(left).toBe(0);
    expect(ids.length).toBeGreaterThanOrEqual(12001);
    expect(audited).toBe(ids.length);
    // A second sweep finds nothing left to return.
    expect((await admin.post('/api/jobs/expire-transfers')).body['expired']).toBe(0);
  });
});
