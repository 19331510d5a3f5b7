import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { createHash, randomInt } from 'node:crypto';
import { canIssueResetCode, checkResetCode, resetCodeExpiresAt } from '@zhtj/domain';
import { AppError, Clock, RequestContext, assertAllowed, forbidden, notFound } from '@zhtj/api/core';
import { AuditService, ScopedDb, ThrottleStore } from '@zhtj/api/db';
import type { UnscopedReader } from '@zhtj/api/db';
import { lockouts, rateLimited } from '@zhtj/api/telemetry';
import type { ChangePasswordResult, ResetCodeResult } from '@zhtj/shared/contract';
import { ResetCodeEntity } from './reset-code.entity';
import { UserEntity } from './user.entity';
import { accountOrgPath, findAccountByLogin } from './account';
import { Argon2Gate } from './argon2-gate';
import type { AuthMethod } from './auth.guard';
import type { ChangePasswordDto, ResetPasswordDto } from './dto';
import { LOCK_MINUTES, loginLockKey, loginRateLimit } from './login.service';
import { assertPasswordPolicy } from './password-policy';
import { SessionService } from './session.service';

/** Wrong reset codes from one client for one name before that pair is locked for LOCK_MINUTES (Q19 codes are 8 digits). */
export const MAX_RESET_CODE_ATTEMPTS = 5;

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/** Passwords: a reset code made by an admin above the account (Q19), the reset with it, and the owner's change. */
@Injectable()
export class PasswordService {
  /** Reset attempts a minute from one client address, whatever the username. */
  private readonly rateLimit = loginRateLimit();

  constructor(
    private readonly db: ScopedDb,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly throttle: ThrottleStore,
    private readonly sessions: SessionService,
    private readonly argon2: Argon2Gate,
  ) {}

  /** Q19: an admin of the account's org or of an ancestor makes a one-time reset code. */
  async createResetCode(username: string): Promise<ResetCodeResult> {
    const actor = RequestContext.admin();
    return this.db.transaction(async (m) => {
      const user = await findAccountByLogin(m.unscoped('auth.reset-code'), username);
      if (!user) throw notFound();
      const targetPath = await accountOrgPath(m.unscoped('auth.reset-code'), user);
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
      await this.audit.record(m, {
        action: 'user.reset_code',
        entityType: 'user',
        entityId: user.id,
        after: { resetCodeId: row.id, expiresAt },
        orgPath: targetPath,
      });
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
    const found = await findAccountByLogin(this.db.unscoped('auth.login'), dto.username);
    assertPasswordPolicy(dto.newPassword);
    // A code that matches none of the account's codes (or a name without an account) is one failure.
    const matches = found
      ? await this.db.unscoped('auth.reset-code').existsBy(ResetCodeEntity, { userId: found.id, codeHash: sha256(dto.code.trim()) })
      : false;
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
        orgPath: await accountOrgPath(m.unscoped('auth.reset-code'), user),
      });
    });
    // A new password lifts the account's lockouts, and this client's count of wrong codes.
    await this.throttle.clear(loginLockKey(user.id));
    await this.throttle.clear(failKey);
  }

  /** 修改密码: the owner, with the old password; answered with a new token (the earlier ones are refused from now on). */
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
    return { ok: true, ...(await this.sessions.issueToken(user.id, { amr: amr ?? ['pwd'] })) };
  }
}
