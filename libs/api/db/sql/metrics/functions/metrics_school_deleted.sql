-- A deleted school is cleared from the cohorts that still name it (a member who later graduated
-- from another school; deleting a school that any member names is refused). The cohort trigger
-- moves the school's counts. This replaced a foreign key checked row by row (70 ms of a first
-- marking of 5,000 members; migration CohortSchoolCheck1765500000001).
CREATE OR REPLACE FUNCTION metrics_school_deleted() RETURNS trigger
  VOLATILE LANGUAGE plpgsql
AS $$
  BEGIN
    UPDATE graduate_cohort g SET school_org_id = NULL FROM old_rows o WHERE g.school_org_id = o.id;
    RETURN NULL;
  END
$$;
