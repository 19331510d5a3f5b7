import type {
  CaptchaView,
  ChangePasswordRequest,
  ChangePasswordResult,
  CreateUserRequest,
  LoginRequest,
  LoginResult,
  MeView,
  OkResult,
  OrgSecurityView,
  ResetCodeResult,
  ResetPasswordRequest,
  SecondFactorEnrolment,
  SecondFactorStatus,
  UserView,
} from '@zhtj/shared/contract';
import { http } from './http';

/** Logging in and out, the caller's own account and password (API.md: auth). */
export const authApi = {
  login: (body: LoginRequest) => http.post<LoginResult>('/auth/login', body),
  /** An image challenge, asked for after failed logins from this network (CAPTCHA_REQUIRED). */
  captcha: () => http.get<CaptchaView>('/auth/captcha'),
  me: () => http.get<MeView>('/auth/me'),
  /** Ends this token on every API replica (→ 204). */
  logout: () => http.post<void>('/auth/logout'),
  changePassword: (body: ChangePasswordRequest) => http.post<ChangePasswordResult>('/auth/change-password', body),
  resetPassword: (body: ResetPasswordRequest) => http.post<OkResult>('/auth/reset-password', body),
};

/** Accounts an admin opens and unlocks for others (Q19). */
export const accountsApi = {
  create: (body: CreateUserRequest) => http.post<UserView>('/users', body),
  /** Q19: a one-time reset code for an account (username, or a member's ID number). */
  createResetCode: (username: string) => http.post<ResetCodeResult>('/auth/reset-codes', { username }),
};

/** Issue 24: the caller's second factor (TOTP), also with a token limited to enrolment. */
export const secondFactorApi = {
  status: () => http.get<SecondFactorStatus>('/auth/2fa'),
  enrol: () => http.post<SecondFactorEnrolment>('/auth/2fa/enrol'),
  confirm: (code: string) => http.post<OkResult>('/auth/2fa/confirm', { code }),
  /** A superior resets a subordinate admin's lost second factor (→ 204). */
  reset: (userId: string) => http.del(`/users/${userId}/2fa`),
  orgSecurity: (orgId: string) => http.get<OrgSecurityView>(`/orgs/${orgId}/security`),
  setOrgSecurity: (orgId: string, require2fa: boolean) => http.put<OrgSecurityView>(`/orgs/${orgId}/security`, { require2fa }),
};
