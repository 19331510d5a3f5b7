/**
 * `TRUST_PROXY` as Express's `trust proxy` setting. Express takes a hop count only as a number:
 * the string "1" from the environment is read as the address 0.0.0.1, which trusts nothing, so
 * every client behind nginx was nginx's address (issue 21 finding 3). Digits are a hop count,
 * `true`/`false` a boolean; anything else (`loopback`, `10.0.0.0/8, 127.0.0.1`, …) is passed on as
 * Express's list of trusted addresses, subnets and names. Unset or empty: trust nothing.
 */
export function parseTrustProxy(raw: string | undefined): number | boolean | string | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}
