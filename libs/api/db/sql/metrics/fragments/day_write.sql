  -- (fragment) `parts` added to the ledger `metric_day` on their day (DOMAIN.md §6: the figures of
  -- a day are the sum of every day up to it, so a later change never alters an earlier day).
  dy AS (
    INSERT INTO metric_day AS t (year, region, shard, day, b, c, a, e, f, d, w)
    SELECT year, region, metrics_shard(), day, b, c, a, e, f, d, w FROM parts
     WHERE ROW(b, c, a, e, f, d, w) <> ROW(0, 0, 0, 0, 0, 0, 0)
     ORDER BY 1, 2, 4
    ON CONFLICT (year, region, day, shard) DO UPDATE SET b = t.b + excluded.b, c = t.c + excluded.c, a = t.a + excluded.a,
        e = t.e + excluded.e, f = t.f + excluded.f, d = t.d + excluded.d, w = t.w + excluded.w
    RETURNING 1)
