import type { TransferStatus, TransferType } from '@zhtj/domain';
import type { IsoInstant } from './common';

/** One entry of a member's transfer history (我的组织关系转接历史, Q21). */
export interface TransferHistoryItem {
  id: string;
  type: TransferType;
  status: TransferStatus;
  fromOrgId: string;
  toOrgId: string | null;
  fromOrgName?: string;
  toOrgName?: string;
  initiatedBy: string;
  initiatedAt: IsoInstant;
  decidedAt: IsoInstant | null;
  reason: string | null;
}
