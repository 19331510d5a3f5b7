import { ref } from 'vue';
import { DESTINATIONS } from '@zhtj/domain';
import type { Destination } from '@zhtj/domain';
import { LABELS, MESSAGES } from './locales';
import type { LabelGroup, Labels, Locale, MessageKey } from './locales';

export type { LabelGroup, Locale, MessageKey };

// UI text: Chinese by default, with an English catalogue beside it (locales/, one file per context).

const stored = typeof localStorage !== 'undefined' ? localStorage.getItem('locale') : null;
export const locale = ref<Locale>(stored === 'en' ? 'en' : 'zh-CN');

/** The text of `key` in the current language; `{name}` marks a parameter. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const text = MESSAGES[locale.value][key];
  return params ? text.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m)) : text;
}

/** A text the API or the domain gave in both languages (`message`, `messageEn`), in the current one. */
export function localized(text: { message: string; messageEn?: string | null }): string {
  return locale.value === 'en' && text.messageEn ? text.messageEn : text.message;
}

export function toggleLocale(): void {
  locale.value = locale.value === 'zh-CN' ? 'en' : 'zh-CN';
  localStorage.setItem('locale', locale.value);
  document.documentElement.lang = locale.value;
}

/** The label of a vocabulary value, e.g. `label('kind', 'branch')` → 团支部; unknown values show as they are. */
export function label(group: LabelGroup, value: string | null | undefined): string {
  if (value == null || value === '') return '';
  return (LABELS[locale.value][group] as Record<string, string | undefined>)[value] ?? value;
}

/** The values of a vocabulary group with their labels, for selects. */
export function options<G extends LabelGroup>(group: G): { value: keyof Labels[G] & string; label: string }[] {
  return (Object.keys(LABELS['zh-CN'][group]) as (keyof Labels[G] & string)[]).map((value) => ({ value, label: label(group, value) }));
}

/** 毕业去向 an admin sets by hand: 延迟毕业 is a marking that moves the member (§2.7), not a choice here. */
export const SETTABLE_DESTINATIONS: readonly Destination[] = DESTINATIONS.filter((d) => d !== 'delayed_graduation');

export function destinationOptions(): { value: Destination; label: string }[] {
  return SETTABLE_DESTINATIONS.map((value) => ({ value, label: label('destination', value) }));
}
