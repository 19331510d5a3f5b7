import { describe, expect, it } from 'vitest';
import {
  canIssueResetCode,
  checkResetCode,
  maskUsername,
  meetsPasswordPolicy,
  normalizeUsername,
  resetCodeExpiresAt,
  usernameSkeleton,
} from './accounts';
import { adminOf, memberActor, o } from './__fixtures__/tree';

describe('password reset codes (Q19)', () => {
  const member = { orgPath: o('s1Class1').path, role: 'member' as const };

  it('lets an admin of the member’s org or any ancestor issue a code (Q19)', () => {
    expect(canIssueResetCode(adminOf('s1Class1'), member)).toEqual({ ok: true });
    expect(canIssueResetCode(adminOf('s1'), member)).toEqual({ ok: true });
  });

  it('refuses other admins and members (RESET_NOT_ALLOWED, Q19)', () => {
    expect(canIssueResetCode(adminOf('s2'), member)).toEqual({ ok: false, code: 'RESET_NOT_ALLOWED' });
    expect(canIssueResetCode(memberActor('m1', 's1Class1'), member)).toEqual({ ok: false, code: 'RESET_NOT_ALLOWED' });
  });

  it('refuses a code for an admin account, even to the national admin (Q19: codes are for members)', () => {
    const adminAccount = { orgPath: o('s1Class1').path, role: 'branch_admin' as const };
    expect(canIssueResetCode(adminOf('s1'), adminAccount)).toEqual({ ok: false, code: 'RESET_CODE_MEMBERS_ONLY' });
    expect(canIssueResetCode(adminOf('s1Class1'), adminAccount)).toEqual({ ok: false, code: 'RESET_CODE_MEMBERS_ONLY' });
  });

  it('expires a code after its lifetime (Q19)', () => {
    const expiresAt = resetCodeExpiresAt('2026-06-01T10:00:00+08:00');
    expect(expiresAt?.toISOString()).toBe('2026-06-03T02:00:00.000Z');
    expect(checkResetCode({ expiresAt: expiresAt as Date }, '2026-06-03T09:59:59+08:00')).toEqual({ ok: true });
    expect(checkResetCode({ expiresAt: expiresAt as Date }, '2026-06-03T10:00:00+08:00')).toEqual({
      ok: false,
      code: 'RESET_CODE_EXPIRED',
    });
  });

  it('accepts a code once only (RESET_CODE_USED, Q19)', () => {
    expect(checkResetCode({ expiresAt: '2026-06-03', usedAt: '2026-06-02' }, '2026-06-02')).toEqual({ ok: false, code: 'RESET_CODE_USED' });
  });

  it('refuses invalid instants (RESET_CODE_INVALID)', () => {
    expect(checkResetCode({ expiresAt: 'soon' }, '2026-06-02')).toEqual({ ok: false, code: 'RESET_CODE_INVALID' });
    expect(resetCodeExpiresAt('soon')).toBeNull();
  });
});

describe('usernames', () => {
  it('stores the NFKC form: full-width letters are the ASCII name', () => {
    expect(normalizeUsername('ａｄｍｉｎ')).toEqual({ ok: true, value: 'admin' });
    expect(normalizeUsername(' 团委管理员 ')).toEqual({ ok: true, value: '团委管理员' });
  });

  it('refuses invisible, control and direction characters', () => {
    for (const bad of ['admin\u200b', 'ad\u200dmin', 'a\u00adb', 'a\u202eb', 'a b', 'a\tb', 'a\u0000b', '']) {
      expect(normalizeUsername(bad)).toEqual({ ok: false, code: 'USERNAME_INVALID' });
    }
  });

  it('refuses Latin mixed with Cyrillic or Greek look-alikes', () => {
    expect(normalizeUsername('\u0430dmin')).toEqual({ ok: false, code: 'USERNAME_INVALID' });
    expect(normalizeUsername('\u03bfrg')).toEqual({ ok: false, code: 'USERNAME_INVALID' });
    expect(normalizeUsername('иван')).toEqual({ ok: true, value: 'иван' });
  });

  it('masks a username that is an ID number, like the ID number (§2)', () => {
    expect(maskUsername('51010420000101123X')).toBe('5101**********123X');
    expect(maskUsername('uni1')).toBe('uni1');
    expect(maskUsername(null)).toBeNull();
  });
});

describe('look-alike usernames (Unicode TR39 skeleton; 等保 身份鉴别 a, issue 21)', () => {
  // An excerpt of TR39's confusables.txt: each line "source ; prototype" as Unicode publishes it.
  const TR39 = { '\u0251': 'a', '\u0131': 'i', '\u0261': 'g', '\u057C': 'n', m: 'rn', '1': 'l', I: 'l', '0': 'O' };
  const same = (a: string, b: string) => expect(usernameSkeleton(a, TR39)).toBe(usernameSkeleton(b, TR39));

  it('gives ɑdmin (U+0251 Latin alpha) and admın (U+0131 dotless i) the skeleton of admin', () => {
    same('\u0251dmin', 'admin');
    same('adm\u0131n', 'admin');
  });

  it('gives jinjianɡ (U+0261 script g) the skeleton of jinjiang, and Armenian sichuaռ that of sichuan', () => {
    same('jinjian\u0261', 'jinjiang');
    same('sichua\u057C', 'sichuan');
  });

  it('drops accents: admín is admin (beyond TR39, which keeps them)', () => {
    same('adm\u00EDn', 'admin');
  });

  it('folds case and compatibility forms: ADMIN, ａｄｍｉｎ', () => {
    same('ADMIN', 'admin');
    same('\uFF41\uFF44\uFF4D\uFF49\uFF4E', 'admin');
  });

  it('treats 1 / l and 0 / O / o alike, and rn like m (an upper-case I is the i of a case-insensitive name)', () => {
    same('uni1', 'unil');
    same('uniI', 'unii');
    same('b0ss', 'boss');
    same('adrnin', 'admin');
  });

  it('keeps different names apart', () => {
    expect(usernameSkeleton('uni1', TR39)).not.toBe(usernameSkeleton('uni2', TR39));
    expect(usernameSkeleton('jinjiang', TR39)).not.toBe(usernameSkeleton('jinjiang2', TR39));
    expect(usernameSkeleton('锦江区委', TR39)).toBe('锦江区委');
  });
});

describe('password policy (§2: 8–64 characters, a letter and a digit)', () => {
  it('takes 8 and 64 characters with a letter and a digit', () => {
    expect(meetsPasswordPolicy('abcdefg1')).toBe(true);
    expect(meetsPasswordPolicy(`${'a'.repeat(63)}1`)).toBe(true);
  });
  it('refuses 7 or 65 characters, no digit, or no letter', () => {
    expect(meetsPasswordPolicy('abcdef1')).toBe(false);
    expect(meetsPasswordPolicy(`${'a'.repeat(64)}1`)).toBe(false);
    expect(meetsPasswordPolicy('abcdefgh')).toBe(false);
    expect(meetsPasswordPolicy('12345678')).toBe(false);
  });
});
