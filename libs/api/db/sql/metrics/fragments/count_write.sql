  -- (fragment) `parts` added to the running totals `metric_count` (year, region) on this
  -- connection's shard.
  cnt AS (
    INSERT INTO metric_count AS t (year, region, shard, b, c, a, e, f, d, w, sx_pending, xs_pending)
    SELECT year, region, metrics_shard(), sum(b)::int, sum(c)::int, sum(a)::int, sum(e)::int, sum(f)::int, sum(d)::int, sum(w)::int,
           sum(sx_pending)::int, sum(xs_pending)::int
      FROM parts GROUP BY year, region
    HAVING ROW(sum(b), sum(c), sum(a), sum(e), sum(f), sum(d), sum(w), sum(sx_pending), sum(xs_pending)) <> ROW(0, 0, 0, 0, 0, 0, 0, 0, 0)
     ORDER BY 1, 2
    ON CONFLICT (year, region, shard) DO UPDATE SET b = t.b + excluded.b, c = t.c + excluded.c, a = t.a + excluded.a,
        e = t.e + excluded.e, f = t.f + excluded.f, d = t.d + excluded.d, w = t.w + excluded.w,
        sx_pending = t.sx_pending + excluded.sx_pending, xs_pending = t.xs_pending + excluded.xs_pending
    RETURNING 1)
