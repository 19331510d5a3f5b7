-- Members changed (statement level, so marking a branch of thousands is a few set-based
-- statements). DOMAIN.md §6 "Graduation events": a cohort row is a graduation event, the branch
-- that was marked (`graduation_org_id`, metrics_member_before).
-- - The same event with a date in another year (a correction, Q25), or its date cleared: the row
--   moves or ends. A date from another branch is a new event: a new row for its year, and the
--   earlier cohort stays exactly as it was. A member counts once per cohort (`counted`,
--   `metrics_choose_events`): in a year with two events, the latest date, on a tie the newer.
-- - A new row is written with the derived columns of "no counted transfer" (the indicator follows
--   the destination; membership ended by now is out); only members with a pending or approved
--   transfer initiated on or after the window start of the cohort written (for a cohort moved
--   between years, of the earlier year) are refreshed from `graduate_cohort_expected` — the only
--   transfers that can count for that row or stop counting for the member's earlier cohort.
-- - Leaving, coming back, a League post or a birth date change when membership ends (§6
--   "membership ended"): every cohort of the member is refreshed.
-- - A member only moved (an approval) can change only "retained at school" (§5 note), so only
--   graduates whose destination may be retained (RETAINED_AT_SCHOOL_DESTINATIONS) or is unset.
-- - An approval moves the member with the transaction-local setting {{FACTS_REFRESH_SETTING}} =
--   'transfer' (libs/api/transfers `writeDecisions`): the transfer statement that follows refreshes
--   these members from the final state, so this trigger keeps every identity change and leaves out
--   only its refreshes (one refresh per approval).
-- - Its members are locked already, by this statement's own UPDATE or INSERT.
-- - `force_custom_plan`: planned for its value the members' array is a constant probed through a
--   hash table; on the generic plan (PL/pgSQL's choice after five calls in a session) it is a
--   parameter searched for every row — a session's sixth marking of a 5,000-member branch took
--   twice as long (apps/api-e2e marking-cost.e2e.spec.ts).
-- - No JIT: the planner's estimates for transition tables are rough, and above jit_above_cost it
--   compiled each statement with LLVM — 235 ms of a 5,000-member marking at national scale.
CREATE OR REPLACE FUNCTION metrics_member_stmt() RETURNS trigger
  VOLATILE LANGUAGE plpgsql
  SET jit = off
  SET plan_cache_mode = force_custom_plan
AS $$
  DECLARE deferred boolean := coalesce(current_setting({{FACTS_REFRESH_SETTING}}, true), '') = 'transfer'; ids uuid[]; moved uuid[]; gone uuid[]; schools uuid[]; noschool uuid[]; stale uuid[];
    now_at timestamptz := metrics_now();
  BEGIN
    IF TG_OP = 'INSERT' THEN
      SELECT array_agg(n.id ORDER BY n.id) INTO ids FROM new_rows n WHERE n.graduation_date IS NOT NULL;
    ELSE
      SELECT array_agg(n.id ORDER BY n.id) INTO ids FROM new_rows n JOIN old_rows o ON o.id = n.id
       WHERE ROW(o.graduation_date, o.destination, o.school_org_id, o.graduation_org_id) IS DISTINCT FROM ROW(n.graduation_date, n.destination, n.school_org_id, n.graduation_org_id);
      -- Only moved (an approval): the facts' identity stays; only "an unemployed graduate retained
      -- at school" may change, so only graduates whose destination is unemployed or unset. Or
      -- membership ended or resumed: every cohort of the member.
      SELECT array_agg(n.id ORDER BY n.id) INTO moved FROM new_rows n JOIN old_rows o ON o.id = n.id
       WHERE n.id <> ALL (coalesce(ids, '{}'))
         AND ((o.org_id IS DISTINCT FROM n.org_id
               AND EXISTS (SELECT 1 FROM graduate_cohort g WHERE g.member_id = n.id AND (g.destination IS NULL OR g.destination = ANY({{RETAINED_AT_SCHOOL_DESTINATIONS}}))))
           OR (ROW(o.status, o.left_at, o.birth_date, o.league_post) IS DISTINCT FROM ROW(n.status, n.left_at, n.birth_date, n.league_post)
               AND EXISTS (SELECT 1 FROM graduate_cohort g WHERE g.member_id = n.id)));
      IF moved IS NOT NULL AND NOT deferred THEN PERFORM metrics_refresh_members(moved); END IF;
    END IF;
    IF ids IS NULL THEN RETURN NULL; END IF;
    -- (the members are locked by this statement's own UPDATE or INSERT, MemberRowLocks1765200000001)
    IF TG_OP = 'UPDATE' THEN
      -- The same event in another year (a correction), or its date cleared: the row moves or ends.
      SELECT array_agg(n.id) INTO gone FROM new_rows n JOIN old_rows o ON o.id = n.id
       WHERE n.id = ANY(ids) AND o.graduation_date IS NOT NULL
         AND extract(year FROM o.graduation_date) IS DISTINCT FROM extract(year FROM n.graduation_date)
         AND o.graduation_org_id IS NOT DISTINCT FROM n.graduation_org_id;
      IF gone IS NOT NULL THEN
        -- (The old row alone names the event — `gone` kept its branch. Joined with new_rows too,
        -- the planner saw one row and probed new_rows for each: a class moved to another year
        -- took 17 s.)
        DELETE FROM graduate_cohort g USING old_rows o
         WHERE o.id = ANY(gone) AND g.member_id = o.id
           AND g.year = extract(year FROM o.graduation_date)::int
           AND g.event_org_id IS NOT DISTINCT FROM o.graduation_org_id;
      END IF;
    END IF;
    -- The school-domain schools of these members: few (one for a marked branch), looked up by
    -- key once, never by scanning org.
    SELECT array_agg(o.id) INTO schools FROM org o
     WHERE o.id = ANY(ARRAY(SELECT DISTINCT n.school_org_id FROM new_rows n WHERE n.school_org_id IS NOT NULL))
       AND o.industry = ANY({{SCHOOL_DOMAIN_INDUSTRIES}});
    -- Written with the derived columns of "no counted transfer"; members that may have one are
    -- refreshed below.
    INSERT INTO graduate_cohort AS g (member_id, year, school_org_id, school_region, graduation_date, destination, event_org_id, indicator, ends_at, ended, dropped)
    SELECT n.id, extract(year FROM n.graduation_date)::int, s.id, s.region_code, n.graduation_date, n.destination, n.graduation_org_id,
           metrics_indicator_of(n.destination), en.at, coalesce(en.at <= now_at, false), coalesce(en.at <= now_at, false)
      FROM new_rows n JOIN org s ON s.id = n.school_org_id AND s.id = ANY(schools)
      CROSS JOIN LATERAL (SELECT metrics_membership_ends_at(n.status, n.left_at, n.birth_date, n.league_post) AS at) en
     WHERE n.id = ANY(ids) AND n.graduation_date IS NOT NULL
    ON CONFLICT (member_id, year, event_org_id) DO UPDATE
      SET school_org_id = excluded.school_org_id, school_region = excluded.school_region,
          graduation_date = excluded.graduation_date, destination = excluded.destination, event_org_id = excluded.event_org_id,
          indicator = CASE WHEN g.transfer_id IS NULL THEN excluded.indicator ELSE g.indicator END,
          ends_at = excluded.ends_at,
          ended = excluded.ended,
          dropped = CASE WHEN g.transfer_id IS NULL THEN excluded.dropped ELSE g.dropped END
    WHERE ROW(g.school_org_id, g.school_region, g.graduation_date, g.destination, g.event_org_id)
          IS DISTINCT FROM ROW(excluded.school_org_id, excluded.school_region, excluded.graduation_date, excluded.destination, excluded.event_org_id);
    -- Marked, but no school-domain school to graduate from: not a graduate of that cohort.
    SELECT array_agg(n.id) INTO noschool FROM new_rows n
     WHERE n.id = ANY(ids) AND n.graduation_date IS NOT NULL
       AND (n.school_org_id IS NULL OR n.school_org_id <> ALL (coalesce(schools, '{}')));
    IF noschool IS NOT NULL THEN
      DELETE FROM graduate_cohort g USING new_rows n
       WHERE n.id = ANY(noschool) AND g.member_id = n.id AND g.year = extract(year FROM n.graduation_date)::int
         AND g.event_org_id IS NOT DISTINCT FROM n.graduation_org_id;
    END IF;
    -- A member counts once per cohort: with two events in one year (a new event in the same year,
    -- one moved by a correction), the latest date counts, on a tie the newer event
    -- (`metrics_choose_events`; libs/domain `classifyGraduates`). Only members with a new event, a
    -- row moved or removed, or an uncounted row already (graduate_cohort_uncounted_idx, nearly
    -- empty) can change — a re-marking of a class probes no row of its members.
    IF TG_OP = 'UPDATE' THEN
      PERFORM metrics_choose_events(ARRAY(
        SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
         WHERE n.id = ANY(ids) AND o.graduation_org_id IS DISTINCT FROM n.graduation_org_id
        UNION SELECT g.member_id FROM graduate_cohort g WHERE g.member_id = ANY(ids) AND NOT g.counted
        UNION SELECT unnest(coalesce(gone, '{}') || coalesce(noschool, '{}'))));
    END IF;
    -- (A probe per member by its transfer index — as a semi-join the planner would hash every
    -- transfer in the country.)
    -- Only a pending or approved transfer initiated on or after the window start of the cohort
    -- written can count for it, or stop counting for the member's earlier cohort (whose window
    -- now ends there); a cohort moved from another year bounds the earlier one from the earlier
    -- of the two years.
    IF TG_OP = 'UPDATE' THEN
      SELECT array_agg(n.id ORDER BY n.id) INTO stale FROM new_rows n JOIN old_rows o ON o.id = n.id
       WHERE n.id = ANY(ids) AND (
         SELECT true FROM transfer t WHERE t.member_id = n.id AND t.status IN ('pending', 'approved')
            AND t.initiated_at >= metrics_window_start((CASE WHEN n.id = ANY(coalesce(gone, '{}'))
                  THEN least(extract(year FROM o.graduation_date), extract(year FROM n.graduation_date))
                  ELSE extract(year FROM n.graduation_date) END)::int)
          LIMIT 1);
    ELSE
      SELECT array_agg(n.id ORDER BY n.id) INTO stale FROM new_rows n
       WHERE n.id = ANY(ids) AND (
         SELECT true FROM transfer t WHERE t.member_id = n.id AND t.status IN ('pending', 'approved')
            AND t.initiated_at >= metrics_window_start(extract(year FROM n.graduation_date)::int)
          LIMIT 1);
    END IF;
    IF stale IS NOT NULL AND NOT deferred THEN PERFORM metrics_refresh_members(stale); END IF;
    RETURN NULL;
  END
$$;
