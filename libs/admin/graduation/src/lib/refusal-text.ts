import { domainErrorBody, isDomainErrorCode } from '@zhtj/domain';
import { localized, t } from '@zhtj/admin/data-access';

/** The message for a per-branch refusal code of a bulk mark (codes from the domain catalogue). */
export function refusalText(code: string): string {
  if (!isDomainErrorCode(code)) return t('notInScope');
  return localized(domainErrorBody(code));
}
