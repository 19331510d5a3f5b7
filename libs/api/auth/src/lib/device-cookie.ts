import { createHmac, hkdfSync, timingSafeEqual, type KeyObject } from 'node:crypto';

/** The cookie that marks a browser an account has logged in from (issue 21 item 5). */
export const DEVICE_COOKIE = 'zhtj_device';
/** How long a device stays known after its last successful login. */
export const DEVICE_COOKIE_DAYS = 180;
/** Only the login route reads it. */
export const DEVICE_COOKIE_PATH = '/api/auth';

/** The account a valid device cookie names. */
export interface DeviceClaim {
  userId: string;
  /** The account's username, lower-cased: the cookie is good for this name only. */
  username: string;
  issuedAt: Date;
}

const b64 = (b: Buffer | string): string => Buffer.from(b).toString('base64url');

/**
 * Signs and checks device cookies with a key derived (HKDF) from the JWT secret, so every replica
 * sharing `JWT_SECRET` accepts another's cookie and a token key is never used for anything else.
 * A device cookie grants nothing but a place in the login queue's trusted lane and no challenge
 * (Argon2Gate): the password is still checked.
 */
export class DeviceCookies {
  private readonly key: Buffer;

  constructor(secret: KeyObject) {
    this.key = Buffer.from(hkdfSync('sha256', secret.export(), Buffer.alloc(0), 'zhtj login device cookie v1', 32));
  }

  sign(userId: string, username: string, issuedAt: Date): string {
    const payload = b64(JSON.stringify({ u: userId, n: username.toLowerCase(), t: Math.floor(issuedAt.getTime() / 1000) }));
    return `v1.${payload}.${this.mac(payload)}`;
  }

  /** The claim of a well-signed cookie younger than DEVICE_COOKIE_DAYS at `now`, else null. */
  verify(value: string | undefined, now: Date): DeviceClaim | null {
    if (!value || value.length > 512) return null;
    const [version, payload, mac] = value.split('.');
    if (version !== 'v1' || !payload || !mac) return null;
    const want = Buffer.from(this.mac(payload));
    const got = Buffer.from(mac);
    if (got.length !== want.length || !timingSafeEqual(got, want)) return null;
    try {
      const claim = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { u?: unknown; n?: unknown; t?: unknown };
      if (typeof claim.u !== 'string' || typeof claim.n !== 'string' || typeof claim.t !== 'number') return null;
      const issuedAt = new Date(claim.t * 1000);
      if (now.getTime() - issuedAt.getTime() > DEVICE_COOKIE_DAYS * 86_400_000) return null;
      return { userId: claim.u, username: claim.n, issuedAt };
    } catch {
      return null;
    }
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.key).update(`v1.${payload}`).digest('base64url');
  }
}

/** One cookie's value from a `Cookie` header (no cookie-parser: this is the only cookie the API reads). */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
