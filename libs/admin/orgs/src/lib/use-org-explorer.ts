import { ref, shallowRef } from 'vue';
import type { CreateOrgRequest, OrgView, RegionView, UpdateOrgRequest } from '@zhtj/shared/contract';
import { errorMessage, useAuthStore } from '@zhtj/admin/data-access';

const CHILD_PAGE = 200;

/** State and API calls of the org page: scope root, selection, children, search, writes. */
export function useOrgExplorer() {
  const auth = useAuthStore();
  const api = auth.endpoints;

  const root = shallowRef<OrgView | null>(null);
  const selected = shallowRef<OrgView | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);

  const query = ref('');
  const results = shallowRef<OrgView[]>([]);
  const resultsTotal = ref(0);
  const searching = ref(false);
  let searchSeq = 0;

  async function loadRoot(): Promise<void> {
    const orgId = auth.me?.orgId;
    if (!orgId) return;
    loading.value = true;
    error.value = null;
    try {
      root.value = await api.orgs.get(orgId);
      selected.value ??= root.value;
    } catch (e) {
      error.value = errorMessage(e);
    } finally {
      loading.value = false;
    }
  }

  /** Every child of an org (a few pages at most). */
  async function children(id: string): Promise<OrgView[]> {
    const first = await api.orgs.children(id, 1, CHILD_PAGE);
    const items = [...first.items];
    for (let page = 2; items.length < first.total; page++) {
      const next = await api.orgs.children(id, page, CHILD_PAGE);
      if (next.items.length === 0) break;
      items.push(...next.items);
    }
    return items;
  }

  async function select(id: string): Promise<void> {
    try {
      selected.value = await api.orgs.get(id);
    } catch (e) {
      error.value = errorMessage(e);
    }
  }

  async function search(q: string): Promise<void> {
    query.value = q;
    const seq = ++searchSeq;
    if (!q.trim()) {
      results.value = [];
      resultsTotal.value = 0;
      return;
    }
    searching.value = true;
    try {
      const page = await api.orgs.list({ q: q.trim(), pageSize: 30 });
      if (seq !== searchSeq) return;
      results.value = page.items;
      resultsTotal.value = page.total;
    } finally {
      if (seq === searchSeq) searching.value = false;
    }
  }

  const get = (id: string): Promise<OrgView> => api.orgs.get(id);
  const create = (body: CreateOrgRequest): Promise<OrgView> => api.orgs.create(body);
  const update = (id: string, body: UpdateOrgRequest): Promise<OrgView> => api.orgs.update(id, body);
  const remove = (id: string): Promise<void> => api.orgs.remove(id);
  const regions = async (parent: string): Promise<RegionView[]> => (await api.regions.children(parent)).items;
  const regionName = async (code: string): Promise<string> => {
    try {
      return (await api.regions.get(code)).name;
    } catch {
      return code;
    }
  };

  return { root, selected, loading, error, query, results, resultsTotal, searching, loadRoot, children, select, search, get, create, update, remove, regions, regionName };
}

export type OrgExplorerState = ReturnType<typeof useOrgExplorer>;
