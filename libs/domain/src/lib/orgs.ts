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
 * The tier of a mobile branch, read from its own fields: a mobile branch above the base level
 * (created by the county committee, §2.1) is `county`; otherwise industry `park` → `park`,
 * anything else → `township`. Null when the org is not a mobile branch.
 */
export function mobileTier(org: Pick<OrgFacts, 'purpose' | 'level' | 'industry'>): MobileTier | null {
  if (org.purpose !== 'mobile') return null;
  if (org.level !== 'base') return 'county';
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
 * Deleting an org: only an empty one (no child orgs, members or accounts). Members are never
 * hard-deleted (§2), so an org with members cannot go.
 */
export function canDeleteOrg(counts: {
  members: number;
  children: number;
  accounts?: number;
}): Decision<Codes<'ORG_NOT_EMPTY'>> {
  return counts.members > 0 || counts.children > 0 || (counts.accounts ?? 0) > 0 ? refuse('ORG_NOT_EMPTY') : allow();
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
