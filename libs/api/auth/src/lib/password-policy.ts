import { AppError } from '@zhtj/api/core';

/** Password policy: 8–64 characters, at least one letter and one digit. */
export function assertPasswordPolicy(password: string): void {
  if (password.length < 8 || password.length > 64 || !/[A-Za-z]/.test(password) || !/\d/.test(password)) {
    throw new AppError('PASSWORD_POLICY', { errors: [{ field: 'password', message: '8–64 位，须同时包含字母和数字' }] });
  }
}
