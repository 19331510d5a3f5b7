-- Counters follow the facts, statement by statement (`metrics_cohort_stmt`).
DROP TRIGGER IF EXISTS graduate_cohort_ins ON graduate_cohort;
CREATE TRIGGER graduate_cohort_ins AFTER INSERT ON graduate_cohort REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION metrics_cohort_stmt();
DROP TRIGGER IF EXISTS graduate_cohort_upd ON graduate_cohort;
CREATE TRIGGER graduate_cohort_upd AFTER UPDATE ON graduate_cohort REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION metrics_cohort_stmt();
DROP TRIGGER IF EXISTS graduate_cohort_del ON graduate_cohort;
CREATE TRIGGER graduate_cohort_del AFTER DELETE ON graduate_cohort REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION metrics_cohort_stmt();
