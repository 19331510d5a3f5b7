import { type Ref, getCurrentInstance, onBeforeUnmount, ref } from 'vue';

/** The console's phone width: below it the side menu is a drawer (AdminLayout) and wide tables become cards. */
export const PHONE_MEDIA = '(max-width: 767px)';

/** Whether the window is phone-sized now, following rotation and resizing. */
export function usePhone(): Ref<boolean> {
  const media = typeof window !== 'undefined' && typeof window.matchMedia === 'function' ? window.matchMedia(PHONE_MEDIA) : null;
  const phone = ref(media?.matches ?? false);
  const follow = (e: MediaQueryListEvent): void => {
    phone.value = e.matches;
  };
  media?.addEventListener('change', follow);
  if (getCurrentInstance()) onBeforeUnmount(() => media?.removeEventListener('change', follow));
  return phone;
}
