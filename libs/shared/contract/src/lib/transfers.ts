import type { Destination, Gender, Role, TransferStatus, TransferType } from '@zhtj/domain';
import type { DateOnly, IsoInstant } from './common';

/** A transfer as API.md reads it, with org names and the initiator (我的组织关系转接历史, Q21). */
export interface TransferHistoryItem extends TransferFollowUp {
  id: string;
  memberId: string;
  memberName: string;
  type: TransferType;
  status: TransferStatus;
  /** Null once the org has been deleted (its name stays in `fromOrgName`). */
  fromOrgId: string | null;
  fromOrgName: string | null;
  toOrgId: string | null;
  toOrgName: string | null;
  /**
   * The orgs' context beside their names (`OrgView.context`), on the lists, the history, the
   * approval view and the reminders: empty for an org deleted since, and for an origin hidden (§5).
   */
  fromOrgContext?: string[];
  toOrgContext?: string[];
  /** Set when the receiving org is in a separate provincial system (Beijing, Guangdong, Fujian; Q17). */
  external: { provinceCode: string; orgFullName: string } | null;
  initiatedBy: string;
  initiatorUsername: string | null;
  initiatorRole: Role;
  initiatedAt: IsoInstant;
  decidedAt: IsoInstant | null;
  /** Who approved, returned or withdrew it: the account's org (null for the automatic return). */
  deciderOrgName: string | null;
  deciderRole: Role | null;
  /** Decided by graduation marking itself (标记延迟毕业, §2.7), not by an account. */
  decidedByMarking: boolean;
  reason: string | null;
  note: string | null;
  /** §3.2.3: when a pending transfer is returned if still unreviewed, and whole days left at the server's clock; null when it never is. */
  returnDueAt: IsoInstant | null;
  daysLeft: number | null;
  /** 催办 sent on this transfer: how many, the first and the latest. */
  reminders: { count: number; firstAt: IsoInstant | null; lastAt: IsoInstant | null };
  /**
   * §5 two-party consent: the receiving side of a pull sees nothing of the member's side (the org,
   * its admins, who decided) until the outgoing side approves; `fromOrgId`, `fromOrgName`,
   * `deciderOrgName` and `deciderRole` are then null.
   */
  originHidden: boolean;
  /** §5: who decides it — the receiving side; the outgoing side for a pull (initiated by the receiving side); the other province's system (Q17). */
  decidingSide: 'receiving' | 'outgoing' | 'external';
}

/** `GET /api/transfers/reminders`: a reminded pending transfer this org should answer, with its age and escalation. */
export interface ReminderInboxItem {
  transfer: TransferHistoryItem;
  /** Whole days since the transfer was initiated. */
  ageDays: number;
  /** 0 = the reviewing org and its superior; each level one committee further up. */
  escalationLevel: number;
  escalatedToOrgName: string | null;
}

/** `POST /api/transfers` (API.md). */
export interface CreateTransferRequest {
  /** The member, by id — for the member, and admins who see the member. */
  memberId?: string;
  /** §5: a receiving side that does not see the member names it by ID number and full name (both must match). */
  member?: { idCardNumber: string; name: string };
  type: TransferType;
  toOrgId?: string;
  /** Beijing (11), Guangdong (44), Fujian (35): the receiving org's full name there (Q17). */
  external?: { provinceCode: string; orgFullName: string };
  /** §2.5: contact at home for `abroad_study`. */
  abroadRequest?: { domesticContactName?: string; domesticContactPhone?: string };
  note?: string;
}

export interface OrgAdminContact {
  id: string;
  username: string;
  role: Role;
  /** Q16: the admin's contact name and phone, as the account records them. */
  contactName: string | null;
  contactPhone: string | null;
}

/** `GET /api/transfers/:id`: the approval view (Q16). */
export interface TransferDetail extends TransferHistoryItem {
  /** The member's basic info and contacts (Q16); null for a decided transfer whose member is now outside the caller's scope. */
  member: {
    id: string;
    name: string;
    gender: Gender;
    birthDate: DateOnly;
    /** Masked. */
    idCardNumber: string;
    phone: string | null;
    emergencyContact: string | null;
    partyMember: boolean;
    currentOrgId: string;
    currentOrgName: string;
  } | null;
  fromOrgAdmins: OrgAdminContact[];
  toOrgAdmins: OrgAdminContact[];
  /** §5: the transfer targets a committee: approving it needs a branch under `toOrgId` (`branchId`). */
  assignBranch: boolean;
  /** What the caller may do now (the domain's `transferActions`: the routes' own decisions). */
  actions: { approve: boolean; reject: boolean; withdraw: boolean; remind: boolean; closeReturn: boolean };
}

export type TransferBox = 'incoming' | 'outgoing' | 'mine' | 'decide' | 'returned';

