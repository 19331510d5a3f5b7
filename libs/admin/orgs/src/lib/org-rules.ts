import { ORG_LEVELS } from '@zhtj/domain';
import type { OrgKind, OrgLevel } from '@zhtj/domain';
import type { OrgView } from '@zhtj/shared/contract';

/** The level a new sub-org usually has: one below its parent; base stays base (DOMAIN.md §1). */
export function defaultChildLevel(parent: Pick<OrgView, 'level'>): OrgLevel {
  if (parent.level === 'base') return 'base';
  return ORG_LEVELS[ORG_LEVELS.indexOf(parent.level) + 1] ?? 'base';
}

/** The kind a new sub-org usually has. */
export function defaultChildKind(parent: Pick<OrgView, 'level' | 'kind'>): OrgKind {
  if (parent.level !== 'base') return 'committee';
  return parent.kind === 'committee' ? 'general_branch' : 'branch';
}

/** Members belong only to branches or special-purpose orgs (MEMBER_ORG_NOT_BRANCH). */
export function holdsMembers(org: Pick<OrgView, 'kind' | 'purpose'>): boolean {
  return org.kind === 'branch' || org.purpose !== null;
}

/** An org can be deleted only when empty (ORG_NOT_EMPTY); accounts are checked by the API. */
export function looksEmpty(org: Pick<OrgView, 'childCount' | 'memberCount'>): boolean {
  return org.childCount === 0 && org.memberCount === 0;
}
