-- A member's school follows a new graduation date (row level, before the write), then the cohort
-- facts follow every change of a graduation, destination, school or org (statement level, so a
-- marking of thousands is a few set-based statements).
DROP TRIGGER IF EXISTS member_metrics_before ON member;
CREATE TRIGGER member_metrics_before BEFORE INSERT OR UPDATE OF graduation_date ON member
  FOR EACH ROW EXECUTE FUNCTION metrics_member_before();
DROP TRIGGER IF EXISTS member_metrics_ins ON member;
CREATE TRIGGER member_metrics_ins AFTER INSERT ON member REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION metrics_member_stmt();
DROP TRIGGER IF EXISTS member_metrics_upd ON member;
CREATE TRIGGER member_metrics_upd AFTER UPDATE ON member REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION metrics_member_stmt();
