  -- (fragment) `school_parts` added to `metric_school` on this connection's shard.
  sc AS (
    INSERT INTO metric_school AS t (year, school_org_id, shard, school_region, sx_total, sx_done, sx_pending, xs_total, xs_done, xs_pending, w_done)
    SELECT year, school_org_id, metrics_shard(), school_region, sx_total, sx_done, sx_pending, xs_total, xs_done, xs_pending, w_done FROM school_parts
     WHERE ROW(sx_total, sx_done, sx_pending, xs_total, xs_done, xs_pending, w_done) <> ROW(0, 0, 0, 0, 0, 0, 0)
     ORDER BY 1, 2
    ON CONFLICT (year, school_org_id, shard) DO UPDATE SET school_region = excluded.school_region,
        sx_total = t.sx_total + excluded.sx_total, sx_done = t.sx_done + excluded.sx_done, sx_pending = t.sx_pending + excluded.sx_pending,
        xs_total = t.xs_total + excluded.xs_total, xs_done = t.xs_done + excluded.xs_done, xs_pending = t.xs_pending + excluded.xs_pending,
        w_done = t.w_done + excluded.w_done
    RETURNING 1)
