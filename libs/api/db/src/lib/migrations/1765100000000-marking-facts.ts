import { MigrationInterface, QueryRunner } from 'typeorm';

const SCHOOL_DOMAIN = `ARRAY['university','higher_vocational','vocational','high_school','junior_high']`;
/** The functions the fact triggers run (GraduateCohort1764700000000 and this migration). */
const FACT_TRIGGER_FUNCTIONS = ['metrics_member_stmt()', 'metrics_transfer_stmt()', 'metrics_cohort_stmt()', 'metrics_org_after()', 'metrics_refresh_members(uuid[])'];

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
 * - The fact triggers run without JIT (see below).
 *
 * `npm run metrics:rebuild -- --check` and the metrics property tests compare the result with a
 * recount.
 */
export class MarkingFacts1765100000000 implements MigrationInterface {
  name = 'MarkingFacts1765100000000';

  async up(q: QueryRunner): Promise<void> {
    // A fact row's member is its key, kept by these triggers and checked by metrics_check();
    // members are never deleted (they leave). The per-row check cost a third of writing 5,000 rows.
    await q.query(`ALTER TABLE graduate_cohort DROP CONSTRAINT graduate_cohort_member_id_fkey`);
    await q.query(`
      CREATE OR REPLACE FUNCTION metrics_member_before() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE s uuid; k text; c text;
      BEGIN
        IF NEW.graduation_date IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.graduation_date IS DISTINCT FROM OLD.graduation_date) THEN
          -- One lookup per org and client statement (members of a marked branch share their org).
          k := NEW.org_id::text || '@' || statement_timestamp()::text;
          c := current_setting('zhtj.school_of', true);
          IF c IS NOT NULL AND split_part(c, '=', 1) = k THEN
            s := nullif(split_part(c, '=', 2), '')::uuid;
          ELSE
            s := metrics_school_of(NEW.org_id);
            PERFORM set_config('zhtj.school_of', k || '=' || coalesce(s::text, ''), true);
          END IF;
          IF s IS NOT NULL AND s IS DISTINCT FROM NEW.school_org_id THEN
            IF TG_OP = 'UPDATE' AND OLD.graduation_date IS NOT NULL AND OLD.school_org_id IS NOT NULL
               AND NEW.destination IS NOT DISTINCT FROM OLD.destination THEN
              NEW.destination := NULL;
            END IF;
            NEW.school_org_id := s;
          END IF;
        END IF;
        RETURN NEW;
      END $$;

      -- The indicator of a cohort row whose member has no counted transfer (graduate_cohort_expected).
      CREATE OR REPLACE FUNCTION metrics_indicator_of(destination text) RETURNS text IMMUTABLE LANGUAGE sql AS $$
        SELECT CASE WHEN destination = 'delayed_graduation' THEN NULL WHEN destination = 'further_study' THEN 'sx' ELSE 'xs' END $$;

      CREATE OR REPLACE FUNCTION metrics_member_stmt() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE ids uuid[]; moved uuid[]; gone uuid[]; schools uuid[]; noschool uuid[]; stale uuid[];
      BEGIN
        IF TG_OP = 'INSERT' THEN
          SELECT array_agg(n.id ORDER BY n.id) INTO ids FROM new_rows n WHERE n.graduation_date IS NOT NULL;
        ELSE
          SELECT array_agg(n.id ORDER BY n.id) INTO ids FROM new_rows n JOIN old_rows o ON o.id = n.id
           WHERE ROW(o.graduation_date, o.destination, o.school_org_id) IS DISTINCT FROM ROW(n.graduation_date, n.destination, n.school_org_id);
          -- Only moved (an approval): the facts' identity stays; only "an unemployed graduate retained
          -- at school" may change, so only graduates whose destination is unemployed or unset.
          SELECT array_agg(n.id ORDER BY n.id) INTO moved FROM new_rows n JOIN old_rows o ON o.id = n.id
           WHERE o.org_id IS DISTINCT FROM n.org_id AND n.id <> ALL (coalesce(ids, '{}'))
             AND EXISTS (SELECT 1 FROM graduate_cohort g WHERE g.member_id = n.id AND coalesce(g.destination, 'unemployed') = 'unemployed');
          IF moved IS NOT NULL THEN PERFORM metrics_refresh_members(moved); END IF;
        END IF;
        IF ids IS NULL THEN RETURN NULL; END IF;
        PERFORM pg_advisory_xact_lock(7364, x.h) FROM (SELECT DISTINCT hashtext(id::text) & 255 AS h FROM unnest(ids) id ORDER BY 1) x;
        IF TG_OP = 'UPDATE' THEN
          -- A date moved to another year at the same school (or cleared) moves (or ends) the cohort.
          SELECT array_agg(n.id) INTO gone FROM new_rows n JOIN old_rows o ON o.id = n.id
           WHERE n.id = ANY(ids) AND o.graduation_date IS NOT NULL
             AND extract(year FROM o.graduation_date) IS DISTINCT FROM extract(year FROM n.graduation_date);
          IF gone IS NOT NULL THEN
            DELETE FROM graduate_cohort g USING new_rows n, old_rows o
             WHERE n.id = ANY(gone) AND o.id = n.id AND g.member_id = n.id
               AND g.year = extract(year FROM o.graduation_date)
               AND (n.graduation_date IS NULL OR g.school_org_id IS NOT DISTINCT FROM n.school_org_id);
          END IF;
        END IF;
        -- The school-domain schools of these members: few (one for a marked branch), looked up by
        -- key once, never by scanning org.
        SELECT array_agg(o.id) INTO schools FROM org o
         WHERE o.id = ANY(ARRAY(SELECT DISTINCT n.school_org_id FROM new_rows n WHERE n.school_org_id IS NOT NULL))
           AND o.industry = ANY(${SCHOOL_DOMAIN});
        -- Written with the derived columns of "no counted transfer"; members that may have one are
        -- refreshed below.
        INSERT INTO graduate_cohort AS g (member_id, year, school_org_id, school_region, graduation_date, destination, indicator)
        SELECT n.id, extract(year FROM n.graduation_date)::int, s.id, s.region_code, n.graduation_date, n.destination, metrics_indicator_of(n.destination)
          FROM new_rows n JOIN org s ON s.id = n.school_org_id AND s.id = ANY(schools)
         WHERE n.id = ANY(ids) AND n.graduation_date IS NOT NULL
        ON CONFLICT (member_id, year) DO UPDATE
          SET school_org_id = excluded.school_org_id, school_region = excluded.school_region,
              graduation_date = excluded.graduation_date, destination = excluded.destination,
              indicator = CASE WHEN g.transfer_id IS NULL THEN excluded.indicator ELSE g.indicator END
        WHERE ROW(g.school_org_id, g.school_region, g.graduation_date, g.destination)
              IS DISTINCT FROM ROW(excluded.school_org_id, excluded.school_region, excluded.graduation_date, excluded.destination);
        -- Marked, but no school-domain school to graduate from: not a graduate of that cohort.
        SELECT array_agg(n.id) INTO noschool FROM new_rows n
         WHERE n.id = ANY(ids) AND n.graduation_date IS NOT NULL
           AND (n.school_org_id IS NULL OR n.school_org_id <> ALL (coalesce(schools, '{}')));
        IF noschool IS NOT NULL THEN
          DELETE FROM graduate_cohort g USING new_rows n
           WHERE n.id = ANY(noschool) AND g.member_id = n.id AND g.year = extract(year FROM n.graduation_date);
        END IF;
        -- (A probe per member by its transfer index — as a semi-join the planner would hash every
        -- transfer in the country.)
        -- Only a pending or approved transfer initiated on or after the window start of the cohort
        -- written can count for it, or stop counting for the member's earlier cohort (whose window
        -- now ends there); a cohort moved from another year bounds the earlier one from the earlier
        -- of the two years.
        IF TG_OP = 'UPDATE' THEN
          SELECT array_agg(n.id ORDER BY n.id) INTO stale FROM new_rows n JOIN old_rows o ON o.id = n.id
           WHERE n.id = ANY(ids) AND (
             SELECT true FROM transfer t WHERE t.member_id = n.id AND t.status IN ('pending', 'approved')
                AND t.initiated_at >= metrics_window_start((CASE WHEN n.id = ANY(coalesce(gone, '{}'))
                      THEN least(extract(year FROM o.graduation_date), extract(year FROM n.graduation_date))
                      ELSE extract(year FROM n.graduation_date) END)::int)
              LIMIT 1);
        ELSE
          SELECT array_agg(n.id ORDER BY n.id) INTO stale FROM new_rows n
           WHERE n.id = ANY(ids) AND (
             SELECT true FROM transfer t WHERE t.member_id = n.id AND t.status IN ('pending', 'approved')
                AND t.initiated_at >= metrics_window_start(extract(year FROM n.graduation_date)::int)
              LIMIT 1);
        END IF;
        IF stale IS NOT NULL THEN PERFORM metrics_refresh_members(stale); END IF;
        RETURN NULL;
      END $$;
    `);
    // The fact triggers run inside OLTP statements; the planner's estimates for transition tables
    // are rough, and above jit_above_cost it compiled each statement with LLVM — 235 ms of a
    // 5,000-member marking at national scale spent compiling queries that then ran in 40 ms.
    for (const fn of FACT_TRIGGER_FUNCTIONS) {
      await q.query(`ALTER FUNCTION ${fn} SET jit = off`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    // The functions compute the same facts as those of GraduateCohort1764700000000, only faster;
    // they stay. The key goes back.
    for (const fn of FACT_TRIGGER_FUNCTIONS) {
      await q.query(`ALTER FUNCTION ${fn} RESET jit`);
    }
    await q.query(`ALTER TABLE graduate_cohort ADD CONSTRAINT graduate_cohort_member_id_fkey FOREIGN KEY (member_id) REFERENCES member(id)`);
  }
}
