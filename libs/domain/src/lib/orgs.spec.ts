import { describe, expect, it } from 'vitest';
import type { OrgFacts } from './types';
import {
  canDeleteOrg,
  checkOrgPlacement,
  checkRegionCode,
  effectiveRegionCode,
  isGraduatesOrgDueForDeletion,
  isTownshipOrg,
  mayHoldMembers,
  mobileTier,
  orgContext,
  parentIdOf,
  schoolOf,
} from './orgs';
import { o } from './__fixtures__/tree';

describe('orgs (§1)', () => {
  it('tells same-named orgs apart by their unit down to the parent, or by the parent above base level (issue 23)', () => {
    const nation = { name: '共青团中央', level: 'national' as const };
    const province = { name: '共青团四川省委员会', level: 'provincial' as const };
    const city = { name: '共青团成都市委员会', level: 'city' as const };
    const county = { name: '共青团成都市武侯区委员会', level: 'county' as const };
    const university = { name: '四川示范大学团委', level: 'base' as const };
    const college = { name: '计算机学院团总支', level: 'base' as const };
    const township = { name: '武侯区第1镇团委', level: 'base' as const };
    // A class of a college: the school and the college, not the committees above the school.
    expect(orgContext([nation, province, city, county, university, college])).toEqual(['四川示范大学团委', '计算机学院团总支']);
    // A village branch: its township.
    expect(orgContext([nation, province, city, county, township])).toEqual(['武侯区第1镇团委']);
    // A school committee, or a branch right under the county: the county committee.
    expect(orgContext([nation, province, city, county])).toEqual(['共青团成都市武侯区委员会']);
    expect(orgContext([nation])).toEqual(['共青团中央']);
    // The root has nothing above it.
    expect(orgContext([])).toEqual([]);
  });

  it('reads the parent from the ancestor path', () => {
    expect(parentIdOf(o('s1Class1'))).toBe('s1College');
    expect(parentIdOf(o('nation'))).toBeNull();
  });

  it('tells township orgs by industry (§1 乡镇街道)', () => {
    expect(isTownshipOrg(o('townBranch'))).toBe(true);
    expect(isTownshipOrg(o('firmBranch'))).toBe(false);
  });

  it('tells the tier of a mobile branch: township, park (Q8) or county (§2.1)', () => {
    expect(mobileTier(o('townMobile'))).toBe('township');
    expect(mobileTier(o('parkMobile'))).toBe('park');
    expect(mobileTier(o('jjMobile'))).toBe('county');
    expect(mobileTier(o('townBranch'))).toBeNull();
  });

  it('reads the tier from the committee the mobile branch sits under, not its own level (§1)', () => {
    // Created under the county committee, the branch itself has level `base`.
    expect(o('jjMobileBase').level).toBe('base');
    expect(mobileTier(o('jjMobileBase'))).toBe('county');
    expect(mobileTier({ ...o('townMobile'), parentLevel: 'base' })).toBe('township');
  });

  it('finds the school an org belongs to: the top-most school-domain base org', () => {
    const chain = o('s1Class1').path.map(o);
    expect(schoolOf(chain)?.id).toBe('s1');
    expect(schoolOf(o('wholeSchool').path.map(o))?.id).toBe('wholeSchool');
    expect(schoolOf(o('firmBranch').path.map(o))).toBeNull();
  });

  it('defaults an org region to its parent’s (§1)', () => {
    expect(effectiveRegionCode(null, '510104')).toBe('510104');
    expect(effectiveRegionCode('510107', '510104')).toBe('510107');
    expect(effectiveRegionCode('5101', '510104')).toBe('510104');
    expect(checkRegionCode('510104')).toEqual({ ok: true });
    expect(checkRegionCode('51010')).toEqual({ ok: false, code: 'REGION_CODE_INVALID' });
  });

  it('deletes only an empty org: members are never hard-deleted (§2)', () => {
    expect(canDeleteOrg({ members: 0, children: 0 })).toEqual({ ok: true });
    expect(canDeleteOrg({ members: 1, children: 0 })).toEqual({ ok: false, code: 'ORG_NOT_EMPTY' });
    expect(canDeleteOrg({ members: 0, children: 2 })).toEqual({ ok: false, code: 'ORG_NOT_EMPTY' });
    expect(canDeleteOrg({ members: 0, children: 0, accounts: 1 })).toEqual({ ok: false, code: 'ORG_NOT_EMPTY' });
    expect(canDeleteOrg({ members: 0, children: 0, graduatesOfSchool: 1 })).toEqual({ ok: false, code: 'ORG_NOT_EMPTY' });
  });

  it('lists an emptied graduates org for deletion by the school (§3; guide §4)', () => {
    expect(isGraduatesOrgDueForDeletion(o('s1Grads'), { members: 0, children: 0 })).toBe(true);
    expect(isGraduatesOrgDueForDeletion(o('s1Grads'), { members: 3, children: 0 })).toBe(false);
    expect(isGraduatesOrgDueForDeletion(o('s1Class1'), { members: 0, children: 0 })).toBe(false);
  });

  it('does not list a fresh graduates org that nobody has left yet (§3; guide §4)', () => {
    expect(isGraduatesOrgDueForDeletion(o('s1Grads'), { members: 0, children: 0, transferredOut: 0 })).toBe(false);
    expect(isGraduatesOrgDueForDeletion(o('s1Grads'), { members: 0, children: 0, transferredOut: 4 })).toBe(true);
  });
});

