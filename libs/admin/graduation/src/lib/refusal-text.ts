import { domainErrorBody, isDomainErrorCode } from '@zhtj/domain';
import { locale, t } from '@zhtj/admin/data-access';

/** The message for a per-branch refusal code of a bulk mark (codes from the domain catalogue). */
export function refusalText(code: string): string {
  if (!isDomainErrorCode(code)) return t('notInScope');
  const body = domainErrorBody(code);
  return locale.value === 'en' ? body.messageEn : body.message;
}
