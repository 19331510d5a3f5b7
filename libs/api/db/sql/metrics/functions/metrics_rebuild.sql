-- Recompute facts and counters from members, transfers and orgs, set-based (the cohort trigger is
-- bypassed and the counters rewritten). A bulk load can disable the triggers with
-- `SET session_replication_role = replica` and call it afterwards (libs/api/datagen); also
-- `npm run metrics:rebuild`. Returns the number of cohort rows.
--
-- The ledger `metric_day` is rebuilt as far as the records tell their history: each row counts
-- from its window start (1 May of its year, or today when that is later), and its state is taken
-- at the end of every day on which one of its transfers was initiated or decided or its
-- membership ended (`metrics_cohort_state` at that instant) — each change recorded on its day.
-- What the records do not date (a marking, a destination set) is taken as it is now.
CREATE OR REPLACE FUNCTION metrics_rebuild() RETURNS bigint
  VOLATILE LANGUAGE plpgsql
AS $$
  DECLARE n bigint; _n bigint;
  BEGIN
    PERFORM set_config('metrics.rebuilding', 'on', true);
    LOCK TABLE graduate_cohort, metric_count, metric_day, metric_school IN EXCLUSIVE MODE;
    -- The current graduation event of every marked member, at the school it graduates from.
    INSERT INTO graduate_cohort AS g (member_id, year, school_org_id, school_region, graduation_date, destination, event_org_id)
    SELECT m.id, extract(year FROM m.graduation_date)::int, s.id, s.region_code, m.graduation_date, m.destination, m.graduation_org_id
      FROM member m JOIN org s ON s.id = coalesce(m.school_org_id, metrics_school_of(m.org_id))
     WHERE m.graduation_date IS NOT NULL AND s.industry = ANY({{SCHOOL_DOMAIN_INDUSTRIES}})
    ON CONFLICT (member_id, year, event_org_id) DO UPDATE
      SET school_org_id = excluded.school_org_id, school_region = excluded.school_region,
          graduation_date = excluded.graduation_date, destination = excluded.destination, event_org_id = excluded.event_org_id
    WHERE ROW(g.school_org_id, g.school_region, g.graduation_date, g.destination, g.event_org_id)
          IS DISTINCT FROM ROW(excluded.school_org_id, excluded.school_region, excluded.graduation_date, excluded.destination, excluded.event_org_id);
    -- The event each member counts with in each year (a member counts once per cohort).
    PERFORM metrics_choose_events(NULL);
    -- Earlier events keep their school; its region follows the org.
    UPDATE graduate_cohort g SET school_region = s.region_code FROM org s WHERE s.id = g.school_org_id AND g.school_region <> s.region_code;
    UPDATE graduate_cohort g SET transfer_id = e.transfer_id, target_region = e.target_region, indicator = e.indicator,
        pending = e.pending, completed = e.completed, to_unit = e.to_unit, ends_at = e.ends_at, ended = e.ended, dropped = e.dropped
      FROM graduate_cohort_expected e
     WHERE e.member_id = g.member_id AND e.year = g.year AND e.event_org_id IS NOT DISTINCT FROM g.event_org_id
       AND ROW(g.transfer_id, g.target_region, g.indicator, g.pending, g.completed, g.to_unit, g.ends_at, g.ended, g.dropped)
           IS DISTINCT FROM ROW(e.transfer_id, e.target_region, e.indicator, e.pending, e.completed, e.to_unit, e.ends_at, e.ended, e.dropped);
    TRUNCATE metric_count, metric_day, metric_school;
    WITH x AS MATERIALIZED (SELECT 1 AS sgn, NULL::date AS day, g.* FROM graduate_cohort g),
    {{FRAGMENT cohort_parts}}, {{FRAGMENT school_parts}}, {{FRAGMENT count_write}}, {{FRAGMENT school_write}}
    SELECT (SELECT count(*) FROM cnt) + (SELECT count(*) FROM sc) INTO _n;
    -- The ledger: every state of every row, +1 on the day it began and -1 on the day it ended.
    WITH days AS (
      SELECT g.member_id, g.year, g.event_org_id, g.counted, g.school_org_id, g.school_region, g.destination, v.day
        FROM graduate_cohort g
        CROSS JOIN LATERAL (
          SELECT (least(metrics_window_start(g.year), metrics_now()) AT TIME ZONE {{TIME_ZONE}})::date AS day
          UNION SELECT (t.initiated_at AT TIME ZONE {{TIME_ZONE}})::date FROM transfer t
                 WHERE t.member_id = g.member_id AND t.initiated_at >= metrics_window_start(g.year) AND t.initiated_at <= metrics_now()
          UNION SELECT (t.decided_at AT TIME ZONE {{TIME_ZONE}})::date FROM transfer t
                 WHERE t.member_id = g.member_id AND t.initiated_at >= metrics_window_start(g.year) AND t.decided_at <= metrics_now()
          UNION SELECT (g.ends_at AT TIME ZONE {{TIME_ZONE}})::date WHERE g.ends_at <= metrics_now()) v
       WHERE g.destination IS NULL OR metrics_indicator_of(g.destination) IS NOT NULL
    ),
    spans AS (SELECT d.*, lead(d.day) OVER (PARTITION BY d.member_id, d.year, d.event_org_id ORDER BY d.day) AS until FROM days d),
    -- The state at the end of each day; the last one as the records say now (= the row's columns).
    st AS (
      SELECT d.year, d.day, d.until, d.counted, d.school_org_id, d.school_region, s.target_region, s.indicator, s.completed, s.to_unit, s.pending, s.dropped
        FROM spans d
        CROSS JOIN LATERAL metrics_cohort_state(d.member_id, d.year, d.school_org_id, d.destination,
                   CASE WHEN d.until IS NOT NULL THEN ((d.day + 1)::timestamp AT TIME ZONE {{TIME_ZONE}}) - interval '1 microsecond' END) s
    ),
    x AS MATERIALIZED (
      SELECT 1 AS sgn, day, year, counted, school_org_id, school_region, target_region, indicator, completed, to_unit, pending, dropped FROM st
      UNION ALL
      SELECT -1, until, year, counted, school_org_id, school_region, target_region, indicator, completed, to_unit, pending, dropped FROM st WHERE until IS NOT NULL
    ),
    {{FRAGMENT cohort_parts}}, {{FRAGMENT day_write}}
    SELECT count(*) INTO _n FROM dy;
    PERFORM set_config('metrics.rebuilding', 'off', true);
    SELECT count(*) INTO n FROM graduate_cohort;
    RETURN n;
  END
$$;
