-- The derived columns every cohort row should hold now (`metrics_cohort_state` as the records say now).
-- `metrics_refresh_members`, `metrics_rebuild` and `metrics_check` read it.
DROP VIEW IF EXISTS graduate_cohort_expected;
CREATE VIEW graduate_cohort_expected AS
SELECT g.member_id, g.year, g.event_org_id, s.transfer_id, s.target_region, s.indicator, s.pending, s.completed, s.to_unit, s.ends_at, s.ended, s.dropped
  FROM graduate_cohort g
  CROSS JOIN LATERAL metrics_cohort_state(g.member_id, g.year, g.school_org_id, g.destination, NULL) s;
