-- DOMAIN.md §6 "as they stood on each day": the China Standard Time day (TIME_ZONE) of
-- `metrics_now()` — the day every change of the facts is recorded on in the ledger `metric_day`.
CREATE OR REPLACE FUNCTION metrics_today() RETURNS date
  STABLE LANGUAGE sql
AS $$
  SELECT (metrics_now() AT TIME ZONE {{TIME_ZONE}})::date
$$;
