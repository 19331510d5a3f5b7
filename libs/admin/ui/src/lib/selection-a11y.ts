import type { Directive } from 'vue';

const observers = new WeakMap<HTMLElement, MutationObserver>();

function strip(root: HTMLElement): void {
  for (const label of root.querySelectorAll('label.el-checkbox[aria-checked]')) label.removeAttribute('aria-checked');
}

/**
 * `v-selection-a11y` on an el-table with a selection column. Element Plus 2.14 marks a partly
 * selected table's header checkbox with `aria-checked="mixed"` on its <label>, an element without a
 * role, where ARIA does not allow it (axe: aria-allowed-attr, critical). The native input inside
 * already tells assistive technology the mixed state (its `indeterminate` property), so the
 * attribute is removed whenever Element Plus sets it.
 */
export const vSelectionA11y: Directive<HTMLElement> = {
  mounted(el) {
    strip(el);
    const observer = new MutationObserver(() => strip(el));
    observer.observe(el, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-checked'] });
    observers.set(el, observer);
  },
  unmounted(el) {
    observers.get(el)?.disconnect();
    observers.delete(el);
  },
};
