  -- (fragment) What signed cohort rows `x` add to each school's ranking (the lagging schools):
  -- graduates, completed and pending of SX and XS, and completed to a work unit (DW).
  school_parts AS MATERIALIZED (
    SELECT x.year, x.school_org_id, coalesce(max(x.school_region) FILTER (WHERE x.sgn = 1), max(x.school_region)) AS school_region,
        coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'sx'), 0)::int AS sx_total,
        coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'sx' AND x.completed), 0)::int AS sx_done,
        coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'sx' AND x.pending), 0)::int AS sx_pending,
        coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'xs'), 0)::int AS xs_total,
        coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'xs' AND x.completed), 0)::int AS xs_done,
        coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'xs' AND x.pending), 0)::int AS xs_pending,
        coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'xs' AND x.to_unit), 0)::int AS w_done
      FROM x WHERE x.indicator IS NOT NULL AND x.counted AND NOT x.dropped AND x.school_org_id IS NOT NULL
     GROUP BY x.year, x.school_org_id)
