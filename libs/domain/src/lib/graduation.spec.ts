import { describe, expect, it } from 'vitest';
import {
  canMarkBranchGraduation,
  canMarkGraduation,
  canMarkMember,
  canMarkMemberGraduation,
  effectiveGraduationDate,
  hasGraduated,
  takesGraduationDate,
} from './graduation';
import { checkGraduationDate } from './graduation';
import { adminOf, memberActor, o } from './__fixtures__/tree';

const ok = { ok: true };
const no = (code: string) => ({ ok: false, code });

describe('who may mark a branch’s graduation time (Q22, Q24)', () => {
  it('lets an admin of a school-domain org above the branch mark it (Q24(1))', () => {
    expect(canMarkGraduation(adminOf('s1'), o('s1Class1'))).toEqual(ok);
    expect(canMarkGraduation(adminOf('s1'), o('s1Grads'))).toEqual(ok);
  });

  it('lets the branch’s direct superior mark it (Q24(1))', () => {
    expect(canMarkGraduation(adminOf('s1College'), o('s1Class1'))).toEqual(ok);
  });

  it('lets the direct superior mark a school that is one single branch (Q22(2))', () => {
    expect(canMarkGraduation(adminOf('jinjiang'), o('wholeSchool'))).toEqual(ok);
  });

  it('refuses the branch’s own admin (OWN_BRANCH_ADMIN, Q24(1))', () => {
    expect(canMarkGraduation(adminOf('s1Class1'), o('s1Class1'))).toEqual(no('OWN_BRANCH_ADMIN'));
    expect(canMarkGraduation(adminOf('wholeSchool'), o('wholeSchool'))).toEqual(no('OWN_BRANCH_ADMIN'));
  });

  it('refuses non-school admins above the branch who are not its direct superior (MARK_NOT_ALLOWED, Q24(1))', () => {
    expect(canMarkGraduation(adminOf('jinjiang'), o('s1Class1'))).toEqual(no('MARK_NOT_ALLOWED'));
    expect(canMarkGraduation(adminOf('sc'), o('s1Class1'))).toEqual(no('MARK_NOT_ALLOWED'));
    expect(canMarkGraduation(adminOf('nation'), o('wholeSchool'))).toEqual(no('MARK_NOT_ALLOWED'));
  });

  it('refuses member accounts (MARK_NOT_ALLOWED, Q24)', () => {
    expect(canMarkGraduation(memberActor('m1', 's1Class1'), o('s1Class1'))).toEqual(no('MARK_NOT_ALLOWED'));
  });

  it('refuses orgs outside the actor’s subtree as not found (NOT_IN_SCOPE)', () => {
    expect(canMarkGraduation(adminOf('s2'), o('s1Class1'))).toEqual(no('NOT_IN_SCOPE'));
  });

  it('falls back to the school_admin role when the actor’s industry is not given', () => {
    const { orgIndustry: _drop, ...s1 } = adminOf('s1');
    expect(canMarkGraduation(s1, o('s1Class1'))).toEqual(ok);
    const { orgIndustry: _drop2, ...county } = adminOf('jinjiang');
    expect(canMarkGraduation(county, o('s1Class1'))).toEqual(no('MARK_NOT_ALLOWED'));
  });
});

describe('which orgs may be marked (Q24)', () => {
  it('refuses an org whose kind is not branch (NOT_A_BRANCH, Q24(2))', () => {
    expect(canMarkGraduation(adminOf('s1'), o('s1College'))).toEqual(no('NOT_A_BRANCH'));
    expect(canMarkGraduation(adminOf('jinjiang'), o('s1'))).toEqual(no('NOT_A_BRANCH'));
  });

  it('refuses a branch whose industry is empty (INDUSTRY_EMPTY, Q24(3))', () => {
    expect(canMarkGraduation(adminOf('jinjiang'), o('noIndustry'))).toEqual(no('INDUSTRY_EMPTY'));
  });

  it('refuses marking a primary-school branch (PRIMARY_SCHOOL_NOT_ELIGIBLE, Q24)', () => {
    expect(canMarkGraduation(adminOf('primary'), o('primaryBranch'))).toEqual(no('PRIMARY_SCHOOL_NOT_ELIGIBLE'));
  });

  it('refuses a branch outside the school domain (NOT_SCHOOL_DOMAIN, Q24(3))', () => {
    expect(canMarkGraduation(adminOf('firm'), o('firmBranch'))).toEqual(no('NOT_SCHOOL_DOMAIN'));
    expect(canMarkGraduation(adminOf('town'), o('townBranch'))).toEqual(no('NOT_SCHOOL_DOMAIN'));
  });
});

