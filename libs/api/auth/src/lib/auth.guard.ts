import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import type { Industry, Role } from '@zhtj/domain';
import { Actor, AppError, RequestContext } from '@zhtj/api/core';
import { PREPARED } from '@zhtj/api/db';
import { IS_PUBLIC } from './public.decorator';

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

/** Resolves the caller once per request and puts it on the request context (scope source). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    @InjectDataSource() private readonly ds: DataSource,
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
    let claims: { sub: string; iat?: number };
    try {
      claims = await this.jwt.verifyAsync<{ sub: string; iat?: number }>(m[1] as string);
    } catch {
      if (isPublic) return true;
      throw new AppError('TOKEN_INVALID');
    }
    const actor = await this.loadActor(claims.sub, claims.iat ?? 0);
    if (!actor) throw new AppError('TOKEN_INVALID');
    RequestContext.setActor(actor);
    return true;
  }

  /** The caller, unless the account is gone or its password changed after the token was issued. */
  async loadActor(userId: string, issuedAt: number): Promise<Actor | null> {
    const rows: ActorRow[] = await this.ds.query(
      `${PREPARED}SELECT u.id, u.username, u.role, u.member_id, o.id AS org_id, o.path, o.industry, o.region_code::text AS region_code,
              (SELECT left(p.region_code, 2) FROM org p WHERE p.id = o.path[2] AND p.level = 'provincial') AS scope_province
         FROM app_user u
         LEFT JOIN member mb ON mb.id = u.member_id
         JOIN org o ON o.id = COALESCE(u.org_id, mb.org_id)
        WHERE u.id = $1 AND (u.password_changed_at IS NULL OR u.password_changed_at < to_timestamp($2 + 1))`,
      [userId, issuedAt],
    );
    const r = rows[0];
    if (!r) return null;
    return { userId: r.id, username: r.username, role: r.role, orgId: r.org_id, orgPath: r.path, memberId: r.member_id, orgIndustry: r.industry, orgRegion: r.region_code, scopeProvince: r.scope_province };
  }
}