describe('org placement (§1, §2)', () => {
  const child = (spec: Partial<Pick<OrgFacts, 'kind' | 'level' | 'regionCode' | 'purpose'>>) => ({
    kind: 'branch' as const,
    level: 'base' as const,
    regionCode: '510104',
    purpose: null,
    ...spec,
  });

  it('refuses anything under a branch: a branch has no sub-orgs (§1)', () => {
    expect(checkOrgPlacement(o('townBranch'), child({}))).toEqual({ ok: false, code: 'PARENT_IS_BRANCH' });
  });

  it('lets levels descend only, a branch at its parent’s own level (the provincial library, §2.3)', () => {
    expect(checkOrgPlacement(o('jinjiang'), child({ kind: 'committee', level: 'city' }))).toEqual({ ok: false, code: 'ORG_LEVEL_INVALID' });
    expect(checkOrgPlacement(o('sc'), child({ level: 'provincial', regionCode: '510000', purpose: 'special_library' })).ok).toBe(true);
    expect(checkOrgPlacement(o('sc'), child({ kind: 'committee', level: 'provincial', regionCode: '510000' }))).toEqual({
      ok: false,
      code: 'ORG_LEVEL_INVALID',
    });
  });

  it('keeps the region within the parent’s (§1)', () => {
    expect(checkOrgPlacement(o('jinjiang'), child({ regionCode: '510107' }))).toEqual({ ok: false, code: 'REGION_OUTSIDE_PARENT' });
  });

  it('puts a school’s special-purpose orgs in a school, one of each per school (§2.2, §2.5, §2.7)', () => {
    expect(checkOrgPlacement(o('s1'), child({ purpose: 'new_students' })).ok).toBe(true);
    expect(checkOrgPlacement(o('s1'), child({ purpose: 'new_students' }), { purposeTakenInSchool: true })).toEqual({
      ok: false,
      code: 'PURPOSE_ORG_EXISTS',
    });
    expect(checkOrgPlacement(o('jinjiang'), child({ purpose: 'delayed_graduation' }))).toEqual({ ok: false, code: 'PURPOSE_NOT_ALLOWED' });
  });

  it('lets a school hold a graduates org per graduating class (§4 Interpretation: marked branches become one on 1 June)', () => {
    expect(checkOrgPlacement(o('s1College'), child({ purpose: 'graduates' }), { purposeTakenInSchool: true }).ok).toBe(true);
    expect(checkOrgPlacement(o('jinjiang'), child({ purpose: 'graduates' }))).toEqual({ ok: false, code: 'PURPOSE_NOT_ALLOWED' });
  });

  it('puts temporary branches under employers only (Q7)', () => {
    expect(checkOrgPlacement(o('firm'), child({ purpose: 'temporary' })).ok).toBe(true);
    expect(checkOrgPlacement(o('jinjiang'), child({ purpose: 'temporary' }))).toEqual({ ok: false, code: 'PURPOSE_NOT_ALLOWED' });
  });

  it('puts mobile branches under a county committee, a township or a park (§2.1, §2.4, Q8)', () => {
    expect(checkOrgPlacement(o('jinjiang'), child({ purpose: 'mobile' })).ok).toBe(true);
    expect(checkOrgPlacement(o('town'), child({ purpose: 'mobile' })).ok).toBe(true);
    expect(checkOrgPlacement(o('park'), child({ purpose: 'mobile' })).ok).toBe(true);
    expect(checkOrgPlacement(o('s1'), child({ purpose: 'mobile' }))).toEqual({ ok: false, code: 'PURPOSE_NOT_ALLOWED' });
  });

  it('allows one special library per province, under its committee (§2.3)', () => {
    expect(checkOrgPlacement(o('chengdu'), child({ level: 'city', regionCode: '510100', purpose: 'special_library' }))).toEqual({
      ok: false,
      code: 'PURPOSE_NOT_ALLOWED',
    });
    expect(
      checkOrgPlacement(o('sc'), child({ level: 'provincial', regionCode: '510000', purpose: 'special_library' }), {
        libraryTakenInProvince: true,
      }),
    ).toEqual({
      ok: false,
      code: 'SPECIAL_LIBRARY_EXISTS',
    });
  });
});

describe('which orgs hold members (§3: a branch or a special-purpose org)', () => {
  it('a branch holds members, whatever its purpose', () => {
    expect(mayHoldMembers({ kind: 'branch', purpose: null })).toBe(true);
    expect(mayHoldMembers({ kind: 'branch', purpose: 'mobile' })).toBe(true);
  });
  it('a committee, working committee or general branch holds members only as a special-purpose org (graduates, new students, …)', () => {
    expect(mayHoldMembers({ kind: 'committee', purpose: null })).toBe(false);
    expect(mayHoldMembers({ kind: 'working_committee', purpose: null })).toBe(false);
    expect(mayHoldMembers({ kind: 'general_branch', purpose: null })).toBe(false);
    expect(mayHoldMembers({ kind: 'general_branch', purpose: 'graduates' })).toBe(true);
    expect(mayHoldMembers({ kind: 'committee', purpose: 'new_students' })).toBe(true);
  });
});
