import { AppError } from '@zhtj/api/core';
import { meetsPasswordPolicy } from '@zhtj/domain';

/** The domain's password policy (`meetsPasswordPolicy`), refused with PASSWORD_POLICY and a message under the field. */
export function assertPasswordPolicy(password: string): void {
  if (!meetsPasswordPolicy(password)) {
    throw new AppError('PASSWORD_POLICY', { errors: [{ field: 'password', message: '8–64 位，须同时包含字母和数字' }] });
  }
}
