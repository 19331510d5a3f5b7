// Types of approve-sql.mjs, which stays JavaScript: apps/api-e2e/src/bench-sql.e2e.spec.ts loads it
// by path, as the bench does, to prove it writes what the API writes.
export declare const APPROVABLE: string;
export declare function benchPendingSql(group: number): string[];
export declare function pgbenchArgs(
  url: string,
  o: { script: string; perClient: number; vars: Record<string, string>; logPrefix?: string | null },
): string[];
export declare const PRE_READ: string;
export declare const APPROVAL_TX: string;
