-- Row trigger before a member's graduation date is written (DOMAIN.md §6): a date marked in another
-- school than the member's last one starts a new cohort there — the school follows
-- (`metrics_school_of`, looked up once per org and client statement: the members of a marked
-- branch share their org), and the previous graduation's destination does not carry over.
CREATE OR REPLACE FUNCTION metrics_member_before() RETURNS trigger
  VOLATILE LANGUAGE plpgsql
AS $$
  DECLARE s uuid; k text; c text;
  BEGIN
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
      IF s IS NOT NULL AND s IS DISTINCT FROM NEW.school_org_id THEN
        IF TG_OP = 'UPDATE' AND OLD.graduation_date IS NOT NULL AND OLD.school_org_id IS NOT NULL
           AND NEW.destination IS NOT DISTINCT FROM OLD.destination THEN
          NEW.destination := NULL;
        END IF;
        NEW.school_org_id := s;
      END IF;
    END IF;
    RETURN NEW;
  END
$$;
