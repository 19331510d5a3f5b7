import { ref } from 'vue';
import type { CaptchaView } from '@zhtj/shared/contract';
import { ApiError } from './api-client';
import { authApi } from './api/auth';

/** Codes with which the API asks a login for an image challenge (issue 21 item 5). */
const CHALLENGE_CODES = new Set(['CAPTCHA_REQUIRED', 'CAPTCHA_INVALID']);

/**
 * The login page's image challenge: shown once the API answers CAPTCHA_REQUIRED (failed logins
 * from this network, or logins busy) or CAPTCHA_INVALID, fetched again after every attempt (a
 * challenge is good once, right or wrong) and on request.
 */
export function useLoginChallenge() {
  const challenge = ref<CaptchaView | null>(null);
  const answer = ref('');
  const loading = ref(false);

  async function refresh(): Promise<void> {
    loading.value = true;
    answer.value = '';
    try {
      challenge.value = await authApi.captcha();
    } finally {
      loading.value = false;
    }
  }

  /** The fields to send with a login: the shown challenge and its answer, or nothing. */
  function payload(): { captchaId: string; captchaAnswer: string } | undefined {
    return challenge.value ? { captchaId: challenge.value.captchaId, captchaAnswer: answer.value.trim() } : undefined;
  }

  /** After a failed login: shows a (new) challenge when the API asked for one or one was used. */
  async function afterFailure(e: unknown): Promise<void> {
    if (challenge.value || (e instanceof ApiError && CHALLENGE_CODES.has(e.code))) await refresh().catch(() => undefined);
  }

  return { challenge, answer, loading, refresh, payload, afterFailure };
}
