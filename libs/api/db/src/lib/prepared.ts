import { createHash } from 'node:crypto';
import { Client } from 'pg';

/**
 * Server-side prepared statements for the hot paths (issue 8, docs/benchmarks.md). Each approval
 * paid ~5 ms of PostgreSQL CPU to parse and plan its statements again (the decision's locking read
 * alone 2.9 ms to plan), more than its writes cost. A statement that starts with `PREPARED`
 * (raw SQL) or carries the query builder's comment `PREPARED_COMMENT` is sent as a named statement:
 * parsed once per connection, and planned once when PostgreSQL finds its generic plan as good as
 * the custom ones (`plan_cache_mode = auto`: five custom plans first).
 *
 * Only statements whose text is fixed in the code are marked — one primary-key or `= ANY($n)`
 * shape, whatever the caller — so the statements a connection keeps are bounded by the code, and a
 * generic plan cannot be a bad fit for one caller's scope. Lists and reports, whose best plan
 * depends on the scope's size, are not marked.
 */
export const PREPARED_COMMENT = 'prepared';
export const PREPARED = `/* ${PREPARED_COMMENT} */ `;

/** The statement's name: one per text, the same on every connection. */
export function preparedName(text: string): string {
  return `p_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
}

/** `pg`'s client, sending marked statements as named ones (the pool's `Client`, `dataSourceOptions`). */
export class PreparingClient extends Client {
  override query(...args: unknown[]): never {
    const [config, values, ...rest] = args;
    if (typeof config === 'string' && config.startsWith(PREPARED.trimEnd())) {
      const named = { name: preparedName(config), text: config, values: Array.isArray(values) ? values : [] };
      const callback = typeof values === 'function' ? [values] : rest;
      return (super.query as (...a: unknown[]) => never)(named, ...callback);
    }
    return (super.query as (...a: unknown[]) => never)(...args);
  }
}
