import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { canRequireSecondFactor, canResetSecondFactor, secondFactorAtLogin } from '@zhtj/domain';
import { AppError, Clock, RequestContext, assertAllowed, notFound } from '@zhtj/api/core';
import { AuditService, PREPARED, ScopedDb, type UnscopedReader } from '@zhtj/api/db';
import type { OrgSecurityView, SecondFactorEnrolment, SecondFactorStatus } from '@zhtj/shared/contract';
import type { UserEntity } from './user.entity';
import { TotpSecrets, hashRecoveryCode, newRecoveryCodes, newTotpSecret, otpauthUrl, readOtp, totpStep } from './totp';

/** What a login with the right password comes to (`SecondFactorService.atLogin`). */
export type LoginFactor =
  /** A token that used the password only. */
  | 'pwd'
  /** A token that used the password and a second factor (`amr: ['pwd', 'otp']`). */
  | 'otp'
  /** Required but not enrolled: a token good for enrolment only. */
  | 'enrol'
  /** A wrong, used or malformed code: a failed login (counted like a wrong password). */
  | 'invalid';

/**
 * Whether the org `orgId` or one above it requires a second factor of its admins (issue 24): one
 * statement over the org's path (at most a handful of primary-key probes).
 */
export async function secondFactorRequired(reader: UnscopedReader, orgId: string): Promise<boolean> {
  const rows: { required: boolean }[] = await reader.query(
    `${PREPARED}SELECT EXISTS (SELECT 1 FROM org o JOIN org p ON p.id = ANY(o.path) WHERE o.id = $1 AND p.require_2fa) AS required`,
    [orgId],
  );
  return rows[0]?.required === true;
}

/** Wall time in seconds: a TOTP code is made by a phone's clock, never by the app's (controllable) clock. */
const wallSeconds = (): number => Math.floor(Date.now() / 1000);

/**
 * Two-factor authentication for admin accounts (issue 24; 等保 2.0 level 3, 身份鉴别 d): TOTP
 * (RFC 6238, `totp.ts`) with ten single-use recovery codes; the org requirement, inherited down
 * the tree; the reset of a lost device by a superior. Member accounts are unchanged.
 */
@Injectable()
export class SecondFactorService implements OnModuleInit {
  readonly secrets = new TotpSecrets();

  constructor(
    private readonly db: ScopedDb,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    if (!this.secrets.sealing)
      new Logger('SecondFactor').warn('TOTP_ENCRYPTION_KEY is not set: TOTP secrets are stored unencrypted (set it in production)');
  }

  /**
   * After the right password: what the login still needs, checked here. A TOTP code must be right
   * for now (±1 step) and of a newer step than any this account used — the step is recorded by a
   * conditional UPDATE, so two replicas cannot both accept one code; a recovery code is marked used
   * by one UPDATE (single use) and audited.
   */
  async atLogin(user: UserEntity, otp: string | undefined): Promise<LoginFactor> {
    if (user.role === 'member' || !user.orgId) return 'pwd';
    const enabled = user.totpEnabledAt !== null;
    const need = secondFactorAtLogin(
      { role: user.role, enabled },
      enabled ? false : await secondFactorRequired(this.db.unscoped('auth.second-factor-policy'), user.orgId),
    );
    if (need === 'none') return 'pwd';
    if (need === 'enrol') return 'enrol';
    if (!otp) throw new AppError('OTP_REQUIRED');
    const read = readOtp(otp);
    if (read.kind === 'totp') {
      const rows: { totp_secret: string | null; totp_last_step: string | null }[] = await this.db
        .unscoped('auth.login')
        .query(`${PREPARED}SELECT totp_secret, totp_last_step FROM app_user WHERE id = $1 AND totp_enabled_at IS NOT NULL`, [user.id]);
      const row = rows[0];
      if (!row?.totp_secret) return 'invalid';
      const step = totpStep(
        this.secrets.open(row.totp_secret),
        read.code,
        wallSeconds(),
        row.totp_last_step === null ? null : Number(row.totp_last_step),
      );
      if (step === null) return 'invalid';
      const taken: unknown[] = await this.db.execute(
        `WITH s AS (UPDATE app_user SET totp_last_step = $2 WHERE id = $1 AND totp_enabled_at IS NOT NULL AND (totp_last_step IS NULL OR totp_last_step < $2) RETURNING id) SELECT id FROM s`,
        [user.id, step],
      );
      return taken.length === 1 ? 'otp' : 'invalid';
    }
    if (read.kind === 'recovery') {
      return this.db.transaction(async (tx) => {
        const used: unknown[] = await tx.execute(
          `WITH s AS (UPDATE recovery_code SET used_at = now() WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING user_id) SELECT user_id FROM s`,
          [user.id, hashRecoveryCode(read.code)],
        );
        if (used.length !== 1) return 'invalid';
        const left = await this.recoveryCodesLeft(tx.unscoped('auth.login'), user.id);
        const orgPath = await this.orgPath(tx.unscoped('auth.login'), user.orgId as string);
        await this.audit.record(tx, {
          action: 'user.2fa_recovery_code',
          entityType: 'user',
          entityId: user.id,
          after: { recoveryCodesLeft: left },
          orgPath,
          actor: { userId: user.id, username: user.username },
        });
        return 'otp';
      });
    }
    return 'invalid';
  }

