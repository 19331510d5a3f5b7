import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { UsernameSkeleton1765600000021, skeletonOf } from '@zhtj/api/db';
import { Client, Json, PASSWORD, TestApi, expectError, idCard, withMigrationUndone } from './support/harness';
import { Tree, apiWithTree, enterpriseBranch } from './support/fixtures';

const FULL_ID = /\d{17}[\dX]/;

/** Issue 10 items 8, 9 and 11: reset codes for members only, ID numbers masked everywhere, no look-alike usernames. */
describe('accounts and privacy', () => {
  let api: TestApi;
  let admin: Client;
  let t: Tree;
  let employer: Json;

  beforeAll(async () => {
    ({ api, admin, t } = await apiWithTree('2026-06-15T10:00:00+08:00'));
    employer = await enterpriseBranch(admin, t.wuhou.id, '隐私科技公司团支部');
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
      member = await admin.create('/api/members', {
        orgId: t.branch1.id,
        name: '隐私甲',
        idCardNumber: idNumber,
        phone: '13900000000',
        joinDate: '2018-05-04',
      });
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
      expectError(
        await uni1.post('/api/users', { username: idCard(), password: PASSWORD, memberId: t.m1.id }),
        400,
        'USERNAME_LOOKS_LIKE_ID',
      );
    });
  });

  describe('look-alike usernames (NFKC, no invisible characters)', () => {
    it('refuses zero-width, control and format characters', async () => {
      for (const username of ['admin\u200b', 'ad\u200dmin', 'uni\u00ad1', 'a\u202eb-user', 'tab\tuser']) {
        expectError(await admin.post('/api/users', { username, password: PASSWORD, orgId: t.jinjiang.id }), 400, 'USERNAME_INVALID');
      }
    });

    it('full-width and other compatibility forms are the same name', async () => {
      expectError(
        await admin.post('/api/users', { username: 'ａｄｍｉｎ', password: PASSWORD, orgId: t.jinjiang.id }),
        409,
        'USERNAME_TAKEN',
      );
      expectError(
        await admin.post('/api/users', { username: 'ＵＮＩ１', password: PASSWORD, orgId: t.jinjiang.id }),
        409,
        'USERNAME_TAKEN',
      );
    });

    it('refuses Latin mixed with Cyrillic or Greek letters', async () => {
      expectError(
        await admin.post('/api/users', { username: 'аdmin2', password: PASSWORD, orgId: t.jinjiang.id }),
        400,
        'USERNAME_INVALID',
      );
    });

    it('refuses a name whose TR39 skeleton is an existing name’s: ɑdmin, admın, jinjianɡ, Armenian sichuaռ, admín (issue 21)', async () => {
      await admin.create('/api/users', { username: 'sichuan', password: PASSWORD, orgId: t.province.id });
      for (const username of ['\u0251dmin', 'adm\u0131n', 'jinjian\u0261', 'sichua\u057C', 'adm\u00EDn', 'adrnin']) {
        expectError(await admin.post('/api/users', { username, password: PASSWORD, orgId: t.jinjiang.id }), 409, 'USERNAME_LOOKS_ALIKE');
      }
      // A different name is still welcome.
      expect((await admin.post('/api/users', { username: 'jinjiang-yw', password: PASSWORD, orgId: t.jinjiang.id })).status).toBe(201);
    });

    it('two parallel creates of look-alike names: exactly one wins (the skeleton is unique in the database)', async () => {
      const [a, b] = await Promise.all([
        admin.post('/api/users', { username: 'race-look', password: PASSWORD, orgId: t.jinjiang.id }),
        admin.post('/api/users', { username: 'race-l0ok', password: PASSWORD, orgId: t.jinjiang.id }),
      ]);
      expect([a.status, b.status].sort()).toEqual([201, 409]);
      const loser = a.status === 409 ? a : b;
      expect(['USERNAME_LOOKS_ALIKE', 'USERNAME_TAKEN']).toContain(loser.body.code);
    });

    it('the migration fills the skeleton of accounts made before it, keeping the first of two look-alikes', async () => {
      const ds = api.app.get(DataSource);
      await withMigrationUndone(ds, new UsernameSkeleton1765600000021(), async () => {
        // Before the rule, a look-alike could be stored: the migration must not fail on it.
        await ds.query(`INSERT INTO app_user (username, password_hash, role, org_id) VALUES ('\u0251dmin', 'x', 'county_admin', $1)`, [
          t.jinjiang.id,
        ]);
      });
      const rows: { username: string; username_skeleton: string | null }[] = await ds.query(
        `SELECT username, username_skeleton FROM app_user WHERE username IN ('admin', '\u0251dmin', 'uni1')`,
      );
      const by = Object.fromEntries(rows.map((r) => [r.username, r.username_skeleton]));
      expect(by['uni1']).toBe(skeletonOf('uni1'));
      // One of the pair holds the skeleton, the other none (NULLs do not collide).
      expect([by['admin'], by['\u0251dmin']].filter((x) => x !== null)).toEqual([skeletonOf('admin')]);
      await ds.query(`DELETE FROM app_user WHERE username = '\u0251dmin'`);
      await ds.query(`UPDATE app_user SET username_skeleton = $1 WHERE username = 'admin'`, [skeletonOf('admin')]);
    });

    it('stores the normal form and logs in by any compatible spelling', async () => {
      const made = await admin.create('/api/users', { username: 'ｊｉｎｊｉａｎｇ２', password: PASSWORD, orgId: t.jinjiang.id });
      expect(made['username']).toBe('jinjiang2');
      expect((await api.http.post('/api/auth/login').send({ username: 'ｊｉｎｊｉａｎｇ２', password: PASSWORD })).status).toBe(200);
    });
  });
});
