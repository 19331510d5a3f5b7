import type { TransferType } from '@zhtj/domain';

/** A transfer to fill the initiate form from: a returned one sent again, or a member's own (fixed member). */
export interface InitiatePrefill {
  memberId: string;
  memberName: string;
  type?: TransferType;
  toOrgId?: string | null;
  toOrgName?: string | null;
  external?: { provinceCode: string; orgFullName: string } | null;
}
