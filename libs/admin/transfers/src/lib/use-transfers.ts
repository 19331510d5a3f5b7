import { reactive, shallowRef } from 'vue';
import type { BatchApproveResult, BulkRemindResult, TransferBox, TransferDetail } from '@zhtj/shared/contract';
import { failureOf, transfersApi, usePage } from '@zhtj/admin/data-access';

/** State of 转接管理: one box at a time, paged; the open transfer's approval view (Q16). */
export function useTransfers() {
  /** `q`: the member's name begins with it (转接管理's search). */
  const query = reactive({ box: 'decide' as TransferBox, status: 'pending' as string, q: '', page: 1, pageSize: 20 });
  const page = usePage(() =>
    transfersApi.list(query.box, {
      status: query.status && query.status !== 'all' ? query.status : undefined,
      q: query.q.trim() || undefined,
      page: query.page,
      pageSize: query.pageSize,
    }),
  );

  const detail = shallowRef<TransferDetail | null>(null);
  async function open(id: string): Promise<void> {
    detail.value = await transfersApi.get(id);
  }

  /** Runs a decision, then refreshes the list and the open view; the error message on failure. */
  const act = (fn: () => Promise<unknown>): Promise<string | null> =>
    failureOf(fn, async () => {
      await page.load();
      if (detail.value) detail.value = await transfersApi.get(detail.value.id);
    });

  return {
    query,
    ...page,
    detail,
    open,
    approve: (id: string) => act(() => transfersApi.approve(id)),
    /** 批量审核通过: the result (approved and refused, each with its reason), or the error message. */
    async approveMany(ids: string[]): Promise<BatchApproveResult | string> {
      let result: BatchApproveResult = { approved: [], refused: [] };
      const err = await act(async () => {
        result = await transfersApi.approveMany(ids);
      });
      return err ?? result;
    },
    /** 批量催办: each reminded or refused with its reason, or the error message. */
    async remindMany(ids: string[]): Promise<BulkRemindResult | string> {
      let result: BulkRemindResult = { reminded: [], refused: [] };
      const err = await act(async () => {
        result = await transfersApi.remindMany(ids);
      });
      return err ?? result;
    },
    reject: (id: string, reason: string) => act(() => transfersApi.reject(id, reason)),
    withdraw: (id: string) => act(() => transfersApi.withdraw(id)),
    remind: (id: string) => act(() => transfersApi.remind(id)),
    closeReturn: (id: string) => act(() => transfersApi.closeReturn(id)),
    /** After a change made elsewhere (branch assignment, an external outcome): reload the list and the view. */
    refresh: () => act(() => Promise.resolve()),
  };
}
