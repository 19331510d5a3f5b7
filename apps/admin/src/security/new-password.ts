import type { FormRules } from 'element-plus';
import { meetsPasswordPolicy } from '@zhtj/domain';
import { t } from '@zhtj/admin/data-access';

/** NewPasswordFields' rules, said under each field: the password policy, and the confirmation the same as the new one. */
export function newPasswordRules(form: { newPassword: string }): FormRules {
  return {
    newPassword: [
      { trigger: 'blur', validator: (_r, v: string, cb) => (meetsPasswordPolicy(v) ? cb() : cb(new Error(t('passwordPolicy')))) },
    ],
    confirm: [{ trigger: 'blur', validator: (_r, v: string, cb) => (v === form.newPassword ? cb() : cb(new Error(t('passwordsDiffer')))) }],
  };
}
