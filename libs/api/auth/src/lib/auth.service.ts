import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import * as argon2 from 'argon2';
import { createHash, randomInt, randomUUID } from 'node:crypto';
import { QueryFailedError } from 'typeorm';
import { adminRoleForOrg, canIssueResetCode, checkResetCode, maskUsername, normalizeUsername, parseIdCardNumber, resetCodeExpiresAt } from '@zhtj/domain';
import { AppError, Clock, RequestContext, assertAllowed, forbidden, notFound } from '@zhtj/api/core';
import { AuditService, MemberEntity, OrgEntity, PREPARED, ResetCodeEntity, ScopedDb, ThrottleStore, UnscopedReader, UserEntity, skeletonOf } from '@zhtj/api/db';
import { lockouts, rateLimited } from '@zhtj/api/telemetry';
import { assertPasswordPolicy } from './password-policy';
import { Argon2Gate, type Argon2Lane } from './argon2-gate';
import { TOKEN_ALGORITHM, type AuthMethod, type TokenClaims } from './auth.guard';
import { SecondFactorService } from './second-factor.service';
import { CaptchaService } from './captcha';
import { DeviceCookies } from './device-cookie';
import { JWT_KEY } from './jwt-key';
import type { CaptchaView, ChangePasswordResult, LoginRequest, LoginResult, MeView, Page, ResetCodeResult, UserView } from '@zhtj/shared/contract';
import type { ChangePasswordDto, CreateUserDto, ResetPasswordDto } from './dto';

export type { UserView };

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;
/** Wrong reset codes from one client for one name before that pair is locked for LOCK_MINUTES (Q19 codes are 8 digits). */
export const MAX_RESET_CODE_ATTEMPTS = 5;
/** The window in which failed logins from one address are counted towards a challenge. */
export const CAPTCHA_WINDOW_MINUTES = 10;
/** Issue 24: a token for enrolling a required second factor, and nothing else, lives 10 minutes. */
export const ENROL_TOKEN_SECONDS = 600;

/** Who asks to log in: the client address and the device cookie its browser sent, if any. */
export interface LoginClient {
  ip: string;
  deviceCookie?: string;
}

