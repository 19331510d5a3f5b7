import { reactive, ref, shallowRef } from 'vue';
import type { Destination } from '@zhtj/domain';
import type { MemberFilter, MemberListItem, MemberStatus } from '@zhtj/shared/contract';
import { errorMessage, membersApi, saveFile } from '@zhtj/admin/data-access';

export interface MemberFilterForm {
  q: string;
  orgId: string | null;
  graduationYear: number | null;
  destination: Destination | null;
  overdue: boolean;
  status: MemberStatus | 'all';
}

const emptyFilter = (): MemberFilterForm => ({
  q: '',
  orgId: null,
  graduationYear: null,
  destination: null,
  overdue: false,
  status: 'active',
});

/** The member table: filters, paging, loading state and the Excel export of the same filters. */
export function useMemberList(initial: Partial<MemberFilterForm> = {}) {
  const filter = reactive<MemberFilterForm>({ ...emptyFilter(), ...initial });
  const page = ref(1);
  const pageSize = ref(20);
  const items = shallowRef<MemberListItem[]>([]);
  const total = ref(0);
  // Past 1,000 rows the API answers the planner's estimate (totalEstimated): shown as “约”.
  const totalEstimated = ref(false);
  const loading = ref(false);
  const error = ref<string | null>(null);
  const exporting = ref(false);
  let seq = 0;

  function query(): MemberFilter {
    return {
      q: filter.q.trim() || undefined,
      orgId: filter.orgId ?? undefined,
      graduationYear: filter.graduationYear ?? undefined,
      destination: filter.destination ?? undefined,
      overdue: filter.overdue ? true : undefined,
      status: filter.status,
    };
  }

  async function load(): Promise<void> {
    const mine = ++seq;
    loading.value = true;
    error.value = null;
    try {
      const res = await membersApi.list({ ...query(), page: page.value, pageSize: pageSize.value });
      if (mine !== seq) return;
      items.value = res.items;
      total.value = res.total;
      totalEstimated.value = res.totalEstimated === true;
    } catch (e) {
      if (mine === seq) error.value = errorMessage(e);
    } finally {
      if (mine === seq) loading.value = false;
    }
  }

  function search(): Promise<void> {
    page.value = 1;
    return load();
  }

  function reset(): Promise<void> {
    Object.assign(filter, emptyFilter(), { orgId: initial.orgId ?? null });
    return search();
  }

  /** Downloads the filtered list (all pages) as .xlsx, built by the API with ID and phone masked. */
  async function exportExcel(): Promise<void> {
    exporting.value = true;
    try {
      saveFile(await membersApi.export(query()));
    } finally {
      exporting.value = false;
    }
  }

  return { filter, page, pageSize, items, total, totalEstimated, loading, error, exporting, load, search, reset, exportExcel };
}
