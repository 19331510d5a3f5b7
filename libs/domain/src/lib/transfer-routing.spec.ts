import { describe, expect, it } from 'vitest';
import { checkBranchAssignment, routeTransfer, targetsCommittee, TRANSFER_ROUTES } from './transfer-routing';
import type { RouteOptions } from './transfer-routing';
import type { Instant, TransferTarget, TransferType } from './types';
import { TRANSFER_TYPES } from './types';
import { beijing, o } from './__fixtures__/tree';

const JUNE = '2026-06-15T10:00:00+08:00';
const request: RouteOptions = { abroadRequest: { domesticContactName: '王父', domesticContactPhone: '13800000000' } };

function route(type: TransferType, from: string, to: string | TransferTarget, now: Instant = JUNE, options: RouteOptions = {}) {
  return routeTransfer(type, o(from), typeof to === 'string' ? o(to) : to, now, options);
}
const ok = { ok: true };
const no = (code: string) => ({ ok: false, code });

describe('routing rules common to every type (§3)', () => {
  it('refuses the member’s current org as destination (SAME_ORG, §3)', () => {
    expect(route('general', 's1Class1', 's1Class1')).toEqual(no('SAME_ORG'));
    expect(route('employment', 'firmBranch', 'firmBranch')).toEqual(no('SAME_ORG'));
  });

  it('refuses a destination that is neither a branch nor a special-purpose org (NOT_A_BRANCH, §3)', () => {
    expect(route('further_study', 's1Class1', 'firm')).toEqual(no('NOT_A_BRANCH'));
    expect(route('abroad_official', 's1Class1', 'jinjiang')).toEqual(no('NOT_A_BRANCH'));
  });

  it('accepts a special-purpose org that is not a branch, e.g. a new-students general branch (§3)', () => {
    expect(route('further_study', 's1Class1', 's1NewCommittee')).toEqual(ok);
  });

  it('refuses an unknown type and an invalid clock instead of throwing', () => {
    expect(route('nonsense' as TransferType, 's1Class1', 'firmBranch')).toEqual(no('UNKNOWN_TRANSFER_TYPE'));
    expect(routeTransfer('employment', o('s1Class1'), o('firmBranch'), new Date(Number.NaN))).toEqual(no('INVALID_DATE'));
  });

  it('lets a member of a graduated org still transfer (Q23)', () => {
    expect(route('general', 's1Grads', 'firmBranch')).toEqual(ok);
    expect(route('employment', 's1Grads', 'firmBranch')).toEqual(ok);
  });
});

describe('Beijing, Guangdong and Fujian run their own systems (Q17, §3.2.3)', () => {
  it('accepts a transfer to Beijing (11), Guangdong (44) or Fujian (35) naming province and full org name (Q17)', () => {
    expect(route('employment', 's1Class1', beijing())).toEqual(ok);
    expect(route('employment', 's1Class1', { external: true, provinceCode: '44', orgFullName: '广州某公司团支部' })).toEqual(ok);
    expect(route('further_study', 's1Class1', { external: true, provinceCode: '350000', orgFullName: '厦门大学某学院新生团支部' })).toEqual(
      ok,
    );
  });

  it('refuses a transfer to them without the full org name (EXTERNAL_NAME_REQUIRED, Q17)', () => {
    expect(route('employment', 's1Class1', beijing(''))).toEqual(no('EXTERNAL_NAME_REQUIRED'));
    expect(route('employment', 's1Class1', beijing('   '))).toEqual(no('EXTERNAL_NAME_REQUIRED'));
  });

  it('refuses naming any other province: its orgs are in the tree (EXTERNAL_PROVINCE_NOT_SEPARATE, Q17)', () => {
    expect(route('employment', 's1Class1', { external: true, provinceCode: '51', orgFullName: 'x' })).toEqual(
      no('EXTERNAL_PROVINCE_NOT_SEPARATE'),
    );
    expect(route('employment', 's1Class1', { external: true, provinceCode: '', orgFullName: 'x' })).toEqual(
      no('EXTERNAL_PROVINCE_NOT_SEPARATE'),
    );
  });

  it('refuses an org of those provinces found in the tree (USE_EXTERNAL_DESTINATION, Q17)', () => {
    expect(route('employment', 's1Class1', 'bjStray')).toEqual(no('USE_EXTERNAL_DESTINATION'));
  });

  it('refuses types whose destination is a school’s own org or the special library (EXTERNAL_NOT_ALLOWED)', () => {
    for (const type of ['special_unit', 'abroad_study', 'delayed_graduation'] as const) {
      expect(route(type, 's1Class1', beijing(), JUNE, request)).toEqual(no('EXTERNAL_NOT_ALLOWED'));
    }
  });

  it('accepts every other type to a separate system', () => {
    for (const type of ['employment', 'further_study', 'unemployed', 'abroad_official', 'abroad_private', 'general'] as const) {
      expect(route(type, 's1Class1', beijing())).toEqual(ok);
    }
  });
});

