-- An org's region, industry or purpose changed: its school's graduates and those whose counted
-- transfer targets it follow (`metrics_org_after`). A deleted school is cleared from the cohorts
-- that still name it (`metrics_school_deleted`; `graduate_cohort.school_org_id` has no key,
-- migration CohortSchoolCheck1765500000001).
DROP TRIGGER IF EXISTS org_metrics ON org;
CREATE TRIGGER org_metrics AFTER UPDATE OF region_code, industry, purpose ON org
  FOR EACH ROW WHEN (ROW(OLD.region_code, OLD.industry, OLD.purpose) IS DISTINCT FROM ROW(NEW.region_code, NEW.industry, NEW.purpose))
  EXECUTE FUNCTION metrics_org_after();
DROP TRIGGER IF EXISTS org_school_deleted ON org;
CREATE TRIGGER org_school_deleted AFTER DELETE ON org REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION metrics_school_deleted();
