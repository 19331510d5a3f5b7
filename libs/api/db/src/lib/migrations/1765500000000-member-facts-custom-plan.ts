import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The member trigger's statements planned for their own arguments (issue 8, marking a 5,000-member
 * branch ≤ 300 ms).
 *
 * `metrics_member_stmt` narrows the statement's transition tables to the members whose marking
 * changed (`n.id = ANY(ids)`, an array of up to a whole branch). Planned for its value (a custom
 * plan) the array is a constant, which PostgreSQL probes through a hash table; PL/pgSQL switches
 * to the generic plan after five calls in a session when it looks as cheap, and there the array is
 * a parameter, searched element by element for every row — 5,000 × 5,000 comparisons, 60 ms for
 * one of the trigger's statements. A session's sixth marking of a branch and every later one took
 * twice as long (on a copy of the 0.05 data set, one psql session: 99–105 ms for the first five
 * markings' UPDATE, 220–226 ms from the sixth; through the API 105 → 215 ms, and a connection that
 * had run the trigger before for approvals started a marking on the generic plan). With
 * `plan_cache_mode = force_custom_plan` on the function: 98–120 ms for all eight. The statements
 * of the cohort trigger it fires read no variable and keep their one plan; the facts refresh keeps
 * its own setting (FactsGenericPlan1765400000000).
 *
 * Squashed (issue 22): the function bodies this migration wrote or patched live in
 * `libs/api/db/sql/metrics/functions/`, with their settings in their `CREATE FUNCTION`, applied by
 * `applySchemaObjects`; on a database that ran it, nothing reruns. Nothing remains here.
 */
export class MemberFactsCustomPlan1765500000000 implements MigrationInterface {
  name = 'MemberFactsCustomPlan1765500000000';

  async up(_q: QueryRunner): Promise<void> {
    // Nothing: see above.
  }

  async down(_q: QueryRunner): Promise<void> {
    // Nothing: see above.
  }
}