describe('employment 就业 (§2.1, Q4, Q7, Q8)', () => {
  it('accepts the employer’s League branch (§2.1)', () => {
    expect(route('employment', 's1Class1', 'firmBranch')).toEqual(ok);
  });

  it('accepts the employer’s temporary branch during probation (Q7)', () => {
    expect(route('employment', 's1Class1', 'firmTemp')).toEqual(ok);
  });

  it('accepts the township org where the employer is, or its youth home (§2.1)', () => {
    expect(route('employment', 's1Class1', 'townBranch')).toEqual(ok);
    expect(route('employment', 's1Class1', 'youthHome')).toEqual(ok);
    expect(route('employment', 's1Class1', 'townMobile')).toEqual(ok);
  });

  it('accepts a park mobile branch for members working in the park (Q8)', () => {
    expect(route('employment', 's1Class1', 'parkMobile')).toEqual(ok);
  });

  it('accepts the county mobile branch from 1 September on (§2.1)', () => {
    expect(route('employment', 's1Class1', 'jjMobile', '2026-09-01T00:00:00+08:00')).toEqual(ok);
    expect(route('employment', 's1Class1', 'jjMobile', new Date('2026-08-31T16:00:00Z'))).toEqual(ok); // 1 Sep in Shanghai
    expect(route('employment', 's1Class1', 'jjMobile', '2026-12-31')).toEqual(ok);
  });

  it('reads a county mobile branch from the committee it sits under: refused in June though its level is base (§1, §2.1)', () => {
    expect(route('employment', 's1Class1', 'jjMobileBase', '2026-06-15')).toEqual(no('COUNTY_MOBILE_BEFORE_SEPTEMBER'));
    expect(route('unemployed', 's1Class1', 'jjMobileBase', '2026-06-15')).toEqual(no('UNEMPLOYED_NEEDS_TOWNSHIP_MOBILE'));
    expect(route('employment', 's1Class1', 'jjMobileBase', '2026-09-01')).toEqual(ok);
  });

  it('keeps accepting the county mobile branch January–August of the next year: the season began last September (§2.1, by cohort year)', () => {
    expect(route('employment', 's1Class1', 'jjMobile', '2027-01-10')).toEqual(ok);
    expect(route('employment', 's1Class1', 'jjMobile', '2027-04-30')).toEqual(ok);
    expect(route('employment', 's1Class1', 'jjMobile', '2027-05-01')).toEqual(no('COUNTY_MOBILE_BEFORE_SEPTEMBER'));
  });

  it('refuses the county mobile branch before September (COUNTY_MOBILE_BEFORE_SEPTEMBER, §2.1)', () => {
    expect(route('employment', 's1Class1', 'jjMobile', '2026-08-31T23:59:00+08:00')).toEqual(no('COUNTY_MOBILE_BEFORE_SEPTEMBER'));
    expect(route('employment', 's1Class1', 'jjMobile', '2026-05-01')).toEqual(no('COUNTY_MOBILE_BEFORE_SEPTEMBER'));
  });

  it('refuses orgs reserved for other types (§2.2, §2.3, §2.5, §2.7)', () => {
    expect(route('employment', 's1Class1', 'scLib')).toEqual(no('SPECIAL_LIBRARY_ONLY_SPECIAL_UNIT'));
    expect(route('employment', 's1Class1', 's2New')).toEqual(no('NEW_STUDENTS_ONLY_FURTHER_STUDY'));
    expect(route('employment', 's1Class1', 's1Abroad')).toEqual(no('ABROAD_BRANCH_ONLY_ABROAD_STUDY'));
    expect(route('employment', 's1Class1', 's1Delayed')).toEqual(no('DELAYED_ORG_ONLY_DELAYED_GRADUATION'));
    expect(route('employment', 's1Class1', 's1Grads')).toEqual(no('GRADUATES_ORG_NOT_A_DESTINATION'));
  });
});

