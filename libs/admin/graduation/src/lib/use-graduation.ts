import { ref, shallowRef } from 'vue';
import type { Destination, MemberMark } from '@zhtj/domain';
import type { BulkGraduationRefusal, GraduationOverview, MemberListItem, OrgView } from '@zhtj/shared/contract';
import { ApiError, errorMessage, graduationApi, membersApi, orgsApi, useAuthStore, useLoading } from '@zhtj/admin/data-access';

export type Refusal = BulkGraduationRefusal & { message: string };

/** State and calls of 管理下级组织 (§4): overview, bulk and single marking, mixed members. */
export function useGraduation() {
  const auth = useAuthStore();

  const overview = shallowRef<GraduationOverview | null>(null);
  const dueGraduates = shallowRef<OrgView[]>([]);
  const { loading, error, run } = useLoading();

  async function load(): Promise<void> {
    const orgId = auth.me?.orgId;
    if (!orgId) return;
    await run(async () => {
      const [o, grads] = await Promise.all([graduationApi.overview(orgId), orgsApi.list({ purpose: 'graduates', pageSize: 100 })]);
      overview.value = o;
      dueGraduates.value = grads.items.filter((g) => g.dueForDeletion);
    });
  }

  /** Marks many branches; refusals come back per branch and nothing is changed (all or nothing). */
  async function markMany(
    orgIds: string[],
    graduationDate: string,
    mixed: boolean,
  ): Promise<{ ok: true; branches: number; members: number } | { ok: false; message: string; refusals: Refusal[] }> {
    try {
      const res = await graduationApi.markBranches({ orgIds, graduationDate, mixed });
      await load();
      return { ok: true, branches: res.items.length, members: res.membersUpdated };
    } catch (e) {
      const details = e instanceof ApiError ? (e.body as { details?: { refusals?: BulkGraduationRefusal[] } }).details : undefined;
      const refusals = (details?.refusals ?? []).map((r) => ({ ...r, message: r.code }));
      return { ok: false, message: errorMessage(e), refusals };
    }
  }

  async function markOne(orgId: string, graduationDate: string | null, mixed: boolean): Promise<void> {
    await graduationApi.markBranch(orgId, { graduationDate, mixed });
    await load();
  }

  const members = shallowRef<MemberListItem[]>([]);
  const membersLoading = ref(false);

  async function loadMembers(branchId: string): Promise<void> {
    membersLoading.value = true;
    try {
      members.value = (await membersApi.list({ orgId: branchId, pageSize: 500 })).items;
    } finally {
      membersLoading.value = false;
    }
  }

  async function setMemberDate(memberId: string, graduationDate: string | null): Promise<void> {
    await graduationApi.markMember(memberId, { graduationDate });
  }

  async function setMemberMark(memberId: string, mark: MemberMark | null): Promise<void> {
    await graduationApi.markMember(memberId, { mark });
  }

  /** 毕业去向 (§3, §6: the indicator follows it). */
  async function setMemberDestination(memberId: string, destination: Destination | null): Promise<void> {
    await graduationApi.markMember(memberId, { destination });
  }

  async function removeOrg(orgId: string): Promise<void> {
    await orgsApi.remove(orgId);
    await load();
  }

  return {
    overview,
    dueGraduates,
    loading,
    error,
    load,
    markMany,
    markOne,
    members,
    membersLoading,
    loadMembers,
    setMemberDate,
    setMemberMark,
    setMemberDestination,
    removeOrg,
  };
}

export type Graduation = ReturnType<typeof useGraduation>;
