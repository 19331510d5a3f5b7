-- The instant the facts take for "now": the application's clock when it says so in the
-- transaction ({{NOW_SETTING}}, set by ScopedDb only with a controllable test clock), else the
-- database's. A change of the facts is recorded on the day of this instant (`metrics_today`).
CREATE OR REPLACE FUNCTION metrics_now() RETURNS timestamp with time zone
  STABLE LANGUAGE sql
AS $$
  SELECT coalesce(nullif(current_setting({{NOW_SETTING}}, true), '')::timestamptz, now())
$$;