describe('further study 升学 (§2.2)', () => {
  it('accepts the admitting school’s new-students org (§2.2)', () => {
    expect(route('further_study', 's1Class1', 's2New')).toEqual(ok);
    expect(route('further_study', 's1Class1', 'cqNew')).toEqual(ok);
  });

  it('refuses a township org (FURTHER_STUDY_TO_TOWNSHIP, §2.2)', () => {
    expect(route('further_study', 's1Class1', 'townBranch')).toEqual(no('FURTHER_STUDY_TO_TOWNSHIP'));
    expect(route('further_study', 's1Class1', 'townMobile')).toEqual(no('FURTHER_STUDY_TO_TOWNSHIP'));
  });

  it('refuses a mobile branch (FURTHER_STUDY_TO_MOBILE, §2.2)', () => {
    expect(route('further_study', 's1Class1', 'jjMobile', '2026-10-01')).toEqual(no('FURTHER_STUDY_TO_MOBILE'));
    expect(route('further_study', 's1Class1', 'parkMobile')).toEqual(no('FURTHER_STUDY_TO_MOBILE'));
  });

  it('refuses any org other than a new-students org (FURTHER_STUDY_NEEDS_NEW_STUDENTS_ORG, §2.2)', () => {
    expect(route('further_study', 's1Class1', 's2Class')).toEqual(no('FURTHER_STUDY_NEEDS_NEW_STUDENTS_ORG'));
    expect(route('further_study', 's1Class1', 'firmBranch')).toEqual(no('FURTHER_STUDY_NEEDS_NEW_STUDENTS_ORG'));
  });
});

describe('enlistment / classified unit 参军/涉密 (§2.3, Q12)', () => {
  it('accepts the special library of the member’s province (§2.3)', () => {
    expect(route('special_unit', 's1Class1', 'scLib')).toEqual(ok);
    expect(route('special_unit', 's2Class', 'scLib')).toEqual(ok);
  });

  it('refuses any org other than the special library (SPECIAL_UNIT_NEEDS_SPECIAL_LIBRARY, §2.3)', () => {
    expect(route('special_unit', 's1Class1', 'firmBranch')).toEqual(no('SPECIAL_UNIT_NEEDS_SPECIAL_LIBRARY'));
  });

  it('refuses another province’s special library (SPECIAL_LIBRARY_OTHER_PROVINCE, §2.3 Interpretation)', () => {
    expect(route('special_unit', 's1Class1', 'cqLib')).toEqual(no('SPECIAL_LIBRARY_OTHER_PROVINCE'));
  });

  it('keeps the special library for special_unit alone (SPECIAL_LIBRARY_ONLY_SPECIAL_UNIT, §2.3)', () => {
    expect(route('general', 's1Class1', 'scLib')).toEqual(no('SPECIAL_LIBRARY_ONLY_SPECIAL_UNIT'));
    expect(route('abroad_official', 's1Class1', 'scLib')).toEqual(no('SPECIAL_LIBRARY_ONLY_SPECIAL_UNIT'));
  });
});

describe('unemployed 未就业 (§2.4, §2.8, Q14)', () => {
  it('accepts the township mobile branch of residence, registration or origin (§2.4, Q14(2))', () => {
    expect(route('unemployed', 's1Class1', 'townMobile')).toEqual(ok);
  });

  it('refuses a county or park mobile branch, or an ordinary township branch (UNEMPLOYED_NEEDS_TOWNSHIP_MOBILE, §2.4)', () => {
    expect(route('unemployed', 's1Class1', 'jjMobile', '2026-10-01')).toEqual(no('UNEMPLOYED_NEEDS_TOWNSHIP_MOBILE'));
    expect(route('unemployed', 's1Class1', 'parkMobile')).toEqual(no('UNEMPLOYED_NEEDS_TOWNSHIP_MOBILE'));
    expect(route('unemployed', 's1Class1', 'townBranch')).toEqual(no('UNEMPLOYED_NEEDS_TOWNSHIP_MOBILE'));
    expect(route('unemployed', 's1Class1', 'firmBranch')).toEqual(no('UNEMPLOYED_NEEDS_TOWNSHIP_MOBILE'));
  });
});

