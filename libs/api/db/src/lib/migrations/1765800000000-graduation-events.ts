import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 22, DOMAIN.md §6 as revised: cohort facts keyed by graduation *events*, rates as they stood
 * each day, and membership ended.
 *
 * - `member.graduation_org_id`: the branch whose marking gave the member their graduation date (the
 *   member's org when the date was written, `metrics_member_before`). Re-marking the same branch
 *   corrects that event; a marking in another branch is a new one, and the earlier cohort stays.
 * - `member.left_at`: when the member left (status `left`); with the 28th birthday (§2 Q1) it is
 *   when membership ended (`metrics_membership_ends_at`).
 * - `graduate_cohort.event_org_id`, `ends_at`, `ended`, `dropped`: the event of the row, when the
 *   member's membership ends, whether it has, and whether before the transfer completed (then the
 *   row is out of every figure). The job's index holds the rows not ended yet: approvals change
 *   neither column, so their updates stay HOT.
 * - A member may have two events in one year: the key becomes (member, year, event), and `counted`
 *   marks the one that counts (the latest date, on a tie the newer — `seq`; metrics_choose_events).
 * - `initiated_day` / `decided_day` go: the trend no longer places today's facts on
 *   past days.
 * - `metric_day` becomes a ledger: each statement that changes facts adds its signed parts (B, C,
 *   A, E, F, D, W) to the day it runs (`metrics_today()`), so a day's figures are the sum of every
 *   day up to it and never change afterwards. Its old columns cannot be converted: the table is
 *   emptied, and `applySchemaObjects` rebuilds the history from the records (`metrics_rebuild`).
 */
export class GraduationEvents1765800000000 implements MigrationInterface {
  name = 'GraduationEvents1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE member ADD COLUMN graduation_org_id uuid, ADD COLUMN left_at timestamptz;
      ALTER TABLE graduate_cohort ADD COLUMN event_org_id uuid, ADD COLUMN ends_at timestamptz, ADD COLUMN ended boolean NOT NULL DEFAULT false, ADD COLUMN dropped boolean NOT NULL DEFAULT false,
        DROP COLUMN initiated_day, DROP COLUMN decided_day;
      ALTER TABLE graduate_cohort ADD COLUMN seq bigserial, ADD COLUMN counted boolean NOT NULL DEFAULT true;
      ALTER TABLE graduate_cohort DROP CONSTRAINT graduate_cohort_pkey;
      ALTER TABLE graduate_cohort ADD CONSTRAINT graduate_cohort_event_key UNIQUE NULLS NOT DISTINCT (member_id, year, event_org_id);
      CREATE INDEX graduate_cohort_uncounted_idx ON graduate_cohort (member_id) WHERE NOT counted;
      CREATE INDEX graduate_cohort_ends_idx ON graduate_cohort (ends_at) WHERE ends_at IS NOT NULL AND NOT ended;
      DROP TABLE metric_day;
      CREATE TABLE metric_day (
        year smallint NOT NULL, region text NOT NULL, shard smallint NOT NULL, day date NOT NULL,
        b int NOT NULL DEFAULT 0, c int NOT NULL DEFAULT 0, a int NOT NULL DEFAULT 0,
        e int NOT NULL DEFAULT 0, f int NOT NULL DEFAULT 0, d int NOT NULL DEFAULT 0, w int NOT NULL DEFAULT 0,
        PRIMARY KEY (year, region, day, shard)
      );
    `);
    // Best effort for rows written before events existed: the member's org when marked is not
    // recorded; members still in a branch with their date hold it, those who moved keep none
    // (their next marking then counts as a new event). Unmarked members hold their org, as new
    // members do (metrics_member_before), so a first marking does not widen their rows.
    await q.query(`ALTER TABLE member DISABLE TRIGGER USER`);
    await q.query(`
      UPDATE member m SET graduation_org_id = m.org_id FROM org o
       WHERE o.id = m.org_id AND (m.graduation_date IS NULL OR o.mixed OR o.graduation_date = m.graduation_date);
      UPDATE member SET left_at = updated_at WHERE status = 'left';
    `);
    await q.query(`ALTER TABLE member ENABLE TRIGGER USER`);
    await q.query(`UPDATE graduate_cohort g SET event_org_id = m.graduation_org_id FROM member m
                    WHERE m.id = g.member_id AND g.year = extract(year FROM m.graduation_date)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE metric_day;
      CREATE TABLE metric_day (
        year smallint NOT NULL, region text NOT NULL, shard smallint NOT NULL, day date NOT NULL,
        sx_done int NOT NULL DEFAULT 0, xs_done int NOT NULL DEFAULT 0, w_done int NOT NULL DEFAULT 0, sx_in int NOT NULL DEFAULT 0, xs_in int NOT NULL DEFAULT 0,
        PRIMARY KEY (year, region, day, shard)
      );
      DROP INDEX graduate_cohort_ends_idx;
      DROP INDEX graduate_cohort_uncounted_idx;
      DELETE FROM graduate_cohort WHERE NOT counted;
      ALTER TABLE graduate_cohort DROP CONSTRAINT graduate_cohort_event_key, DROP COLUMN seq, DROP COLUMN counted;
      ALTER TABLE graduate_cohort ADD PRIMARY KEY (member_id, year);
      ALTER TABLE graduate_cohort DROP COLUMN event_org_id, DROP COLUMN ends_at, DROP COLUMN ended, DROP COLUMN dropped, ADD COLUMN initiated_day date, ADD COLUMN decided_day date;
      ALTER TABLE member DROP COLUMN graduation_org_id, DROP COLUMN left_at;
    `);
    await q.query(`DO $$ BEGIN IF to_regclass('schema_object') IS NOT NULL THEN DELETE FROM schema_object; END IF; END $$`);
  }
}
