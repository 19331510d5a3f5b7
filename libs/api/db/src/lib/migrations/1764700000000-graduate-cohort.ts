import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Monitoring facts (DOMAIN.md §6, issue 9): one `graduate_cohort` row per member and cohort year,
 * kept by triggers in the same transaction as every member and transfer change, and counters
 * summed from them so every read of SX / XS / DW is a small sum.
 *
 * - `graduate_cohort` identity (school, its region, graduation date, destination) is written when
 *   a graduation date is marked; a later graduation from another school adds a new cohort row and
 *   leaves the earlier one alone; a changed date at the same school moves the row.
 * - Its derived columns (the transfer that counts, its target region, pending / completed / work
 *   unit, the days used by the trend) come from the `graduate_cohort_expected` view; one member is
 *   refreshed under an advisory lock of its member (one of 256 buckets, so a bulk statement takes at
 *   most 256 locks), so concurrent changes never leave stale facts. Since `MemberRowLocks1765200000001`
 *   the lock is the member's own row lock (`FOR NO KEY UPDATE`): the buckets serialised unrelated members.
 * - Counters are spread over 32 shards (the writing connection's pid), so concurrent approvals
 *   never queue on one row per region: `metric_count` (year, region) parts, `metric_day` the
 *   trend's daily completions and arrivals, `metric_school` the school ranking.
 * - `metrics_rebuild()` recomputes everything set-based (a bulk load can disable the triggers with
 *   `SET session_replication_role = replica` and call it afterwards); `metrics_check()` lists every
 *   difference between the stored facts / counters and a recount.
 *
 * This migration owns the tables and their indexes. The functions, the view and the triggers it
 * once created (and later migrations patched) live in `libs/api/db/sql/metrics/`, one file per
 * object, applied after the migrations by `applySchemaObjects` (issue 22); that step also builds
 * the facts of a database that has marked members when it first runs.
 */

const COUNT_COLS = ['b', 'c', 'a', 'e', 'f', 'd', 'w', 'sx_pending', 'xs_pending'] as const;
const DAY_COLS = ['sx_done', 'xs_done', 'w_done', 'sx_in', 'xs_in'] as const;
const SCHOOL_COLS = ['sx_total', 'sx_done', 'sx_pending', 'xs_total', 'xs_done', 'xs_pending', 'w_done'] as const;

export class GraduateCohort1764700000000 implements MigrationInterface {
  name = 'GraduateCohort1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE graduate_cohort (
        member_id uuid NOT NULL REFERENCES member(id),
        year smallint NOT NULL,
        school_org_id uuid REFERENCES org(id) ON DELETE SET NULL,
        school_region text NOT NULL,
        graduation_date date NOT NULL,
        destination text,
        transfer_id uuid,
        target_region text,
        indicator text CHECK (indicator IN ('sx','xs')),
        pending boolean NOT NULL DEFAULT false,
        completed boolean NOT NULL DEFAULT false,
        to_unit boolean NOT NULL DEFAULT false,
        initiated_day date,
        decided_day date,
        PRIMARY KEY (member_id, year)
      );
      CREATE INDEX graduate_cohort_school_region_idx ON graduate_cohort (year, school_region text_pattern_ops);
      CREATE INDEX graduate_cohort_target_region_idx ON graduate_cohort (year, target_region text_pattern_ops) WHERE target_region IS NOT NULL;
      CREATE INDEX graduate_cohort_school_idx ON graduate_cohort (school_org_id, year);

      CREATE TABLE metric_count (
        year smallint NOT NULL, region text NOT NULL, shard smallint NOT NULL,
        ${COUNT_COLS.map((c) => `${c} int NOT NULL DEFAULT 0`).join(', ')},
        PRIMARY KEY (year, region, shard)
      );
      CREATE TABLE metric_day (
        year smallint NOT NULL, region text NOT NULL, shard smallint NOT NULL, day date NOT NULL,
        ${DAY_COLS.map((c) => `${c} int NOT NULL DEFAULT 0`).join(', ')},
        PRIMARY KEY (year, region, day, shard)
      );
      CREATE TABLE metric_school (
        year smallint NOT NULL, school_org_id uuid NOT NULL, shard smallint NOT NULL, school_region text NOT NULL,
        ${SCHOOL_COLS.map((c) => `${c} int NOT NULL DEFAULT 0`).join(', ')},
        PRIMARY KEY (year, school_org_id, shard)
      );
      CREATE INDEX metric_school_region_idx ON metric_school (year, school_region text_pattern_ops);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    // The objects of libs/api/db/sql/metrics read these tables: they go first, and are created
    // again by the next applySchemaObjects once this migration runs up.
    await q.query(`
      DROP TRIGGER IF EXISTS org_metrics ON org; DROP TRIGGER IF EXISTS org_school_deleted ON org;
      DROP TRIGGER IF EXISTS transfer_metrics_upd ON transfer; DROP TRIGGER IF EXISTS transfer_metrics_ins ON transfer;
      DROP TRIGGER IF EXISTS member_metrics_upd ON member; DROP TRIGGER IF EXISTS member_metrics_ins ON member; DROP TRIGGER IF EXISTS member_metrics_before ON member;
      DROP VIEW IF EXISTS graduate_cohort_expected;
      DROP TABLE metric_school; DROP TABLE metric_day; DROP TABLE metric_count; DROP TABLE graduate_cohort;
      DROP FUNCTION IF EXISTS metrics_check(); DROP FUNCTION IF EXISTS metrics_rebuild();
      DROP FUNCTION IF EXISTS metrics_org_after(); DROP FUNCTION IF EXISTS metrics_transfer_stmt(); DROP FUNCTION IF EXISTS metrics_member_stmt(); DROP FUNCTION IF EXISTS metrics_member_before();
      DROP FUNCTION IF EXISTS metrics_refresh_members(uuid[]); DROP FUNCTION IF EXISTS metrics_cohort_stmt(); DROP FUNCTION IF EXISTS metrics_school_deleted();
      DROP FUNCTION IF EXISTS metrics_shard(); DROP FUNCTION IF EXISTS metrics_school_of(uuid); DROP FUNCTION IF EXISTS metrics_indicator_of(text);
      DROP FUNCTION IF EXISTS metrics_is_work_unit(text, text);
      DROP FUNCTION IF EXISTS metrics_regions(text, text); DROP FUNCTION IF EXISTS metrics_region_chain(text); DROP FUNCTION IF EXISTS metrics_window_start(int);
    `);
    // Forget the applied files, so the next step writes them again.
    await q.query(`DO $$ BEGIN IF to_regclass('schema_object') IS NOT NULL THEN DELETE FROM schema_object; END IF; END $$`);
  }
}