describe('study abroad 出国（境）留学 (§2.5)', () => {
  it('accepts the school’s own abroad-study branch on a written request with a home contact (§2.5)', () => {
    expect(route('abroad_study', 's1Class1', 's1Abroad', JUNE, request)).toEqual(ok);
    expect(route('abroad_study', 's1Class1', 's1Abroad', JUNE, { ...request, fromSchoolId: 's1' })).toEqual(ok);
  });

  it('refuses any other org (ABROAD_STUDY_NEEDS_ABROAD_BRANCH, §2.5)', () => {
    expect(route('abroad_study', 's1Class1', 's1Class2', JUNE, request)).toEqual(no('ABROAD_STUDY_NEEDS_ABROAD_BRANCH'));
  });

  it('refuses another school’s abroad-study branch (NOT_OWN_SCHOOL, §2.5)', () => {
    expect(route('abroad_study', 's1Class1', 's2Abroad', JUNE, request)).toEqual(no('NOT_OWN_SCHOOL'));
    expect(route('abroad_study', 's1Class1', 's2Abroad', JUNE, { ...request, fromSchoolId: 's1' })).toEqual(no('NOT_OWN_SCHOOL'));
  });

  it('refuses a request without a home contact and phone (ABROAD_REQUEST_INCOMPLETE, §2.5)', () => {
    expect(route('abroad_study', 's1Class1', 's1Abroad')).toEqual(no('ABROAD_REQUEST_INCOMPLETE'));
    expect(route('abroad_study', 's1Class1', 's1Abroad', JUNE, { abroadRequest: { domesticContactName: '王父' } })).toEqual(
      no('ABROAD_REQUEST_INCOMPLETE'),
    );
  });
});

describe('sent abroad by an employer 因公出国 (§2.6)', () => {
  it('accepts the sending unit’s League org (§2.6)', () => {
    expect(route('abroad_official', 'firmBranch', 'firmTemp')).toEqual(ok);
    expect(route('abroad_official', 's1Class1', 'firmBranch')).toEqual(ok);
  });

  it('refuses a mobile branch (MOBILE_BRANCH_NOT_FOR_TYPE, §2.6)', () => {
    expect(route('abroad_official', 's1Class1', 'townMobile')).toEqual(no('MOBILE_BRANCH_NOT_FOR_TYPE'));
  });

  it('refuses orgs reserved for other types (§2.6)', () => {
    expect(route('abroad_official', 's1Class1', 's1Abroad')).toEqual(no('ABROAD_BRANCH_ONLY_ABROAD_STUDY'));
    expect(route('abroad_official', 's1Class1', 's2New')).toEqual(no('NEW_STUDENTS_ONLY_FURTHER_STUDY'));
  });
});

describe('abroad privately 因私出国 (Q14(1))', () => {
  it('accepts the township org of registration or residence (Q14(1))', () => {
    expect(route('abroad_private', 's1Class1', 'townBranch')).toEqual(ok);
    expect(route('abroad_private', 's1Class1', 'townMobile')).toEqual(ok);
  });

  it('refuses a non-township org (ABROAD_PRIVATE_NEEDS_TOWNSHIP, Q14(1))', () => {
    expect(route('abroad_private', 's1Class1', 'firmBranch')).toEqual(no('ABROAD_PRIVATE_NEEDS_TOWNSHIP'));
    expect(route('abroad_private', 's1Class1', 'youthHome')).toEqual(no('ABROAD_PRIVATE_NEEDS_TOWNSHIP'));
  });
});

describe('delayed graduation 延迟毕业 (§2.7)', () => {
  it('accepts the school’s own delayed-graduation org (§2.7)', () => {
    expect(route('delayed_graduation', 's1Class1', 's1Delayed')).toEqual(ok);
    expect(route('delayed_graduation', 's1Class1', 's1Delayed', JUNE, { fromSchoolId: 's1' })).toEqual(ok);
  });

  it('refuses any other org (DELAYED_GRADUATION_NEEDS_DELAYED_ORG, §2.7)', () => {
    expect(route('delayed_graduation', 's1Class1', 's1Class2')).toEqual(no('DELAYED_GRADUATION_NEEDS_DELAYED_ORG'));
  });

  it('refuses another school’s delayed-graduation org (NOT_OWN_SCHOOL, §2.7)', () => {
    expect(route('delayed_graduation', 's1Class1', 's2Delayed')).toEqual(no('NOT_OWN_SCHOOL'));
  });
});

