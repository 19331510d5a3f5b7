-- Recompute facts and counters from members, transfers and orgs, set-based (the cohort trigger is
-- bypassed and the counters rewritten). A bulk load can disable the triggers with
-- `SET session_replication_role = replica` and call it afterwards (libs/api/datagen); also
-- `npm run metrics:rebuild`. Returns the number of cohort rows.
CREATE OR REPLACE FUNCTION metrics_rebuild() RETURNS bigint
  VOLATILE LANGUAGE plpgsql
AS $$
    DECLARE n bigint; _n bigint;
    BEGIN
      PERFORM set_config('metrics.rebuilding', 'on', true);
      LOCK TABLE graduate_cohort, metric_count, metric_day, metric_school IN EXCLUSIVE MODE;
      -- The current cohort of every marked member, at the school it graduates from.
      INSERT INTO graduate_cohort AS g (member_id, year, school_org_id, school_region, graduation_date, destination)
      SELECT m.id, extract(year FROM m.graduation_date)::int, s.id, s.region_code, m.graduation_date, m.destination
        FROM member m JOIN org s ON s.id = coalesce(m.school_org_id, metrics_school_of(m.org_id))
       WHERE m.graduation_date IS NOT NULL AND s.industry = ANY({{SCHOOL_DOMAIN_INDUSTRIES}})
      ON CONFLICT (member_id, year) DO UPDATE
        SET school_org_id = excluded.school_org_id, school_region = excluded.school_region,
            graduation_date = excluded.graduation_date, destination = excluded.destination
      WHERE ROW(g.school_org_id, g.school_region, g.graduation_date, g.destination)
            IS DISTINCT FROM ROW(excluded.school_org_id, excluded.school_region, excluded.graduation_date, excluded.destination);
      -- Earlier cohorts keep their school; its region follows the org.
      UPDATE graduate_cohort g SET school_region = s.region_code FROM org s WHERE s.id = g.school_org_id AND g.school_region <> s.region_code;
      UPDATE graduate_cohort g SET transfer_id = e.transfer_id, target_region = e.target_region, indicator = e.indicator, pending = e.pending, completed = e.completed, to_unit = e.to_unit, initiated_day = e.initiated_day, decided_day = e.decided_day
        FROM graduate_cohort_expected e
       WHERE e.member_id = g.member_id AND e.year = g.year
         AND ROW(g.transfer_id, g.target_region, g.indicator, g.pending, g.completed, g.to_unit, g.initiated_day, g.decided_day) IS DISTINCT FROM ROW(e.transfer_id, e.target_region, e.indicator, e.pending, e.completed, e.to_unit, e.initiated_day, e.decided_day);
      TRUNCATE metric_count, metric_day, metric_school;
  WITH x AS MATERIALIZED (SELECT 1 AS sgn, g.* FROM graduate_cohort g),
  cnt AS (
    INSERT INTO metric_count AS t (year, region, shard, b, c, a, e, f, d, w, sx_pending, xs_pending)
    SELECT * FROM (SELECT x.year, r.region, 0,
        coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'sx' AND r.local), 0)::int AS b,
        coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'sx' AND NOT r.local), 0)::int AS c,
        coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'sx' AND x.completed), 0)::int AS a,
        coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'xs' AND r.local), 0)::int AS e,
        coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'xs' AND NOT r.local), 0)::int AS f,
        coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'xs' AND x.completed), 0)::int AS d,
        coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'xs' AND x.to_unit), 0)::int AS w,
        coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'sx' AND x.pending), 0)::int AS sx_pending,
        coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'xs' AND x.pending), 0)::int AS xs_pending
          FROM (SELECT year, school_region, target_region, indicator, completed, to_unit, pending, sum(sgn)::int AS sgn
                 FROM x WHERE indicator IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7) x CROSS JOIN LATERAL metrics_regions(x.school_region, x.target_region) r
         GROUP BY x.year, r.region HAVING coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'sx' AND r.local), 0) <> 0
             OR coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'sx' AND NOT r.local), 0) <> 0
             OR coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'sx' AND x.completed), 0) <> 0
             OR coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'xs' AND r.local), 0) <> 0
             OR coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'xs' AND NOT r.local), 0) <> 0
             OR coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'xs' AND x.completed), 0) <> 0
             OR coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'xs' AND x.to_unit), 0) <> 0
             OR coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'sx' AND x.pending), 0) <> 0
             OR coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'xs' AND x.pending), 0) <> 0) q ORDER BY 1, 2
    ON CONFLICT (year, region, shard) DO UPDATE SET b = t.b + excluded.b,
        c = t.c + excluded.c,
        a = t.a + excluded.a,
        e = t.e + excluded.e,
        f = t.f + excluded.f,
        d = t.d + excluded.d,
        w = t.w + excluded.w,
        sx_pending = t.sx_pending + excluded.sx_pending,
        xs_pending = t.xs_pending + excluded.xs_pending
    RETURNING 1
  ),
  dy AS (
    INSERT INTO metric_day AS t (year, region, shard, day, sx_done, xs_done, w_done, sx_in, xs_in)
    SELECT * FROM (SELECT x.year, r.region, 0, x.day,
        coalesce(sum(x.sgn) FILTER (WHERE x.kind = 'done' AND x.indicator = 'sx'), 0)::int AS sx_done,
        coalesce(sum(x.sgn) FILTER (WHERE x.kind = 'done' AND x.indicator = 'xs'), 0)::int AS xs_done,
        coalesce(sum(x.sgn) FILTER (WHERE x.kind = 'done' AND x.indicator = 'xs' AND x.to_unit), 0)::int AS w_done,
        coalesce(sum(x.sgn) FILTER (WHERE x.kind = 'in' AND x.indicator = 'sx'), 0)::int AS sx_in,
        coalesce(sum(x.sgn) FILTER (WHERE x.kind = 'in' AND x.indicator = 'xs'), 0)::int AS xs_in
          FROM (SELECT year, school_region, target_region, indicator, to_unit, 'done'::text AS kind, decided_day AS day, sum(sgn)::int AS sgn
               FROM x WHERE indicator IS NOT NULL AND completed AND decided_day IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7
             UNION ALL
             SELECT year, school_region, target_region, indicator, false, 'in', initiated_day, sum(sgn)::int
               FROM x WHERE indicator IS NOT NULL AND target_region IS NOT NULL AND initiated_day IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7) x CROSS JOIN LATERAL metrics_regions(x.school_region, x.target_region) r
         WHERE x.kind = 'done' OR NOT r.local
         GROUP BY x.year, r.region, x.day HAVING coalesce(sum(x.sgn) FILTER (WHERE x.kind = 'done' AND x.indicator = 'sx'), 0) <> 0
             OR coalesce(sum(x.sgn) FILTER (WHERE x.kind = 'done' AND x.indicator = 'xs'), 0) <> 0
             OR coalesce(sum(x.sgn) FILTER (WHERE x.kind = 'done' AND x.indicator = 'xs' AND x.to_unit), 0) <> 0
             OR coalesce(sum(x.sgn) FILTER (WHERE x.kind = 'in' AND x.indicator = 'sx'), 0) <> 0
             OR coalesce(sum(x.sgn) FILTER (WHERE x.kind = 'in' AND x.indicator = 'xs'), 0) <> 0) q ORDER BY 1, 2, 4
    ON CONFLICT (year, region, shard, day) DO UPDATE SET sx_done = t.sx_done + excluded.sx_done,
        xs_done = t.xs_done + excluded.xs_done,
        w_done = t.w_done + excluded.w_done,
        sx_in = t.sx_in + excluded.sx_in,
        xs_in = t.xs_in + excluded.xs_in
    RETURNING 1
  ),
  sc AS (
    INSERT INTO metric_school AS t (year, school_org_id, shard, school_region, sx_total, sx_done, sx_pending, xs_total, xs_done, xs_pending, w_done)
    SELECT * FROM (SELECT x.year, x.school_org_id, 0, coalesce(max(x.school_region) FILTER (WHERE x.sgn = 1), max(x.school_region)) AS school_region,
        coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'sx'), 0)::int AS sx_total,
        coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'sx' AND x.completed), 0)::int AS sx_done,
        coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'sx' AND x.pending), 0)::int AS sx_pending,
        coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'xs'), 0)::int AS xs_total,
        coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'xs' AND x.completed), 0)::int AS xs_done,
        coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'xs' AND x.pending), 0)::int AS xs_pending,
        coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'xs' AND x.to_unit), 0)::int AS w_done
          FROM x WHERE x.indicator IS NOT NULL AND x.school_org_id IS NOT NULL
         GROUP BY x.year, x.school_org_id HAVING coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'sx'), 0) <> 0
             OR coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'sx' AND x.completed), 0) <> 0
             OR coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'sx' AND x.pending), 0) <> 0
             OR coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'xs'), 0) <> 0
             OR coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'xs' AND x.completed), 0) <> 0
             OR coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'xs' AND x.pending), 0) <> 0
             OR coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'xs' AND x.to_unit), 0) <> 0) q ORDER BY 1, 2
    ON CONFLICT (year, school_org_id, shard) DO UPDATE SET school_region = excluded.school_region,
        sx_total = t.sx_total + excluded.sx_total,
        sx_done = t.sx_done + excluded.sx_done,
        sx_pending = t.sx_pending + excluded.sx_pending,
        xs_total = t.xs_total + excluded.xs_total,
        xs_done = t.xs_done + excluded.xs_done,
        xs_pending = t.xs_pending + excluded.xs_pending,
        w_done = t.w_done + excluded.w_done
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM cnt) + (SELECT count(*) FROM dy) + (SELECT count(*) FROM sc) INTO _n;
      PERFORM set_config('metrics.rebuilding', 'off', true);
      SELECT count(*) INTO n FROM graduate_cohort;
      RETURN n;
    END
$$;
