-- An org's region changed, or whether it is a work unit's own League org (its industry or purpose,
-- `metrics_is_work_unit`): its school's graduates and those whose counted transfer targets it
-- follow (`metrics_org_after`). Nothing else of an org is read by the facts, so a purpose change
-- such as the 1 June job's (a branch becoming a graduates org) fires nothing. A deleted school is
-- cleared from the cohorts that still name it (`metrics_school_deleted`;
-- `graduate_cohort.school_org_id` has no key, migration CohortSchoolCheck1765500000001).
DROP TRIGGER IF EXISTS org_metrics ON org;
CREATE TRIGGER org_metrics AFTER UPDATE OF region_code, industry, purpose ON org
  FOR EACH ROW WHEN (OLD.region_code IS DISTINCT FROM NEW.region_code
                     OR metrics_is_work_unit(OLD.industry, OLD.purpose) IS DISTINCT FROM metrics_is_work_unit(NEW.industry, NEW.purpose))
  EXECUTE FUNCTION metrics_org_after();
DROP TRIGGER IF EXISTS org_school_deleted ON org;
CREATE TRIGGER org_school_deleted AFTER DELETE ON org REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION metrics_school_deleted();
