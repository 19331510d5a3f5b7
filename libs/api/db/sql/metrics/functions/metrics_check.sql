-- Every difference between the stored facts and counters and a recount; empty when exact
-- (`npm run metrics:rebuild -- --check`, and the tests after every scenario).
CREATE OR REPLACE FUNCTION metrics_check() RETURNS TABLE(kind text, key text, expected text, actual text)
  STABLE LANGUAGE sql
AS $$
  SELECT 'cohort_missing', m.id::text || '/' || extract(year FROM m.graduation_date)::text, s.id::text, NULL
    FROM member m JOIN org s ON s.id = coalesce(m.school_org_id, metrics_school_of(m.org_id))
   WHERE m.graduation_date IS NOT NULL AND s.industry = ANY({{SCHOOL_DOMAIN_INDUSTRIES}})
     AND NOT EXISTS (SELECT 1 FROM graduate_cohort g WHERE g.member_id = m.id AND g.year = extract(year FROM m.graduation_date)
                       AND g.school_org_id = s.id AND g.graduation_date = m.graduation_date AND g.destination IS NOT DISTINCT FROM m.destination)
  UNION ALL
  SELECT 'cohort_school_region', g.member_id::text || '/' || g.year, s.region_code, g.school_region
    FROM graduate_cohort g JOIN org s ON s.id = g.school_org_id WHERE s.region_code <> g.school_region
  UNION ALL
  SELECT 'cohort', g.member_id::text || '/' || g.year,
         ROW(e.transfer_id, e.target_region, e.indicator, e.pending, e.completed, e.to_unit, e.initiated_day, e.decided_day)::text, ROW(g.transfer_id, g.target_region, g.indicator, g.pending, g.completed, g.to_unit, g.initiated_day, g.decided_day)::text
    FROM graduate_cohort g JOIN graduate_cohort_expected e ON e.member_id = g.member_id AND e.year = g.year
   WHERE ROW(g.transfer_id, g.target_region, g.indicator, g.pending, g.completed, g.to_unit, g.initiated_day, g.decided_day) IS DISTINCT FROM ROW(e.transfer_id, e.target_region, e.indicator, e.pending, e.completed, e.to_unit, e.initiated_day, e.decided_day)
  UNION ALL SELECT 'metric_count'::text, coalesce(s.year, e.year)::text || '/' || coalesce(s.region, e.region)::text, ROW(coalesce(e.b, 0), coalesce(e.c, 0), coalesce(e.a, 0), coalesce(e.e, 0), coalesce(e.f, 0), coalesce(e.d, 0), coalesce(e.w, 0), coalesce(e.sx_pending, 0), coalesce(e.xs_pending, 0))::text, ROW(coalesce(s.b, 0), coalesce(s.c, 0), coalesce(s.a, 0), coalesce(s.e, 0), coalesce(s.f, 0), coalesce(s.d, 0), coalesce(s.w, 0), coalesce(s.sx_pending, 0), coalesce(s.xs_pending, 0))::text
      FROM (SELECT year, region, sum(b)::int AS b, sum(c)::int AS c, sum(a)::int AS a, sum(e)::int AS e, sum(f)::int AS f, sum(d)::int AS d, sum(w)::int AS w, sum(sx_pending)::int AS sx_pending, sum(xs_pending)::int AS xs_pending FROM metric_count GROUP BY year, region) s FULL JOIN (WITH x AS MATERIALIZED (SELECT 1 AS sgn, g.* FROM graduate_cohort g) SELECT x.year, r.region,
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
     GROUP BY x.year, r.region) e ON s.year = e.year AND s.region = e.region
     WHERE ROW(coalesce(s.b, 0), coalesce(s.c, 0), coalesce(s.a, 0), coalesce(s.e, 0), coalesce(s.f, 0), coalesce(s.d, 0), coalesce(s.w, 0), coalesce(s.sx_pending, 0), coalesce(s.xs_pending, 0)) IS DISTINCT FROM ROW(coalesce(e.b, 0), coalesce(e.c, 0), coalesce(e.a, 0), coalesce(e.e, 0), coalesce(e.f, 0), coalesce(e.d, 0), coalesce(e.w, 0), coalesce(e.sx_pending, 0), coalesce(e.xs_pending, 0))
  UNION ALL SELECT 'metric_day'::text, coalesce(s.year, e.year)::text || '/' || coalesce(s.region, e.region)::text || '/' || coalesce(s.day, e.day)::text, ROW(coalesce(e.sx_done, 0), coalesce(e.xs_done, 0), coalesce(e.w_done, 0), coalesce(e.sx_in, 0), coalesce(e.xs_in, 0))::text, ROW(coalesce(s.sx_done, 0), coalesce(s.xs_done, 0), coalesce(s.w_done, 0), coalesce(s.sx_in, 0), coalesce(s.xs_in, 0))::text
      FROM (SELECT year, region, day, sum(sx_done)::int AS sx_done, sum(xs_done)::int AS xs_done, sum(w_done)::int AS w_done, sum(sx_in)::int AS sx_in, sum(xs_in)::int AS xs_in FROM metric_day GROUP BY year, region, day) s FULL JOIN (WITH x AS MATERIALIZED (SELECT 1 AS sgn, g.* FROM graduate_cohort g) SELECT x.year, r.region, x.day,
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
     GROUP BY x.year, r.region, x.day) e ON s.year = e.year AND s.region = e.region AND s.day = e.day
     WHERE ROW(coalesce(s.sx_done, 0), coalesce(s.xs_done, 0), coalesce(s.w_done, 0), coalesce(s.sx_in, 0), coalesce(s.xs_in, 0)) IS DISTINCT FROM ROW(coalesce(e.sx_done, 0), coalesce(e.xs_done, 0), coalesce(e.w_done, 0), coalesce(e.sx_in, 0), coalesce(e.xs_in, 0))
  UNION ALL SELECT 'metric_school'::text, coalesce(s.year, e.year)::text || '/' || coalesce(s.school_org_id, e.school_org_id)::text, ROW(coalesce(e.sx_total, 0), coalesce(e.sx_done, 0), coalesce(e.sx_pending, 0), coalesce(e.xs_total, 0), coalesce(e.xs_done, 0), coalesce(e.xs_pending, 0), coalesce(e.w_done, 0))::text, ROW(coalesce(s.sx_total, 0), coalesce(s.sx_done, 0), coalesce(s.sx_pending, 0), coalesce(s.xs_total, 0), coalesce(s.xs_done, 0), coalesce(s.xs_pending, 0), coalesce(s.w_done, 0))::text
      FROM (SELECT year, school_org_id, sum(sx_total)::int AS sx_total, sum(sx_done)::int AS sx_done, sum(sx_pending)::int AS sx_pending, sum(xs_total)::int AS xs_total, sum(xs_done)::int AS xs_done, sum(xs_pending)::int AS xs_pending, sum(w_done)::int AS w_done FROM metric_school GROUP BY year, school_org_id) s FULL JOIN (WITH x AS MATERIALIZED (SELECT 1 AS sgn, g.* FROM graduate_cohort g) SELECT x.year, x.school_org_id,
          coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'sx'), 0)::int AS sx_total,
          coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'sx' AND x.completed), 0)::int AS sx_done,
          coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'sx' AND x.pending), 0)::int AS sx_pending,
          coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'xs'), 0)::int AS xs_total,
          coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'xs' AND x.completed), 0)::int AS xs_done,
          coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'xs' AND x.pending), 0)::int AS xs_pending,
          coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'xs' AND x.to_unit), 0)::int AS w_done
      FROM x WHERE x.indicator IS NOT NULL AND x.school_org_id IS NOT NULL
     GROUP BY x.year, x.school_org_id) e ON s.year = e.year AND s.school_org_id = e.school_org_id
     WHERE ROW(coalesce(s.sx_total, 0), coalesce(s.sx_done, 0), coalesce(s.sx_pending, 0), coalesce(s.xs_total, 0), coalesce(s.xs_done, 0), coalesce(s.xs_pending, 0), coalesce(s.w_done, 0)) IS DISTINCT FROM ROW(coalesce(e.sx_total, 0), coalesce(e.sx_done, 0), coalesce(e.sx_pending, 0), coalesce(e.xs_total, 0), coalesce(e.xs_done, 0), coalesce(e.xs_pending, 0), coalesce(e.w_done, 0))

$$;
