// A small org tree for the specs (not exported from the library).
// Sichuan (51): Chengdu 510100 / Jinjiang county 510104, Mianyang 510700 / Fucheng 510703;
// Chongqing (50). Ids are short mnemonic strings.
import type { Actor, ExternalOrgRef, OrgFacts, OrgKind, OrgLevel, Industry, OrgPurpose, Role } from '../types';
import { adminRoleForOrg } from '../roles';

type Spec = {
  kind: OrgKind;
  level: OrgLevel;
  industry?: Industry | null;
  purpose?: OrgPurpose | null;
  regionCode?: string;
};

export const tree: Record<string, OrgFacts> = {};

function add(id: string, parent: string | null, spec: Spec): OrgFacts {
  const p = parent === null ? null : tree[parent];
  if (parent !== null && !p) throw new Error(`unknown parent ${parent}`);
  const org: OrgFacts = {
    id,
    kind: spec.kind,
    level: spec.level,
    industry: spec.industry ?? null,
    purpose: spec.purpose ?? null,
    regionCode: spec.regionCode ?? p?.regionCode ?? '000000',
    path: [...(p?.path ?? []), id],
    parentLevel: p?.level ?? null,
  };
  tree[id] = org;
  return org;
}

add('nation', null, { kind: 'committee', level: 'national', regionCode: '000000' });
// Sichuan
add('sc', 'nation', { kind: 'committee', level: 'provincial', regionCode: '510000' });
add('scLib', 'sc', { kind: 'branch', level: 'provincial', industry: 'special', purpose: 'special_library' });
add('chengdu', 'sc', { kind: 'committee', level: 'city', regionCode: '510100' });
add('jinjiang', 'chengdu', { kind: 'committee', level: 'county', regionCode: '510104' });
add('jjMobile', 'jinjiang', { kind: 'branch', level: 'county', purpose: 'mobile' });
// As the API creates it: a branch under the county committee has level `base` (§1: tier = parent's level).
add('jjMobileBase', 'jinjiang', { kind: 'branch', level: 'base', purpose: 'mobile' });
add('town', 'jinjiang', { kind: 'committee', level: 'base', industry: 'township' });
add('townBranch', 'town', { kind: 'branch', level: 'base', industry: 'township' });
add('townMobile', 'town', { kind: 'branch', level: 'base', industry: 'township', purpose: 'mobile' });
add('youthHome', 'town', { kind: 'branch', level: 'base', industry: 'youth_home' });
add('firm', 'jinjiang', { kind: 'committee', level: 'base', industry: 'enterprise' });
add('firmBranch', 'firm', { kind: 'branch', level: 'base', industry: 'enterprise' });
add('firmTemp', 'firm', { kind: 'branch', level: 'base', industry: 'enterprise', purpose: 'temporary' });
add('park', 'jinjiang', { kind: 'committee', level: 'base', industry: 'park' });
add('parkMobile', 'park', { kind: 'branch', level: 'base', industry: 'park', purpose: 'mobile' });
// School S1, a university in Chengdu (Jinjiang).
add('s1', 'jinjiang', { kind: 'committee', level: 'base', industry: 'university' });
add('s1College', 's1', { kind: 'general_branch', level: 'base', industry: 'university' });
add('s1Class1', 's1College', { kind: 'branch', level: 'base', industry: 'university' });
add('s1Class2', 's1College', { kind: 'branch', level: 'base', industry: 'university' });
add('s1Grads', 's1', { kind: 'branch', level: 'base', industry: 'university', purpose: 'graduates' });
add('s1Abroad', 's1', { kind: 'branch', level: 'base', industry: 'university', purpose: 'abroad_study' });
add('s1Delayed', 's1', { kind: 'branch', level: 'base', industry: 'university', purpose: 'delayed_graduation' });
add('s1New', 's1', { kind: 'branch', level: 'base', industry: 'university', purpose: 'new_students' });
add('s1NewCommittee', 's1', {
  kind: 'general_branch',
  level: 'base',
  industry: 'university',
  purpose: 'new_students',
});
// A high school that is one single branch directly under the county (Q22(2)).
add('wholeSchool', 'jinjiang', { kind: 'branch', level: 'base', industry: 'high_school' });
// A primary school (Q24) and a branch with no industry.
add('primary', 'jinjiang', { kind: 'committee', level: 'base', industry: 'primary' });
add('primaryBranch', 'primary', { kind: 'branch', level: 'base', industry: 'primary' });
add('noIndustry', 'jinjiang', { kind: 'branch', level: 'base', industry: null });
add('firmSchoolless', 'firm', { kind: 'general_branch', level: 'base', industry: 'enterprise' });
// School S2 in Mianyang (Fucheng).
add('mianyang', 'sc', { kind: 'committee', level: 'city', regionCode: '510700' });
add('fucheng', 'mianyang', { kind: 'committee', level: 'county', regionCode: '510703' });
add('s2', 'fucheng', { kind: 'committee', level: 'base', industry: 'university' });
add('s2Class', 's2', { kind: 'branch', level: 'base', industry: 'university' });
add('s2New', 's2', { kind: 'branch', level: 'base', industry: 'university', purpose: 'new_students' });
add('s2Abroad', 's2', { kind: 'branch', level: 'base', industry: 'university', purpose: 'abroad_study' });
add('s2Delayed', 's2', { kind: 'branch', level: 'base', industry: 'university', purpose: 'delayed_graduation' });
// Chongqing (50).
add('cq', 'nation', { kind: 'committee', level: 'provincial', regionCode: '500000' });
add('cqLib', 'cq', { kind: 'branch', level: 'provincial', industry: 'special', purpose: 'special_library' });
add('cqSchool', 'cq', { kind: 'committee', level: 'base', industry: 'university', regionCode: '500106' });
add('cqNew', 'cqSchool', { kind: 'branch', level: 'base', industry: 'university', purpose: 'new_students' });
// A Beijing org that should not be in the tree (Q17).
add('bjStray', 'nation', { kind: 'branch', level: 'base', industry: 'enterprise', regionCode: '110105' });

export function o(id: string): OrgFacts {
  const org = tree[id];
  if (!org) throw new Error(`unknown org ${id}`);
  return org;
}

/** The admin account bound to org `id` (role from `adminRoleForOrg`). */
export function adminOf(id: string, userId = `admin-${id}`, role?: Role): Actor {
  const org = o(id);
  return {
    userId,
    role: role ?? adminRoleForOrg(org),
    orgId: org.id,
    orgPath: org.path,
    orgIndustry: org.industry,
  };
}

/** The member account of member `memberId` in org `orgId`. */
export function memberActor(memberId: string, orgId: string): Actor {
  const org = o(orgId);
  return { userId: `user-${memberId}`, role: 'member', orgId, orgPath: org.path, memberId, orgIndustry: org.industry };
}

export const beijing = (orgFullName = '北京市海淀区某科技有限公司团支部'): ExternalOrgRef => ({
  external: true,
  provinceCode: '11',
  orgFullName,
});
