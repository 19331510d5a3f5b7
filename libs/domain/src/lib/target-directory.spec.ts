import { describe, expect, it } from 'vitest';
import { type DirectoryCandidate, offerAsTarget } from './target-directory';
import type { OrgFacts } from './types';

const now = '2026-07-01T09:00:00+08:00';
const org = (id: string, over: Partial<DirectoryCandidate> = {}): DirectoryCandidate => ({
  id,
  kind: 'branch',
  level: 'base',
  industry: null,
  purpose: null,
  regionCode: '510104',
  path: ['root', 'sc', 'cd', 'jj', id],
  parentLevel: 'base',
  underSchool: false,
  ...over,
});
// The graduate's class branch at a university in Wuhou.
const from: OrgFacts = {
  id: 'cs2022',
  kind: 'branch',
  level: 'base',
  industry: null,
  purpose: null,
  regionCode: '510107',
  path: ['root', 'sc', 'cd', 'wh', 'uni', 'cs2022'],
  parentLevel: 'base',
};

describe('the receiving-org directory offers what the route allows (§3)', () => {
  it('offers an employer’s branch for employment (§2.1)', () => {
    expect(offerAsTarget('employment', org('employer', { industry: 'enterprise' }), from, now)).toBe(true);
  });

  it('never offers a school’s class branch for employment, even without the member’s org (§2.1)', () => {
    const highSchoolClass = org('gs3', { underSchool: true });
    expect(offerAsTarget('employment', highSchoolClass, from, now)).toBe(false);
    expect(offerAsTarget('employment', highSchoolClass, null, now)).toBe(false);
    // A school's special-purpose org is not a class: it stays for the types that need it.
    expect(offerAsTarget('further_study', org('ns', { underSchool: true, purpose: 'new_students' }), from, now)).toBe(true);
  });

  it('offers an employer’s or a township’s committee for employment, which assigns the branch (§5 分配到团支部, Q4), not for further study', () => {
    const firm = org('firm', { kind: 'committee', industry: 'enterprise' });
    const town = org('town', { kind: 'working_committee', industry: 'township' });
    expect(offerAsTarget('employment', firm, from, now)).toBe(true);
    expect(offerAsTarget('employment', firm, null, now)).toBe(true);
    expect(offerAsTarget('employment', town, from, now)).toBe(true);
    expect(offerAsTarget('further_study', firm, null, now)).toBe(false);
    expect(offerAsTarget('unemployed', town, null, now)).toBe(false);
    // A county's committee is not base level: never a target.
    expect(offerAsTarget('employment', org('jj', { kind: 'committee', level: 'county', industry: null }), null, now)).toBe(false);
  });

  it('does not offer the member’s own branch (SAME_ORG)', () => {
    expect(offerAsTarget('employment', { ...from, underSchool: false }, from, now)).toBe(false);
  });

  it('offers only the purpose a type requires once the member is known (§2.2: new-students orgs for further study)', () => {
    expect(offerAsTarget('further_study', org('employer', { industry: 'enterprise' }), from, now)).toBe(false);
  });

  it('keeps an abroad-study branch of the own school although the home contact is not filled in yet (§2.5)', () => {
    const abroad = org('abroad', {
      underSchool: true,
      industry: 'university',
      purpose: 'abroad_study',
      path: ['root', 'sc', 'cd', 'wh', 'uni', 'abroad'],
      regionCode: '510107',
    });
    expect(offerAsTarget('abroad_study', abroad, from, now, { fromSchoolId: 'uni' })).toBe(true);
  });
});
