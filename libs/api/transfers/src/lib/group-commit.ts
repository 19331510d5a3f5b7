import type { Actor } from '@zhtj/api/core';

/*
 * Group commit of single initiations and approvals (`Coalescer`, libs/api/core): requests of one
 * province's callers that arrive while an earlier one is being written share a transaction, each
 * still read in its own caller's scope and decided for its own caller.
 */

/**
 * Shared transactions of each kind (approvals, initiations) running at once per API process, one
 * per province (its next requests gather behind it: docs/benchmarks.md measured one against two);
 * half the pool (20), so that reads and the auth guard keep connections.
 */
export const APPROVAL_RUNS_IN_FLIGHT = 10;

/**
 * Requests that may share a transaction: their callers' province (docs/scaling.md's key), or the
 * national level; each is still read in its own caller's scope and decided for its own caller.
 */
export function groupKey(actor: Actor): string {
  return actor.scopeProvince === undefined ? `user:${actor.userId}` : (actor.scopeProvince ?? 'national');
}

/** Items by caller (account, org, role), in their order. */
export function byCaller<T extends { actor: Actor }>(items: readonly T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const x of items) {
    const key = `${x.actor.userId}|${x.actor.orgId}|${x.actor.role}`;
    const group = groups.get(key);
    if (group) group.push(x);
    else groups.set(key, [x]);
  }
  return [...groups.values()];
}
