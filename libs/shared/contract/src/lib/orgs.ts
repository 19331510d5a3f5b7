import type { Industry, OrgKind, OrgLevel, OrgPurpose } from '@zhtj/domain';
import type { DateOnly, PageRequest } from './common';

/** An org as the API shows it, with its direct child count and active member count. */
export interface OrgView {
  id: string;
  parentId: string | null;
  name: string;
  kind: OrgKind;
  level: OrgLevel;
  industry: Industry | null;
  regionCode: string;
  purpose: OrgPurpose | null;
  graduationDate: DateOnly | null;
  mixed: boolean;
  /** Ancestor ids from the root down to and including this org. */
  path: string[];
  childCount: number;
  memberCount: number;
  /** A `graduates` org everyone has left: the school is prompted to delete it (§3, guide §4). */
  dueForDeletion: boolean;
  /** What tells the org apart from the same-named (domain `orgContext`): the names from its school, township or enterprise committee down to its parent; its parent's name above base level. */
  context: string[];
}

export interface CreateOrgRequest {
  parentId: string;
  name: string;
  kind: OrgKind;
  level: OrgLevel;
  industry?: Industry | null;
  regionCode?: string;
  purpose?: OrgPurpose | null;
}

export interface UpdateOrgRequest {
  parentId?: string;
  name?: string;
  kind?: OrgKind;
  industry?: Industry | null;
  regionCode?: string;
  purpose?: OrgPurpose | null;
}

export interface OrgListFilter extends PageRequest {
  q?: string;
  regionCode?: string;
  purpose?: OrgPurpose;
  kind?: OrgKind;
}
