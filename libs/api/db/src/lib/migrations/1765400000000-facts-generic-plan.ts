import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The facts refresh planned once per session (issue 8, approvals at 32 clients).
 *
 * `metrics_refresh_members(p uuid[])` re-reads `graduate_cohort_expected` — a join of eight
 * relations — for the members in `p`. PL/pgSQL plans a statement with a parameter for each call
 * (custom plan) unless the generic plan is estimated as cheap; an array parameter's generic plan is
 * costed for ten elements, so it never was, and every approval paid ~2 ms of planning for a
 * sub-millisecond update. With `plan_cache_mode = force_generic_plan` on the function the plan is
 * made once per session. Measured on a copy of the 0.05 data set, the plan unchanged in shape
 * (index probes per member): 200 refreshes of one member 179–308 → 15–17 ms; one refresh of
 * 5,000 members (the sweep's batch) 444 → 237–246 ms. The member and transfer triggers were
 * tried likewise and left as they are: no gain for approvals, a marking no faster.
 *
 * Squashed (issue 22): the function bodies this migration wrote or patched live in
 * `libs/api/db/sql/metrics/functions/`, with their settings in their `CREATE FUNCTION`, applied by
 * `applySchemaObjects`; on a database that ran it, nothing reruns. Nothing remains here.
 */
export class FactsGenericPlan1765400000000 implements MigrationInterface {
  name = 'FactsGenericPlan1765400000000';

  async up(_q: QueryRunner): Promise<void> {
    // Nothing: see above.
  }

  async down(_q: QueryRunner): Promise<void> {
    // Nothing: see above.
  }
}
