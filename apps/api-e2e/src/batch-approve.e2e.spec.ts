import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Json, PASSWORD, TestApi, expectError } from './support/harness';
import { Tree, memberWithContacts, apiWithTree, enterpriseBranch } from './support/fixtures';

/**
 * 批量审核通过 (issue 8: a county approving a page of its incoming box in one action): each
 * transfer is decided as its own approval would be (DOMAIN.md §5), the approved ones are written
 * together, the rest come back with the code their own approval answers.
 */
describe('POST /api/transfers/batch-approve (§5)', () => {
  let api: TestApi;
  let admin: Client;
  let t: Tree;
  let uni1: Client;
  let firm: Client;
  let firmCommittee: Json;
  let firmBranch: Json;
  let elsewhere: Json;

  const member = (name: string) => memberWithContacts(admin, t.branch1.id, name);
  const transferTo = async (toOrgId: string, name: string) =>
    uni1.create('/api/transfers', { memberId: (await member(name)).id, type: 'employment', toOrgId });

  beforeAll(async () => {
    ({ api, admin, t } = await apiWithTree('2026-07-10T10:00:00+08:00'));
    firmCommittee = await admin.create('/api/orgs', {
      parentId: t.jinjiang.id,
      name: '锦江科技公司团委',
      kind: 'committee',
      level: 'base',
      industry: 'enterprise',
    });
    firmBranch = await admin.create('/api/orgs', {
      parentId: firmCommittee.id,
      name: '锦江科技公司研发部团支部',
      kind: 'branch',
      level: 'base',
    });
    elsewhere = await enterpriseBranch(admin, t.wuhou.id, '武侯贸易公司团支部');
    await admin.create('/api/users', { username: 'firm', password: PASSWORD, orgId: firmCommittee.id });
    uni1 = await api.login('uni1');
    firm = await api.login('firm');
  });
  afterAll(() => api?.close());

  it('approves what its own approval would, moves those members in one action, and refuses the rest with the same codes, writing nothing for them', async () => {
    const ok = [
      await transferTo(firmBranch.id, '批量甲'),
      await transferTo(firmBranch.id, '批量乙'),
      await transferTo(firmBranch.id, '批量丙'),
    ];
    const toCommittee = await transferTo(firmCommittee.id, '批量丁');
    const outOfScope = await transferTo(elsewhere.id, '批量戊');
    // Separation of duties (§5): a request the firm's admin made itself waits for someone else.
    const own = await member('批量己');
    const ownRequest = await firm.create('/api/transfers', {
      member: { idCardNumber: own.idCardNumber, name: '批量己' },
      type: 'employment',
      toOrgId: firmBranch.id,
    });
    const unknown = randomUUID();

    const ids = [ok[0].id, toCommittee.id, ok[1].id, outOfScope.id, ownRequest.id, unknown, ok[2].id];
    const res = await firm.post('/api/transfers/batch-approve', { ids });
    expect(res.status).toBe(200);
    expect(res.body.approved.map((x: Json) => x.id)).toEqual(ok.map((x) => x.id));
    const refused = new Map<string, string>(res.body.refused.map((r: { id: string; code: string }) => [r.id, r.code]));
    expect([...refused.keys()]).toEqual([toCommittee.id, outOfScope.id, ownRequest.id, unknown]);
    for (const r of res.body.refused) expect(typeof r.message).toBe('string');

    // Each answer is what a later read shows; each member moved, with both sides' audit entries.
    for (const item of res.body.approved as Json[]) {
      const stored = (await firm.get(`/api/transfers/${item.id}`)).body;
      for (const key of Object.keys(item)) expect({ [key]: stored[key] }).toEqual({ [key]: item[key] });
      expect(item).toMatchObject({ status: 'approved', toOrgId: firmBranch.id, deciderRole: stored.deciderRole });
      const moved = (await firm.get(`/api/members/${item.memberId}`)).body;
      expect(moved).toMatchObject({ orgId: firmBranch.id, destination: 'employment' });
      const audit = (await admin.get(`/api/audit?entityId=${item.id}`)).body.items.filter((e: Json) => e['action'] === 'transfer.approve');
      expect(audit).toHaveLength(2);
      const move = (await admin.get(`/api/audit?entityId=${item.memberId}`)).body.items.filter((e: Json) => e['action'] === 'member.move');
      expect(move[0]).toMatchObject({ before: { orgId: t.branch1.id }, after: { orgId: firmBranch.id, transferId: item.id } });
    }

    // Nothing was written for the refused ones; each answers alone with the code the batch gave.
    for (const id of [toCommittee.id, ownRequest.id]) {
      expect((await admin.get(`/api/transfers/${id}`)).body.status).toBe('pending');
      const alone = await firm.post(`/api/transfers/${id}/approve`);
      expect(alone.body.code).toBe(refused.get(id));
    }
    expect(refused.get(toCommittee.id)).toBe('BRANCH_REQUIRED');
    expect(refused.get(outOfScope.id)).toBe('NOT_FOUND');
    expect(refused.get(unknown)).toBe('NOT_FOUND');
    expect((await admin.get(`/api/transfers/${outOfScope.id}`)).body.status).toBe('pending');

    // Approved once: the same batch again is refused item by item, and changes nothing.
    const again = await firm.post('/api/transfers/batch-approve', { ids: ok.map((x) => x.id) });
    expect(again.body.approved).toEqual([]);
    expect(again.body.refused.map((r: Json) => r['code'])).toEqual([
      'TRANSFER_NOT_PENDING',
      'TRANSFER_NOT_PENDING',
      'TRANSFER_NOT_PENDING',
    ]);
  });

  it('overlapping batches and single approvals in parallel approve each transfer once (rows locked in id order)', async () => {
    const trs: Json[] = [];
    for (let i = 0; i < 8; i++) trs.push(await transferTo(firmBranch.id, `并行${i}`));
    const ids = trs.map((x) => x.id);
    const answers = await Promise.all([
      firm.post('/api/transfers/batch-approve', { ids }),
      firm.post('/api/transfers/batch-approve', { ids: [...ids].reverse() }),
      firm.post(`/api/transfers/${ids[3]}/approve`),
      firm.post('/api/transfers/batch-approve', { ids: ids.slice(2, 6) }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, expect.any(Number), 200]);
    const approvedBy = answers.flatMap((a, i) =>
      i === 2 ? (a.status === 200 ? [a.body.id] : []) : a.body.approved.map((x: Json) => x.id),
    );
    expect([...approvedBy].sort()).toEqual([...ids].sort());
    for (const id of ids) {
      const audit = (await admin.get(`/api/audit?entityId=${id}`)).body.items.filter((e: Json) => e['action'] === 'transfer.approve');
      expect(audit).toHaveLength(2);
    }
  });

  it('single approvals sent together share transactions (group commit), each answered as if alone', async () => {
    const ds = api.app.get(DataSource);
    const trs: Json[] = [];
    for (let i = 0; i < 16; i++) trs.push(await transferTo(firmBranch.id, `合并${i}`));
    const toCommittee = await transferTo(firmCommittee.id, '合并委');
    const outOfScope = await transferTo(elsewhere.id, '合并外');
    const ids = trs.map((x) => x.id);
    const firmId = (await firm.get('/api/auth/me')).body.id;
    // Sixteen approvals, one of them twice, and two that their approval refuses, all at once.
    const sent = [...ids, ids[5], toCommittee.id, outOfScope.id];
    const answers = await Promise.all(sent.map((id) => firm.post(`/api/transfers/${id}/approve`)));

    // Each transfer approved once: of the two approvals of one transfer one wins, the other gets
    // what a second approval gets; the refused ones answer what they answer alone.
    const twice = [answers[5], answers[16]];
    expect(twice.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(twice.find((a) => a.status === 409)?.body.code).toBe('TRANSFER_NOT_PENDING');
    answers.slice(0, 16).forEach((a, i) => i === 5 || expect(a.status).toBe(200));
    expectError(answers[17], 422, 'BRANCH_REQUIRED');
    expectError(answers[18], 404, 'NOT_FOUND');
    for (const [i, id] of ids.entries()) {
      const a = i === 5 ? twice.find((x) => x.status === 200) : answers[i];
      const stored = (await firm.get(`/api/transfers/${id}`)).body;
      for (const key of Object.keys(a?.body ?? {})) expect({ [key]: stored[key] }).toEqual({ [key]: a?.body[key] });
      expect(stored).toMatchObject({ status: 'approved', toOrgId: firmBranch.id, deciderRole: 'base_admin' });
      expect((await firm.get(`/api/members/${stored.memberId}`)).body).toMatchObject({ orgId: firmBranch.id, destination: 'employment' });
      const audit = (await admin.get(`/api/audit?entityId=${id}`)).body.items.filter((e: Json) => e['action'] === 'transfer.approve');
      expect(audit).toHaveLength(2);
      expect(audit.map((e: Json) => e['actorId'])).toEqual([firmId, firmId]);
    }
    for (const id of [toCommittee.id, outOfScope.id]) expect((await admin.get(`/api/transfers/${id}`)).body.status).toBe('pending');

    // Rows written by one transaction carry its id (xmin): fewer transactions than approvals.
    const [{ transactions }] = await ds.query(
      `SELECT count(DISTINCT xmin::text)::int AS transactions FROM transfer WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    expect(transactions).toBeLessThan(ids.length);
    expect(await ds.query(`SELECT * FROM metrics_check()`)).toEqual([]);
  });

  it("approvals by different callers of one province share transactions, each read in its own caller's scope and decided in its name", async () => {
    const ds = api.app.get(DataSource);
    await admin.create('/api/users', { username: 'trade', password: PASSWORD, orgId: elsewhere.id });
    const trade = await api.login('trade');
    const ids = async (to: string, name: string, n: number) => {
      const out: string[] = [];
      for (let i = 0; i < n; i++) out.push((await transferTo(to, `${name}${i}`)).id);
      return out;
    };
    const forFirm = await ids(firmBranch.id, '省内甲', 8);
    const forTrade = await ids(elsewhere.id, '省内乙', 8);
    // One the trading company may not decide: it is the firm's, whoever else is decided with it.
    const notTrades = await ids(firmBranch.id, '省内丙', 1);
    const calls = [
      ...forFirm.flatMap((id, i) => [firm.post(`/api/transfers/${id}/approve`), trade.post(`/api/transfers/${forTrade[i]}/approve`)]),
      trade.post(`/api/transfers/${notTrades[0]}/approve`),
    ];
    const answers = await Promise.all(calls);
    expectError(answers[16], 404, 'NOT_FOUND');
    expect((await admin.get(`/api/transfers/${notTrades[0]}`)).body.status).toBe('pending');
    const me = async (c: Client) => (await c.get('/api/auth/me')).body.id as string;
    const who = new Map([
      [await me(firm), '锦江科技公司团委'],
      [await me(trade), '武侯贸易公司团支部'],
    ]);
    for (const [i, a] of answers.slice(0, 16).entries()) {
      expect(a.status).toBe(200);
      const [caller, org] = [...who.entries()][i % 2] as [string, string];
      expect(a.body).toMatchObject({ status: 'approved', deciderOrgName: org });
      const audit = (await admin.get(`/api/audit?entityId=${a.body.id}`)).body.items.filter(
        (e: Json) => e['action'] === 'transfer.approve',
      );
      expect(audit.map((e: Json) => e['actorId'])).toEqual([caller, caller]);
      const [{ decided_by }] = await ds.query(`SELECT decided_by FROM transfer WHERE id = $1`, [a.body.id]);
      expect(decided_by).toBe(caller);
    }
    // At least one transaction wrote both callers' approvals.
    const [{ mixed }] = await ds.query(
      `SELECT count(*)::int AS mixed FROM (SELECT xmin::text FROM transfer WHERE id = ANY($1::uuid[]) GROUP BY 1 HAVING count(DISTINCT decided_by) > 1) x`,
      [[...forFirm, ...forTrade]],
    );
    expect(mixed).toBeGreaterThan(0);
    expect(await ds.query(`SELECT * FROM metrics_check()`)).toEqual([]);
  });

  it('initiations sent together share transactions too, each answered as if alone', async () => {
    const ds = api.app.get(DataSource);
    const members: Json[] = [];
    for (let i = 0; i < 12; i++) members.push(await member(`发起${i}`));
    const stranger = await memberWithContacts(admin, elsewhere.id, '发起外');
    const send = (memberId: string) => uni1.post('/api/transfers', { memberId, type: 'employment', toOrgId: firmBranch.id });
    // Twelve members, one of them twice, and one the school does not see, all at once — and, among
    // them, the county that does see that one initiating for it (another caller of the province).
    const wuhou = await api.login('wuhou');
    const byCounty = () => wuhou.post('/api/transfers', { memberId: stranger.id, type: 'general', toOrgId: firmBranch.id });
    const sent = [...members.map((x) => x.id), members[4].id, stranger.id];
    const [county, ...answers] = await Promise.all([byCounty(), ...sent.map(send)]);
    // The county's answer is its own: sent again, a 201 finds its request pending, a refusal repeats.
    const repeat = await byCounty();
    if (county.status === 201) expect(repeat.body.code).toBe('TRANSFER_ALREADY_OPEN');
    else expect([county.status, county.body.code]).toEqual([repeat.status, repeat.body.code]);
    expect(county.status).not.toBe(404);
    const twice = [answers[4], answers[12]];
    expect(twice.map((a) => a.status).sort()).toEqual([201, 409]);
    const again = twice.find((a) => a.status === 409);
    expect(again?.body.code).toBe((await send(members[4].id)).body.code);
    expectError(answers[13], 404, 'NOT_FOUND');
    const created = members.map((x, i) => (i === 4 ? twice.find((a) => a.status === 201) : answers[i]));
    for (const [i, a] of created.entries()) {
      expect(a?.status).toBe(201);
      const stored = (await firm.get(`/api/transfers/${a?.body.id}`)).body;
      for (const key of Object.keys(a?.body ?? {})) expect({ [key]: stored[key] }).toEqual({ [key]: a?.body[key] });
      expect(stored).toMatchObject({ status: 'pending', memberId: members[i].id, fromOrgId: t.branch1.id, toOrgId: firmBranch.id });
      const audit = (await admin.get(`/api/audit?entityId=${a?.body.id}`)).body.items.filter(
        (e: Json) => e['action'] === 'transfer.initiate',
      );
      expect(audit).toHaveLength(2);
    }
    // One pending transfer per member (Q21), none by the school for the stranger.
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM transfer WHERE member_id = ANY($1::uuid[]) AND status = 'pending'`, [
      members.map((x) => x.id),
    ]);
    expect(n).toBe(12);
    const [{ bySchool }] = await ds.query(
      `SELECT count(*)::int AS "bySchool" FROM transfer t JOIN app_user u ON u.id = t.initiated_by WHERE t.member_id = $1 AND u.username = 'uni1'`,
      [stranger.id],
    );
    expect(bySchool).toBe(0);
    const [{ transactions }] = await ds.query(
      `SELECT count(DISTINCT xmin::text)::int AS transactions FROM transfer WHERE id = ANY($1::uuid[])`,
      [created.map((a) => a?.body.id)],
    );
    expect(transactions).toBeLessThan(12);
    expect(await ds.query(`SELECT * FROM metrics_check()`)).toEqual([]);
  });

  it('takes 1–100 distinct transfer ids, and a token', async () => {
    const a = randomUUID();
    expectError(await firm.post('/api/transfers/batch-approve', { ids: [] }), 400, 'VALIDATION_FAILED');
    expectError(await firm.post('/api/transfers/batch-approve', {}), 400, 'VALIDATION_FAILED');
    expectError(await firm.post('/api/transfers/batch-approve', { ids: [a, a] }), 400, 'VALIDATION_FAILED');
    expectError(await firm.post('/api/transfers/batch-approve', { ids: ['not-a-uuid'] }), 400, 'VALIDATION_FAILED');
    expectError(
      await firm.post('/api/transfers/batch-approve', { ids: Array.from({ length: 101 }, () => randomUUID()) }),
      400,
      'VALIDATION_FAILED',
    );
    const anonymous = await api.http.post('/api/transfers/batch-approve').send({ ids: [a] });
    expect(anonymous.status).toBe(401);
    const full = await firm.post('/api/transfers/batch-approve', { ids: Array.from({ length: 100 }, () => randomUUID()) });
    expect(full.status).toBe(200);
    expect(full.body.refused).toHaveLength(100);
  });

  it('a member sees only their own transfer, and may not approve it', async () => {
    const m = await member('批量庚');
    const tr = await uni1.create('/api/transfers', { memberId: m.id, type: 'employment', toOrgId: firmBranch.id });
    await admin.create('/api/users', { username: m.idCardNumber, password: PASSWORD, memberId: m.id });
    const self = await api.login(m.idCardNumber);
    const res = await self.post('/api/transfers/batch-approve', { ids: [tr.id] });
    const alone = await self.post(`/api/transfers/${tr.id}/approve`);
    expect(res.body.refused).toEqual([expect.objectContaining({ id: tr.id, code: alone.body.code })]);
    expect((await admin.get(`/api/transfers/${tr.id}`)).body.status).toBe('pending');
  });
});
