import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { AppError, Clock } from '@zhtj/api/core';
import { AuditService, ScopedDb, ThrottleStore } from '@zhtj/api/db';
import { lockouts, rateLimited } from '@zhtj/api/telemetry';
import type { CaptchaView, LoginRequest, LoginResult } from '@zhtj/shared/contract';
import type { UserEntity } from './user.entity';
import { accountOrgPath, findAccountByLogin } from './account';
import { Argon2Gate, type Argon2Lane } from './argon2-gate';
import { CaptchaService } from './captcha';
import { DeviceCookies } from './device-cookie';
import { JWT_KEY } from './jwt-key';
import { SecondFactorService } from './second-factor.service';
import { SessionService } from './session.service';

/** Wrong passwords for one account from one address before that pair is locked, and for how long (app clock). */
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;
/** The window in which failed logins from one address are counted towards a challenge. */
export const CAPTCHA_WINDOW_MINUTES = 10;

/** Login and reset attempts a minute from one client address, whatever the username (`LOGIN_RATE_LIMIT`). */
export function loginRateLimit(): number {
  return Number(process.env['LOGIN_RATE_LIMIT'] ?? 60);
}

/**
 * Where a login lockout is kept: per account and client address, so nobody can lock out someone
 * else. Without an address, the prefix of every lockout of the account.
 */
export function loginLockKey(userId: string, ip = ''): string {
  return `login-lock:${userId}:${ip}`;
}

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

/** 登录: a password (and a second factor where one is set or required) for a token, under the budgets, lockouts and challenges below. */
@Injectable()
export class LoginService {
  /** Login attempts a minute from one client address, whatever the username. */
  private readonly rateLimit = loginRateLimit();
  /** Logins a minute to one account from browsers it logged in from before (its trusted lane). */
  private readonly deviceRateLimit = Number(process.env['LOGIN_DEVICE_RATE_LIMIT'] ?? 20);
  /** Failed logins from one address within CAPTCHA_WINDOW_MINUTES before its logins need a challenge. */
  private readonly captchaAfterFailures = Number(process.env['LOGIN_CAPTCHA_AFTER_FAILURES'] ?? 3);
  private readonly devices = new DeviceCookies(JWT_KEY);
  /** Refusals that hold until a window ends (address over budget, challenge required), by key: see `anonymousLane`. */
  private readonly refusedUntil = new Map<string, number>();

  constructor(
    private readonly db: ScopedDb,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly throttle: ThrottleStore,
    private readonly captcha: CaptchaService,
    private readonly secondFactor: SecondFactorService,
    private readonly sessions: SessionService,
    private readonly argon2: Argon2Gate,
  ) {}

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
    const user = await findAccountByLogin(this.db.unscoped('auth.login'), username);
    if (device) {
      const known = !!user && device.userId === user.id && device.username === user.username.toLowerCase();
      if (!known || !(await this.throttle.hit(`login-device:${user.id}`, this.deviceRateLimit, 60_000)))
        lane = await this.anonymousLane(dto, ip, now);
    }
    if (!user || (await this.throttle.blockedUntil(loginLockKey(user.id, ip), now))) {
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
    await this.throttle.clear(loginLockKey(user.id, ip));
    const token =
      factor === 'enrol'
        ? await this.sessions.issueToken(user.id, { enrolOnly: true })
        : await this.sessions.issueToken(user.id, { amr: factor === 'otp' ? ['pwd', 'otp'] : ['pwd'] });
    return {
      result: { ...token, user: await this.sessions.view(user), ...(factor === 'enrol' ? { enrolmentRequired: true as const } : {}) },
      deviceCookie: this.devices.sign(user.id, user.username, now),
    };
  }

  /** A failed login of a known account from `ip`: counted for the address's challenge and the (account, address) lockout, audited when it locks. */
  private async failLogin(user: UserEntity, ip: string, now: Date): Promise<void> {
    await this.countAddressFailure(ip, now);
    const until = await this.throttle.fail(loginLockKey(user.id, ip), MAX_FAILED_LOGINS, LOCK_MINUTES * 60_000, now);
    if (until) {
      lockouts.inc({ kind: 'login' });
      await this.db.transaction(async (m) =>
        this.audit.record(m, {
          action: 'user.lock',
          entityType: 'user',
          entityId: user.id,
          after: { lockedUntil: until, failedLogins: MAX_FAILED_LOGINS, address: ip },
          orgPath: await accountOrgPath(m.unscoped('auth.login'), user),
        }),
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
}
