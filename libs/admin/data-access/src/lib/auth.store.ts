import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { MeView } from '@zhtj/shared/contract';
import { authApi } from './api/auth';
import { bindApiSession } from './api/http';

const TOKEN_KEY = 'zhtj.token';
/** How long logout waits for the API before it clears the token anyway. */
const LOGOUT_WAIT_MS = 3000;
/**
 * The token lives in sessionStorage (this tab only, gone when the tab closes), not localStorage
 * where it outlives the browser session and any script on the origin finds it (issue 10 item 12).
 * Logging out in one tab still ends the others, through a BroadcastChannel.
 */
const tokenStorage = (): Storage => sessionStorage;
const channel = typeof BroadcastChannel !== 'undefined' ? new BroadcastChannel('zhtj.auth') : null;

/** The claims of a JWT as the console reads them (not verified: the API decides), or null. */
function tokenPayload(token: string): { exp?: unknown; enrol_only?: unknown; amr?: unknown } | null {
  try {
    const payload = token.split('.')[1];
    if (!payload) return null;
    return JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
  } catch {
    return null;
  }
}

/** Seconds-since-epoch expiry of a JWT, or null when it cannot be read. */
export function tokenExpiry(token: string): number | null {
  const exp = tokenPayload(token)?.exp;
  return typeof exp === 'number' ? exp : null;
}

/** Issue 24: a token the API limited to enrolling a second factor (the org requires one, the account has none). */
export function isEnrolOnlyToken(token: string | null): boolean {
  return !!token && tokenPayload(token)?.enrol_only === true;
}

/** What a login asks for besides the password: the image challenge's answer, the second factor's code. */
export interface LoginExtras {
  captchaId?: string;
  captchaAnswer?: string;
  /** A TOTP code or a recovery code. */
  otp?: string;
}

export const useAuthStore = defineStore('auth', () => {
  const token = ref<string | null>(tokenStorage().getItem(TOKEN_KEY));
  const me = ref<MeView | null>(null);
  /** Set when the session ended by itself (token expired or revoked): the login page says so. */
  const expired = ref(false);
  let expiryTimer: ReturnType<typeof setTimeout> | undefined;

  bindApiSession({
    getToken: () => token.value,
    onUnauthorized: () => endSession(true),
  });

  // Logging out in another tab ends this tab's session too, at the API as well: this tab's token is
  // its own (sessionStorage). The request reads the token before `endSession` clears it.
  channel?.addEventListener('message', (e: MessageEvent) => {
    if (e.data !== 'logout' || !token.value) return;
    void authApi.logout().catch(() => undefined);
    endSession(false);
  });

  const isLoggedIn = computed(() => token.value !== null);
  const role = computed(() => me.value?.role ?? null);
  const isMember = computed(() => me.value?.role === 'member');
  /** The session may only enrol a second factor, then log in again (issue 24). */
  const enrolOnly = computed(() => isEnrolOnlyToken(token.value));

  function scheduleExpiry(): void {
    clearTimeout(expiryTimer);
    const exp = token.value ? tokenExpiry(token.value) : null;
    if (exp === null) return;
    const ms = exp * 1000 - Date.now();
    if (ms <= 0) return endSession(true);
    // setTimeout holds at most ~24.8 days; tokens live hours.
    expiryTimer = setTimeout(() => endSession(true), Math.min(ms, 2 ** 31 - 1));
  }

  function endSession(byExpiry: boolean): void {
    clearTimeout(expiryTimer);
    if (byExpiry && token.value) expired.value = true;
    token.value = null;
    me.value = null;
    tokenStorage().removeItem(TOKEN_KEY);
    // Tokens once kept in localStorage by earlier versions are removed as well.
    localStorage.removeItem(TOKEN_KEY);
  }

  /**
   * Logs in; `challenge` answers the image challenge the API asked for (CAPTCHA_REQUIRED). The
   * browser keeps the API's device cookie by itself (HttpOnly, same origin): later logins of this
   * account from this browser go ahead of anonymous traffic and are not asked for a challenge.
   */
  async function login(username: string, password: string, extras: LoginExtras = {}): Promise<MeView | null> {
    const res = await authApi.login({ username, password, ...extras });
    token.value = res.accessToken;
    tokenStorage().setItem(TOKEN_KEY, res.accessToken);
    localStorage.removeItem(TOKEN_KEY);
    expired.value = false;
    scheduleExpiry();
    return loadMe();
  }

  async function loadMe(): Promise<MeView | null> {
    if (!token.value) return null;
    scheduleExpiry();
    if (!token.value) return null;
    me.value = await authApi.me();
    return me.value;
  }

  /** A fresh token from the API (after a password change, older ones stop working). */
  function adoptToken(accessToken: string): void {
    token.value = accessToken;
    tokenStorage().setItem(TOKEN_KEY, accessToken);
    scheduleExpiry();
  }

  /**
   * Ends the token at the API (so a copy of it stops working on every replica), then here — even
   * when the call fails or hangs (offline, server down): the tab never keeps a session the user left.
   */
  async function logout(): Promise<void> {
    if (token.value) {
      await Promise.race([authApi.logout().catch(() => undefined), new Promise((r) => setTimeout(r, LOGOUT_WAIT_MS))]);
    }
    endSession(false);
    channel?.postMessage('logout');
    expired.value = false;
  }

  return { token, me, expired, isLoggedIn, role, isMember, enrolOnly, login, loadMe, adoptToken, logout };
});
