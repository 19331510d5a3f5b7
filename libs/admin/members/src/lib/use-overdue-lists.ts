import { reactive } from 'vue';
import { OVERDUE_LISTS } from '@zhtj/domain';
import type { OverdueList } from '@zhtj/domain';
import { failureOf, membersApi, saveFile, t, usePage } from '@zhtj/admin/data-access';

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
  const page = usePage(
    () => membersApi.overdue({ list: query.list, orgId: query.orgId ?? undefined, page: query.page, pageSize: query.pageSize }),
    { clearOnError: true },
  );

  async function exportExcel(): Promise<void> {
    saveFile(await membersApi.exportOverdue(query.list, query.orgId ?? undefined, t('overdueExportName')));
  }

  /** Runs a recording, then reloads the list; the error message on failure. */
  const act = (fn: () => Promise<unknown>): Promise<string | null> => failureOf(fn, page.load);

  return {
    query,
    ...page,
    exportExcel,
    checkIn: (memberId: string, date: string) => act(() => membersApi.checkIn(memberId, date)),
    addAbroadReport: (memberId: string, date: string, note: string) => act(() => membersApi.addAbroadReport(memberId, date, note)),
  };
}
