import { calendarApi, t } from '@zhtj/admin/data-access';
import { ask } from '@zhtj/admin/ui';

/** Is `date` (YYYY-MM-DD) in a later year than `today`? */
export function inLaterYear(date: string | null | undefined, today: string): boolean {
  return typeof date === 'string' && /^\d{4}-/.test(date) && date.slice(0, 4) > today.slice(0, 4);
}

/** Dates shown in the question: a few, then 等. */
const SHOWN = 3;

/**
 * Issue 23 item 7: a graduation date in a later year than the server's (GET /api/calendar's today —
 * the server's clock decides, as its rules do) is confirmed before it is saved: 2027-06-30 typed in
 * June 2026 is most often a slip. Resolves true to save, false to go back; without the server's
 * date it does not ask (the server still checks the date's range).
 */
export async function confirmGraduationYear(dates: readonly (string | null | undefined)[]): Promise<boolean> {
  if (!dates.some((d) => d)) return true;
  let today: string;
  try {
    today = (await calendarApi.get()).today;
  } catch {
    return true;
  }
  const later = [...new Set(dates.filter((d): d is string => inLaterYear(d, today)))].sort();
  if (later.length === 0) return true;
  const shown = later.slice(0, SHOWN).join('、') + (later.length > SHOWN ? ' 等' : '');
  return ask(t('laterYearConfirm', { dates: shown, year: today.slice(0, 4) }), t('laterYearTitle'), {
    type: 'warning',
    confirmButtonText: t('laterYearKeep'),
    cancelButtonText: t('backToEdit'),
  });
}
