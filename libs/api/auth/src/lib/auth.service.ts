import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import * as argon2 from 'argon2';
import { createHash, randomInt, randomUUID } from 'node:crypto';
import { EntityManager, QueryFailedError } from 'typeorm';
import { adminRoleForOrg, canIssueResetCode, checkResetCode, maskUsername, normalizeUsername, parseIdCardNumber, resetCodeExpiresAt } from '@zhtj/domain';
import { AppError, Clock, RequestContext, assertAllowed, forbidden, notFound } from '@zhtj/api/core';
import { AuditService, DataScope, MemberEntity, OrgEntity, PREPARED, ResetCodeEntity, ScopedDb, ThrottleStore, UserEntity, skeletonOf } from '@zhtj/api/db';
import { lockouts, rateLimited } from '@zhtj/api/telemetry';
import { assertPasswordPolicy } from './password-policy';
import { Argon2Gate } from './argon2-gate';
import { TOKEN_ALGORITHM, type TokenClaims } from './auth.guard';
import type { ChangePasswordResult, LoginResult, MeView, Page, ResetCodeResult, UserView } from '@zhtj/shared/contract';
import type { ChangePasswordDto, CreateUserDto, ResetPasswordDto } from './dto';

export type { UserView };

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;
/** Wrong reset codes from one client for one name before that pair is locked for LOCK_MINUTES (Q19 codes are 8 digits). */
export const MAX_RESET_CODE_ATTEMPTS = 5;


