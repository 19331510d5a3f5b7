// Facts about orgs in the tree (DOMAIN.md §1) that the rules share.
import type { Codes } from './errors';
import type { Decision, OrgFacts, OrgKind, OrgLevel, OrgPurpose } from './types';
import { allow, isSchoolDomain, refuse } from './types';
import { isInRegion, isRegionCode } from './regions';

/** The parent's id, from the org's ancestor path (root … self); null for the root. */
export function parentIdOf(org: Pick<OrgFacts, 'path'>): string | null {
  return org.path.length >= 2 ? (org.path[org.path.length - 2] as string) : null;
}

/** 乡镇街道: an org of the township industry (a township committee or a branch under it). */
/**
 * §3 "The destination is a `branch` (or a special-purpose org listed above)": the orgs that hold
 * members — a branch, or any special-purpose org (graduates, mobile, abroad study, …) whatever its
 * kind. Every other org refuses members (MEMBER_ORG_NOT_BRANCH, NOT_A_BRANCH).
 */
export function mayHoldMembers(org: { kind: OrgKind | string; purpose?: OrgPurpose | string | null }): boolean {
  return org.kind === 'branch' || org.purpose != null;
}

export function isTownshipOrg(org: Pick<OrgFacts, 'industry'>): boolean {
  return org.industry === 'township';
}

/** Where a `mobile` branch (流动团员团支部) sits: set up by a township, a park (Q8) or the county (§2.1). */
export type MobileTier = 'township' | 'park' | 'county';

/**
 * §1: the tier of a mobile branch is the level of the committee it sits under: directly under a
 * county (or higher) committee → `county` (§2.1); under a park committee → `park` (Q8); under a
 * township → `township`. A branch created under a county committee has level `base`, so its own
 * level says nothing. Without `parentLevel` (callers that do not know it) the branch's own level
 * is the fallback. Null when the org is not a mobile branch.
 */
export function mobileTier(org: Pick<OrgFacts, 'purpose' | 'level' | 'industry' | 'parentLevel'>): MobileTier | null {
  if (org.purpose !== 'mobile') return null;
  const committeeLevel = org.parentLevel === undefined || org.parentLevel === null ? org.level : org.parentLevel;
  if (committeeLevel !== 'base') return 'county';
  return org.industry === 'park' ? 'park' : 'township';
}

/**
 * The school (学校) an org belongs to: the top-most school-domain org of `base` level on its
 * ancestor chain (the school committee, or the school's single branch, Q22(2)). `chain` is the
 * org's ancestors' facts from the root down to the org itself. Null when not in a school.
 */
export function schoolOf(chain: readonly OrgFacts[]): OrgFacts | null {
  for (const org of chain) {
    if (org.level === 'base' && isSchoolDomain(org.industry)) return org;
  }
  return null;
}

/**
 * What tells an org apart from the many of the same name (a county has dozens of "第1村团支部", a
 * province hundreds of "2025届1班团支部"): the names of its ancestors from its base-level unit —
 * the school, township or enterprise committee (§1 `base`) — down to its parent; with no
 * base-level ancestor, its parent's name. `ancestors` runs from the root down to the parent.
 */
export function orgContext(ancestors: readonly { name: string; level: OrgLevel }[]): string[] {
  const unit = ancestors.findIndex((o) => o.level === 'base');
  if (unit >= 0) return ancestors.slice(unit).map((o) => o.name);
  const parent = ancestors[ancestors.length - 1];
  return parent ? [parent.name] : [];
}

/** §1: an org's region defaults to its parent's. */
export function effectiveRegionCode(own: string | null | undefined, parentRegionCode: string): string {
  return isRegionCode(own) ? own : parentRegionCode;
}

/** Validates a region code given for an org (§1: 6-digit GB/T 2260). */
export function checkRegionCode(code: unknown): Decision<Codes<'REGION_CODE_INVALID'>> {
  return isRegionCode(code) ? allow() : refuse('REGION_CODE_INVALID');
}

/**
 * Deleting an org: only an empty one — no child orgs, no accounts, no **active** members (the
 * same count the org list shows, so an org listed as empty can go), and not the school that
 * graduates still name (§6: the school stays with the graduate). Members are never hard-deleted
 * (§2): members who have left stay on record under the parent org.
 */
export function canDeleteOrg(counts: {
  /** Active members (status `active`). */
  members: number;
  children: number;
  accounts?: number;
  /** Members whose school (§6) is this org. */
  graduatesOfSchool?: number;
}): Decision<Codes<'ORG_NOT_EMPTY'>> {
  return counts.members > 0 || counts.children > 0 || (counts.accounts ?? 0) > 0 || (counts.graduatesOfSchool ?? 0) > 0
    ? refuse('ORG_NOT_EMPTY')
    : allow();
}

