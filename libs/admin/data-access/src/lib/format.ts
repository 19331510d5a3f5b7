import type { TransferHistoryItem } from '@zhtj/shared/contract';
import { t } from './i18n';

/** Instants shown in China Standard Time, as admins write them: 2026-06-01, 2026-06-01 09:00. */
const parts = (iso: string): Record<string, string> => {
  const fmt = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return Object.fromEntries(fmt.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
};

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const p = parts(iso);
  return `${p['year']}-${p['month']}-${p['day']}`;
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const p = parts(iso);
  return `${p['year']}-${p['month']}-${p['day']} ${p['hour']}:${p['minute']}`;
}

/** An org's name with what tells it from the same-named (the API's `context`): 2025届1班团支部（某中学团委）. */
export function orgWithContext(name: string, context: readonly string[] | null | undefined): string {
  return context?.length ? `${name}（${context.join(' / ')}）` : name;
}

/** §5: where a transfer comes from, as the caller may see it (the receiving side of a pull sees nothing before approval). */
export function fromOrgText(tr: Pick<TransferHistoryItem, 'originHidden' | 'fromOrgName' | 'fromOrgId' | 'fromOrgContext'>): string {
  return tr.originHidden ? t('originHidden') : orgWithContext(tr.fromOrgName ?? tr.fromOrgId ?? '', tr.fromOrgContext);
}

/** Where a transfer goes: the org with its context, or the full name in Beijing's, Guangdong's or Fujian's system (Q17). */
export function toOrgText(tr: Pick<TransferHistoryItem, 'toOrgName' | 'toOrgId' | 'toOrgContext' | 'external'>): string {
  if (tr.toOrgName) return orgWithContext(tr.toOrgName, tr.toOrgContext);
  return tr.external?.orgFullName ?? tr.toOrgId ?? '';
}

/** §5: a pending pull waits for the member's side. */
export function awaitsOutgoingSide(tr: Pick<TransferHistoryItem, 'status' | 'decidingSide'>): boolean {
  return tr.status === 'pending' && tr.decidingSide === 'outgoing';
}
