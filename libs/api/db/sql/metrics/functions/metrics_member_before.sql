-- Row trigger before a member's graduation date is written (DOMAIN.md §6 "Graduation events"): the
-- date belongs to the member's org as it is now — the branch that was marked (a non-mixed branch's
-- members inherit its mark; in a mixed branch the member is marked) — recorded as
-- `graduation_org_id`. A date from another branch is a new graduation event: the earlier event's
-- destination does not carry over (unless this statement sets one), and a date marked in another
-- school than the member's last one moves the school (`metrics_school_of`, looked up once per org
-- and client statement: the members of a marked branch share their org).
CREATE OR REPLACE FUNCTION metrics_member_before() RETURNS trigger
  VOLATILE LANGUAGE plpgsql
AS $$
  DECLARE s uuid; k text; c text;
  BEGIN
    -- Set once, when the member is written: a first marking then rewrites the row at its own width
    -- (MarkingRoom1765300000000: every member of a marked branch keeps a HOT update).
    IF TG_OP = 'INSERT' AND NEW.graduation_org_id IS NULL THEN
      NEW.graduation_org_id := NEW.org_id;
    END IF;
    IF NEW.graduation_date IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.graduation_date IS DISTINCT FROM OLD.graduation_date) THEN
      -- One lookup per org and client statement (members of a marked branch share their org).
      k := NEW.org_id::text || '@' || statement_timestamp()::text;
      c := current_setting('zhtj.school_of', true);
      IF c IS NOT NULL AND split_part(c, '=', 1) = k THEN
        s := nullif(split_part(c, '=', 2), '')::uuid;
      ELSE
        s := metrics_school_of(NEW.org_id);
        PERFORM set_config('zhtj.school_of', k || '=' || coalesce(s::text, ''), true);
      END IF;
      IF TG_OP = 'UPDATE' AND OLD.graduation_date IS NOT NULL AND OLD.graduation_org_id IS DISTINCT FROM NEW.org_id
         AND NEW.destination IS NOT DISTINCT FROM OLD.destination THEN
        NEW.destination := NULL;
      END IF;
      NEW.graduation_org_id := NEW.org_id;
      IF s IS NOT NULL AND s IS DISTINCT FROM NEW.school_org_id THEN
        NEW.school_org_id := s;
      END IF;
    END IF;
    RETURN NEW;
  END
$$;
