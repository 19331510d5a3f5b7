import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A branch's first marking checks its school once, not once per member (issue 8, marking a
 * 5,000-member branch ≤ 300 ms; June, when every branch of a school is marked for the first time).
 *
 * `graduate_cohort.school_org_id` referenced `org` with a foreign key, checked row by row: the
 * first marking of a 5,000-member branch inserts 5,000 cohort rows and ran 5,000 key checks —
 * 70 ms of its 261 ms in PostgreSQL (auto_explain with log_triggers, a copy of the 0.05 data set
 * after a checkpoint). The key needs no check of its own: the member trigger writes a cohort's
 * school only from the member's row, whose own key (`member.school_org_id`) keeps that school in
 * place, and only for a school it has just read from `org` in the same statement
 * (`metrics_member_stmt`). What the key also did — clear a deleted school from the cohorts that
 * still name it (a member who later graduated from another school; deleting a school that any
 * member names is refused) — a statement trigger on `org` now does, through
 * `graduate_cohort_school_idx`, and the cohort trigger moves the school's counts as before.
 * As for the member key (MarkingFacts1765100000000), `metrics_check()` compares the facts with a
 * recount.
 *
 * Squashed (issue 22): the function bodies this migration wrote or patched live in
 * `libs/api/db/sql/metrics/functions/`, with their settings in their `CREATE FUNCTION`, applied by
 * `applySchemaObjects`; on a database that ran it, nothing reruns. What remains here is the key it dropped; `metrics_school_deleted` and its trigger `org_school_deleted` are in the files.
 */
export class CohortSchoolCheck1765500000001 implements MigrationInterface {
  name = 'CohortSchoolCheck1765500000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE graduate_cohort DROP CONSTRAINT graduate_cohort_school_org_id_fkey`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE graduate_cohort ADD CONSTRAINT graduate_cohort_school_org_id_fkey FOREIGN KEY (school_org_id) REFERENCES org(id) ON DELETE SET NULL`,
    );
  }
}