/** `POST /api/transfers/batch-approve {ids}`: a page of the incoming box approved in one action. */
export interface BatchApproveRequest {
  /** 1–100 transfers; each is decided as `POST /api/transfers/:id/approve` would (without `branchId`). */
  ids: string[];
}

/** Each transfer approved, or refused with the code and message its own approval would have answered. */
export interface BatchApproveResult {
  approved: TransferHistoryItem[];
  refused: { id: string; code: string; message: string; messageEn: string }[];
}

/** `POST /api/transfers/bulk`: one destination for many members (a class), each initiated as alone. */
export interface BulkInitiateRequest {
  /** 1–100 members by id (the console sends larger selections in pages of 100). */
  memberIds: string[];
  type: TransferType;
  toOrgId?: string;
  external?: { provinceCode: string; orgFullName: string };
  note?: string;
}

/** Each member's transfer created, or refused with the code and message its own initiation would have answered. */
export interface BulkInitiateResult {
  created: TransferHistoryItem[];
  refused: { memberId: string; code: string; message: string; messageEn: string }[];
}

/** `POST /api/transfers/remind-many`: 催办 for many pending transfers, each as its own reminder. */
export interface BulkRemindResult {
  reminded: string[];
  refused: { id: string; code: string; message: string; messageEn: string }[];
}

/** `GET /api/transfers/targets?q=&type=`: receiving orgs found by name, anywhere in the tree (§3). */
export interface TransferTargetView {
  id: string;
  name: string;
  kind: string;
  purpose: string | null;
  industry: string | null;
  regionCode: string;
  regionName: string | null;
  /** The region as people say it, with its city (沈阳市和平区, 天津市和平区: many counties share a name). */
  placeName: string | null;
  parentName: string | null;
  /** What tells it from the same-named (`OrgView.context`): e.g. the school and college of a class. */
  context: string[];
}

/**
 * `GET /api/transfers/targets/by-place?region=&parentId=&type=&memberId=`: one level of a place's
 * org tree, as the real system offers it (province → city → county → the county's orgs).
 */
export interface TransferTargetNode extends TransferTargetView {
  parentId: string | null;
  /** Has orgs below it in the same place (a committee's branches): the tree opens it. */
  hasChildren: boolean;
  /** May be chosen as the receiving org (for the type and the member, as /targets offers); else shown to reach what is below it. */
  selectable: boolean;
}
export type { Destination };

/** What a transfer reads beyond API.md's fields (issue 11). */
export interface TransferFollowUp {
  /** Q10, Q16: the offline check-in date recorded by the receiving org, if any. */
  checkedInOn: DateOnly | null;
  /** §2.5: the written retention request of an `abroad_study` transfer. */
  abroadRequest: { domesticContactName: string | null; domesticContactPhone: string | null } | null;
  /** §5: the committee the transfer targeted, when the approver assigned a branch under it. */
  requestedOrgName: string | null;
  /** Q17: an arrival from Beijing, Guangdong or Fujian (`fromOrgName` is the org's full name there). */
  externalArrival: boolean;
}

/** `POST /api/members/:id/check-in` (Q10, Q16). */
export interface CheckInView {
  memberId: string;
  transferId: string;
  checkedInOn: DateOnly;
}

/** `POST|GET /api/members/:id/abroad-reports` (§2.5). */
export interface AbroadReportView {
  id: string;
  memberId: string;
  date: DateOnly;
  note: string;
  recordedAt: IsoInstant;
}

/** `POST /api/transfers/:id/external-outcome` (Q17). */
export interface ExternalOutcomeRequest {
  outcome: 'approved' | 'returned';
  reason?: string;
}

/** `POST /api/transfers/arrivals` (§5, Q17): a member arriving from Beijing, Guangdong or Fujian. */
export interface ArrivalRequest {
  member: { name: string; idCardNumber: string; phone?: string; emergencyContact?: string };
  toOrgId: string;
  external: { provinceCode: string; orgFullName: string };
  type?: TransferType;
  note?: string;
}

/** `GET /api/calendar`: the season the domain knows (§5; guide §1, §3), at the server's clock. */
export interface SeasonCalendarView {
  today: DateOnly;
  /** off_season · initiation (1 May – 31 Aug) · review (1 – 30 Sep) · auto_return (1 Oct – 31 Dec). */
  phase: 'off_season' | 'initiation' | 'review' | 'auto_return';
  season: {
    year: number;
    windowStart: DateOnly;
    initiationEnd: DateOnly;
    reviewStart: DateOnly;
    receivingCompleteBy: DateOnly;
    autoReturnFrom: DateOnly;
    furtherStudyCompleteBy: DateOnly;
    windowEnd: DateOnly;
  };
  autoReturnDays: number;
  /** §3.1.2: the admitting school creates its new-students org and initiates within this many months of enrolment. */
  newStudentsDeadlineMonths: number;
}
