import { onMounted, shallowRef } from 'vue';
import type { MemberDetail } from '@zhtj/shared/contract';
import { membersApi, useLoading } from '@zhtj/admin/data-access';

/** One member's detail, loaded when the component mounts, with loading and error state. */
export function useMemberDetail(memberId: () => string) {
  const member = shallowRef<MemberDetail | null>(null);
  const { loading, error, run } = useLoading(true);

  const load = (): Promise<void> =>
    run(async () => {
      member.value = await membersApi.get(memberId());
    });
  onMounted(load);

  return { member, loading, error, load };
}
