import type { Role, TransferStatus, TransferType } from '@zhtj/domain';
import type { IsoInstant } from './common';

/** A transfer as API.md reads it, with org names and the initiator (我的组织关系转接历史, Q21). */
export interface TransferHistoryItem {
  id: string;
  memberId: string;
  type: TransferType;
  status: TransferStatus;
  fromOrgId: string;
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
  reason: string | null;
  note: string | null;
}
