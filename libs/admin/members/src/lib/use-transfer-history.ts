import { ref, shallowRef } from 'vue';
import type { TransferHistoryItem } from '@zhtj/shared/contract';
import { errorMessage, isMissingRoute, membersApi } from '@zhtj/admin/data-access';

/** A member's transfer history (我的组织关系转接历史, Q21). An API without the route yet shows as empty. */
export function useTransferHistory() {
  const items = shallowRef<TransferHistoryItem[]>([]);
  const total = ref(0);
  const loading = ref(false);
  const error = ref<string | null>(null);

  async function load(memberId: string): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      const page = await membersApi.transfers(memberId);
      items.value = page.items;
      total.value = page.total;
    } catch (e) {
      items.value = [];
      total.value = 0;
      if (!isMissingRoute(e)) error.value = errorMessage(e);
    } finally {
      loading.value = false;
    }
  }

  return { items, total, loading, error, load };
}
