import { describe, expect, it } from 'vitest';
import {
  ageLimitDate,
  ageOn,
  checkJoinDate,
  checkLeaveReason,
  checkMemberIdCard,
  checkOrgChange,
  keepsLeagueMembership,
  leagueAgeDate,
  mustTransferOnGraduation,
} from './members';
import { idCardCheckChar, isKnownIdCardRegion } from './identity';

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

/* ------------------------------------------------------------------ a member's identity (§2, 团章, issue 21) */

describe('a member’s ID number and join date (§2, Q1, 团章 Art. 1)', () => {
  // A compact GB/T 2260 table: Sichuan, Chengdu and two of its districts, Beijing's first district.
  const KNOWN = new Set(['510000', '510100', '510104', '510107', '110000', '110100', '110101']);
  const id = (region: string, birth: string, seq = '123'): string => {
    const first17 = `${region}${birth.replaceAll('-', '')}${seq}`;
    return first17 + idCardCheckChar(first17);
  };
  const NOW = '2026-06-15T10:00:00+08:00';

  it('accepts a 22-year-old from a known county (§2)', () => {
    const r = checkMemberIdCard(id('510104', '2004-03-15'), NOW, KNOWN);
    expect(r).toMatchObject({ ok: true, birthDate: '2004-03-15', regionCode: '510104' });
  });

  it('refuses area code 990000: no such province in GB/T 2260 (§2, GB 11643)', () => {
    expect(checkMemberIdCard(id('990000', '2004-03-15'), NOW, KNOWN)).toEqual({ ok: false, code: 'ID_CARD_REGION' });
  });

  it('refuses a code under a city that does not exist (519901), and the nation code (000000)', () => {
    expect(checkMemberIdCard(id('519901', '2004-03-15'), NOW, KNOWN)).toEqual({ ok: false, code: 'ID_CARD_REGION' });
    expect(checkMemberIdCard(id('000000', '2004-03-15'), NOW, KNOWN)).toEqual({ ok: false, code: 'ID_CARD_REGION' });
  });

  it('accepts a retired county code under a city still in force (双流县 510122, an ID number keeps its first code)', () => {
    expect(isKnownIdCardRegion('510122', KNOWN)).toBe(true);
    expect(isKnownIdCardRegion('510100', KNOWN)).toBe(true);
    expect(isKnownIdCardRegion('519900', KNOWN)).toBe(false);
    expect(isKnownIdCardRegion('520000', KNOWN)).toBe(false);
  });

  it('refuses birth year 3005: a birth date after today', () => {
    expect(checkMemberIdCard(id('510104', '3005-01-01'), NOW, KNOWN)).toEqual({ ok: false, code: 'ID_CARD_BIRTH_IN_FUTURE' });
    expect(checkMemberIdCard(id('510104', '2026-06-16'), NOW, KNOWN)).toEqual({ ok: false, code: 'ID_CARD_BIRTH_IN_FUTURE' });
  });

  it('refuses a member under 14 (团章 Art. 1), counting the birthday on the Shanghai date', () => {
    expect(checkMemberIdCard(id('510104', '2012-06-16'), NOW, KNOWN)).toEqual({ ok: false, code: 'MEMBER_UNDER_LEAGUE_AGE' });
    expect(checkMemberIdCard(id('510104', '2012-06-15'), NOW, KNOWN)).toMatchObject({ ok: true });
  });

  it('accepts a member of 28 or over: aged-out members and League-post holders stay on record (Q1)', () => {
    expect(checkMemberIdCard(id('510104', '1990-01-01'), NOW, KNOWN)).toMatchObject({ ok: true });
  });

  it('keeps the GB 11643 refusals (format, check character)', () => {
    expect(checkMemberIdCard('51010420040315', NOW, KNOWN)).toEqual({ ok: false, code: 'ID_CARD_FORMAT' });
    const bad = id('510104', '2004-03-15');
    expect(checkMemberIdCard(bad.slice(0, 17) + (bad[17] === '0' ? '1' : '0'), NOW, KNOWN)).toEqual({
      ok: false,
      code: 'ID_CARD_CHECKSUM',
    });
  });

  it('refuses join date 9999-12-31: a join date after today (§2 入团时间)', () => {
    expect(checkJoinDate('9999-12-31', '2004-03-15', NOW)).toEqual({ ok: false, code: 'JOIN_DATE_IN_FUTURE' });
    expect(checkJoinDate('2026-06-16', '2004-03-15', NOW)).toEqual({ ok: false, code: 'JOIN_DATE_IN_FUTURE' });
    expect(checkJoinDate('2026-06-15', '2004-03-15', NOW)).toEqual({ ok: true });
  });

  it('refuses a join date before the member turned 14 (团章 Art. 1)', () => {
    expect(checkJoinDate('2018-03-14', '2004-03-15', NOW)).toEqual({ ok: false, code: 'JOIN_DATE_BEFORE_LEAGUE_AGE' });
    expect(checkJoinDate('2018-03-15', '2004-03-15', NOW)).toEqual({ ok: true });
    // Born 29 February: 14 on 1 March in a common year.
    expect(leagueAgeDate('2008-02-29')).toBe('2022-03-01');
    expect(checkJoinDate('2022-02-28', '2008-02-29', NOW)).toEqual({ ok: false, code: 'JOIN_DATE_BEFORE_LEAGUE_AGE' });
  });

  it('refuses dates that are not dates', () => {
    expect(checkJoinDate('2018-13-01', '2004-03-15', NOW)).toEqual({ ok: false, code: 'INVALID_DATE' });
  });
});
