import { describe, expect, it } from 'vitest';
import { canRequireSecondFactor, canResetSecondFactor, needsStepUp, secondFactorAtLogin, secondFactorRequiredBy } from './second-factor';
import { adminOf, memberActor, o } from './__fixtures__/tree';

describe('two-factor authentication for admin accounts (issue 24)', () => {
  it('lets a national or provincial admin require it for an org in its subtree', () => {
    expect(canRequireSecondFactor(adminOf('nation'), o('jinjiang'))).toEqual({ ok: true });
    expect(canRequireSecondFactor(adminOf('sc'), o('sc'))).toEqual({ ok: true });
    expect(canRequireSecondFactor(adminOf('sc'), o('s1Class1'))).toEqual({ ok: true });
  });

  it('refuses a city, county or school admin, and answers an org outside the subtree as not found', () => {
    expect(canRequireSecondFactor(adminOf('chengdu'), o('jinjiang'))).toEqual({ ok: false, code: 'SECOND_FACTOR_POLICY_NOT_ALLOWED' });
    expect(canRequireSecondFactor(adminOf('jinjiang'), o('s1'))).toEqual({ ok: false, code: 'SECOND_FACTOR_POLICY_NOT_ALLOWED' });
    expect(canRequireSecondFactor(adminOf('sc'), o('nation'))).toEqual({ ok: false, code: 'NOT_IN_SCOPE' });
    expect(canRequireSecondFactor(memberActor('m1', 's1Class1'), o('s1Class1'))).toEqual({ ok: false, code: 'NOT_IN_SCOPE' });
  });

  it('inherits the requirement from any org on the path', () => {
    expect(secondFactorRequiredBy([{ require2fa: false }, { require2fa: true }, { require2fa: false }])).toBe(true);
    expect(secondFactorRequiredBy([{ require2fa: false }, { require2fa: false }])).toBe(false);
  });

  it('asks an enrolled admin for a code, leads a required one through enrolment, leaves members unchanged', () => {
    expect(secondFactorAtLogin({ role: 'county_admin', enabled: true }, false)).toBe('verify');
    expect(secondFactorAtLogin({ role: 'county_admin', enabled: true }, true)).toBe('verify');
    expect(secondFactorAtLogin({ role: 'county_admin', enabled: false }, true)).toBe('enrol');
    expect(secondFactorAtLogin({ role: 'county_admin', enabled: false }, false)).toBe('none');
    expect(secondFactorAtLogin({ role: 'member', enabled: false }, true)).toBe('none');
  });

  it('lets only an admin strictly above the account reset its second factor (lost device)', () => {
    const account = { id: 'admin-jinjiang', role: 'county_admin' as const, orgPath: o('jinjiang').path };
    expect(canResetSecondFactor(adminOf('chengdu'), account)).toEqual({ ok: true });
    expect(canResetSecondFactor(adminOf('sc'), account)).toEqual({ ok: true });
    // A peer of the same org, and the account itself, may not.
    expect(canResetSecondFactor(adminOf('jinjiang', 'another-jinjiang'), account)).toEqual({
      ok: false,
      code: 'SECOND_FACTOR_RESET_NOT_ALLOWED',
    });
    expect(canResetSecondFactor(adminOf('jinjiang'), account)).toEqual({ ok: false, code: 'SECOND_FACTOR_RESET_NOT_ALLOWED' });
    // Below or beside: not in scope.
    expect(canResetSecondFactor(adminOf('s1'), account)).toEqual({ ok: false, code: 'NOT_IN_SCOPE' });
    expect(canResetSecondFactor(adminOf('chengdu'), { ...account, role: 'member' })).toEqual({ ok: false, code: 'NOT_IN_SCOPE' });
  });

  it('needs the second factor on sensitive routes only where required, and never of members', () => {
    expect(needsStepUp({ role: 'county_admin' }, true, false)).toBe(true);
    expect(needsStepUp({ role: 'county_admin' }, true, true)).toBe(false);
    expect(needsStepUp({ role: 'county_admin' }, false, false)).toBe(false);
    expect(needsStepUp({ role: 'member' }, true, false)).toBe(false);
  });
});
