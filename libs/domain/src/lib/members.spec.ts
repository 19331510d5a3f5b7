import { describe, expect, it } from 'vitest';
import { ageLimitDate, ageOn, checkLeaveReason, checkOrgChange, keepsLeagueMembership, mustTransferOnGraduation } from './members';

describe('the 28-year rule (Q1)', () => {
  it('computes age in full years on a Shanghai date', () => {
    expect(ageOn('2000-06-15', '2028-06-14')).toBe(27);
    expect(ageOn('2000-06-15', '2028-06-15')).toBe(28);
    expect(ageOn('2000-06-15', new Date('2028-06-14T16:00:00Z'))).toBe(28); // 15 Jun in Shanghai
    expect(ageOn('2000-02-29', '2028-02-28')).toBe(27);
    expect(ageOn('2000-02-29', '2029-03-01')).toBe(29);
    expect(ageOn('2000-06-15', '1999-01-01')).toBeNull();
    expect(ageOn('bad', '2020-01-01')).toBeNull();
  });

  it('keeps membership under 28 (Q1)', () => {
    expect(keepsLeagueMembership({ birthDate: '2000-06-15' }, '2028-06-14')).toEqual({ ok: true });
  });

  it('ends membership at 28 without a League post (MEMBERSHIP_LAPSED_AGE, Q1)', () => {
    expect(keepsLeagueMembership({ birthDate: '2000-06-15' }, '2028-06-15')).toEqual({ ok: false, code: 'MEMBERSHIP_LAPSED_AGE' });
  });

  it('keeps membership at 28 or over for a member holding a League post (Q1)', () => {
    expect(keepsLeagueMembership({ birthDate: '1990-01-01', holdsLeaguePost: true }, '2026-06-01')).toEqual({ ok: true });
  });

  it('does not exempt a party member under 28 from transfer (Q1)', () => {
    expect(mustTransferOnGraduation({ birthDate: '2003-09-01', partyMember: true }, '2026-06-30')).toBe(true);
    expect(mustTransferOnGraduation({ birthDate: '1997-09-01', partyMember: true }, '2026-06-30')).toBe(false);
  });

  it('refuses an invalid birth date (INVALID_DATE)', () => {
    expect(keepsLeagueMembership({ birthDate: '2000-02-30' }, '2026-01-01')).toEqual({ ok: false, code: 'INVALID_DATE' });
  });

  it('gives the day a member turns 28 (Q1)', () => {
    expect(ageLimitDate('2000-06-15')).toBe('2028-06-15');
    expect(ageLimitDate('2001-02-28')).toBe('2029-02-28');
    expect(ageLimitDate('2000-02-29')).toBe('2028-02-29');
    expect(ageLimitDate('2001-02-29')).toBeNull();
    expect(ageLimitDate('2003-02-28')).toBe('2031-02-28');
  });
});

describe('members change org only by transfer (Q18)', () => {
  it('accepts an edit that keeps the org (Q18)', () => {
    expect(checkOrgChange('a', 'a')).toEqual({ ok: true });
    expect(checkOrgChange('a', undefined)).toEqual({ ok: true });
  });

  it('refuses an edit that moves the member (MEMBER_ORG_NOT_PATCHABLE, Q18)', () => {
    expect(checkOrgChange('a', 'b')).toEqual({ ok: false, code: 'MEMBER_ORG_NOT_PATCHABLE' });
  });

  it('needs a reason for leaving; members are never deleted (LEAVE_REASON_REQUIRED, §2)', () => {
    expect(checkLeaveReason('年满28周岁')).toEqual({ ok: true });
    expect(checkLeaveReason(' ')).toEqual({ ok: false, code: 'LEAVE_REASON_REQUIRED' });
    expect(checkLeaveReason(null)).toEqual({ ok: false, code: 'LEAVE_REASON_REQUIRED' });
  });
});
