import type { Role } from '@zhtj/domain';
import type { IsoInstant } from './common';

/** An account as the API shows it. */
export interface UserView {
  id: string;
  username: string;
  role: Role;
  orgId: string | null;
  memberId?: string;
}

/** `GET /api/auth/me`: the caller, with its org's name and ancestor path (root … org). */
export interface MeView extends UserView {
  orgName: string;
  orgPath: string[];
}

export interface LoginRequest {
  /** Username; members log in with their ID number. */
  username: string;
  password: string;
  /** The challenge shown after failed logins from this address (`GET /api/auth/captcha`) … */
  captchaId?: string;
  /** … and the text the user read in its image. */
  captchaAnswer?: string;
  /** Admins with two-factor authentication: the 6-digit code of the authenticator app, or an unused recovery code. */
  otp?: string;
}

/** `GET /api/auth/captcha`: an image challenge, good once for about 2 minutes. */
export interface CaptchaView {
  captchaId: string;
  /** The image as a `data:image/svg+xml` URL. */
  image: string;
  expiresAt: IsoInstant;
}

export interface LoginResult {
  accessToken: string;
  /** Seconds until the token expires. */
  expiresIn: number;
  user: UserView;
  /**
   * Issue 24: the account's org requires a second factor and it has none yet. The token is good
   * only for `/api/auth/2fa/*`, `/api/auth/me` and logout (10 minutes): enrol, then log in again.
   */
  enrolmentRequired?: true;
}

/** `POST /api/auth/2fa/enrol`: the secret and its `otpauth://` URL (for the QR code), and ten recovery codes — shown once. */
export interface SecondFactorEnrolment {
  secret: string;
  otpauthUrl: string;
  recoveryCodes: string[];
}

/** `GET /api/auth/2fa`: the caller's second factor. */
export interface SecondFactorStatus {
  /** On: every login needs a code. */
  enabled: boolean;
  /** Enrolment started, not confirmed yet. */
  pending: boolean;
  /** The caller's org (or one above it) requires a second factor of its admins. */
  required: boolean;
  /** Unused recovery codes (0 when not enabled). */
  recoveryCodesLeft: number;
  /** Member accounts have no second factor. */
  available: boolean;
}

/** `PUT /api/orgs/:id/security` and `GET /api/orgs/:id/security`. */
export interface OrgSecurityView {
  id: string;
  /** This org requires a second factor of every admin in its subtree. */
  require2fa: boolean;
  /** An org above it does (then this flag changes nothing). */
  requiredAbove: boolean;
}

export interface OrgSecurityRequest {
  require2fa: boolean;
}

export interface CreateUserRequest {
  username: string;
  password: string;
  orgId?: string;
  memberId?: string;
  /** Admin accounts: contact name and phone shown on the approval view (Q16). */
  contactName?: string;
  contactPhone?: string;
}

export interface ResetCodeRequest {
  /** The account's username, or a member's ID number. */
  username: string;
}

/** Q19: a one-time reset code and when it expires. */
export interface ResetCodeResult {
  code: string;
  expiresAt: IsoInstant;
}

export interface ResetPasswordRequest {
  username: string;
  code: string;
  newPassword: string;
}

export interface ChangePasswordRequest {
  oldPassword: string;
  newPassword: string;
}

export interface OkResult {
  ok: true;
}

/** `POST /api/auth/change-password`: older tokens stop working, so a fresh one comes back. */
export interface ChangePasswordResult extends OkResult {
  accessToken: string;
  expiresIn: number;
}
