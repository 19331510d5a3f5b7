import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Json, PASSWORD, TestApi, expectError, idCard } from './support/harness';
import { Tree, seedTree } from './support/fixtures';

const FULL_ID = /\d{17}[\dX]/;

/** Issue 10 items 8, 9 and 11: reset codes for members only, ID numbers masked everywhere, no look-alike usernames. */
describe('accounts and privacy', () => {
  let api: TestApi;
  let admin: Client;
  let t: Tree;
  let employer: Json;

  beforeAll(async () => {
    api = await TestApi.start();
    await api.setClock('2026-06-15T10:00:00+08:00');
    admin = await api.admin();
    t = await seedTree(api, admin);
    employer = await admin.create('/api/orgs', { parentId: t.wuhou.id, name: '隐私科技公司团支部', kind: 'branch', level: 'base', industry: 'enterprise' });
  });
  afterAll(() => api?.close());

  describe('reset codes are for member accounts (Q19)', () => {
    it('a school admin cannot take over a branch admin’s account with a reset code', async () => {
      const uni1 = await api.login('uni1');
      expectError(await uni1.post('/api/auth/reset-codes', { username: 'branch1' }), 403, 'RESET_CODE_MEMBERS_ONLY');
    });

    it('a county admin cannot issue a code for a peer of the same org', async () => {
      await admin.create('/api/users', { username: 'wuhou-peer', password: PASSWORD, orgId: t.wuhou.id });
      const wuhou = await api.login('wuhou');
      expectError(await wuhou.post('/api/auth/reset-codes', { username: 'wuhou-peer' }), 403, 'RESET_CODE_MEMBERS_ONLY');
      // Nor can the national admin: admin accounts are not reset by code.
      expectError(await admin.post('/api/auth/reset-codes', { username: 'wuhou-peer' }), 403, 'RESET_CODE_MEMBERS_ONLY');
    });

    it('a member account still gets one', async () => {
      await admin.create('/api/users', { username: 'member-reset', password: PASSWORD, memberId: t.m2.id });
      const uni2 = await api.login('uni2');
      expect((await uni2.post('/api/auth/reset-codes', { username: 'member-reset' })).status).toBe(201);
    });
  });

  describe('ID numbers are masked where usernames show', () => {
    let idNumber: string;
    let member: Json;

    beforeAll(async () => {
      idNumber = idCard();
      member = await admin.create('/api/members', { orgId: t.branch1.id, name: '隐私甲', idCardNumber: idNumber, phone: '13900000000', joinDate: '2018-05-04' });
      // Members' usernames are their ID numbers.
      await admin.create('/api/users', { username: idNumber, password: PASSWORD, memberId: member.id });
      const self = await api.login(idNumber);
      await self.create('/api/transfers', { memberId: member.id, type: 'employment', toOrgId: employer.id });
    });

    it('in transfer lists and details (initiatorUsername)', async () => {
      const uni1 = await api.login('uni1');
      const list = await uni1.get('/api/transfers?box=outgoing');
      const mine = list.body.items.find((x: Json) => x.memberId === member.id);
      expect(mine.initiatorUsername).not.toMatch(FULL_ID);
      expect(mine.initiatorUsername).toContain('*');
      const detail = await uni1.get(`/api/transfers/${mine.id}`);
      expect(JSON.stringify(detail.body)).not.toContain(idNumber);
    });

    it('in the TRANSFER_ALREADY_OPEN message', async () => {
      const uni1 = await api.login('uni1');
      const res = await uni1.post('/api/transfers', { memberId: member.id, type: 'employment', toOrgId: employer.id });
      expectError(res, 409, 'TRANSFER_ALREADY_OPEN');
      expect(JSON.stringify(res.body)).not.toContain(idNumber);
    });

    it('in the audit log (actorUsername and payloads)', async () => {
      const audit = await admin.get('/api/audit?pageSize=500');
      expect(audit.status).toBe(200);
      expect(JSON.stringify(audit.body)).not.toContain(idNumber);
    });

    it('in the users list', async () => {
      const users = await admin.get('/api/users');
      expect(users.status).toBe(200);
      expect(JSON.stringify(users.body)).not.toContain(idNumber);
    });
  });

  describe('creating an account reads its target in scope before anything else (issue 21 item 8e)', () => {
    it('a member outside scope answers 404 whether or not the username is that member’s ID number', async () => {
      const m1 = await admin.get(`/api/members/${t.m1.id}`);
      const jinjiang = await api.login('jinjiang');
      // m1 sits in Wuhou, outside Jinjiang: neither its own ID number nor another one tells anything.
      const own = await jinjiang.post('/api/users', { username: m1.body.idCardNumber, password: PASSWORD, memberId: t.m1.id });
      const other = await jinjiang.post('/api/users', { username: idCard(), password: PASSWORD, memberId: t.m1.id });
      expectError(own, 404, 'NOT_FOUND');
      expectError(other, 404, 'NOT_FOUND');
      expect(other.body).toEqual(own.body);
    });

    it('in scope, a member account still may not be named by another member’s ID number', async () => {
      const uni1 = await api.login('uni1');
      expectError(await uni1.post('/api/users', { username: idCard(), password: PASSWORD, memberId: t.m1.id }), 400, 'USERNAME_LOOKS_LIKE_ID');
    });
  });

  describe('look-alike usernames (NFKC, no invisible characters)', () => {
    it('refuses zero-width, control and format characters', async () => {
      for (const username of ['admin\u200b', 'ad\u200dmin', 'uni\u00ad1', 'a\u202eb-user', 'tab\tuser']) {
        expectError(await admin.post('/api/users', { username, password: PASSWORD, orgId: t.jinjiang.id }), 400, 'USERNAME_INVALID');
      }
    });

    it('full-width and other compatibility forms are the same name', async () => {
      expectError(await admin.post('/api/users', { username: 'ａｄｍｉｎ', password: PASSWORD, orgId: t.jinjiang.id }), 409, 'USERNAME_TAKEN');
      expectError(await admin.post('/api/users', { username: 'ＵＮＩ１', password: PASSWORD, orgId: t.jinjiang.id }), 409, 'USERNAME_TAKEN');
    });

    it('refuses Latin mixed with Cyrillic or Greek letters', async () => {
      expectError(await admin.post('/api/users', { username: 'аdmin2', password: PASSWORD, orgId: t.jinjiang.id }), 400, 'USERNAME_INVALID');
    });

    it('stores the normal form and logs in by any compatible spelling', async () => {
      const made = await admin.create('/api/users', { username: 'ｊｉｎｊｉａｎｇ２', password: PASSWORD, orgId: t.jinjiang.id });
      expect(made['username']).toBe('jinjiang2');
      expect((await api.http.post('/api/auth/login').send({ username: 'ｊｉｎｊｉａｎｇ２', password: PASSWORD })).status).toBe(200);
    });
  });
});
