-- §6: a member counts once per cohort. When a member has two graduation events in one year (marked
-- with a new class in the same year, or an event moved there by a correction), the one with the
-- latest date counts, on a tie the newer one (`seq`) — libs/domain `classifyGraduates`. The other
-- rows stay, uncounted (`counted`), so the earlier event counts again if the newer one moves away.
-- `p` limits it to some members; null: every member (`metrics_rebuild`). Planned for each call's
-- members (a marking's thousands, or one), as metrics_member_stmt is.
CREATE OR REPLACE FUNCTION metrics_choose_events(p uuid[]) RETURNS void
  VOLATILE LANGUAGE plpgsql
  SET jit = off
  SET plan_cache_mode = force_custom_plan
AS $$
  BEGIN
    IF p IS NOT NULL AND cardinality(p) = 0 THEN RETURN; END IF;
    UPDATE graduate_cohort g SET counted = c.best
      FROM (SELECT member_id, year, event_org_id,
                   row_number() OVER (PARTITION BY member_id, year ORDER BY graduation_date DESC, seq DESC) = 1 AS best
              FROM graduate_cohort WHERE p IS NULL OR member_id = ANY(p)) c
     WHERE (p IS NULL OR g.member_id = ANY(p)) AND g.member_id = c.member_id AND g.year = c.year
       AND g.event_org_id IS NOT DISTINCT FROM c.event_org_id AND g.counted <> c.best;
  END
$$;
