import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Marking a branch of thousands (issue 8: a 5,000-member branch ≤ 300 ms) kept the cohort facts
 * of `GraduateCohort1764700000000` at 0.2 ms of trigger work per member. The facts are the same;
 * where they are computed changes:
 *
 * - `metrics_member_before` looks a member's school up once per org and statement (every member of
 *   a marked branch sits in the same org), not once per row.
 * - `metrics_member_stmt` writes a new cohort row with its derived columns already right for a
 *   graduate with no counted transfer (the indicator follows the destination; nothing pending or
 *   completed), and refreshes from `graduate_cohort_expected` only the members with a pending or
 *   approved transfer initiated on or after the window start of the cohort written (for a cohort
 *   moved between years, of the earlier year) — the only transfers that can count for that row or
 *   stop counting for the member's earlier cohort, whose window ends where the next one starts. The "no school" clean-up and the
 *   moved-date delete run only for the rows they concern, so no statement scans every cohort,
 *   every org or every transfer.
 * - The fact triggers run without JIT.
 *
 * `npm run metrics:rebuild -- --check` and the metrics property tests compare the result with a
 * recount.
 *
 * Squashed (issue 22): the function bodies this migration wrote or patched live in
 * `libs/api/db/sql/metrics/functions/`, with their settings in their `CREATE FUNCTION`, applied by
 * `applySchemaObjects`; on a database that ran it, nothing reruns. What remains here is the key it dropped.
 */
export class MarkingFacts1765100000000 implements MigrationInterface {
  name = 'MarkingFacts1765100000000';

  async up(q: QueryRunner): Promise<void> {
    // A fact row's member is its key, kept by the triggers and checked by metrics_check();
    // members are never deleted (they leave). The per-row check cost a third of writing 5,000 rows.
    await q.query(`ALTER TABLE graduate_cohort DROP CONSTRAINT graduate_cohort_member_id_fkey`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE graduate_cohort ADD CONSTRAINT graduate_cohort_member_id_fkey FOREIGN KEY (member_id) REFERENCES member(id)`,
    );
  }
}
