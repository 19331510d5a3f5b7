/** The API's password policy (libs/api/auth password-policy): 8–64 characters with a letter and a digit. */
export function meetsPasswordPolicy(password: string): boolean {
  return password.length >= 8 && password.length <= 64 && /[A-Za-z]/.test(password) && /\d/.test(password);
}
