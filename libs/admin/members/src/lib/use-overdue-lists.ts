import { reactive, ref, shallowRef } from 'vue';
import { OVERDUE_LISTS } from '@zhtj/domain';
import type { OverdueList } from '@zhtj/domain';
import type { OverdueRow } from '@zhtj/shared/contract';
import { errorMessage, membersApi, saveFile, t } from '@zhtj/admin/data-access';

export { OVERDUE_LISTS };

/**
 * 超期名单 (DOMAIN.md §3, §5): one list at a time, paged, in the caller's scope; the rows carry
 * the dates the server's rules computed. Check-in and abroad reports are recorded from here.
 */
export function useOverdueLists(initial: { list?: OverdueList | null; orgId?: string | null } = {}) {
  const query = reactive({
    list: (initial.list ?? 'school_retention') as OverdueList,
    orgId: initial.orgId ?? (null as string | null),
    page: 1,
    pageSize: 20,
  });
  const items = shallowRef<OverdueRow[]>([]);
  const total = ref(0);
  const loading = ref(false);
  const error = ref<string | null>(null);

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      const page = await membersApi.overdue({
        list: query.list,
        orgId: query.orgId ?? undefined,
        page: query.page,
        pageSize: query.pageSize,
      });
      items.value = page.items;
      total.value = page.total;
    } catch (e) {
      error.value = errorMessage(e);
      items.value = [];
      total.value = 0;
    } finally {
      loading.value = false;
    }
  }

  async function exportExcel(): Promise<void> {
    saveFile(await membersApi.exportOverdue(query.list, query.orgId ?? undefined, t('overdueExportName')));
  }

  /** Runs a recording, then reloads the list; the error message on failure. */
  async function act(fn: () => Promise<unknown>): Promise<string | null> {
    try {
      await fn();
      await load();
      return null;
    } catch (e) {
      return errorMessage(e);
    }
  }

  return {
    query,
    items,
    total,
    loading,
    error,
    load,
    exportExcel,
    checkIn: (memberId: string, date: string) => act(() => membersApi.checkIn(memberId, date)),
    addAbroadReport: (memberId: string, date: string, note: string) => act(() => membersApi.addAbroadReport(memberId, date, note)),
  };
}
