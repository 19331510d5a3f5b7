-- An org's region changed, or whether it is a work unit (its industry or purpose): the facts of its school's graduates and of those
-- whose counted transfer targets it follow (the work-unit test reads industry and purpose).
CREATE OR REPLACE FUNCTION metrics_org_after() RETURNS trigger
  VOLATILE LANGUAGE plpgsql
  SET jit = off
AS $$
  BEGIN
    UPDATE graduate_cohort SET school_region = NEW.region_code WHERE school_org_id = NEW.id AND school_region <> NEW.region_code;
    UPDATE metric_school SET school_region = NEW.region_code WHERE school_org_id = NEW.id AND school_region <> NEW.region_code;
    PERFORM metrics_refresh_members(ARRAY(SELECT DISTINCT g.member_id FROM graduate_cohort g JOIN transfer t ON t.id = g.transfer_id WHERE t.to_org_id = NEW.id));
    RETURN NULL;
  END
$$;
