-- Counters follow the facts, statement by statement, on this connection's shard: the rows a
-- statement added (sign 1) and removed (sign -1) are pre-summed by the columns that matter, spread
-- over their regions (`metrics_regions`) and added to
-- - metric_count (year, region): the parts b, c, a (SX) and e, f, d, w (XS, DW), and pending;
-- - metric_day (year, region, day): completions on their decision day (every region the graduate
--   counts in) and arrivals on their initiation day (incoming regions) — the trend;
-- - metric_school (year, school): the ranking of lagging schools.
-- The three branches differ only in their source rows. `metrics_rebuild` sets metrics.rebuilding
-- to bypass this trigger. No JIT (see metrics_member_stmt).
CREATE OR REPLACE FUNCTION metrics_cohort_stmt() RETURNS trigger
  VOLATILE LANGUAGE plpgsql
  SET jit = off
AS $$
    DECLARE _n bigint;
    BEGIN
      IF current_setting('metrics.rebuilding', true) = 'on' THEN RETURN NULL; END IF;
      -- Most statements that reach here changed nothing (an upsert or refresh with no difference).
      IF TG_OP = 'DELETE' THEN
        IF NOT EXISTS (SELECT 1 FROM old_rows) THEN RETURN NULL; END IF;
      ELSIF NOT EXISTS (SELECT 1 FROM new_rows) THEN
        RETURN NULL;
      END IF;
      IF TG_OP = 'INSERT' THEN
  WITH x AS MATERIALIZED (SELECT 1 AS sgn, n.* FROM new_rows n),
  cnt AS (
    INSERT INTO metric_count AS t (year, region, shard, b, c, a, e, f, d, w, sx_pending, xs_pending)
    SELECT * FROM (SELECT x.year, r.region, metrics_shard(),
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
    SELECT * FROM (SELECT x.year, r.region, metrics_shard(), x.day,
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
    SELECT * FROM (SELECT x.year, x.school_org_id, metrics_shard(), coalesce(max(x.school_region) FILTER (WHERE x.sgn = 1), max(x.school_region)) AS school_region,
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
      ELSIF TG_OP = 'UPDATE' THEN
  WITH x AS MATERIALIZED (SELECT 1 AS sgn, n.* FROM new_rows n UNION ALL SELECT -1, o.* FROM old_rows o),
  cnt AS (
    INSERT INTO metric_count AS t (year, region, shard, b, c, a, e, f, d, w, sx_pending, xs_pending)
    SELECT * FROM (SELECT x.year, r.region, metrics_shard(),
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
    SELECT * FROM (SELECT x.year, r.region, metrics_shard(), x.day,
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
    SELECT * FROM (SELECT x.year, x.school_org_id, metrics_shard(), coalesce(max(x.school_region) FILTER (WHERE x.sgn = 1), max(x.school_region)) AS school_region,
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
      ELSE
  WITH x AS MATERIALIZED (SELECT -1 AS sgn, o.* FROM old_rows o),
  cnt AS (
    INSERT INTO metric_count AS t (year, region, shard, b, c, a, e, f, d, w, sx_pending, xs_pending)
    SELECT * FROM (SELECT x.year, r.region, metrics_shard(),
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
    SELECT * FROM (SELECT x.year, r.region, metrics_shard(), x.day,
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
    SELECT * FROM (SELECT x.year, x.school_org_id, metrics_shard(), coalesce(max(x.school_region) FILTER (WHERE x.sgn = 1), max(x.school_region)) AS school_region,
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
      END IF;
      RETURN NULL;
    END
$$;
