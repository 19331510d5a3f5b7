import { describe, expect, it } from 'vitest';
import { canIssueResetCode, checkResetCode, maskUsername, normalizeUsername, resetCodeExpiresAt } from './accounts';
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
    expect(checkResetCode({ expiresAt: expiresAt as Date }, '2026-06-03T10:00:00+08:00')).toEqual({ ok: false, code: 'RESET_CODE_EXPIRED' });
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