/**
 * §3 (guide §4): when every member of a `graduates` org has transferred out, the school deletes
 * the org. True when the org is such an org and is now empty — list it as "to delete". When
 * `transferredOut` is given, an org nobody has left yet (a fresh, empty one) is not due.
 */
export function isGraduatesOrgDueForDeletion(
  org: Pick<OrgFacts, 'purpose'>,
  counts: { members: number; children: number; transferredOut?: number },
): boolean {
  if (counts.transferredOut !== undefined && counts.transferredOut === 0) return false;
  return org.purpose === 'graduates' && counts.members === 0 && counts.children === 0;
}

/** What the placement of a new or changed org needs to know beyond the two orgs. */
export interface PlacementContext {
  /** A school special-purpose org kept one per school (new students, delayed, abroad): the school already has one. */
  purposeTakenInSchool?: boolean;
  /** A special library: the province already has one. */
  libraryTakenInProvince?: boolean;
}

export type PlacementRefusal = Codes<
  | 'PARENT_IS_BRANCH'
  | 'ORG_LEVEL_INVALID'
  | 'REGION_OUTSIDE_PARENT'
  | 'PURPOSE_NOT_ALLOWED'
  | 'PURPOSE_ORG_EXISTS'
  | 'SPECIAL_LIBRARY_EXISTS'
>;

/** A school's own special-purpose orgs (§2.2, §2.5, §2.7, guide §4): they sit inside a school. */
export const SCHOOL_PURPOSES: readonly OrgPurpose[] = ['new_students', 'graduates', 'delayed_graduation', 'abroad_study'];

/**
 * Of those, one of each per school. Not `graduates`: every marked branch becomes one on 1 June
 * (DOMAIN.md §4 Interpretation), so a school has one per graduating class.
 */
export const ONE_PER_SCHOOL_PURPOSES: readonly OrgPurpose[] = ['new_students', 'delayed_graduation', 'abroad_study'];

const LEVEL_ORDER: readonly OrgFacts['level'][] = ['national', 'provincial', 'city', 'county', 'base'];

/** §2.1, Q7, Q8: the industries of an employer that may set up a temporary branch (临时团支部). */
export const TEMPORARY_BRANCH_INDUSTRIES: readonly string[] = ['enterprise', 'public_institution', 'social_org', 'park'];

/**
 * §1, §2: may `child` sit under `parent`? Levels descend (a branch may sit at its parent's own
 * level, e.g. a provincial special library); the region lies within the parent's; a school's
 * special-purpose orgs sit in a school, one of each per school (§2.2, §2.5, §2.7, guide §4);
 * temporary branches under employers (Q7); mobile branches under a county committee, a township
 * or a park (§2.1, §2.4, Q8); one special library per province, under its committee (§2.3).
 */
export function checkOrgPlacement(
  parent: Pick<OrgFacts, 'kind' | 'level' | 'industry' | 'regionCode'>,
  child: Pick<OrgFacts, 'kind' | 'level' | 'regionCode' | 'purpose'>,
  ctx: PlacementContext = {},
): Decision<PlacementRefusal> {
  if (parent.kind === 'branch') return refuse('PARENT_IS_BRANCH');
  const descends =
    child.level === 'base' ||
    LEVEL_ORDER.indexOf(child.level) > LEVEL_ORDER.indexOf(parent.level) ||
    (child.kind === 'branch' && child.level === parent.level);
  if (!descends || child.level === 'national') return refuse('ORG_LEVEL_INVALID');
  if (!isInRegion(child.regionCode, parent.regionCode)) return refuse('REGION_OUTSIDE_PARENT');
  if (child.purpose && SCHOOL_PURPOSES.includes(child.purpose)) {
    if (!isSchoolDomain(parent.industry)) return refuse('PURPOSE_NOT_ALLOWED');
    return ctx.purposeTakenInSchool && ONE_PER_SCHOOL_PURPOSES.includes(child.purpose) ? refuse('PURPOSE_ORG_EXISTS') : allow();
  }
  switch (child.purpose) {
    case 'temporary':
      return TEMPORARY_BRANCH_INDUSTRIES.includes(parent.industry ?? '') ? allow() : refuse('PURPOSE_NOT_ALLOWED');
    case 'mobile':
      return parent.level === 'county' || parent.industry === 'township' || parent.industry === 'park'
        ? allow()
        : refuse('PURPOSE_NOT_ALLOWED');
    case 'special_library':
      if (parent.level !== 'provincial') return refuse('PURPOSE_NOT_ALLOWED');
      return ctx.libraryTakenInProvince ? refuse('SPECIAL_LIBRARY_EXISTS') : allow();
    default:
      return allow();
  }
}
