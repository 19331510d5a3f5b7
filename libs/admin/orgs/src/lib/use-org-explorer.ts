import { ref, shallowRef } from 'vue';
import type { CreateOrgRequest, OrgView, RegionView, UpdateOrgRequest } from '@zhtj/shared/contract';
import { errorMessage, orgsApi, regionsApi, useAuthStore, useLoading } from '@zhtj/admin/data-access';

const CHILD_PAGE = 200;

/** State and API calls of the org page: scope root, selection, children, search, writes. */
export function useOrgExplorer() {
  const auth = useAuthStore();

  const root = shallowRef<OrgView | null>(null);
  const selected = shallowRef<OrgView | null>(null);
  const { loading, error, run } = useLoading();

  const query = ref('');
  const results = shallowRef<OrgView[]>([]);
  const resultsTotal = ref(0);
  const searching = ref(false);
  let searchSeq = 0;

  async function loadRoot(): Promise<void> {
    const orgId = auth.me?.orgId;
    if (!orgId) return;
    await run(async () => {
      root.value = await orgsApi.get(orgId);
      selected.value ??= root.value;
    });
  }

  /** Every child of an org (a few pages at most). */
  async function children(id: string): Promise<OrgView[]> {
    const first = await orgsApi.children(id, 1, CHILD_PAGE);
    const items = [...first.items];
    for (let page = 2; items.length < first.total; page++) {
      const next = await orgsApi.children(id, page, CHILD_PAGE);
      if (next.items.length === 0) break;
      items.push(...next.items);
    }
    return items;
  }

  async function select(id: string): Promise<void> {
    try {
      selected.value = await orgsApi.get(id);
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
      const page = await orgsApi.list({ q: q.trim(), pageSize: 30 });
      if (seq !== searchSeq) return;
      results.value = page.items;
      resultsTotal.value = page.total;
    } finally {
      if (seq === searchSeq) searching.value = false;
    }
  }

  const get = (id: string): Promise<OrgView> => orgsApi.get(id);
  const create = (body: CreateOrgRequest): Promise<OrgView> => orgsApi.create(body);
  const update = (id: string, body: UpdateOrgRequest): Promise<OrgView> => orgsApi.update(id, body);
  const remove = (id: string): Promise<void> => orgsApi.remove(id);
  const regions = async (parent: string): Promise<RegionView[]> => (await regionsApi.children(parent)).items;
  const regionName = async (code: string): Promise<string> => {
    try {
      return (await regionsApi.get(code)).name;
    } catch {
      return code;
    }
  };

  return {
    root,
    selected,
    loading,
    error,
    query,
    results,
    resultsTotal,
    searching,
    loadRoot,
    children,
    select,
    search,
    get,
    create,
    update,
    remove,
    regions,
    regionName,
  };
}

export type OrgExplorerState = ReturnType<typeof useOrgExplorer>;
