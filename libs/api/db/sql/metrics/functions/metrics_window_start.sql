-- DOMAIN.md §6: the start of cohort Y's transfer window — GRADUATE_WINDOW_START (1 May,
-- libs/domain interpretations.ts) of year Y, 00:00 China Standard Time (TIME_ZONE, calendar.ts).
-- A cohort's counted transfer is initiated on or after it, and before the next cohort's.
CREATE OR REPLACE FUNCTION metrics_window_start(y integer) RETURNS timestamp with time zone
  IMMUTABLE LANGUAGE sql
AS $$
  SELECT make_timestamptz(y, {{GRADUATE_WINDOW_START_MONTH}}, {{GRADUATE_WINDOW_START_DAY}}, 0, 0, 0, {{TIME_ZONE}})
$$;
