import { SetMetadata } from '@nestjs/common';

export const REQUIRES_SECOND_FACTOR = 'requiresSecondFactor';
export const ALLOWS_ENROL_ONLY = 'allowsEnrolOnly';

/**
 * Issue 24: a route that changes accounts, issues reset codes, exports or decides in bulk. Where
 * the caller's org requires two-factor authentication, the caller's token must have used the
 * second factor (`amr` holds `otp`), else 403 `OTP_STEP_UP_REQUIRED` (`SecondFactorGuard`,
 * libs/api/auth). The routes carrying it are listed in docs/security.md and probed one by one,
 * with every other route of the router, by apps/api-e2e/src/second-factor.e2e.spec.ts.
 */
export const RequiresSecondFactor = (): MethodDecorator => SetMetadata(REQUIRES_SECOND_FACTOR, true);

/**
 * A route a token limited to enrolment (`enrol_only`: an admin whose org requires a second factor
 * and who has none yet) may call: the 2FA enrolment routes, /me and logout. Every other route
 * answers such a token 403 `OTP_ENROLMENT_REQUIRED`.
 */
export const AllowsEnrolOnly = (): MethodDecorator => SetMetadata(ALLOWS_ENROL_ONLY, true);
