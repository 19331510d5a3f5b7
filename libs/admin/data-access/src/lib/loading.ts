import { ref, shallowRef } from 'vue';
import { errorMessage } from './errors';

/**
 * Loading and error state around a read from the API: `run(read)` turns `loading` on and clears
 * the error; a failure's message (errorMessage) lands in `error`, unless `quiet(e)` says it is
 * not one to show (e.g. a route the running API does not have yet). `failed` runs on a failure.
 */
export function useLoading(initiallyLoading = false, quiet?: (e: unknown) => boolean) {
  const loading = ref(initiallyLoading);
  const error = ref<string | null>(null);

  async function run(read: () => Promise<void>, failed?: () => void): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      await read();
    } catch (e) {
      failed?.();
      if (!quiet?.(e)) error.value = errorMessage(e);
    } finally {
      loading.value = false;
    }
  }

  return { loading, error, run };
}

/**
 * One page of a list read from the API (`{ items, total }`), with loading and error state. A failed
 * read keeps the rows shown, or empties the list with `clearOnError`; `quiet` as in useLoading.
 */
export function usePage<T, A extends unknown[]>(
  read: (...args: A) => Promise<{ items: T[]; total: number }>,
  options: { clearOnError?: boolean; quiet?: (e: unknown) => boolean } = {},
) {
  const items = shallowRef<T[]>([]);
  const total = ref(0);
  const { loading, error, run } = useLoading(false, options.quiet);
  const clear = (): void => {
    items.value = [];
    total.value = 0;
  };

  function load(...args: A): Promise<void> {
    return run(
      async () => {
        const page = await read(...args);
        items.value = page.items;
        total.value = page.total;
      },
      options.clearOnError ? clear : undefined,
    );
  }

  return { items, total, loading, error, load };
}
