import type { Destination, Gender, MemberMark, OrgPurpose } from '@zhtj/domain';
import type { DateOnly, IsoInstant, Page, PageRequest } from './common';

export type MemberStatus = 'active' | 'left';

/** A member in a list: ID number and phone are masked (DOMAIN.md §2). */
export interface MemberListItem {
  id: string;
  orgId: string;
  orgName: string;
  /** The org's context beside its name (`OrgView.context`): e.g. the school of a "2025届1班团支部". */
  orgContext: string[];
  name: string;
  /** Masked, e.g. `5101**********1234`. */
  idCardNumber: string;
  gender: Gender;
  birthDate: DateOnly;
  /** Masked, e.g. `138****5678`. */
  phone: string | null;
  joinDate: DateOnly | null;
  partyMember: boolean;
  graduationDate: DateOnly | null;
  destination: Destination | null;
  /** Per-member graduation mark (§4): delayed 延迟毕业, teacher 教师, graduate_mobile 毕业学生流动团员. */
  graduationMark: MemberMark | null;
  status: MemberStatus;
}

/** One member in full (unmasked), for admins in scope and for the member. */
export interface MemberDetail extends MemberListItem {
  /** The purpose of the member's org (DOMAIN.md §1), e.g. `abroad_study` for the §2.5 report log. */
  orgPurpose: OrgPurpose | null;
  emergencyContact: string | null;
  /** 团内职务 (Q1). */
  leaguePost: string | null;
  educationStage: string | null;
  schoolOrgId: string | null;
  leftReason: string | null;
  /** When the member left (status `left`); null while active. */
  leftAt: string | null;
  /** The branch whose marking gave the graduation date: the graduation event (DOMAIN.md §6). */
  graduationOrgId: string | null;
  createdAt: IsoInstant;
  updatedAt: IsoInstant;
  /** The member's own login account, if one was opened (members log in with the ID number). */
  account: { id: string; username: string } | null;
}

export interface CreateMemberRequest {
  orgId: string;
  name: string;
  idCardNumber: string;
  gender?: Gender;
  birthDate?: DateOnly;
  phone?: string;
  joinDate?: DateOnly;
  partyMember?: boolean;
  emergencyContact?: string;
  educationStage?: string;
  /** 团内职务 (Q1); empty for none. */
  leaguePost?: string;
}

/** `orgId` is not patchable: members change org only by transfer (Q18). */
export type UpdateMemberRequest = Partial<Omit<CreateMemberRequest, 'orgId'>>;

/** Filters of `GET /api/members` and `GET /api/members/export`. */
export interface MemberFilter {
  /** Members of this org and its sub-orgs. */
  orgId?: string;
  /** Name contains, or the ID number (whole or its last 4+ characters). */
  q?: string;
  graduationYear?: number;
  destination?: Destination;
  status?: MemberStatus | 'all';
  /** Only members overdue under DOMAIN.md §3 (retention, mobile branches, age). */
  overdue?: boolean;
}

export type MemberListRequest = MemberFilter &
  PageRequest & {
    /**
     * Keyset paging (issue 8): the page after this cursor — a previous answer's `nextCursor` — in
     * the list's order (name, id); every page then costs what the first does. Replaces `page`.
     */
    after?: string;
  };

/** `GET /api/members`: a page, with the cursor of the page after it (null on the last page). */
export interface MemberPage extends Page<MemberListItem> {
  nextCursor: string | null;
}

/** `GET /api/members/overdue?list=` (DOMAIN.md §3, §5): one row per listed member. */
export interface OverdueRow {
  memberId: string;
  name: string;
  /** Masked. */
  idCardNumber: string;
  orgId: string;
  orgName: string;
  /** The org's context beside its name (`OrgView.context`). */
  orgContext: string[];
  /** `follow_up` only on the township list (struck Q6 Interpretation). */
  status: 'overdue' | 'follow_up';
  /** When the clock started: graduation, receipt into the branch, approval, last report. */
  since: string;
  /** The last day still in time. */
  dueBy: string;
  /** The day the member fell due (the day after `dueBy`). */
  overdueSince: string;
}
