import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { AppError, RequestContext } from '@zhtj/api/core';
import { PREPARED, ScopedDb } from '@zhtj/api/db';
import { MemberEntity } from '@zhtj/api/members';
import type { MeView, UserView } from '@zhtj/shared/contract';
import type { UserEntity } from './user.entity';
import { userView } from './account';
import { TOKEN_ALGORITHM, type AuthMethod, type TokenClaims } from './auth.guard';

/** Issue 24: a token for enrolling a required second factor, and nothing else, lives 10 minutes. */
export const ENROL_TOKEN_SECONDS = 600;

/** A session: the token a login or a password change issues, the caller it names (`/me`), its end (logout). */
@Injectable()
export class SessionService {
  constructor(
    private readonly db: ScopedDb,
    private readonly jwt: JwtService,
  ) {}

  /**
   * `jti` names the token for logout (`revoked_token`); the guard requires every claim. `amr` says
   * how the login proved itself (issue 24: `otp` once the second factor was used); a token for
   * enrolment only (`enrol_only`) lives ENROL_TOKEN_SECONDS.
   */
  async issueToken(userId: string, how: { amr: AuthMethod[] } | { enrolOnly: true }): Promise<{ accessToken: string; expiresIn: number }> {
    const enrolOnly = 'enrolOnly' in how;
    const expiresIn = enrolOnly ? ENROL_TOKEN_SECONDS : Number(process.env['JWT_EXPIRES_IN_SECONDS'] ?? 8 * 3600);
    const claims = enrolOnly
      ? { sub: userId, jti: randomUUID(), amr: ['pwd'], enrol_only: true }
      : { sub: userId, jti: randomUUID(), amr: how.amr };
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

  /** The account as a login answers it. */
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
    const rows: { name: string }[] = await this.db
      .unscoped('auth.own-account')
      .query(`${PREPARED}SELECT name FROM org WHERE id = $1`, [actor.orgId]);
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
}
