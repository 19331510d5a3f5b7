import type { Destination, MemberMark } from '@zhtj/domain';
import type { DateOnly } from './common';

/** `PUT /api/orgs/:id/graduation` (§4, Q11, Q22–Q25). */
export interface BranchGraduationRequest {
  /** null clears the mark. */
  graduationDate: DateOnly | null;
  /** Q11: a mixed branch — members are dated one by one. Omitted keeps the current setting. */
  mixed?: boolean;
}

/** `PUT /api/orgs/graduation`: many branches in one action, all or nothing. */
export interface BulkGraduationRequest extends BranchGraduationRequest {
  orgIds: string[];
}

export interface BranchGraduationResult {
  id: string;
  name: string;
  graduationDate: DateOnly | null;
  mixed: boolean;
  /** Members whose date the mark set (in one statement). */
  membersUpdated: number;
}

export interface BulkGraduationResult {
  items: BranchGraduationResult[];
  membersUpdated: number;
}

/** `details.refusals` of a GRADUATION_BULK_REFUSED error. */
export interface BulkGraduationRefusal {
  orgId: string;
  code: string;
  name: string | null;
}

/** `PUT /api/members/:id/graduation`: at least one field. */
export interface MemberGraduationRequest {
  /** Per-member date, only in a mixed branch (Q11). */
  graduationDate?: DateOnly | null;
  /** 毕业去向. */
  destination?: Destination | null;
  /** delayed 延迟毕业 · teacher 教师 · graduate_mobile 毕业学生流动团员 (from 1 August); null clears. */
  mark?: MemberMark | null;
}

/** `GET /api/orgs/:id/graduation-overview`: the school-domain branches under an org. */
export interface GraduationOverview {
  orgId: string;
  branches: number;
  marked: number;
  mixed: number;
  unmarked: number;
  members: number;
  /**
   * `graduatesOrg`: the branch has become a 毕业生团组织 (DOMAIN.md §4 Interpretation: 1 June of its
   * year); `context`: the school (and college) beside the branch's name (`OrgView.context`).
   */
  items: {
    id: string;
    name: string;
    context: string[];
    parentId: string | null;
    graduationDate: DateOnly | null;
    mixed: boolean;
    graduatesOrg: boolean;
    memberCount: number;
  }[];
}

/** `PUT /api/members/graduation`: one 毕业去向 for many graduates (null clears it), each decided as its own would be. */
export interface BulkDestinationRequest {
  memberIds: string[];
  destination: Destination | null;
}

/** Per member: set, or refused with the code and message its own request would answer. */
export interface BulkDestinationResult {
  updated: string[];
  refused: { memberId: string; name: string | null; code: string; message: string }[];
}
