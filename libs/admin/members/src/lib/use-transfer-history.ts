import { isMissingRoute, membersApi, usePage } from '@zhtj/admin/data-access';

/** A member's transfer history (我的组织关系转接历史, Q21). An API without the route yet shows as empty. */
export function useTransferHistory() {
  return usePage((memberId: string) => membersApi.transfers(memberId), { clearOnError: true, quiet: isMissingRoute });
}

export type TransferHistory = ReturnType<typeof useTransferHistory>;
