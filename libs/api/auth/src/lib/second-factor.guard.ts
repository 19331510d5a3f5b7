import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { needsStepUp } from '@zhtj/domain';
import { ALLOWS_ENROL_ONLY, AppError, IS_PUBLIC, REQUIRES_SECOND_FACTOR, RequestContext } from '@zhtj/api/core';
import { ScopedDb } from '@zhtj/api/db';
import type { AuthenticatedRequest } from './auth.guard';
import { secondFactorRequired } from './second-factor.service';

/**
 * Issue 24, after `AuthGuard` (global guards run in the order they are provided, AuthModule):
 * - a token limited to enrolment (`enrol_only`) reaches only `@AllowsEnrolOnly()` routes, else
 *   403 `OTP_ENROLMENT_REQUIRED`;
 * - a `@RequiresSecondFactor()` route answers 403 `OTP_STEP_UP_REQUIRED` to an admin whose org
 *   (or one above it) requires a second factor when the token did not use one. One statement, on
 *   those routes only; a token that used the factor costs nothing.
 */
@Injectable()
export class SecondFactorGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly db: ScopedDb,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const token = ctx.switchToHttp().getRequest<AuthenticatedRequest>().token;
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (!token || this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    if (token.enrol_only) {
      if (this.reflector.getAllAndOverride<boolean>(ALLOWS_ENROL_ONLY, targets)) return true;
      throw new AppError('OTP_ENROLMENT_REQUIRED');
    }
    if (!this.reflector.getAllAndOverride<boolean>(REQUIRES_SECOND_FACTOR, targets)) return true;
    const actor = RequestContext.actor();
    const used = token.amr?.includes('otp') ?? false;
    if (used || actor.role === 'member') return true;
    if (needsStepUp(actor, await secondFactorRequired(this.db.unscoped('auth.second-factor-policy'), actor.orgId), used))
      throw new AppError('OTP_STEP_UP_REQUIRED');
    return true;
  }
}