  /** `GET /api/auth/2fa`: the caller's own second factor. */
  async status(): Promise<SecondFactorStatus> {
    const actor = RequestContext.actor();
    if (actor.role === 'member') return { available: false, enabled: false, pending: false, required: false, recoveryCodesLeft: 0 };
    const m = this.db.unscoped('auth.own-account');
    const rows: { enabled: boolean; pending: boolean }[] = await m.query(
      `SELECT totp_enabled_at IS NOT NULL AS enabled, (totp_secret IS NOT NULL AND totp_enabled_at IS NULL) AS pending FROM app_user WHERE id = $1`,
      [actor.userId],
    );
    const enabled = rows[0]?.enabled === true;
    return {
      available: true,
      enabled,
      pending: rows[0]?.pending === true,
      required: await secondFactorRequired(this.db.unscoped('auth.second-factor-policy'), actor.orgId),
      recoveryCodesLeft: enabled ? await this.recoveryCodesLeft(m, actor.userId) : 0,
    };
  }

  /**
   * `POST /api/auth/2fa/enrol`: a new secret and ten recovery codes for the caller, answered this
   * once. An enrolment not confirmed yet is replaced; one that is on is not (a stolen password must
   * not move the factor to another phone): a superior resets it first.
   */
  async enrol(): Promise<SecondFactorEnrolment> {
    const actor = RequestContext.admin();
    const secret = newTotpSecret();
    const recoveryCodes = newRecoveryCodes();
    await this.db.transaction(async (tx) => {
      const rows: { enabled: boolean }[] = await tx
        .unscoped('auth.own-account')
        .query(`SELECT totp_enabled_at IS NOT NULL AS enabled FROM app_user WHERE id = $1 FOR UPDATE`, [actor.userId]);
      if (rows[0]?.enabled) throw new AppError('OTP_ALREADY_ENABLED');
      await tx.execute(`UPDATE app_user SET totp_secret = $2, totp_last_step = NULL WHERE id = $1`, [
        actor.userId,
        this.secrets.seal(secret),
      ]);
      await tx.execute(`DELETE FROM recovery_code WHERE user_id = $1`, [actor.userId]);
      await tx.execute(`INSERT INTO recovery_code (user_id, code_hash) SELECT $1, unnest($2::text[])`, [
        actor.userId,
        recoveryCodes.map((c) => hashRecoveryCode(c.replace(/-/g, ''))),
      ]);
    });
    return { secret, otpauthUrl: otpauthUrl(actor.username, secret), recoveryCodes };
  }

  /** `POST /api/auth/2fa/confirm {code}`: a current code from the app turns the factor on (audited). */
  async confirm(code: string): Promise<void> {
    const actor = RequestContext.admin();
    await this.db.transaction(async (tx) => {
      const rows: { totp_secret: string | null; enabled: boolean }[] = await tx
        .unscoped('auth.own-account')
        .query(`SELECT totp_secret, totp_enabled_at IS NOT NULL AS enabled FROM app_user WHERE id = $1 FOR UPDATE`, [actor.userId]);
      const row = rows[0];
      if (row?.enabled) throw new AppError('OTP_ALREADY_ENABLED');
      if (!row?.totp_secret) throw new AppError('OTP_NOT_PENDING');
      const read = readOtp(code);
      const step = read.kind === 'totp' ? totpStep(this.secrets.open(row.totp_secret), read.code, wallSeconds(), null) : null;
      if (step === null) throw new AppError('OTP_CONFIRM_INVALID');
      // The confirming code's step counts as used: it cannot log in afterwards.
      await tx.execute(`UPDATE app_user SET totp_enabled_at = $2, totp_last_step = $3 WHERE id = $1`, [
        actor.userId,
        this.clock.now(),
        step,
      ]);
      await this.audit.record(tx, {
        action: 'user.2fa_enable',
        entityType: 'user',
        entityId: actor.userId,
        after: { recoveryCodes: 10 },
        orgPath: [...actor.orgPath],
      });
    });
  }

