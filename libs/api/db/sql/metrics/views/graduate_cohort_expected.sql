-- The derived columns of every cohort row, recomputed from members, transfers and orgs (DOMAIN.md
-- §6; libs/domain metrics.ts `classifyGraduates`, `graduateTransfer`):
-- - the transfer that counts is the most recent one initiated on or after the cohort year's window
--   start (`metrics_window_start`, GRADUATE_WINDOW_START) and, when the member graduates again,
--   before the next cohort's window start (Interpretation COHORT_WINDOW_ENDS_AT_NEXT_COHORT) that
--   is pending or approved;
-- - the destination is the member's own, else the type of that transfer when it names one
--   (DESTINATION_TYPES); the indicator follows it (`metrics_indicator_of`);
-- - completed = approved, unless retained at school (§5 note, RETAINED_AT_SCHOOL_DESTINATIONS with
--   the member's current org inside the school); DW's work unit is `metrics_is_work_unit`.
-- `metrics_refresh_members`, `metrics_rebuild` and `metrics_check` read it.
CREATE OR REPLACE VIEW graduate_cohort_expected AS
SELECT g.member_id, g.year, ct.id AS transfer_id,
       ct.target_region::text AS target_region,
       metrics_indicator_of(dest.d) AS indicator,
       coalesce(ct.status = 'pending', false) AS pending,
       coalesce(ct.status = 'approved' AND NOT retained.r, false) AS completed,
       coalesce(ct.status = 'approved' AND NOT retained.r AND metrics_indicator_of(dest.d) IS DISTINCT FROM 'sx'
                AND metrics_is_work_unit(ct.industry, ct.purpose), false) AS to_unit,
       (ct.initiated_at AT TIME ZONE {{TIME_ZONE}})::date AS initiated_day,
       CASE WHEN ct.status = 'approved' AND NOT retained.r
            THEN (coalesce(ct.decided_at, ct.initiated_at) AT TIME ZONE {{TIME_ZONE}})::date END AS decided_day
  FROM graduate_cohort g
  JOIN member m ON m.id = g.member_id
  -- The member's next cohort, whose window start ends this one's.
  LEFT JOIN LATERAL (SELECT n.year FROM graduate_cohort n WHERE n.member_id = g.member_id AND n.year > g.year ORDER BY n.year LIMIT 1) nx ON true
  LEFT JOIN LATERAL (
    SELECT t.id, t.type, t.status, t.initiated_at, t.decided_at,
           coalesce(o.region_code, t.external_province_code) AS target_region, o.industry, o.purpose
      FROM transfer t LEFT JOIN org o ON o.id = t.to_org_id
     WHERE t.member_id = g.member_id AND t.status IN ('pending','approved')
       AND t.initiated_at >= metrics_window_start(g.year)
       AND (nx.year IS NULL OR t.initiated_at < metrics_window_start(nx.year))
     ORDER BY t.initiated_at DESC, t.id DESC LIMIT 1) ct ON true
  CROSS JOIN LATERAL (SELECT coalesce(g.destination, CASE WHEN ct.type = ANY({{DESTINATION_TYPES}}) THEN ct.type END) AS d) dest
  -- §5 note: an unemployed graduate retained at school is not completed (libs/domain `isRetainedAtSchool`).
  LEFT JOIN org mo ON mo.id = m.org_id
  CROSS JOIN LATERAL (SELECT coalesce(dest.d = ANY({{RETAINED_AT_SCHOOL_DESTINATIONS}}) AND mo.path @> ARRAY[g.school_org_id], false) AS r) retained;
