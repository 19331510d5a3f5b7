import { onMounted, ref, shallowRef } from 'vue';
import type { MemberDetail } from '@zhtj/shared/contract';
import { errorMessage, membersApi } from '@zhtj/admin/data-access';

/** One member's detail, loaded when the component mounts, with loading and error state. */
export function useMemberDetail(memberId: () => string) {
  const member = shallowRef<MemberDetail | null>(null);
  const loading = ref(true);
  const error = ref<string | null>(null);

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      member.value = await membersApi.get(memberId());
    } catch (e) {
      error.value = errorMessage(e);
    } finally {
      loading.value = false;
    }
  }
  onMounted(load);

  return { member, loading, error, load };
}
