import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One refresh of a member's cohort facts per approval (issue 8, approve throughput). An approval
 * updates the transfer and moves the member; both statements' triggers refreshed the member's
 * facts — each a locked re-read of `graduate_cohort_expected` and a counters upsert — and the
 * first of them was overwritten by the second. Now the approval moves the member first, with the
 * transaction-local setting `zhtj.facts_refresh = 'transfer'` ("the transfer statement that follows
 * refreshes these members"): the members' trigger keeps every identity change (the cohort upsert,
 * the destination) and leaves out only its refreshes; the transfer statement resets the setting,
 * and its trigger refreshes the same members from the final state. Measured on the 0.05 data set,
 * 400 approvals in SQL: 1,434 → 877 ms, `metrics_check()` empty after both.
 *
 * Squashed (issue 22): the function bodies this migration wrote or patched live in
 * `libs/api/db/sql/metrics/functions/`, with their settings in their `CREATE FUNCTION`, applied by
 * `applySchemaObjects`; on a database that ran it, nothing reruns. Nothing remains here; the setting's name is `FACTS_REFRESH_SETTING` (schema-objects.ts).
 */
export class FactsRefreshOnce1765300000002 implements MigrationInterface {
  name = 'FactsRefreshOnce1765300000002';

  async up(_q: QueryRunner): Promise<void> {
    // Nothing: see above.
  }

  async down(_q: QueryRunner): Promise<void> {
    // Nothing: see above.
  }
}
