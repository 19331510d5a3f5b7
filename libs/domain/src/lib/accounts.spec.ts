import { describe, expect, it } from 'vitest';
import { canIssueResetCode, checkResetCode, resetCodeExpiresAt } from './accounts';
import { adminOf, memberActor, o } from './__fixtures__/tree';

describe('password reset codes (Q19)', () => {
  const member = { orgPath: o('s1Class1').path };

  it('lets an admin of the member’s org or any ancestor issue a code (Q19)', () => {
    expect(canIssueResetCode(adminOf('s1Class1'), member)).toEqual({ ok: true });
    expect(canIssueResetCode(adminOf('s1'), member)).toEqual({ ok: true });
  });

  it('refuses other admins and members (RESET_NOT_ALLOWED, Q19)', () => {
    expect(canIssueResetCode(adminOf('s2'), member)).toEqual({ ok: false, code: 'RESET_NOT_ALLOWED' });
    expect(canIssueResetCode(memberActor('m1', 's1Class1'), member)).toEqual({ ok: false, code: 'RESET_NOT_ALLOWED' });
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
