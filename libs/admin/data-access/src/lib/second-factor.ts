import { ref } from 'vue';
import type { SecondFactorEnrolment, SecondFactorStatus } from '@zhtj/shared/contract';
import { errorMessage } from './errors';
import { secondFactorApi } from './api/auth';
import { t } from './i18n';

/**
 * Enrolling the caller's second factor (issue 24): status, a new secret with its QR URL and ten
 * recovery codes (answered once by the API, held here until the page is left), confirmation with
 * a current code. Used by 安全设置 and by the forced enrolment after a login.
 */
export function useSecondFactorEnrolment() {
  const status = ref<SecondFactorStatus | null>(null);
  const enrolment = ref<SecondFactorEnrolment | null>(null);
  const confirmed = ref(false);
  const code = ref('');
  const busy = ref(false);
  const error = ref('');

  async function load(): Promise<void> {
    status.value = await secondFactorApi.status();
  }

  async function start(): Promise<void> {
    error.value = '';
    busy.value = true;
    try {
      enrolment.value = await secondFactorApi.enrol();
      confirmed.value = false;
      code.value = '';
    } catch (e) {
      error.value = errorMessage(e);
    } finally {
      busy.value = false;
    }
  }

  async function confirm(): Promise<boolean> {
    error.value = '';
    const digits = code.value.replace(/\s/g, '');
    if (!/^\d{6}$/.test(digits)) {
      error.value = t('twoFactorCodeRequired');
      return false;
    }
    busy.value = true;
    try {
      await secondFactorApi.confirm(digits);
      confirmed.value = true;
      await load().catch(() => undefined);
      return true;
    } catch (e) {
      error.value = errorMessage(e);
      return false;
    } finally {
      busy.value = false;
    }
  }

  /** The recovery codes as a text file's content, one a line. */
  function recoveryCodesText(username: string): string {
    return [`${t('appTitle')} — ${t('recoveryCode')} (${username})`, '', ...(enrolment.value?.recoveryCodes ?? [])].join('\n') + '\n';
  }

  return { status, enrolment, confirmed, code, busy, error, load, start, confirm, recoveryCodesText };
}