describe('general transfer (§2.8, Q10)', () => {
  it('accepts any branch, including a mobile branch before September (§2.8, Q10)', () => {
    expect(route('general', 'townMobile', 'firmBranch')).toEqual(ok);
    expect(route('general', 'firmBranch', 'jjMobile', '2026-03-01')).toEqual(ok);
    expect(route('general', 'firmBranch', 's1Grads')).toEqual(ok);
  });

  it('refuses an org whose kind is not branch, even a special-purpose one (NOT_A_BRANCH, Q10)', () => {
    expect(route('general', 's1Class1', 'firm')).toEqual(no('NOT_A_BRANCH'));
    expect(route('general', 's1Class1', 's1NewCommittee')).toEqual(no('NOT_A_BRANCH'));
  });
});

describe('route table (§3)', () => {
  it('describes all nine types', () => {
    expect(Object.keys(TRANSFER_ROUTES).sort()).toEqual([...TRANSFER_TYPES].sort());
    expect(TRANSFER_ROUTES.further_study.requiredPurpose).toBe('new_students');
    expect(TRANSFER_ROUTES.special_unit.external).toBe(false);
  });
});

describe('a graduate leaving school in their graduation year uses their destination’s type (§3)', () => {
  const grad: RouteOptions = { fromSchoolId: 's1', graduationDate: '2026-06-30' };

  it('refuses general for a graduate leaving the school in the graduation year (GENERAL_NOT_FOR_GRADUATE, §3)', () => {
    // The further-study graduate cannot be sent to a township or county mobile branch by `general`.
    expect(route('general', 's1Class1', 'townMobile', JUNE, grad)).toEqual(no('GENERAL_NOT_FOR_GRADUATE'));
    expect(route('general', 's1Class1', 'jjMobile', JUNE, grad)).toEqual(no('GENERAL_NOT_FOR_GRADUATE'));
    expect(route('general', 's1Class1', 'firmBranch', '2027-03-01', grad)).toEqual(no('GENERAL_NOT_FOR_GRADUATE'));
    expect(route('further_study', 's1Class1', 'townMobile', JUNE, grad)).toEqual(no('FURTHER_STUDY_TO_TOWNSHIP'));
  });

  it('still allows general inside the school, for non-graduates, and in later years (§2.8, Q10)', () => {
    expect(route('general', 's1Class1', 's1Class2', JUNE, grad)).toEqual(ok);
    expect(route('general', 's1Class1', 'firmBranch', JUNE, { fromSchoolId: 's1' })).toEqual(ok);
    expect(route('general', 's1Class1', 'firmBranch', '2027-06-01', grad)).toEqual(ok);
    expect(route('general', 'townMobile', 'firmBranch', JUNE, grad)).toEqual(ok);
  });
});

describe('a transfer to the receiving side’s committee, assigned to a branch on approval (§5)', () => {
  it('accepts the employer’s or township committee for employment and abroad types, not for others (§5)', () => {
    expect(route('employment', 's1Class1', 'firm')).toEqual(ok);
    expect(route('abroad_private', 's1Class1', 'town')).toEqual(ok);
    expect(route('general', 's1Class1', 'firm')).toEqual(no('NOT_A_BRANCH'));
    expect(route('further_study', 's1Class1', 'firm')).toEqual(no('NOT_A_BRANCH'));
    expect(targetsCommittee('employment', o('firm'))).toBe(true);
    expect(targetsCommittee('employment', o('firmBranch'))).toBe(false);
  });

  it('needs a branch under the committee, one the type accepts (BRANCH_REQUIRED, BRANCH_NOT_UNDER_TARGET, §5)', () => {
    const assign = (target: string, branch: string | null, now: Instant = JUNE) =>
      checkBranchAssignment('employment', o('s1Class1'), o(target), branch === null ? null : o(branch), now);
    expect(assign('firm', null)).toEqual(no('BRANCH_REQUIRED'));
    expect(assign('firm', 'townBranch')).toEqual(no('BRANCH_NOT_UNDER_TARGET'));
    expect(assign('firm', 'firm')).toEqual(no('BRANCH_NOT_UNDER_TARGET'));
    expect(assign('firm', 'firmBranch')).toEqual({ ok: true, orgId: 'firmBranch' });
    expect(assign('jinjiang', 'jjMobile')).toEqual(no('BRANCH_NOT_UNDER_TARGET')); // a county committee is no committee target
    expect(route('employment', 's1Class1', 'jinjiang')).toEqual(no('NOT_A_BRANCH'));
    expect(assign('firmBranch', null)).toEqual({ ok: true, orgId: 'firmBranch' });
    expect(assign('firmBranch', 'firmTemp')).toEqual(no('BRANCH_NOT_UNDER_TARGET'));
  });
});