describe('marking and changing the date (§4, Q25)', () => {
  it('sets a branch’s graduation date and mixed flag (§4)', () => {
    expect(canMarkBranchGraduation(adminOf('s1'), o('s1Class1'), { graduationDate: '2026-06-30', mixed: false })).toEqual(ok);
    expect(canMarkBranchGraduation(adminOf('s1'), o('s1Class1'), { graduationDate: '2026-06-30', mixed: true })).toEqual(ok);
  });

  it('changes or clears a marked date with the same rule (Q25)', () => {
    expect(canMarkBranchGraduation(adminOf('s1College'), o('s1Class1'), { graduationDate: '2026-07-15', mixed: false })).toEqual(ok);
    expect(canMarkBranchGraduation(adminOf('s1College'), o('s1Class1'), { graduationDate: null, mixed: false })).toEqual(ok);
  });

  it('refuses an invalid date (INVALID_DATE)', () => {
    expect(canMarkBranchGraduation(adminOf('s1'), o('s1Class1'), { graduationDate: '2026-06-31', mixed: false })).toEqual(
      no('INVALID_DATE'),
    );
  });

  it('applies the marking permissions first (Q24)', () => {
    expect(canMarkBranchGraduation(adminOf('s1Class1'), o('s1Class1'), { graduationDate: 'x', mixed: false })).toEqual(
      no('OWN_BRANCH_ADMIN'),
    );
  });
});

describe('mixed branches (Q11)', () => {
  const mixed = { ...o('s1Class1'), mixed: true };

  it('marks members of a mixed branch one by one (Q11)', () => {
    expect(canMarkMemberGraduation(adminOf('s1'), mixed, { orgId: 's1Class1' }, '2027-06-30')).toEqual(ok);
  });

  it('refuses marking a member one by one in a branch that is not mixed (BRANCH_NOT_MIXED, Q11)', () => {
    expect(canMarkMemberGraduation(adminOf('s1'), { ...mixed, mixed: false }, { orgId: 's1Class1' }, '2027-06-30')).toEqual(
      no('BRANCH_NOT_MIXED'),
    );
  });

  it('refuses a member of another branch (MEMBER_NOT_IN_BRANCH)', () => {
    expect(canMarkMemberGraduation(adminOf('s1'), mixed, { orgId: 's1Class2' }, '2027-06-30')).toEqual(no('MEMBER_NOT_IN_BRANCH'));
  });

  it('refuses an invalid member date (INVALID_DATE) and the branch’s own admin (OWN_BRANCH_ADMIN, Q24(1))', () => {
    expect(canMarkMemberGraduation(adminOf('s1'), mixed, { orgId: 's1Class1' }, '2027-13-01')).toEqual(no('INVALID_DATE'));
    expect(canMarkMemberGraduation(adminOf('s1Class1'), mixed, { orgId: 's1Class1' }, '2027-06-30')).toEqual(no('OWN_BRANCH_ADMIN'));
  });

  it('gives members the branch’s date unless the branch is mixed (§4)', () => {
    expect(effectiveGraduationDate({ graduationDate: '2027-06-30' }, { graduationDate: '2026-06-30', mixed: false })).toBe('2026-06-30');
    expect(effectiveGraduationDate({}, { graduationDate: '2026-06-30' })).toBe('2026-06-30');
  });

  it('gives a member of a mixed branch their own date, or none yet (Q11)', () => {
    expect(effectiveGraduationDate({ graduationDate: '2027-06-30' }, { graduationDate: '2026-06-30', mixed: true })).toBe('2027-06-30');
    expect(effectiveGraduationDate({ graduationDate: null }, { graduationDate: '2026-06-30', mixed: true })).toBeNull();
    expect(effectiveGraduationDate({}, {})).toBeNull();
  });

  it('tells whether a member has graduated by a date (§4)', () => {
    expect(hasGraduated({}, { graduationDate: '2026-06-30' }, '2026-06-30')).toBe(true);
    expect(hasGraduated({}, { graduationDate: '2026-06-30' }, '2026-06-29')).toBe(false);
    expect(hasGraduated({ graduationDate: '2027-06-30' }, { graduationDate: '2026-06-30', mixed: true }, '2026-12-01')).toBe(false);
  });
});

