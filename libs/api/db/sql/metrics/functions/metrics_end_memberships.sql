-- §6 "membership ended" needs no write when it comes by age (the 28th birthday, §2 Q1): the rows
-- whose membership has ended by `metrics_now()` are refreshed once (`ended`); those that had not
-- completed first leave the figures today (`dropped`). The index graduate_cohort_ends_idx holds
-- only rows not ended yet, and no approval changes `ended`. Run hourly and on demand by the API (`MembershipEndsJob`); answers how
-- many members it refreshed.
CREATE OR REPLACE FUNCTION metrics_end_memberships() RETURNS integer
  VOLATILE LANGUAGE plpgsql
  SET jit = off
AS $$
  DECLARE ids uuid[];
  BEGIN
    SELECT array_agg(DISTINCT g.member_id) INTO ids FROM graduate_cohort g
     WHERE g.ends_at IS NOT NULL AND NOT g.ended AND g.ends_at <= metrics_now();
    IF ids IS NULL THEN RETURN 0; END IF;
    PERFORM metrics_refresh_members(ids);
    RETURN cardinality(ids);
  END
$$;
