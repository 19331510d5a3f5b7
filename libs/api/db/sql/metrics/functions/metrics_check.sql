-- Every difference between the stored facts and counters and a recount; empty when exact
-- (`npm run metrics:rebuild -- --check`, the API's MetricsCheckJob, and the tests after every
-- scenario): a marked member without the cohort row of their current event, a school region out of
-- date, derived columns that differ from `graduate_cohort_expected`, running totals or school
-- counters that differ from a recount of the rows, and a ledger (`metric_day`) whose days do not
-- add up to the running totals. (Past days themselves are history: nothing can recount them.)
CREATE OR REPLACE FUNCTION metrics_check() RETURNS TABLE(kind text, key text, expected text, actual text)
  STABLE LANGUAGE sql
AS $$
  SELECT 'cohort_missing', m.id::text || '/' || extract(year FROM m.graduation_date)::text, s.id::text, NULL
    FROM member m JOIN org s ON s.id = coalesce(m.school_org_id, metrics_school_of(m.org_id))
   WHERE m.graduation_date IS NOT NULL AND s.industry = ANY({{SCHOOL_DOMAIN_INDUSTRIES}})
     AND NOT EXISTS (SELECT 1 FROM graduate_cohort g WHERE g.member_id = m.id AND g.year = extract(year FROM m.graduation_date)
                       AND g.school_org_id = s.id AND g.graduation_date = m.graduation_date AND g.destination IS NOT DISTINCT FROM m.destination
                       AND g.event_org_id IS NOT DISTINCT FROM m.graduation_org_id)
  UNION ALL
  SELECT 'cohort_school_region', g.member_id::text || '/' || g.year, s.region_code, g.school_region
    FROM graduate_cohort g JOIN org s ON s.id = g.school_org_id WHERE s.region_code <> g.school_region
  UNION ALL
  SELECT 'cohort', g.member_id::text || '/' || g.year,
         ROW(e.transfer_id, e.target_region, e.indicator, e.pending, e.completed, e.to_unit, e.ends_at, e.ended, e.dropped)::text,
         ROW(g.transfer_id, g.target_region, g.indicator, g.pending, g.completed, g.to_unit, g.ends_at, g.ended, g.dropped)::text
    FROM graduate_cohort g JOIN graduate_cohort_expected e ON e.member_id = g.member_id AND e.year = g.year AND e.event_org_id IS NOT DISTINCT FROM g.event_org_id
   WHERE ROW(g.transfer_id, g.target_region, g.indicator, g.pending, g.completed, g.to_unit, g.ends_at, g.ended, g.dropped)
         IS DISTINCT FROM ROW(e.transfer_id, e.target_region, e.indicator, e.pending, e.completed, e.to_unit, e.ends_at, e.ended, e.dropped)
  UNION ALL
  SELECT 'cohort_counted', g.member_id::text || '/' || g.year || '/' || coalesce(g.event_org_id::text, ''), c.best::text, g.counted::text
    FROM graduate_cohort g
    JOIN (SELECT member_id, year, event_org_id, row_number() OVER (PARTITION BY member_id, year ORDER BY graduation_date DESC, seq DESC) = 1 AS best FROM graduate_cohort) c
      ON c.member_id = g.member_id AND c.year = g.year AND c.event_org_id IS NOT DISTINCT FROM g.event_org_id
   WHERE c.best <> g.counted
  UNION ALL
  SELECT 'metric_count', coalesce(s.year, e.year)::text || '/' || coalesce(s.region, e.region),
         ROW(coalesce(e.b, 0), coalesce(e.c, 0), coalesce(e.a, 0), coalesce(e.e, 0), coalesce(e.f, 0), coalesce(e.d, 0), coalesce(e.w, 0), coalesce(e.sx_pending, 0), coalesce(e.xs_pending, 0))::text,
         ROW(coalesce(s.b, 0), coalesce(s.c, 0), coalesce(s.a, 0), coalesce(s.e, 0), coalesce(s.f, 0), coalesce(s.d, 0), coalesce(s.w, 0), coalesce(s.sx_pending, 0), coalesce(s.xs_pending, 0))::text
    FROM (SELECT year, region, sum(b) AS b, sum(c) AS c, sum(a) AS a, sum(e) AS e, sum(f) AS f, sum(d) AS d, sum(w) AS w, sum(sx_pending) AS sx_pending, sum(xs_pending) AS xs_pending
            FROM metric_count GROUP BY year, region) s
    FULL JOIN (WITH x AS MATERIALIZED (SELECT 1 AS sgn, NULL::date AS day, g.* FROM graduate_cohort g), {{FRAGMENT cohort_parts}} SELECT * FROM parts) e
      ON s.year = e.year AND s.region = e.region
   WHERE ROW(coalesce(s.b, 0), coalesce(s.c, 0), coalesce(s.a, 0), coalesce(s.e, 0), coalesce(s.f, 0), coalesce(s.d, 0), coalesce(s.w, 0), coalesce(s.sx_pending, 0), coalesce(s.xs_pending, 0))
         IS DISTINCT FROM ROW(coalesce(e.b, 0), coalesce(e.c, 0), coalesce(e.a, 0), coalesce(e.e, 0), coalesce(e.f, 0), coalesce(e.d, 0), coalesce(e.w, 0), coalesce(e.sx_pending, 0), coalesce(e.xs_pending, 0))
  UNION ALL
  SELECT 'metric_day', coalesce(s.year, l.year)::text || '/' || coalesce(s.region, l.region),
         ROW(coalesce(s.b, 0), coalesce(s.c, 0), coalesce(s.a, 0), coalesce(s.e, 0), coalesce(s.f, 0), coalesce(s.d, 0), coalesce(s.w, 0))::text,
         ROW(coalesce(l.b, 0), coalesce(l.c, 0), coalesce(l.a, 0), coalesce(l.e, 0), coalesce(l.f, 0), coalesce(l.d, 0), coalesce(l.w, 0))::text
    FROM (SELECT year, region, sum(b) AS b, sum(c) AS c, sum(a) AS a, sum(e) AS e, sum(f) AS f, sum(d) AS d, sum(w) AS w FROM metric_count GROUP BY year, region) s
    FULL JOIN (SELECT year, region, sum(b) AS b, sum(c) AS c, sum(a) AS a, sum(e) AS e, sum(f) AS f, sum(d) AS d, sum(w) AS w FROM metric_day GROUP BY year, region) l
      ON s.year = l.year AND s.region = l.region
   WHERE ROW(coalesce(s.b, 0), coalesce(s.c, 0), coalesce(s.a, 0), coalesce(s.e, 0), coalesce(s.f, 0), coalesce(s.d, 0), coalesce(s.w, 0))
         IS DISTINCT FROM ROW(coalesce(l.b, 0), coalesce(l.c, 0), coalesce(l.a, 0), coalesce(l.e, 0), coalesce(l.f, 0), coalesce(l.d, 0), coalesce(l.w, 0))
  UNION ALL
  SELECT 'metric_school', coalesce(s.year, e.year)::text || '/' || coalesce(s.school_org_id, e.school_org_id)::text,
         ROW(coalesce(e.sx_total, 0), coalesce(e.sx_done, 0), coalesce(e.sx_pending, 0), coalesce(e.xs_total, 0), coalesce(e.xs_done, 0), coalesce(e.xs_pending, 0), coalesce(e.w_done, 0))::text,
         ROW(coalesce(s.sx_total, 0), coalesce(s.sx_done, 0), coalesce(s.sx_pending, 0), coalesce(s.xs_total, 0), coalesce(s.xs_done, 0), coalesce(s.xs_pending, 0), coalesce(s.w_done, 0))::text
    FROM (SELECT year, school_org_id, sum(sx_total) AS sx_total, sum(sx_done) AS sx_done, sum(sx_pending) AS sx_pending, sum(xs_total) AS xs_total,
                 sum(xs_done) AS xs_done, sum(xs_pending) AS xs_pending, sum(w_done) AS w_done FROM metric_school GROUP BY year, school_org_id) s
    FULL JOIN (WITH x AS MATERIALIZED (SELECT 1 AS sgn, NULL::date AS day, g.* FROM graduate_cohort g), {{FRAGMENT school_parts}} SELECT * FROM school_parts) e
      ON s.year = e.year AND s.school_org_id = e.school_org_id
   WHERE ROW(coalesce(s.sx_total, 0), coalesce(s.sx_done, 0), coalesce(s.sx_pending, 0), coalesce(s.xs_total, 0), coalesce(s.xs_done, 0), coalesce(s.xs_pending, 0), coalesce(s.w_done, 0))
         IS DISTINCT FROM ROW(coalesce(e.sx_total, 0), coalesce(e.sx_done, 0), coalesce(e.sx_pending, 0), coalesce(e.xs_total, 0), coalesce(e.xs_done, 0), coalesce(e.xs_pending, 0), coalesce(e.w_done, 0))
$$;