/** A successful login: the answer, and the device cookie to set (DeviceCookies). */
export interface LoginOutcome {
  result: LoginResult;
  deviceCookie: string;
}


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
  /** This process's password-hashing gate (read by tests and metrics). */
  readonly argon2 = new Argon2Gate(Number(process.env['ARGON2_CONCURRENCY'] ?? 2), Number(process.env['ARGON2_QUEUE'] ?? 32), Number(process.env['ARGON2_ANON_QUEUE'] ?? 16));
  /** Logins a minute to one account from browsers it logged in from before (its trusted lane). */
  private readonly deviceRateLimit = Number(process.env['LOGIN_DEVICE_RATE_LIMIT'] ?? 20);
  /** Failed logins from one address within CAPTCHA_WINDOW_MINUTES before its logins need a challenge. */
  private readonly captchaAfterFailures = Number(process.env['LOGIN_CAPTCHA_AFTER_FAILURES'] ?? 3);
  private readonly devices = new DeviceCookies(JWT_KEY);
  /** Refusals that hold until a window ends (address over budget, challenge required), by key: see `anonymousLane`. */
  private readonly refusedUntil = new Map<string, number>();

  constructor(
    private readonly db: ScopedDb,
    private readonly jwt: JwtService,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly throttle: ThrottleStore,
    private readonly captcha: CaptchaService,
    private readonly secondFactor: SecondFactorService,
  ) {}

  /** Finds an account by username, or a member account by the member's ID number. */
  private async findByLogin(m: UnscopedReader, raw: string): Promise<UserEntity | null> {
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
   *
   * Issue 21 item 5 — a flood from many addresses must not shut known users out:
   * - a login carrying a valid device cookie (`DeviceCookies`, set by an earlier successful login
   *   of this account in this browser) is *trusted*: it spends the account's LOGIN_DEVICE_RATE_LIMIT
   *   instead of the address's budget, needs no challenge and waits in the gate's trusted lane;
   *   a forged cookie, or one naming another account, is ignored (the login is anonymous);
   * - after LOGIN_CAPTCHA_AFTER_FAILURES failed logins from an address within CAPTCHA_WINDOW_MINUTES,
   *   an anonymous login from it must answer an image challenge (`CaptchaService`):
   *   401 CAPTCHA_REQUIRED without one, CAPTCHA_INVALID with a wrong, used or expired one; a
   *   login that answered one (asked for or not) is trusted too;
   * - an anonymous login the gate's anonymous lane has no room for is asked for a challenge
   *   (CAPTCHA_REQUIRED) instead of only being refused (`loginHash`).
   * A successful login returns a fresh device cookie for the controller to set.
   */
  async login(dto: LoginRequest, client: LoginClient): Promise<LoginOutcome> {
    const { username, password, ip } = { ...dto, ...client };
    const now = this.clock.now();
    const device = this.devices.verify(client.deviceCookie, now);
    // Without a device cookie the login is anonymous: refused or challenged before any lookup.
    let lane: Argon2Lane = device ? 'trusted' : await this.anonymousLane(dto, ip, now);
    const user = await this.findByLogin(this.db.unscoped('auth.login'), username);
    if (device) {
      const known = !!user && device.userId === user.id && device.username === user.username.toLowerCase();
      if (!known || !(await this.throttle.hit(`login-device:${user.id}`, this.deviceRateLimit, 60_000))) lane = await this.anonymousLane(dto, ip, now);
    }
    if (!user || (await this.throttle.blockedUntil(this.lockKey(user.id, ip), now))) {
      // Same work and answer as a wrong password, so neither names nor locks can be probed.
      await this.loginHash(() => argon2.hash(password), lane);
      await this.countAddressFailure(ip, now);
      throw new AppError('LOGIN_FAILED');
    }
    const ok = await this.loginHash(() => argon2.verify(user.passwordHash, password), lane);
    if (!ok) {
      await this.failLogin(user, ip, now);
      throw new AppError('LOGIN_FAILED');
    }
    // Issue 24: an admin with a second factor (or whose org requires one) is not done yet. No code:
    // 401 OTP_REQUIRED, nothing counted; a wrong or used one is a failed login like a wrong
    // password (the same lockout). The lockout is lifted only by a complete login.
    const factor = await this.secondFactor.atLogin(user, dto.otp);
    if (factor === 'invalid') {
      await this.failLogin(user, ip, now);
      throw new AppError('OTP_INVALID');
    }
    await this.throttle.clear(this.lockKey(user.id, ip));
    const token = factor === 'enrol' ? await this.issueToken(user.id, { enrolOnly: true }) : await this.issueToken(user.id, { amr: factor === 'otp' ? ['pwd', 'otp'] : ['pwd'] });
    return {
      result: { ...token, user: await this.view(user), ...(factor === 'enrol' ? { enrolmentRequired: true as const } : {}) },
      deviceCookie: this.devices.sign(user.id, user.username, now),
    };
  }

  /** A failed login of a known account from `ip`: counted for the address's challenge and the (account, address) lockout, audited when it locks. */
  private async failLogin(user: UserEntity, ip: string, now: Date): Promise<void> {
    await this.countAddressFailure(ip, now);
    const until = await this.throttle.fail(this.lockKey(user.id, ip), MAX_FAILED_LOGINS, LOCK_MINUTES * 60_000, now);
    if (until) {
      lockouts.inc({ kind: 'login' });
      await this.db.transaction(async (m) =>
        this.audit.record(m, { action: 'user.lock', entityType: 'user', entityId: user.id, after: { lockedUntil: until, failedLogins: MAX_FAILED_LOGINS, address: ip }, orgPath: await this.accountOrgPath(m.unscoped('auth.login'), user) }),
      );
    }
  }

  /** `GET /api/auth/captcha`: a challenge for a client asked for one. */
  captchaChallenge(ip: string): Promise<CaptchaView> {
    return this.captcha.issue(ip);
  }

  /**
   * A login's hash in its lane. An anonymous login the gate has no room for is asked for a
   * challenge rather than only refused: a person answers it and comes back in the trusted lane,
   * a flood that does not gets nothing but the cheap refusal.
   */
  private loginHash<T>(work: () => Promise<T>, lane: Argon2Lane): Promise<T> {
    return this.argon2.run(work, lane).catch((e: unknown) => {
      if (lane === 'anonymous' && e instanceof AppError && e.code === 'TOO_MANY_REQUESTS') throw new AppError('CAPTCHA_REQUIRED');
      throw e;
    });
  }

  /**
   * The lane of a login without a (valid) device cookie: it spends the address's budget (429
   * past it) and, after failures from the address, must answer a challenge; one that answered
   * (asked for or not) is trusted. Refusals hold until their window ends, so they are remembered
   * in this process (`refusedUntil`): a flood from a refused address costs no database round trip.
   */
  private async anonymousLane(dto: LoginRequest, ip: string, now: Date): Promise<Argon2Lane> {
    const wall = Date.now();
    if ((this.refusedUntil.get(`addr:${ip}`) ?? 0) > wall) {
      rateLimited.inc({ limit: 'login_address' });
      throw new AppError('TOO_MANY_REQUESTS');
    }
    const budget = await this.throttle.hitWindow(`login-addr:${ip}`, this.rateLimit, 60_000);
    if (!budget.ok) {
      this.remember(`addr:${ip}`, budget.resetAt.getTime());
      rateLimited.inc({ limit: 'login_address' });
      throw new AppError('TOO_MANY_REQUESTS');
    }
    if (!dto.captchaId) {
      if ((this.refusedUntil.get(`challenge:${ip}`) ?? 0) > now.getTime()) throw new AppError('CAPTCHA_REQUIRED');
      const failures = await this.throttle.count(this.addressFailKey(ip), CAPTCHA_WINDOW_MINUTES * 60_000, now);
      if (failures.hits < this.captchaAfterFailures) return 'anonymous';
      if (failures.resetAt) this.remember(`challenge:${ip}`, failures.resetAt.getTime());
      throw new AppError('CAPTCHA_REQUIRED');
    }
    if (!dto.captchaAnswer || !(await this.captcha.check(dto.captchaId, dto.captchaAnswer))) throw new AppError('CAPTCHA_INVALID');
    return 'trusted';
  }

  /** Remembers a refusal until `until` (ms); the memo is dropped whole when it grows large. */
  private remember(key: string, until: number): void {
    if (this.refusedUntil.size >= 50_000) this.refusedUntil.clear();
    this.refusedUntil.set(key, until);
  }

  /** Failed logins from one address, whatever the name: past LOGIN_CAPTCHA_AFTER_FAILURES, a challenge. */
  private addressFailKey(ip: string): string {
    return `login-fail-addr:${ip}`;
  }

  private async countAddressFailure(ip: string, now: Date): Promise<void> {
    await this.throttle.hit(this.addressFailKey(ip), this.captchaAfterFailures, CAPTCHA_WINDOW_MINUTES * 60_000, now);
  }

  /**
   * `jti` names the token for logout (`revoked_token`); the guard requires every claim. `amr` says
   * how the login proved itself (issue 24: `otp` once the second factor was used); a token for
   * enrolment only (`enrol_only`) lives ENROL_TOKEN_SECONDS.
   */
  private async issueToken(userId: string, how: { amr: AuthMethod[] } | { enrolOnly: true }): Promise<{ accessToken: string; expiresIn: number }> {
    const enrolOnly = 'enrolOnly' in how;
    const expiresIn = enrolOnly ? ENROL_TOKEN_SECONDS : Number(process.env['JWT_EXPIRES_IN_SECONDS'] ?? 8 * 3600);
    const claims = enrolOnly ? { sub: userId, jti: randomUUID(), amr: ['pwd'], enrol_only: true } : { sub: userId, jti: randomUUID(), amr: how.amr };
    return { accessToken: await this.jwt.signAsync(claims, { expiresIn, algorithm: TOKEN_ALGORITHM }), expiresIn };
  }

  /**
   * `POST /api/auth/logout`: ends the caller's token on every replica. It is kept in
   * `revoked_token` until it would have expired; rows past that are swept here, by the index.
   */
  async logout(token: TokenClaims): Promise<void> {
    await this.db.execute(
      `INSERT INTO revoked_token (jti, user_id, expires_at) VALUES ($1, $2, to_timestamp($3)) ON CONFLICT (jti) DO NOTHING`,
      [token.jti, token.sub, token.exp],
    );
    await this.db.execute(`DELETE FROM revoked_token WHERE expires_at < now() - interval '1 minute'`);
  }

  async view(user: UserEntity): Promise<UserView> {
    if (!user.memberId) return userView(user);
    const member = await this.db.unscoped('auth.own-account').findOneByOrFail(MemberEntity, { id: user.memberId });
    return userView(user, member.orgId);
  }

  /**
   * The caller as the auth guard read it for this request (account, role, org — a member's own —
   * and its path), with the org's name: one statement, not the account, its member and its org read
   * again (docs/benchmarks.md: /me cost more than an approval).
   */
  async me(): Promise<MeView> {
    const actor = RequestContext.actor();
    const rows: { name: string }[] = await this.db.unscoped('auth.own-account').query(`${PREPARED}SELECT name FROM org WHERE id = $1`, [actor.orgId]);
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
    // An authenticated caller: the trusted lane.
    const hash = await this.argon2.run(() => argon2.hash(dto.password), 'trusted');
    const asId = parseIdCardNumber(username);
    return this.db.transaction(async (m) => {
      // Scope first, then validate (issue 21 item 8e): the target org or member is read in the
      // caller's scope before anything is compared with it, so an answer about a member outside
      // scope is the same 404 whatever the username (no oracle on a foreign member's ID number).
      let user: UserEntity;
      let orgPath: string[];
      if (dto.orgId) {
        const org = await m.byId('org', dto.orgId);
        // Members log in with their ID number: no other account may take one as its name.
        if (asId.ok) throw new AppError('USERNAME_LOOKS_LIKE_ID');
        user = m.create(UserEntity, { username, passwordHash: hash, role: adminRoleForOrg(org), orgId: org.id, contactName: dto.contactName ?? null, contactPhone: dto.contactPhone ?? null });
        orgPath = org.path;
      } else {
        const member = await m.byId('member', dto.memberId as string);
        // A member account may be named by the member's own ID number, no other one.
        if (asId.ok && member.idCardNumber !== asId.normalized) throw new AppError('USERNAME_LOOKS_LIKE_ID');
        if (await m.unscoped('auth.username-unique').existsBy(UserEntity, { memberId: member.id })) throw new AppError('MEMBER_HAS_ACCOUNT');
        user = m.create(UserEntity, { username, passwordHash: hash, role: 'member', memberId: member.id });
        orgPath = (await m.byId('org', member.orgId)).path;
      }
      const taken = await m.unscoped('auth.username-unique').createQueryBuilder(UserEntity, 'u').where('lower(u.username) = lower(:n)', { n: username }).getExists();
      if (taken) throw new AppError('USERNAME_TAKEN');
      // Issue 21 item 8d: no name that looks like another (TR39 skeleton, unique in the database, so
      // of two parallel creates of look-alikes one fails at the index).
      user.usernameSkeleton = skeletonOf(username);
      if (await m.unscoped('auth.username-unique').existsBy(UserEntity, { usernameSkeleton: user.usernameSkeleton })) throw new AppError('USERNAME_LOOKS_ALIKE');
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
    const qb = this.db.query('user', 'u').orderBy('u.username');
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
      const user = await this.findByLogin(m.unscoped('auth.reset-code'), username);
      if (!user) throw notFound();
      const targetPath = await this.accountOrgPath(m.unscoped('auth.reset-code'), user);
      // Q19: an admin of the account's org or an ancestor; anyone else does not see the account.
      const may = canIssueResetCode(actor, { orgPath: targetPath, role: user.role });
      if (!may.ok && may.code === 'RESET_NOT_ALLOWED') throw notFound();
      // Codes are for member accounts: an admin above must not take over an admin account.
      assertAllowed(may);
      if (user.id === actor.userId) throw forbidden();
      const now = this.clock.now();
      // A new code replaces any earlier unused one.
      await m
        .updateBuilder(ResetCodeEntity)
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
  private lockCode(m: UnscopedReader, userId: string, code: string): Promise<ResetCodeEntity | null> {
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
    const found = await this.findByLogin(this.db.unscoped('auth.login'), dto.username);
    assertPasswordPolicy(dto.newPassword);
    // A code that matches none of the account's codes (or a name without an account) is one failure.
    const matches = found ? await this.db.unscoped('auth.reset-code').existsBy(ResetCodeEntity, { userId: found.id, codeHash: sha256(dto.code.trim()) }) : false;
    if (!found || !matches) {
      const lockedUntil = await this.throttle.fail(failKey, MAX_RESET_CODE_ATTEMPTS, LOCK_MINUTES * 60_000, now);
      if (lockedUntil) lockouts.inc({ kind: 'reset_code' });
      throw new AppError(lockedUntil ? 'RESET_CODE_LOCKED' : 'RESET_CODE_INVALID');
    }
    const hash = await this.argon2.run(() => argon2.hash(dto.newPassword));
    const user = found;
    await this.db.transaction(async (m) => {
      const row = await this.lockCode(m.unscoped('auth.reset-code'), user.id, dto.code);
      if (!row) throw new AppError('RESET_CODE_INVALID');
      assertAllowed(checkResetCode(row, now));
      await m.update(ResetCodeEntity, row.id, { usedAt: now });
      await m.update(UserEntity, user.id, { passwordHash: hash, passwordChangedAt: new Date() });
      await this.audit.record(m, {
        action: 'user.reset_password',
        entityType: 'user',
        entityId: user.id,
        after: { resetCodeId: row.id },
        orgPath: await this.accountOrgPath(m.unscoped('auth.reset-code'), user),
      });
    });
    // A new password lifts the account's lockouts, and this client's count of wrong codes.
    await this.throttle.clear(`login-lock:${user.id}:`);
    await this.throttle.clear(failKey);
  }

  async changePassword(dto: ChangePasswordDto, amr: AuthMethod[] | undefined): Promise<ChangePasswordResult> {
    const actor = RequestContext.actor();
    const user = await this.db.unscoped('auth.own-account').findOneByOrFail(UserEntity, { id: actor.userId });
    // An authenticated caller: the trusted lane.
    if (!(await this.argon2.run(() => argon2.verify(user.passwordHash, dto.oldPassword), 'trusted'))) throw new AppError('PASSWORD_WRONG');
    assertPasswordPolicy(dto.newPassword);
    const hash = await this.argon2.run(() => argon2.hash(dto.newPassword), 'trusted');
    await this.db.transaction(async (m) => {
      await m.update(UserEntity, user.id, { passwordHash: hash, passwordChangedAt: new Date() });
      await this.audit.record(m, { action: 'user.change_password', entityType: 'user', entityId: user.id, orgPath: actor.orgPath });
    });
    // Tokens issued before the change are refused from now on (AuthGuard); this one is new.
    // The new token proves what the caller's did (a second factor used then still counts).
    return { ok: true, ...(await this.issueToken(user.id, { amr: amr ?? ['pwd'] })) };
  }

  private async accountOrgPath(m: UnscopedReader, user: UserEntity): Promise<string[]> {
    const orgId = user.orgId ?? (await m.findOneByOrFail(MemberEntity, { id: user.memberId as string })).orgId;
    return (await m.findOneByOrFail(OrgEntity, { id: orgId })).path;
  }
}