  /**
   * `DELETE /api/users/:id/2fa`: lost device. An admin of an org strictly above the account's org
   * turns its second factor off and deletes its recovery codes (audited); the account enrols again
   * at its next login where its org requires it. A peer or the account itself: 403; outside the
   * caller's subtree, or a member account: 404.
   */
  async reset(userId: string): Promise<void> {
    const actor = RequestContext.actor();
    await this.db.transaction(async (tx) => {
      const user = await tx.byId('user', userId, true);
      if (!user.orgId) throw notFound();
      const org = await tx.byId('org', user.orgId);
      assertAllowed(canResetSecondFactor(actor, { id: user.id, role: user.role, orgPath: org.path }));
      const pending: { has: boolean } | undefined = await tx
        .query('user', 'u')
        .select('u.totp_secret IS NOT NULL', 'has')
        .andWhere('u.id = :id', { id: user.id })
        .getRawOne();
      if (!pending?.has && !user.totpEnabledAt) throw new AppError('OTP_NOT_ENROLLED');
      await tx.execute(`UPDATE app_user SET totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL WHERE id = $1`, [user.id]);
      await tx.execute(`DELETE FROM recovery_code WHERE user_id = $1`, [user.id]);
      await this.audit.record(tx, {
        action: 'user.2fa_reset',
        entityType: 'user',
        entityId: user.id,
        before: { enabledAt: user.totpEnabledAt },
        after: { enabledAt: null },
        orgPath: org.path,
      });
    });
  }

  /** `GET /api/orgs/:id/security`: an org in scope, its own flag and whether one above sets it. */
  async orgSecurity(orgId: string): Promise<OrgSecurityView> {
    const org = await this.db.byId('org', orgId);
    return this.orgSecurityView(org.id, org.parentId);
  }

  /**
   * `PUT /api/orgs/:id/security {require2fa}`: a national or provincial admin requires (or stops
   * requiring) a second factor of every admin in an org's subtree (audited); outside its scope 404.
   */
  async setOrgSecurity(orgId: string, require2fa: boolean): Promise<OrgSecurityView> {
    const actor = RequestContext.actor();
    await this.db.transaction(async (tx) => {
      const org = await tx.byId('org', orgId, true);
      assertAllowed(canRequireSecondFactor(actor, org));
      const before: { require_2fa: boolean } | undefined = await tx
        .query('org', 'o')
        .select('o.require_2fa', 'require_2fa')
        .andWhere('o.id = :id', { id: org.id })
        .getRawOne();
      await tx.execute(`UPDATE org SET require_2fa = $2 WHERE id = $1`, [org.id, require2fa]);
      await this.audit.record(tx, {
        action: 'org.require_2fa',
        entityType: 'org',
        entityId: org.id,
        before: { require2fa: before?.require_2fa === true },
        after: { require2fa },
        orgPath: org.path,
      });
    });
    const org = await this.db.byId('org', orgId);
    return this.orgSecurityView(org.id, org.parentId);
  }

  private async orgSecurityView(id: string, parentId: string | null): Promise<OrgSecurityView> {
    const own: { require_2fa: boolean } | undefined = await this.db
      .query('org', 'o')
      .select('o.require_2fa', 'require_2fa')
      .andWhere('o.id = :id', { id })
      .getRawOne();
    const requiredAbove = parentId ? await secondFactorRequired(this.db.unscoped('auth.second-factor-policy'), parentId) : false;
    return { id, require2fa: own?.require_2fa === true, requiredAbove };
  }

  private async recoveryCodesLeft(m: UnscopedReader, userId: string): Promise<number> {
    const rows: { n: number }[] = await m.query(`SELECT count(*)::int AS n FROM recovery_code WHERE user_id = $1 AND used_at IS NULL`, [
      userId,
    ]);
    return rows[0]?.n ?? 0;
  }

  private async orgPath(m: UnscopedReader, orgId: string): Promise<string[]> {
    const rows: { path: string[] }[] = await m.query(`SELECT path FROM org WHERE id = $1`, [orgId]);
    return rows[0]?.path ?? [];
  }
}
