-- The counted state of one cohort row (a graduation event) as it stood at instant `p_at`, or with
-- `p_at` null as the records say now (every transfer as recorded; membership ended by
-- `metrics_now()`) (DOMAIN.md
-- §6; libs/domain metrics.ts `classifyGraduates`, `graduateTransfer`, `membershipEndedAt`):
-- - the transfer that counts is the most recent one initiated on or after the cohort year's window
--   start (`metrics_window_start`) and, when the member graduates again, before the next cohort's
--   (Interpretation COHORT_WINDOW_ENDS_AT_NEXT_COHORT) that was pending or approved at `p_at` (one
--   decided later was still pending then);
-- - the destination is the event's own, else the type of that transfer when it names one
--   (DESTINATION_TYPES); the indicator follows it (`metrics_indicator_of`);
-- - completed = approved, unless retained at school (§5 note: RETAINED_AT_SCHOOL_DESTINATIONS with
--   the member's current org inside the school) — a transfer to Beijing, Guangdong or Fujian
--   recorded approved completes whatever org the record keeps them under; DW's work unit is
--   `metrics_is_work_unit`;
-- - ended: membership ended by `p_at` (`metrics_membership_ends_at`); dropped: ended, and not after a
--   completion — the row is then out of every figure.
-- One SELECT, so the planner inlines it where it is called (`graduate_cohort_expected` at
-- null, `metrics_rebuild` at the end of each day of a row's history).
DROP FUNCTION IF EXISTS metrics_cohort_state(uuid, integer, uuid, text, timestamptz) CASCADE;
CREATE FUNCTION metrics_cohort_state(p_member uuid, p_year integer, p_school uuid, p_destination text, p_at timestamptz)
  RETURNS TABLE(transfer_id uuid, target_region text, indicator text, pending boolean, completed boolean, to_unit boolean, ends_at timestamptz, ended boolean, dropped boolean)
  STABLE LANGUAGE sql
AS $$
  SELECT ct.id, ct.target_region::text, metrics_indicator_of(dest.d),
         coalesce(ct.st = 'pending', false),
         done.c,
         done.c AND metrics_indicator_of(dest.d) IS DISTINCT FROM 'sx' AND coalesce(metrics_is_work_unit(ct.industry, ct.purpose), false),
         en.at,
         coalesce(en.at <= coalesce(p_at, metrics_now()), false),
         coalesce(en.at <= coalesce(p_at, metrics_now()) AND NOT (done.c AND coalesce(ct.decided_at, ct.initiated_at) <= en.at), false)
    FROM member m
    -- The member's next cohort, whose window start ends this one's.
    LEFT JOIN LATERAL (SELECT n.year FROM graduate_cohort n WHERE n.member_id = p_member AND n.year > p_year ORDER BY n.year LIMIT 1) nx ON true
    LEFT JOIN LATERAL (
      SELECT t.id, t.type, t.initiated_at, t.decided_at,
             CASE WHEN t.status <> 'pending' AND t.decided_at > p_at THEN 'pending' ELSE t.status END AS st,
             t.to_org_id IS NULL AND t.external_province_code IS NOT NULL AS external,
             coalesce(o.region_code, t.external_province_code) AS target_region, o.industry, o.purpose
        FROM transfer t LEFT JOIN org o ON o.id = t.to_org_id
       WHERE t.member_id = p_member AND (p_at IS NULL OR t.initiated_at <= p_at)
         AND (t.status IN ('pending', 'approved') OR t.decided_at > p_at)
         AND t.initiated_at >= metrics_window_start(p_year)
         AND (nx.year IS NULL OR t.initiated_at < metrics_window_start(nx.year))
       ORDER BY t.initiated_at DESC, t.id DESC LIMIT 1) ct ON true
    CROSS JOIN LATERAL (SELECT coalesce(p_destination, CASE WHEN ct.type = ANY({{DESTINATION_TYPES}}) THEN ct.type END) AS d) dest
    LEFT JOIN org mo ON mo.id = m.org_id
    CROSS JOIN LATERAL (SELECT coalesce(ct.st = 'approved' AND (ct.external
        OR NOT coalesce(dest.d = ANY({{RETAINED_AT_SCHOOL_DESTINATIONS}}) AND mo.path @> ARRAY[p_school], false)), false) AS c) done
    CROSS JOIN LATERAL (SELECT metrics_membership_ends_at(m.status, m.left_at, m.birth_date, m.league_post) AS at) en
   WHERE m.id = p_member
$$;
