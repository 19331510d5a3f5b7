import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Response } from 'supertest';
import { ID_LOOKUP_RATION_PER_DAY } from '@zhtj/domain';
import { Client, Json, PASSWORD, TestApi, expectError, idCard } from './support/harness';
import { Tree, memberWithContacts, apiWithTree, enterpriseBranch } from './support/fixtures';

/**
 * Issue 21 findings 1, 2 and 4 (DOMAIN.md §5, two-party consent): a pull is decided by the
 * member's side; the receiving side learns nothing of the member before that side agrees; a
 * departed member is not reclaimed by ID number alone; every lookup that can tell whether an ID
 * number (or a number and a name) is registered is rationed per org subtree and day.
 */
describe('two-party consent (DOMAIN.md §5)', () => {
  let api: TestApi;
  let admin: Client;
  let t: Tree;
  let jinjiang: Client;
  let tianjinTown: Json;
  let tianjinMobile: Json;
  let townAdmin: Client;
  let minted: Client;
  let jinjiangBranch: Json;

  /** The answer without what differs between any two requests (nothing else may differ). */
  const shape = (r: Response) => ({ status: r.status, body: r.body as unknown });

  beforeAll(async () => {
    ({ api, admin, t } = await apiWithTree('2026-06-15T10:00:00+08:00'));
    jinjiang = await api.login('jinjiang');
    // Tianjin: province → 和平区 → a township committee with its mobile branch.
    const tianjin = await admin.create('/api/orgs', {
      parentId: t.root,
      name: '共青团天津市委',
      kind: 'committee',
      level: 'provincial',
      regionCode: '120000',
    });
    const heping = await admin.create('/api/orgs', {
      parentId: tianjin.id,
      name: '共青团和平区委',
      kind: 'committee',
      level: 'county',
      regionCode: '120101',
    });
    tianjinTown = await admin.create('/api/orgs', {
      parentId: heping.id,
      name: '劝业场街道团工委',
      kind: 'working_committee',
      level: 'base',
      industry: 'township',
    });
    tianjinMobile = await admin.create('/api/orgs', {
      parentId: tianjinTown.id,
      name: '劝业场街道流动团员团支部',
      kind: 'branch',
      level: 'base',
      industry: 'township',
      purpose: 'mobile',
    });
    await admin.create('/api/users', { username: 'tj-town', password: PASSWORD, orgId: tianjinTown.id });
    townAdmin = await api.login('tj-town');
    // The probe of the issue: jinjiang mints an account in its own branch.
    jinjiangBranch = await enterpriseBranch(admin, t.jinjiang.id, '锦江物流公司团支部');
    expect((await jinjiang.post('/api/users', { username: 'jj-minted', password: PASSWORD, orgId: jinjiangBranch.id })).status).toBe(201);
    minted = await api.login('jj-minted');
  });
  afterAll(() => api?.close());

  describe('a pull is decided by the member’s side (finding 1)', () => {
    it('the county that pulled a Tianjin member, and an account it minted, cannot approve; nothing moves', async () => {
      const m = await memberWithContacts(admin, tianjinMobile.id, '津门甲');
      const pull = await jinjiang.create('/api/transfers', {
        member: { idCardNumber: m.idCardNumber, name: '津门甲' },
        type: 'general',
        toOrgId: jinjiangBranch.id,
      });
      expectError(await minted.post(`/api/transfers/${pull.id}/approve`), 403, 'PULL_DECIDED_BY_OUTGOING_SIDE');
      expectError(await jinjiang.post(`/api/transfers/${pull.id}/approve`), 403, 'PULL_DECIDED_BY_OUTGOING_SIDE');
      const batch = await minted.post('/api/transfers/batch-approve', { ids: [pull.id] });
      expect(batch.body).toMatchObject({ approved: [], refused: [{ id: pull.id, code: 'PULL_DECIDED_BY_OUTGOING_SIDE' }] });
      // The minted account pulls too: jinjiang, above it, is still the receiving side.
      await jinjiang.post(`/api/transfers/${pull.id}/withdraw`);
      const second = await minted.create('/api/transfers', {
        member: { idCardNumber: m.idCardNumber, name: '津门甲' },
        type: 'general',
        toOrgId: jinjiangBranch.id,
      });
      expectError(await jinjiang.post(`/api/transfers/${second.id}/approve`), 403, 'PULL_DECIDED_BY_OUTGOING_SIDE');
      expect((await admin.get(`/api/members/${m.id}`)).body.orgId).toBe(tianjinMobile.id);
      // Tianjin decides: the pull is in its 待我审核 box, with the member's contacts.
      const box = await townAdmin.get('/api/transfers?box=decide');
      expect(box.body.items.map((x: Json) => x.id)).toContain(second.id);
      expect((await jinjiang.get('/api/transfers?box=decide')).body.items.map((x: Json) => x.id)).not.toContain(second.id);
      const seen = await townAdmin.get(`/api/transfers/${second.id}`);
      expect(seen.body.member.phone).toBe('13911112222');
      expect(seen.body.actions.approve).toBe(true);
      expect(seen.body.decidingSide).toBe('outgoing');
      expect((await townAdmin.post(`/api/transfers/${second.id}/approve`)).status).toBe(200);
      expect((await admin.get(`/api/members/${m.id}`)).body.orgId).toBe(jinjiangBranch.id);
      // Approved: the receiving side now has the member, contacts included (Q16).
      expect((await minted.get(`/api/transfers/${second.id}`)).body.member.phone).toBe('13911112222');
    });

    it('before the outgoing side approves, the receiving side learns nothing of the member’s side — in the answer, the lists, the detail and the audit log', async () => {
      const m = await memberWithContacts(admin, tianjinMobile.id, '津门乙');
      const created = await jinjiang.post('/api/transfers', {
        member: { idCardNumber: m.idCardNumber, name: '津门乙' },
        type: 'general',
        toOrgId: jinjiangBranch.id,
      });
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      const views = [
        created.body,
        (await jinjiang.get(`/api/transfers/${id}`)).body,
        (await minted.get(`/api/transfers/${id}`)).body,
        ...(await jinjiang.get('/api/transfers?box=incoming&pageSize=100')).body.items.filter((x: Json) => x.id === id),
        ...(await jinjiang.get('/api/transfers?box=mine&pageSize=100')).body.items.filter((x: Json) => x.id === id),
        // This pull's and this member's entries (an earlier test's approved pull is jinjiang's to read).
        (await jinjiang.get('/api/audit?pageSize=100')).body.items.filter((a: Json) => [id, m.id].includes(a['entityId'] as string)),
      ];
      expect(views.length).toBe(6);
      const text = JSON.stringify(views);
      for (const secret of [
        tianjinMobile.id,
        tianjinTown.id,
        '劝业场',
        'tj-town',
        '13911112222',
        '13733334444',
        m.idCardNumber.slice(6, 14),
      ])
        expect(text).not.toContain(secret);
      expect(created.body).toMatchObject({ fromOrgId: null, fromOrgName: null, originHidden: true, decidingSide: 'outgoing' });
      const detail = (await jinjiang.get(`/api/transfers/${id}`)).body;
      expect(detail.member).toBeNull();
      expect(detail.fromOrgAdmins).toEqual([]);
      // Returned by Tianjin: still nothing of who returned it, only the reason.
      expect((await townAdmin.post(`/api/transfers/${id}/reject`, { reason: '本人未同意转出' })).status).toBe(200);
      const returned = (await jinjiang.get(`/api/transfers/${id}`)).body;
      expect(returned).toMatchObject({
        status: 'rejected',
        reason: '本人未同意转出',
        fromOrgName: null,
        deciderOrgName: null,
        deciderRole: null,
      });
      const entries = (await jinjiang.get('/api/audit?pageSize=100')).body.items.filter((a: Json) =>
        [id, m.id].includes(a['entityId'] as string),
      );
      expect(entries.length).toBeGreaterThan(0);
      expect(JSON.stringify([returned, entries])).not.toContain('tj-town');
      expect(JSON.stringify(entries)).not.toContain(tianjinMobile.id);
      // The member's side sees everything.
      expect((await townAdmin.get(`/api/transfers/${id}`)).body.fromOrgName).toBe(tianjinMobile['name']);
    });

    it('a wrong name answers exactly like an ID number nobody holds, and one who left like nobody too', async () => {
      const m = await memberWithContacts(admin, tianjinMobile.id, '津门丙');
      const left = await memberWithContacts(admin, tianjinMobile.id, '津门丁');
      expect((await townAdmin.post(`/api/members/${left.id}/leave`, { reason: '年满28周岁' })).status).toBe(201);
      const ask = (idCardNumber: string, name: string) =>
        jinjiang.post('/api/transfers', { member: { idCardNumber, name }, type: 'general', toOrgId: jinjiangBranch.id });
      const nobody = shape(await ask(idCard('120101'), '津门丙'));
      expect(nobody.status).toBe(404);
      expect(shape(await ask(m.idCardNumber, '别人'))).toEqual(nobody);
      expect(shape(await ask(left.idCardNumber, '津门丁'))).toEqual(nobody);
    });

    it('an open transfer is named to the member’s side only (Q21), not to a receiving side that pulls blind', async () => {
      const m = await memberWithContacts(admin, tianjinMobile.id, '津门戊');
      await townAdmin.create('/api/transfers', { memberId: m.id, type: 'general', toOrgId: jinjiangBranch.id });
      const res = await jinjiang.post('/api/transfers', {
        member: { idCardNumber: m.idCardNumber, name: '津门戊' },
        type: 'general',
        toOrgId: jinjiangBranch.id,
      });
      expectError(res, 409, 'TRANSFER_ALREADY_OPEN');
      expect(JSON.stringify(res.body)).not.toContain('tj-town');
      expect(res.body.details).toBeUndefined();
    });

    it('a pull names a branch: the outgoing side does not assign among the receiving side’s branches (PULL_NEEDS_BRANCH)', async () => {
      const m = await memberWithContacts(admin, tianjinMobile.id, '津门己');
      const firm = await admin.create('/api/orgs', {
        parentId: t.jinjiang.id,
        name: '锦江电子公司团委',
        kind: 'committee',
        level: 'base',
        industry: 'enterprise',
      });
      expectError(
        await jinjiang.post('/api/transfers', {
          member: { idCardNumber: m.idCardNumber, name: '津门己' },
          type: 'employment',
          toOrgId: firm.id,
        }),
        422,
        'PULL_NEEDS_BRANCH',
      );
    });

    it('a transfer the member’s side sends is still decided by the receiving side', async () => {
      const m = await memberWithContacts(admin, tianjinMobile.id, '津门庚');
      const sent = await townAdmin.create('/api/transfers', { memberId: m.id, type: 'general', toOrgId: jinjiangBranch.id });
      expect(sent['decidingSide']).toBe('receiving');
      expectError(await townAdmin.post(`/api/transfers/${sent.id}/approve`), 403, 'REVIEW_NOT_ALLOWED');
      expect((await jinjiang.get('/api/transfers?box=decide')).body.items.map((x: Json) => x.id)).toContain(sent.id);
      expect((await minted.post(`/api/transfers/${sent.id}/approve`)).status).toBe(200);
    });
  });

  describe('a departed member is not reclaimed by ID number alone (finding 2)', () => {
    const arrive = (c: Client, idCardNumber: string, name: string, phone = '13600001111') =>
      c.post('/api/transfers/arrivals', {
        toOrgId: jinjiangBranch.id,
        member: { idCardNumber, name, phone },
        external: { provinceCode: '440000', orgFullName: '共青团广州市天河区委员会某街道团工委' },
      });

    it('an arrival of a number on record must match the full name, never renames, and shows nothing of the old record', async () => {
      const m = await memberWithContacts(admin, tianjinMobile.id, '返乡甲');
      expect((await townAdmin.post(`/api/members/${m.id}/leave`, { reason: '转至广东' })).status).toBe(201);
      const wrong = await arrive(jinjiang, m.idCardNumber, '冒名者');
      expectError(wrong, 409, 'MEMBER_ID_CARD_TAKEN');
      // An active member's number answers the same.
      const active = await memberWithContacts(admin, tianjinMobile.id, '在团乙');
      expect(shape(await arrive(jinjiang, active.idCardNumber, '冒名者'))).toEqual(shape(wrong));
      const stored = (await admin.get(`/api/members/${m.id}`)).body;
      expect(stored).toMatchObject({ name: '返乡甲', status: 'left', orgId: tianjinMobile.id });
      // The right name: accepted, with the arrival's contacts, not the old record's.
      const ok = await arrive(jinjiang, m.idCardNumber, '返乡甲', '13600002222');
      expect(ok.status).toBe(201);
      const back = (await jinjiang.get(`/api/members/${m.id}`)).body;
      expect(back).toMatchObject({
        name: '返乡甲',
        status: 'active',
        orgId: jinjiangBranch.id,
        phone: '13600002222',
        emergencyContact: null,
      });
      // Decided in the other system: no account of ours is its decider (§5).
      const arrival = (await jinjiang.get(`/api/transfers/${ok.body.id}`)).body;
      expect(arrival).toMatchObject({ status: 'approved', decidingSide: 'external', deciderRole: null });
    });
  });

  describe('one ration per org subtree and day over every lookup by ID number (finding 4)', () => {
    it('accounts minted under a county share its ration; once spent, taken and free numbers are refused alike on every route', async () => {
      await api.setClock('2026-06-20T10:00:00+08:00');
      const taken = await memberWithContacts(admin, tianjinMobile.id, '占号甲');
      const own = await jinjiang.create('/api/members', {
        orgId: jinjiangBranch.id,
        name: '本地甲',
        idCardNumber: idCard('510104'),
        joinDate: '2018-05-04',
      });
      // Spend the ration from several accounts of the county: each a wrong-name pull.
      const accounts = [jinjiang, minted];
      for (let i = 0; i < 3; i++) {
        await jinjiang.post('/api/users', { username: `jj-more-${i}`, password: PASSWORD, orgId: jinjiangBranch.id });
        accounts.push(await api.login(`jj-more-${i}`));
      }
      for (let i = 0; i < ID_LOOKUP_RATION_PER_DAY; i++) {
        const res = await accounts[i % accounts.length].post('/api/transfers', {
          member: { idCardNumber: taken.idCardNumber, name: `猜${i}` },
          type: 'general',
          toOrgId: jinjiangBranch.id,
        });
        expect(res.status).toBe(404);
      }
      // A fresh account under the county gets no fresh ration.
      await jinjiang.post('/api/users', { username: 'jj-fresh', password: PASSWORD, orgId: jinjiangBranch.id });
      const fresh = await api.login('jj-fresh');
      const free = idCard('510104');
      const pairs: [string, () => Promise<Response>][] = [
        [
          'pull, right pair',
          () =>
            fresh.post('/api/transfers', {
              member: { idCardNumber: taken.idCardNumber, name: '占号甲' },
              type: 'general',
              toOrgId: jinjiangBranch.id,
            }),
        ],
        [
          'pull, free number',
          () =>
            fresh.post('/api/transfers', { member: { idCardNumber: free, name: '占号甲' }, type: 'general', toOrgId: jinjiangBranch.id }),
        ],
        ['patch to a taken number', () => jinjiang.patch(`/api/members/${own.id}`, { idCardNumber: taken.idCardNumber })],
        ['patch to a free number', () => jinjiang.patch(`/api/members/${own.id}`, { idCardNumber: free })],
        [
          'create with a taken number',
          () =>
            minted.post('/api/members', {
              orgId: jinjiangBranch.id,
              name: '新甲',
              idCardNumber: taken.idCardNumber,
              joinDate: '2018-05-04',
            }),
        ],
        [
          'create with a free number',
          () => minted.post('/api/members', { orgId: jinjiangBranch.id, name: '新甲', idCardNumber: free, joinDate: '2018-05-04' }),
        ],
        [
          'arrival of a taken number',
          () =>
            fresh.post('/api/transfers/arrivals', {
              toOrgId: jinjiangBranch.id,
              member: { idCardNumber: taken.idCardNumber, name: '占号甲' },
              external: { provinceCode: '440000', orgFullName: '某团支部' },
            }),
        ],
        [
          'arrival of a free number',
          () =>
            fresh.post('/api/transfers/arrivals', {
              toOrgId: jinjiangBranch.id,
              member: { idCardNumber: free, name: '占号甲' },
              external: { provinceCode: '440000', orgFullName: '某团支部' },
            }),
        ],
        [
          'import of a free number',
          () =>
            minted.post('/api/members/import', {
              orgId: jinjiangBranch.id,
              rows: [{ name: '导入甲', idCardNumber: free, joinDate: '2018-05-04' }],
            }),
        ],
      ];
      const answers: Record<string, unknown> = {};
      for (const [name, run] of pairs) {
        const res = await run();
        answers[name] = { status: res.status, code: res.body.code, message: res.body.message };
      }
      const first = answers['pull, right pair'];
      expect(first).toMatchObject({ status: 429, code: 'TOO_MANY_REQUESTS' });
      for (const name of Object.keys(answers)) expect({ [name]: answers[name] }).toEqual({ [name]: first });
      expect((await admin.get(`/api/members/${own.id}`)).body.idCardNumber).toBe(own['idCardNumber']);
      // Another county is untouched, and the next day the ration is back.
      const wuhou = await api.login('wuhou');
      expect(
        (await wuhou.post('/api/transfers', { member: { idCardNumber: idCard(), name: '无人' }, type: 'general', toOrgId: t.branch1.id }))
          .status,
      ).toBe(404);
      await api.setClock('2026-06-21T10:00:00+08:00');
      expect(
        (
          await fresh.post('/api/transfers', {
            member: { idCardNumber: free, name: '占号甲' },
            type: 'general',
            toOrgId: jinjiangBranch.id,
          })
        ).status,
      ).toBe(404);
    });
  });
});
