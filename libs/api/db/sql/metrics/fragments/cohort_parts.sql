  -- (fragment) The parts of §6 that signed cohort rows `x` (sgn, year, day, school_region,
  -- target_region, indicator, completed, to_unit, pending, dropped) add to each region and day: B, C,
  -- A (SX) and E, F, D, W (XS, DW), and pending — every region of the school as local, every region
  -- of the target that does not hold the school as incoming (`metrics_regions`). Rows not counted
  -- (no indicator: delayed graduation), not the member's counted event of its year, or whose
  -- membership ended before completing are left out.
  parts AS MATERIALIZED (
    SELECT x.year, r.region, x.day,
        coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'sx' AND r.local), 0)::int AS b,
        coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'sx' AND NOT r.local), 0)::int AS c,
        coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'sx' AND x.completed), 0)::int AS a,
        coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'xs' AND r.local), 0)::int AS e,
        coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'xs' AND NOT r.local), 0)::int AS f,
        coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'xs' AND x.completed), 0)::int AS d,
        coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'xs' AND x.to_unit), 0)::int AS w,
        coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'sx' AND x.pending), 0)::int AS sx_pending,
        coalesce(sum(x.sgn) FILTER (WHERE x.indicator = 'xs' AND x.pending), 0)::int AS xs_pending
      FROM (SELECT year, day, school_region, target_region, indicator, completed, to_unit, pending, sum(sgn)::int AS sgn
              FROM x WHERE indicator IS NOT NULL AND counted AND NOT dropped GROUP BY 1, 2, 3, 4, 5, 6, 7, 8) x
      CROSS JOIN LATERAL metrics_regions(x.school_region, x.target_region) r
     GROUP BY x.year, r.region, x.day)