export function userView(u: UserEntity, memberOrgId?: string): UserView {
  return {
    id: u.id,
    username: u.username,
    role: u.role,
    orgId: u.orgId ?? memberOrgId ?? null,
    ...(u.memberId ? { memberId: u.memberId } : {}),
  };
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

@Injectable()
export class AuthService {
  /** Login and reset attempts a minute from one client address, whatever the username. */
  private readonly rateLimit = Number(process.env['LOGIN_RATE_LIMIT'] ?? 60);
  private readonly argon2 = new Argon2Gate(Number(process.env['ARGON2_CONCURRENCY'] ?? 2), Number(process.env['ARGON2_QUEUE'] ?? 32));

  constructor(
    private readonly db: ScopedDb,
    private readonly jwt: JwtService,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly scope: DataScope,
    private readonly throttle: ThrottleStore,
  ) {}

  /** Finds an account by username, or a member account by the member's ID number. */
  private async findByLogin(m: EntityManager, raw: string): Promise<UserEntity | null> {
    // Any compatible spelling (full-width, …) finds the account stored in NFKC form.
    const username = raw.normalize('NFKC').trim();
    const byName = await m
      .createQueryBuilder(UserEntity, 'u')
      .where('lower(u.username) = lower(:username)', { username })
      .getOne();
    if (byName) return byName;
    const id = parseIdCardNumber(username);
    if (!id.ok) return null;
    return m
      .createQueryBuilder(UserEntity, 'u')
      .innerJoin(MemberEntity, 'mb', 'mb.id = u.memberId')
      .where('mb.idCardNumber = :id', { id: id.normalized })
      .getOne();
  }

  /** Where a login lockout is kept: per account and client address, so nobody can lock out someone else. */
  private lockKey(userId: string, ip: string): string {
    return `login-lock:${userId}:${ip}`;
  }

  /**
   * Issue 10 items 6–7. Budgets live in PostgreSQL (`ThrottleStore`), shared by every API process:
   * - per client address, across usernames: LOGIN_RATE_LIMIT attempts a minute, else 429;
   * - per (account, address): MAX_FAILED_LOGINS wrong passwords lock that pair for LOCK_MINUTES
   *   (app clock); the owner elsewhere is not locked out, and a locked pair gets exactly the
   *   answer an unknown name or a wrong password gets (401 LOGIN_FAILED);
   * - password hashing runs through a per-process gate (`Argon2Gate`), 429 when it is full.
   */
  async login(username: string, password: string, ip: string): Promise<LoginResult> {
    if (!(await this.throttle.hit(`login-addr:${ip}`, this.rateLimit, 60_000))) {
      rateLimited.inc({ limit: 'login_address' });
      throw new AppError('TOO_MANY_REQUESTS');
    }
    const now = this.clock.now();
    const user = await this.findByLogin(this.db.managerUnscoped, username);
    if (!user || (await this.throttle.blockedUntil(this.lockKey(user.id, ip), now))) {
      // Same work and answer as a wrong password, so neither names nor locks can be probed.
      await this.argon2.run(() => argon2.hash(password));
      throw new AppError('LOGIN_FAILED');
    }
    const ok = await this.argon2.run(() => argon2.verify(user.passwordHash, password));
    if (!ok) {
      const until = await this.throttle.fail(this.lockKey(user.id, ip), MAX_FAILED_LOGINS, LOCK_MINUTES * 60_000, now);
      if (until) {
        lockouts.inc({ kind: 'login' });
        await this.db.transaction(async (m) =>
          this.audit.record(m, { action: 'user.lock', entityType: 'user', entityId: user.id, after: { lockedUntil: until, failedLogins: MAX_FAILED_LOGINS, address: ip }, orgPath: await this.accountOrgPath(m, user) }),
        );
      }
      throw new AppError('LOGIN_FAILED');
    }
    await this.throttle.clear(this.lockKey(user.id, ip));
    return { ...(await this.issueToken(user.id)), user: await this.view(user) };
  }

  private async issueToken(userId: string): Promise<{ accessToken: string; expiresIn: number }> {
    const expiresIn = Number(process.env['JWT_EXPIRES_IN_SECONDS'] ?? 8 * 3600);
    // `jti` names the token for logout (`revoked_token`); the guard requires every claim.
    return { accessToken: await this.jwt.signAsync({ sub: userId, jti: randomUUID() }, { expiresIn, algorithm: TOKEN_ALGORITHM }), expiresIn };
  }

  /**
   * `POST /api/auth/logout`: ends the caller's token on every replica. It is kept in
   * `revoked_token` until it would have expired; rows past that are swept here, by the index.
   */
  async logout(token: TokenClaims): Promise<void> {
    await this.db.queryUnscoped(
      `INSERT INTO revoked_token (jti, user_id, expires_at) VALUES ($1, $2, to_timestamp($3)) ON CONFLICT (jti) DO NOTHING`,
      [token.jti, token.sub, token.exp],
    );
    await this.db.queryUnscoped(`DELETE FROM revoked_token WHERE expires_at < now() - interval '1 minute'`);
  }

  async view(user: UserEntity): Promise<UserView> {
    if (!user.memberId) return userView(user);
    const member = await this.db.managerUnscoped.findOneByOrFail(MemberEntity, { id: user.memberId });
    return userView(user, member.orgId);
  }

  /**
   * The caller as the auth guard read it for this request (account, role, org — a member's own —
   * and its path), with the org's name: one statement, not the account, its member and its org read
   * again (docs/benchmarks.md: /me cost more than an approval).
   */
  async me(): Promise<MeView> {
    const actor = RequestContext.actor();
    const rows: { name: string }[] = await this.db.queryUnscoped(`${PREPARED}SELECT name FROM org WHERE id = $1`, [actor.orgId]);
    if (!rows[0]) throw new AppError('TOKEN_INVALID');
    return {
      id: actor.userId,
      username: actor.username,
      role: actor.role,
      orgId: actor.orgId,
      ...(actor.memberId ? { memberId: actor.memberId } : {}),
      orgName: rows[0].name,
      orgPath: actor.orgPath,
    };
  }

  /** `POST /api/users`: an admin creates an admin account for an org, or a member account, in its scope. */
  async createUser(dto: CreateUserDto): Promise<UserView> {
    const actor = RequestContext.actor();
    if (actor.role === 'member') throw forbidden();
    if (!dto.orgId === !dto.memberId) throw new AppError('USER_TARGET_REQUIRED');
    const name = normalizeUsername(dto.username);
    assertAllowed(name);
    const username = name.ok ? name.value : dto.username;
    assertPasswordPolicy(dto.password);
    const hash = await this.argon2.run(() => argon2.hash(dto.password));
    const asId = parseIdCardNumber(username);
    return this.db.transaction(async (m) => {
      // Scope first, then validate (issue 21 item 8e): the target org or member is read in the
      // caller's scope before anything is compared with it, so an answer about a member outside
      // scope is the same 404 whatever the username (no oracle on a foreign member's ID number).
      let user: UserEntity;
      let orgPath: string[];
      if (dto.orgId) {
        const org = await this.scope.byId('org', dto.orgId, m);
        // Members log in with their ID number: no other account may take one as its name.
        if (asId.ok) throw new AppError('USERNAME_LOOKS_LIKE_ID');
        user = m.create(UserEntity, { username, passwordHash: hash, role: adminRoleForOrg(org), orgId: org.id, contactName: dto.contactName ?? null, contactPhone: dto.contactPhone ?? null });
        orgPath = org.path;
      } else {
        const member = await this.scope.byId('member', dto.memberId as string, m);
        // A member account may be named by the member's own ID number, no other one.
        if (asId.ok && member.idCardNumber !== asId.normalized) throw new AppError('USERNAME_LOOKS_LIKE_ID');
        if (await m.existsBy(UserEntity, { memberId: member.id })) throw new AppError('MEMBER_HAS_ACCOUNT');
        user = m.create(UserEntity, { username, passwordHash: hash, role: 'member', memberId: member.id });
        orgPath = (await m.findOneByOrFail(OrgEntity, { id: member.orgId })).path;
      }
      const taken = await m.createQueryBuilder(UserEntity, 'u').where('lower(u.username) = lower(:n)', { n: username }).getExists();
      if (taken) throw new AppError('USERNAME_TAKEN');
      // Issue 21 item 8d: no name that looks like another (TR39 skeleton, unique in the database, so
      // of two parallel creates of look-alikes one fails at the index).
      user.usernameSkeleton = skeletonOf(username);
      if (await m.existsBy(UserEntity, { usernameSkeleton: user.usernameSkeleton })) throw new AppError('USERNAME_LOOKS_ALIKE');
      await m.save(user).catch((e: unknown) => {
        const d = e instanceof QueryFailedError ? (e.driverError as { code?: string; constraint?: string }) : null;
        if (d?.code === '23505' && d.constraint === 'app_user_username_skeleton_uq') throw new AppError('USERNAME_LOOKS_ALIKE');
        if (d?.code === '23505' && d.constraint === 'app_user_username_uq') throw new AppError('USERNAME_TAKEN');
        throw e;
      });
      await this.audit.record(m, { action: 'user.create', entityType: 'user', entityId: user.id, after: userView(user), orgPath });
      return userView(user, orgPath[orgPath.length - 1]);
    });
  }

  async listUsers(orgId: string | undefined): Promise<Page<UserView>> {
    const qb = this.scope.query('user', 'u').orderBy('u.username');
    if (orgId) {
      qb.andWhere(
        '(u.orgId = :orgId OR u.memberId IN (SELECT lm.id FROM member lm WHERE lm.org_id = :orgId))',
        { orgId },
      );
    }
    const [rows, total] = await qb.take(500).getManyAndCount();
    // A member's username is their ID number: listed masked (DOMAIN.md §2).
    return { items: rows.map((u) => ({ ...userView(u), username: maskUsername(u.username) })), total };
  }

  /** Q19: an admin of the account's org or of an ancestor makes a one-time reset code. */
  async createResetCode(username: string): Promise<ResetCodeResult> {
    const actor = RequestContext.actor();
    if (actor.role === 'member') throw forbidden();
    return this.db.transaction(async (m) => {
      const user = await this.findByLogin(m, username);
      if (!user) throw notFound();
      const targetPath = await this.accountOrgPath(m, user);
      // Q19: an admin of the account's org or an ancestor; anyone else does not see the account.
      const may = canIssueResetCode(actor, { orgPath: targetPath, role: user.role });
      if (!may.ok && may.code === 'RESET_NOT_ALLOWED') throw notFound();
      // Codes are for member accounts: an admin above must not take over an admin account.
      assertAllowed(may);
      if (user.id === actor.userId) throw forbidden();
      const now = this.clock.now();
      // A new code replaces any earlier unused one.
      await m
        .createQueryBuilder()
        .update(ResetCodeEntity)
        .set({ expiresAt: now })
        .where('userId = :uid AND usedAt IS NULL AND expiresAt > :now', { uid: user.id, now })
        .execute();
      const code = String(randomInt(0, 100_000_000)).padStart(8, '0');
      const expiresAt = resetCodeExpiresAt(now) as Date;
      const row = await m.save(m.create(ResetCodeEntity, { userId: user.id, codeHash: sha256(code), expiresAt, createdBy: actor.userId }));
      await this.audit.record(m, { action: 'user.reset_code', entityType: 'user', entityId: user.id, after: { resetCodeId: row.id, expiresAt }, orgPath: targetPath });
      return { code, expiresAt: expiresAt.toISOString() };
    });
  }

  /** The account's reset code matching `code` (newest first), locked for this transaction. */
  private lockCode(m: EntityManager, userId: string, code: string): Promise<ResetCodeEntity | null> {
    return m
      .createQueryBuilder(ResetCodeEntity, 'r')
      .where('r.userId = :uid AND r.codeHash = :h', { uid: userId, h: sha256(code.trim()) })
      .orderBy('r.createdAt', 'DESC')
      .setLock('pessimistic_write')
      .getOne();
  }

  /**
   * Where wrong reset codes are counted: per (name as typed, in its compared form, and client
   * address). Keyed by the name, not the account, so an unknown name, an account without a code
   * and one with a code count and lock alike; a member account's username and its ID number are
   * two names, each with its own count.
   */
  private resetFailKey(raw: string, ip: string): string {
    return `reset-fail:${raw.normalize('NFKC').trim().toLowerCase()}:${ip}`;
  }

  /**
   * Q19 under guessing (issue 21 item 8b). A wrong code never touches the account's codes: it is
   * counted against the (name, client address) pair, and MAX_RESET_CODE_ATTEMPTS wrong codes lock
   * that pair for LOCK_MINUTES (app clock), the right code included. Why this is safe:
   * - every wrong attempt answers the same (RESET_CODE_INVALID, then RESET_CODE_LOCKED) whether the
   *   name is unknown, has no active code or has one — no oracle for who is resetting;
   * - an attacker can no longer destroy the member's real code (it used to expire after 5 wrong
   *   guesses from anyone): it locks out only itself, from its own address;
   * - guessing stays bounded: 5 guesses per address per 15 minutes against an 8-digit code that
   *   lives 2 days is 960 guesses per address in a code's life (about 1 in 100,000), under the
   *   per-address budget (LOGIN_RATE_LIMIT a minute across names) too. A distributed guesser with
   *   very many addresses is the residual (docs/security.md), as for passwords.
   */
  async resetPassword(dto: ResetPasswordDto, ip: string): Promise<void> {
    if (!(await this.throttle.hit(`reset-addr:${ip}`, this.rateLimit, 60_000))) {
      rateLimited.inc({ limit: 'reset_address' });
      throw new AppError('TOO_MANY_REQUESTS');
    }
    const now = this.clock.now();
    const failKey = this.resetFailKey(dto.username, ip);
    if (await this.throttle.blockedUntil(failKey, now)) throw new AppError('RESET_CODE_LOCKED');
    const found = await this.findByLogin(this.db.managerUnscoped, dto.username);
    assertPasswordPolicy(dto.newPassword);
    // A code that matches none of the account's codes (or a name without an account) is one failure.
    const matches = found ? await this.db.managerUnscoped.existsBy(ResetCodeEntity, { userId: found.id, codeHash: sha256(dto.code.trim()) }) : false;
    if (!found || !matches) {
      const lockedUntil = await this.throttle.fail(failKey, MAX_RESET_CODE_ATTEMPTS, LOCK_MINUTES * 60_000, now);
      if (lockedUntil) lockouts.inc({ kind: 'reset_code' });
      throw new AppError(lockedUntil ? 'RESET_CODE_LOCKED' : 'RESET_CODE_INVALID');
    }
    const hash = await this.argon2.run(() => argon2.hash(dto.newPassword));
    const user = found;
    await this.db.transaction(async (m) => {
      const row = await this.lockCode(m, user.id, dto.code);
      if (!row) throw new AppError('RESET_CODE_INVALID');
      assertAllowed(checkResetCode(row, now));
      await m.update(ResetCodeEntity, row.id, { usedAt: now });
      await m.update(UserEntity, user.id, { passwordHash: hash, passwordChangedAt: new Date() });
      await this.audit.record(m, {
        action: 'user.reset_password',
        entityType: 'user',
        entityId: user.id,
        after: { resetCodeId: row.id },
        orgPath: await this.accountOrgPath(m, user),
      });
    });
    // A new password lifts the account's lockouts, and this client's count of wrong codes.
    await this.throttle.clear(`login-lock:${user.id}:`);
    await this.throttle.clear(failKey);
  }

  async changePassword(dto: ChangePasswordDto): Promise<ChangePasswordResult> {
    const actor = RequestContext.actor();
    const user = await this.db.managerUnscoped.findOneByOrFail(UserEntity, { id: actor.userId });
    if (!(await this.argon2.run(() => argon2.verify(user.passwordHash, dto.oldPassword)))) throw new AppError('PASSWORD_WRONG');
    assertPasswordPolicy(dto.newPassword);
    const hash = await this.argon2.run(() => argon2.hash(dto.newPassword));
    await this.db.transaction(async (m) => {
      await m.update(UserEntity, user.id, { passwordHash: hash, passwordChangedAt: new Date() });
      await this.audit.record(m, { action: 'user.change_password', entityType: 'user', entityId: user.id, orgPath: actor.orgPath });
    });
    // Tokens issued before the change are refused from now on (AuthGuard); this one is new.
    return { ok: true, ...(await this.issueToken(user.id)) };
  }

  private async accountOrgPath(m: EntityManager, user: UserEntity): Promise<string[]> {
    const orgId = user.orgId ?? (await m.findOneByOrFail(MemberEntity, { id: user.memberId as string })).orgId;
    return (await m.findOneByOrFail(OrgEntity, { id: orgId })).path;
  }
}
