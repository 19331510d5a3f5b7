import { createCipheriv, createDecipheriv, createHash, randomBytes, randomInt } from 'node:crypto';
import { generateSecret, generateURI, verifySync } from 'otplib';

/**
 * TOTP as RFC 6238 defines it and every authenticator app uses by default: HMAC-SHA-1, 30-second
 * steps, 6 digits (otplib 13's defaults, stated here so a change of defaults cannot move them;
 * apps/api-e2e/src/second-factor.e2e.spec.ts checks the RFC's SHA-1 test vector).
 */
export const TOTP = { algorithm: 'sha1', period: 30, digits: 6 } as const;
/** A code of the step before or after the server's is accepted (phone clocks drift): ±1 step. */
const TOLERANCE_SECONDS = TOTP.period;
/** The issuer shown in the authenticator app. */
export const TOTP_ISSUER = '团关系转接与监测平台';

/** Ten single-use recovery codes per enrolment. */
export const RECOVERY_CODE_COUNT = 10;
/** 16 characters of a 32-letter alphabet (no 0/O, 1/I): 80 random bits each. */
export const RECOVERY_CODE_BITS = 80;
const RECOVERY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const RECOVERY_LENGTH = RECOVERY_CODE_BITS / 5;

/** A fresh secret (20 random bytes, RFC 4226's recommended length), Base32 as apps expect it. */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** The `otpauth://` URL an authenticator app scans (the console draws it as a QR code). */
export function otpauthUrl(username: string, secret: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label: username, secret, ...TOTP });
}

/**
 * The time step a TOTP code belongs to, when it is right for `nowSeconds` (±1 step) and newer than
 * `lastStep` — the newest step this account has used: a code is never accepted twice, nor one
 * older than the last accepted (replay protection). Null otherwise.
 */
export function totpStep(secret: string, code: string, nowSeconds: number, lastStep: number | null): number | null {
  const r = verifySync({
    secret,
    token: code,
    epoch: nowSeconds,
    epochTolerance: TOLERANCE_SECONDS,
    ...TOTP,
    ...(lastStep === null ? {} : { afterTimeStep: lastStep }),
  });
  return r.valid && 'timeStep' in r ? r.timeStep : null;
}

/** What the login's `otp` field holds: a TOTP code, a recovery code (normalised), or neither. */
export function readOtp(raw: string): { kind: 'totp'; code: string } | { kind: 'recovery'; code: string } | { kind: 'invalid' } {
  const s = raw.normalize('NFKC').replace(/[\s-]/g, '').toUpperCase();
  if (/^\d{6}$/.test(s)) return { kind: 'totp', code: s };
  if (s.length === RECOVERY_LENGTH && [...s].every((c) => RECOVERY_ALPHABET.includes(c))) return { kind: 'recovery', code: s };
  return { kind: 'invalid' };
}

/** Ten recovery codes, shown once as `XXXX-XXXX-XXXX-XXXX`. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const s = Array.from({ length: RECOVERY_LENGTH }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
    return s.match(/.{4}/g)?.join('-') ?? s;
  });
}

/**
 * How a recovery code is stored. Why SHA-256 and not argon2: a slow hash protects secrets people
 * choose, which are guessable; these are 80 random bits, so finding one from its SHA-256 takes
 * ~2^79 hashes whatever the hash costs, and a fast hash lets the login look the code up by its
 * key (one indexed UPDATE that also marks it used) instead of ten argon2 verifications — CPU an
 * attacker could make the login gate spend (Argon2Gate). Online guessing is bounded by the login
 * lockout like a wrong password.
 */
export function hashRecoveryCode(normalised: string): string {
  return createHash('sha256').update(normalised).digest('hex');
}

/**
 * TOTP secrets at rest. With `TOTP_ENCRYPTION_KEY` (32 bytes as 64 hex characters or base64) a
 * secret is sealed with AES-256-GCM (`g1:iv.tag.ciphertext`); without it (development, tests)
 * it is kept as `p1:secret`, and the API logs a warning at start. A stored value says which, so
 * setting the key later seals new enrolments and still reads old ones. The key must be the same on
 * every replica; losing it means every admin re-enrols (a superior resets them).
 */
export class TotpSecrets {
  private readonly key: Buffer | null;

  constructor(raw: string | undefined = process.env['TOTP_ENCRYPTION_KEY']) {
    this.key = raw ? parseKey(raw) : null;
  }

  get sealing(): boolean {
    return this.key !== null;
  }

  seal(secret: string): string {
    if (!this.key) return `p1:${secret}`;
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([c.update(secret, 'utf8'), c.final()]);
    return `g1:${iv.toString('base64url')}.${c.getAuthTag().toString('base64url')}.${body.toString('base64url')}`;
  }

  open(stored: string): string {
    if (stored.startsWith('p1:')) return stored.slice(3);
    if (!stored.startsWith('g1:') || !this.key)
      throw new Error('TOTP secret sealed with a key this process does not have (TOTP_ENCRYPTION_KEY)');
    const [iv, tag, body] = stored.slice(3).split('.');
    const d = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv ?? '', 'base64url'));
    d.setAuthTag(Buffer.from(tag ?? '', 'base64url'));
    return Buffer.concat([d.update(Buffer.from(body ?? '', 'base64url')), d.final()]).toString('utf8');
  }
}

function parseKey(raw: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32) throw new Error('TOTP_ENCRYPTION_KEY must be 32 bytes (64 hex characters or base64)');
  return key;
}
