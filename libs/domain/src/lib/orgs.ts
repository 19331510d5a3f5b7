// Facts about orgs in the tree (DOMAIN.md §1) that the rules share.
import type { Codes } from './errors';
import type { Decision, OrgFacts } from './types';
import { allow, isSchoolDomain, refuse } from './types';
import { isRegionCode } from './regions';

/** The parent's id, from the org's ancestor path (root … self); null for the root. */
export function parentIdOf(org: Pick<OrgFacts, 'path'>): string | null {
  return org.path.length >= 2 ? (org.path[org.path.length - 2] as string) : null;
}

/** 乡镇街道: an org of the township industry (a township committee or a branch under it). */
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
