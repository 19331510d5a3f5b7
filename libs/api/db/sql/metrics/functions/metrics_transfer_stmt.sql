-- Transfers initiated or changed (approve, reject, withdraw, expire, external outcome, …): the
-- facts of their graduates are refreshed, once per statement. It resets {{FACTS_REFRESH_SETTING}}
-- (see metrics_member_stmt). No JIT (see there).
CREATE OR REPLACE FUNCTION metrics_transfer_stmt() RETURNS trigger
  VOLATILE LANGUAGE plpgsql
  SET jit = off
AS $$
  DECLARE ids uuid[];
  BEGIN
    IF TG_OP = 'INSERT' THEN
      SELECT array_agg(DISTINCT n.member_id) INTO ids FROM new_rows n WHERE EXISTS (SELECT 1 FROM graduate_cohort g WHERE g.member_id = n.member_id);
    ELSE
      SELECT array_agg(DISTINCT n.member_id) INTO ids FROM new_rows n JOIN old_rows o ON o.id = n.id
       WHERE ROW(o.status, o.decided_at, o.initiated_at, o.to_org_id, o.external_province_code, o.type, o.member_id)
             IS DISTINCT FROM ROW(n.status, n.decided_at, n.initiated_at, n.to_org_id, n.external_province_code, n.type, n.member_id)
         AND EXISTS (SELECT 1 FROM graduate_cohort g WHERE g.member_id = n.member_id);
    END IF;
    IF ids IS NOT NULL THEN PERFORM metrics_refresh_members(ids); END IF;
    RETURN NULL;
  END
$$;
