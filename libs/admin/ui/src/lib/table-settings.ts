import { computed, ref, watch } from 'vue';
import type { Ref } from 'vue';

/** Element Plus table sizes: 宽松 / 默认 / 紧凑. */
export type TableDensity = 'large' | 'default' | 'small';

export interface TableColumn {
  key: string;
  label: string;
  /** Always shown (the column that names the row): not offered for hiding. */
  required?: boolean;
}

interface Stored {
  hidden: string[];
  density: TableDensity;
}

const DENSITIES: readonly TableDensity[] = ['large', 'default', 'small'];

function read(key: string): Stored {
  try {
    const raw = JSON.parse(localStorage.getItem(key) ?? 'null') as Partial<Stored> | null;
    return {
      hidden: Array.isArray(raw?.hidden) ? raw.hidden.filter((h): h is string => typeof h === 'string') : [],
      density: DENSITIES.includes(raw?.density as TableDensity) ? (raw?.density as TableDensity) : 'default',
    };
  } catch {
    return { hidden: [], density: 'default' };
  }
}

/**
 * A list table's column settings and density (issue 23 item 8), kept in this browser per table
 * (`id`), as the consoles admins know do: `shown(key)` for each column's `v-if`, `density` for the
 * table's `size`. Columns marked `required` cannot be hidden.
 */
export function useTableSettings(id: string, columns: () => readonly TableColumn[]) {
  const storageKey = `zhtj.table.${id}`;
  const stored = read(storageKey);
  const hidden: Ref<string[]> = ref(stored.hidden);
  const density: Ref<TableDensity> = ref(stored.density);
  const required = computed(
    () =>
      new Set(
        columns()
          .filter((c) => c.required)
          .map((c) => c.key),
      ),
  );
  const visible = computed<string[]>({
    get: () =>
      columns()
        .map((c) => c.key)
        .filter((k) => required.value.has(k) || !hidden.value.includes(k)),
    set: (keys) => {
      hidden.value = columns()
        .map((c) => c.key)
        .filter((k) => !required.value.has(k) && !keys.includes(k));
    },
  });
  const shown = (key: string): boolean => required.value.has(key) || !hidden.value.includes(key);
  watch([hidden, density], () => {
    try {
      localStorage.setItem(storageKey, JSON.stringify({ hidden: hidden.value, density: density.value } satisfies Stored));
    } catch {
      // Storage full or refused (private mode): the settings last for this page only.
    }
  });
  return { visible, density, shown };
}
