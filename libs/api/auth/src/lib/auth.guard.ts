import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import type { Industry, Role } from '@zhtj/domain';
import { Actor, AppError, IS_PUBLIC, RequestContext } from '@zhtj/api/core';
import { PREPARED, ScopedDb } from '@zhtj/api/db';

interface ActorRow {
  id: string;
  username: string;
  role: Role;
  member_id: string | null;
  org_id: string;
  path: string[];
  industry: Industry | null;
  region_code: string;
  scope_province: string | null;
}

/** The one signing algorithm: a token announcing another (HS512, none, …) is refused. */
export const TOKEN_ALGORITHM = 'HS256';

/** How a login proved who it was (RFC 8176 names): the password, and the second factor (TOTP or a recovery code). */
export type AuthMethod = 'pwd' | 'otp';
const AUTH_METHODS: readonly string[] = ['pwd', 'otp'] satisfies AuthMethod[];

/** What a token of ours carries (`SessionService.issueToken`), checked claim by claim. */
export interface TokenClaims {
  sub: string;
  jti: string;
  iat: number;
  exp: number;
  /** Issue 24: the methods the login used; a token without it (older ones) used the password only. */
  amr?: AuthMethod[];
  /** Issue 24: good only for enrolling a second factor (`AllowsEnrolOnly` routes). */
  enrol_only?: true;
}

/** A request the auth guard let through with a token: its claims, for logout. */
export type AuthenticatedRequest = Request & { token?: TokenClaims };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Clock skew allowed between replicas for a token's issue time. */
const SKEW_SECONDS = 60;

/**
 * The claims of a verified token, or null when any is missing or of the wrong type (issue 21
 * finding 7: a non-UUID or object `sub`, a string `iat` reached SQL and answered 500; a token
 * without `exp` lived for ever). `now` is wall time in ms, as jsonwebtoken checks `exp` with.
 */
export function tokenClaims(payload: unknown, now: number): TokenClaims | null {
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return null;
  const { sub, jti, iat, exp, amr, enrol_only } = payload as Record<string, unknown>;
  if (typeof sub !== 'string' || !UUID.test(sub) || typeof jti !== 'string' || !UUID.test(jti)) return null;
  if (!Number.isSafeInteger(iat) || !Number.isSafeInteger(exp)) return null;
  if (
    amr !== undefined &&
    !(Array.isArray(amr) && amr.length <= AUTH_METHODS.length && amr.every((m) => typeof m === 'string' && AUTH_METHODS.includes(m)))
  )
    return null;
  if (enrol_only !== undefined && enrol_only !== true) return null;
  const issued = iat as number;
  const expires = exp as number;
  if (issued < 0 || issued > now / 1000 + SKEW_SECONDS || expires <= issued || expires * 1000 <= now) return null;
  return { sub, jti, iat: issued, exp: expires, ...(amr ? { amr: amr as AuthMethod[] } : {}), ...(enrol_only ? { enrol_only: true } : {}) };
}

/** Resolves the caller once per request and puts it on the request context (scope source). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly db: ScopedDb,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [ctx.getHandler(), ctx.getClass()]);
    const req = ctx.switchToHttp().getRequest<Request>();
    const header = req.headers.authorization;
    if (!header) {
      if (isPublic) return true;
      throw new AppError('UNAUTHORIZED');
    }
    const m = /^Bearer\s+(.+)$/i.exec(header);
    if (!m) throw new AppError('TOKEN_INVALID');
    let claims: TokenClaims | null;
    try {
      claims = tokenClaims(await this.jwt.verifyAsync<object>(m[1] as string, { algorithms: [TOKEN_ALGORITHM] }), Date.now());
    } catch {
      claims = null;
    }
    if (!claims) {
      if (isPublic) return true;
      throw new AppError('TOKEN_INVALID');
    }
    const actor = await this.loadActor(claims.sub, claims.iat, claims.jti);
    if (!actor) throw new AppError('TOKEN_INVALID');
    RequestContext.setActor(actor);
    (req as AuthenticatedRequest).token = claims;
    return true;
  }

  /**
   * The caller, unless the account is gone, its password changed after the token was issued, or
   * the token was ended by a logout (`revoked_token`, shared by every replica): one statement.
   */
  async loadActor(userId: string, issuedAt: number, jti: string): Promise<Actor | null> {
    const rows: ActorRow[] = await this.db.unscoped('auth.caller').query(
      `${PREPARED}SELECT u.id, u.username, u.role, u.member_id, o.id AS org_id, o.path, o.industry, o.region_code::text AS region_code,
              (SELECT left(p.region_code, 2) FROM org p WHERE p.id = o.path[2] AND p.level = 'provincial') AS scope_province
         FROM app_user u
         LEFT JOIN member mb ON mb.id = u.member_id
         JOIN org o ON o.id = COALESCE(u.org_id, mb.org_id)
        WHERE u.id = $1 AND (u.password_changed_at IS NULL OR u.password_changed_at < to_timestamp($2 + 1))
          AND NOT EXISTS (SELECT 1 FROM revoked_token r WHERE r.jti = $3)`,
      [userId, issuedAt, jti],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      userId: r.id,
      username: r.username,
      role: r.role,
      orgId: r.org_id,
      orgPath: r.path,
      memberId: r.member_id,
      orgIndustry: r.industry,
      orgRegion: r.region_code,
      scopeProvince: r.scope_province,
    };
  }
}
