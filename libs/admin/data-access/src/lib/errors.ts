import { ApiError } from './api-client';
import { localized, t } from './i18n';

/** The message to show for a failure: the API's Chinese message (or its English one in English). */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.code === 'NETWORK') return t('networkError');
    return localized(e.body);
  }
  return t('unexpectedError');
}

/** True for a route the running API does not have yet (e.g. an optional feature). */
export function isMissingRoute(e: unknown): boolean {
  return e instanceof ApiError && e.status === 404 && e.code === 'ROUTE_NOT_FOUND';
}

/**
 * Runs `action`, then `after` (e.g. reading again what it changed): null when both succeed, else
 * the message to show for the failure (errorMessage).
 */
export async function failureOf(action: () => Promise<unknown>, after?: () => Promise<unknown>): Promise<string | null> {
  try {
    await action();
    await after?.();
    return null;
  } catch (e) {
    return errorMessage(e);
  }
}
