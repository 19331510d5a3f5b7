import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { Client, Json, PASSWORD, TestApi, expectError, idCard } from './support/harness';
import { Tree, memberWithContacts, apiWithTree, enterpriseBranch } from './support/fixtures';

/** Issue 10 items 3–5 (DOMAIN.md §5): naming a member from the receiving side, separation of duties, approval under a member lock. */
describe('transfer security (DOMAIN.md §5)', () => {
  let api: TestApi;
  let admin: Client;
  let t: Tree;
  let employer: Json;
  let other: Json;
  let employerAdmin: Client;
  let colleague: Client;
  let uni1: Client;
  let wuhou: Client;

  const member = (name: string) => memberWithContacts(admin, t.branch1.id, name);

  beforeAll(async () => {
    ({ api, admin, t } = await apiWithTree('2026-06-15T10:00:00+08:00'));
    employer = await enterpriseBranch(admin, t.jinjiang.id, '锦江科技公司团支部');
    other = await enterpriseBranch(admin, t.jinjiang.id, '锦江贸易公司团支部');
    await admin.create('/api/users', { username: 'employer', password: PASSWORD, orgId: employer.id });
    await admin.create('/api/users', { username: 'employer-colleague', password: PASSWORD, orgId: employer.id });
    employerAdmin = await api.login('employer');
    colleague = await api.login('employer-colleague');
    uni1 = await api.login('uni1');
    wuhou = await api.login('wuhou');
  });
  afterAll(() => api?.close());

  describe('a receiving side names the member by ID number and full name (item 3)', () => {
    it('cannot pull a member it does not see by id, and reads no contacts', async () => {
      const m = await member('拉取甲');
      expectError(await employerAdmin.get(`/api/members/${m.id}`), 404, 'NOT_FOUND');
      // The probe of the issue: a pull by memberId to its own branch.
      expectError(
        await employerAdmin.post('/api/transfers', { memberId: m.id, type: 'employment', toOrgId: employer.id }),
        404,
        'NOT_FOUND',
      );
    });

    it('names the member by ID number and full name, both matching; a wrong name is not found', async () => {
      const m = await member('拉取乙');
      expectError(
        await employerAdmin.post('/api/transfers', {
          member: { idCardNumber: m.idCardNumber, name: '别人' },
          type: 'employment',
          toOrgId: employer.id,
        }),
        404,
        'NOT_FOUND',
      );
      expectError(
        await employerAdmin.post('/api/transfers', {
          member: { idCardNumber: idCard(), name: '拉取乙' },
          type: 'employment',
          toOrgId: employer.id,
        }),
        404,
        'NOT_FOUND',
      );
      const tr = await employerAdmin.create('/api/transfers', {
        member: { idCardNumber: m.idCardNumber.toLowerCase(), name: ' 拉取乙 ' },
        type: 'employment',
        toOrgId: employer.id,
      });
      expect(tr['memberId']).toBe(m.id);

      // Before approval the receiving-side initiator learns nothing more about the member.
      const seen = await employerAdmin.get(`/api/transfers/${tr.id}`);
      expect(seen.status).toBe(200);
      const text = JSON.stringify(seen.body);
      expect(text).not.toContain('13911112222');
      expect(text).not.toContain('13733334444');
      expect(text).not.toContain(m.idCardNumber.slice(6, 14));
      // The outgoing side, which decides a pull (§5 two-party consent), sees the contacts (Q16); a
      // receiving-side colleague does not.
      expect((await uni1.get(`/api/transfers/${tr.id}`)).body.member.emergencyContact).toBe('母亲 13733334444');
      expect((await colleague.get(`/api/transfers/${tr.id}`)).body.member).toBeNull();
      expect((await employerAdmin.post(`/api/transfers/${tr.id}/withdraw`)).status).toBe(200);
    });

    it('the outgoing side may still name a member it sees by id', async () => {
      const m = await member('外转丙');
      const tr = await uni1.create('/api/transfers', { memberId: m.id, type: 'employment', toOrgId: employer.id });
      expect((await uni1.post(`/api/transfers/${tr.id}/withdraw`)).status).toBe(200);
    });
  });

  describe('separation of duties: no account decides a transfer it initiated (item 4)', () => {
    it('an admin above both sides cannot approve its own request; another receiving-side admin can', async () => {
      const both = await enterpriseBranch(admin, t.wuhou.id, '武侯软件公司团支部');
      const m = await member('双方丁');
      const tr = await wuhou.create('/api/transfers', { memberId: m.id, type: 'employment', toOrgId: both.id });
      expectError(await wuhou.post(`/api/transfers/${tr.id}/approve`), 403, 'REVIEW_OWN_REQUEST');
      expectError(await wuhou.post(`/api/transfers/${tr.id}/reject`, { reason: '自己退回' }), 403, 'REVIEW_OWN_REQUEST');
      const city = await api.login('sc');
      expect((await city.post(`/api/transfers/${tr.id}/approve`)).status).toBe(200);
    });

    it('a receiving-side request (a pull) waits for the outgoing side, not the initiator nor a receiving-side colleague (§5 two-party consent)', async () => {
      const m = await member('转入戊');
      const tr = await employerAdmin.create('/api/transfers', {
        member: { idCardNumber: m.idCardNumber, name: '转入戊' },
        type: 'employment',
        toOrgId: employer.id,
      });
      expectError(await employerAdmin.post(`/api/transfers/${tr.id}/approve`), 403, 'PULL_DECIDED_BY_OUTGOING_SIDE');
      expectError(await colleague.post(`/api/transfers/${tr.id}/approve`), 403, 'PULL_DECIDED_BY_OUTGOING_SIDE');
      expect((await uni1.post(`/api/transfers/${tr.id}/approve`)).status).toBe(200);
      // After approval the initiator's org has the member, contacts included.
      expect((await employerAdmin.get(`/api/transfers/${tr.id}`)).body.member.phone).toBe('13911112222');
    });
  });

  describe('approval locks the member and re-checks under the lock (item 5)', () => {
    it('two pending transfers of one member (one past its 10 days, not yet swept): the member moves once', async () => {
      const m = await member('两次己');
      await api.setClock('2026-10-08T10:00:00+08:00');
      const first = await uni1.create('/api/transfers', { memberId: m.id, type: 'employment', toOrgId: employer.id });
      await api.setClock('2026-10-19T10:00:00+08:00');
      // The first is past its 10 days and no longer open, so a second may be initiated (Q21).
      const second = await uni1.create('/api/transfers', { memberId: m.id, type: 'employment', toOrgId: other.id });
      await admin.create('/api/users', { username: 'other-admin', password: PASSWORD, orgId: other.id });
      const otherAdmin = await api.login('other-admin');
      const results = await Promise.all([
        colleague.post(`/api/transfers/${first.id}/approve`),
        otherAdmin.post(`/api/transfers/${second.id}/approve`),
      ]);
      expect(results.map((r) => r.status).filter((s) => s === 200).length).toBeLessThanOrEqual(1);
      for (const r of results) expect(r.status).toBeLessThan(500);
      const history = await admin.get(`/api/members/${m.id}/transfers`);
      expect(history.body.items.filter((x: Json) => x['status'] === 'approved').length).toBeLessThanOrEqual(1);
      const moves = await admin.get(`/api/audit?entityId=${m.id}&pageSize=100`);
      expect(moves.body.items.filter((a: Json) => a['action'] === 'member.move').length).toBeLessThanOrEqual(1);
      await api.setClock('2026-06-15T10:00:00+08:00');
    });

    it('a transfer whose member has moved since it was initiated cannot be approved (TRANSFER_MEMBER_MOVED)', async () => {
      const m = await member('已动庚');
      const tr = await uni1.create('/api/transfers', { memberId: m.id, type: 'employment', toOrgId: employer.id });
      // Another writer moved the member meanwhile (as a parallel approval that committed first would).
      await api.app.get(DataSource).query(`UPDATE member SET org_id = $1 WHERE id = $2`, [t.branch2.id, m.id]);
      expectError(await colleague.post(`/api/transfers/${tr.id}/approve`), 409, 'TRANSFER_MEMBER_MOVED');
      expect((await admin.get(`/api/members/${m.id}`)).body.orgId).toBe(t.branch2.id);
    });

    it('approval waits for the member’s row lock and re-checks after it', async () => {
      const m = await member('锁辛');
      const tr = await uni1.create('/api/transfers', { memberId: m.id, type: 'employment', toOrgId: employer.id });
      const runner = api.app.get(DataSource).createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      try {
        await runner.query(`SELECT id FROM member WHERE id = $1 FOR UPDATE`, [m.id]);
        await runner.query(`UPDATE member SET org_id = $1 WHERE id = $2`, [t.branch2.id, m.id]);
        const approving = colleague.post(`/api/transfers/${tr.id}/approve`);
        // Whether the approval reached the lock yet or not, it must read the committed move.
        await new Promise((r) => setTimeout(r, 300));
        await runner.commitTransaction();
        expectError(await approving, 409, 'TRANSFER_MEMBER_MOVED');
      } finally {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        await runner.release();
      }
      expect((await admin.get(`/api/members/${m.id}`)).body.orgId).toBe(t.branch2.id);
    });
  });
});
