import { canDeleteOrg, ORG_LEVELS } from '@zhtj/domain';
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

/** The domain's rule for deleting an org (ORG_NOT_EMPTY), on what the console sees; accounts are checked by the API. */
export function looksEmpty(org: Pick<OrgView, 'childCount' | 'memberCount'>): boolean {
  return canDeleteOrg({ members: org.memberCount, children: org.childCount }).ok;
}
