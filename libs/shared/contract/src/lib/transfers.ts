import type { Destination, Gender, Role, TransferStatus, TransferType } from '@zhtj/domain';
import type { DateOnly, IsoInstant } from './common';

/** A transfer as API.md reads it, with org names and the initiator (我的组织关系转接历史, Q21). */
export interface TransferHistoryItem {
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
  reason: string | null;
  note: string | null;
  /** 催办 sent on this transfer: how many, the first and the latest. */
  reminders: { count: number; firstAt: IsoInstant | null; lastAt: IsoInstant | null };
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
  memberId: string;
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
}

export type TransferBox = 'incoming' | 'outgoing' | 'mine';

/** `GET /api/transfers/targets?q=&type=`: receiving orgs found by name, anywhere in the tree (§3). */
export interface TransferTargetView {
  id: string;
  name: string;
  kind: string;
  purpose: string | null;
  industry: string | null;
  regionCode: string;
  regionName: string | null;
  parentName: string | null;
}
export type { Destination };
