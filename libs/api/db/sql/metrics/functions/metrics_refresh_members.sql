-- Recompute the derived columns of some members' cohort rows from `graduate_cohort_expected`.
-- Concurrent changes of one member's facts are serialised by the member's own row lock (in id
-- order; `FOR NO KEY UPDATE` conflicts with a member UPDATE, which a marking or an approval holds
-- already, and not with the key-share lock a new transfer's foreign key takes).
-- Planned once per session (`force_generic_plan`): an array parameter's generic plan is costed for
-- ten elements, so PL/pgSQL never chose it and every approval paid ~2 ms of planning for a
-- sub-millisecond update (issue 8; docs/benchmarks.md). No JIT: see metrics_member_stmt.
CREATE OR REPLACE FUNCTION metrics_refresh_members(p uuid[]) RETURNS void
  VOLATILE LANGUAGE plpgsql
  SET jit = off
  SET plan_cache_mode = force_generic_plan
AS $$
  BEGIN
    PERFORM 1 FROM member lk WHERE lk.id = ANY(p) ORDER BY lk.id FOR NO KEY UPDATE;
    UPDATE graduate_cohort g SET transfer_id = e.transfer_id, target_region = e.target_region, indicator = e.indicator,
        pending = e.pending, completed = e.completed, to_unit = e.to_unit, ends_at = e.ends_at, ended = e.ended, dropped = e.dropped
      FROM graduate_cohort_expected e
     WHERE g.member_id = ANY(p) AND e.member_id = ANY(p) AND e.member_id = g.member_id AND e.year = g.year AND e.event_org_id IS NOT DISTINCT FROM g.event_org_id
       AND ROW(g.transfer_id, g.target_region, g.indicator, g.pending, g.completed, g.to_unit, g.ends_at, g.ended, g.dropped)
           IS DISTINCT FROM ROW(e.transfer_id, e.target_region, e.indicator, e.pending, e.completed, e.to_unit, e.ends_at, e.ended, e.dropped);
  END
$$;