describe('per-member marks (§4, Q11)', () => {
  const school = {
    id: 's',
    kind: 'committee',
    level: 'base',
    industry: 'university',
    purpose: null,
    regionCode: '510107',
    path: ['r', 's'],
  } as const;
  const branch = {
    id: 'b',
    kind: 'branch',
    level: 'base',
    industry: 'university',
    purpose: null,
    regionCode: '510107',
    path: ['r', 's', 'b'],
  } as const;
  const schoolAdmin = { role: 'school_admin', orgId: 's', orgPath: ['r', 's'], orgIndustry: 'university' } as const;
  const branchAdmin = { role: 'branch_admin', orgId: 'b', orgPath: ['r', 's', 'b'], orgIndustry: 'university' } as const;
  void school;

  it('lets a school admin mark a member of its branch as delayed or teacher at any time (§4)', () => {
    expect(canMarkMember(schoolAdmin, branch, { orgId: 'b' }, 'delayed', '2026-06-01')).toEqual({ ok: true });
    expect(canMarkMember(schoolAdmin, branch, { orgId: 'b' }, 'teacher', '2026-03-01')).toEqual({ ok: true });
    expect(canMarkMember(schoolAdmin, branch, { orgId: 'b' }, null, '2026-03-01')).toEqual({ ok: true });
  });

  it('opens the graduate mobile-member mark only after 31 July (§4)', () => {
    expect(canMarkMember(schoolAdmin, branch, { orgId: 'b' }, 'graduate_mobile', '2026-07-31T23:59:00+08:00')).toEqual({
      ok: false,
      code: 'GRADUATE_MOBILE_BEFORE_AUGUST',
    });
    expect(canMarkMember(schoolAdmin, branch, { orgId: 'b' }, 'graduate_mobile', '2026-07-31T16:00:00Z')).toEqual({ ok: true });
    expect(canMarkMember(schoolAdmin, branch, { orgId: 'b' }, 'graduate_mobile', '2026-08-01')).toEqual({ ok: true });
  });

  it('refuses the branch’s own admin (Q24(1)) and a member of another branch', () => {
    expect(canMarkMember(branchAdmin, branch, { orgId: 'b' }, 'teacher', '2026-06-01')).toEqual({ ok: false, code: 'OWN_BRANCH_ADMIN' });
    expect(canMarkMember(schoolAdmin, branch, { orgId: 'x' }, 'teacher', '2026-06-01')).toEqual({
      ok: false,
      code: 'MEMBER_NOT_IN_BRANCH',
    });
  });

  it('teachers and delayed members take no graduation date (§4)', () => {
    expect(takesGraduationDate('teacher')).toBe(false);
    expect(takesGraduationDate('delayed')).toBe(false);
    expect(takesGraduationDate('graduate_mobile')).toBe(true);
    expect(takesGraduationDate(null)).toBe(true);
  });
});

describe('graduation date bounds (§4 Interpretation: GRADUATION_DATE_EARLIEST, GRADUATION_DATE_MAX_YEARS_AHEAD)', () => {
  const now = '2026-06-15T10:00:00+08:00';
  it('accepts dates from 1950 to ten years ahead, and null', () => {
    for (const d of ['1950-01-01', '2026-06-30', '2036-06-15', null]) expect(checkGraduationDate(d, now)).toEqual({ ok: true });
  });
  it('refuses 9999-12-31, dates before 1950 and past ten years (GRADUATION_DATE_OUT_OF_RANGE)', () => {
    for (const d of ['9999-12-31', '1949-12-31', '2036-06-16', '0001-01-01'])
      expect(checkGraduationDate(d, now)).toEqual({ ok: false, code: 'GRADUATION_DATE_OUT_OF_RANGE' });
    expect(checkGraduationDate('2026-02-30', now)).toEqual({ ok: false, code: 'INVALID_DATE' });
  });
});
