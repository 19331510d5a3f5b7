-- Counters follow the facts, statement by statement, on this connection's shard: the rows a
-- statement added (sign 1) and removed (sign -1) are summed by region (fragments/cohort_parts.sql)
-- and added to the running totals `metric_count`, to today's entry of the ledger `metric_day`
-- (DOMAIN.md §6: the rates as they stood each day — a change is recorded on the day it happens,
-- `metrics_today()`, and never alters a day before it) and to the school ranking `metric_school`.
-- The three branches differ only in their source rows. `metrics_rebuild` sets metrics.rebuilding
-- to bypass this trigger. No JIT (see metrics_member_stmt).
CREATE OR REPLACE FUNCTION metrics_cohort_stmt() RETURNS trigger
  VOLATILE LANGUAGE plpgsql
  SET jit = off
AS $$
  DECLARE _n bigint;
  BEGIN
    IF current_setting('metrics.rebuilding', true) = 'on' THEN RETURN NULL; END IF;
    -- Most statements that reach here changed nothing (an upsert or refresh with no difference).
    IF TG_OP = 'DELETE' THEN
      IF NOT EXISTS (SELECT 1 FROM old_rows) THEN RETURN NULL; END IF;
    ELSIF NOT EXISTS (SELECT 1 FROM new_rows) THEN
      RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
      WITH x AS MATERIALIZED (SELECT 1 AS sgn, metrics_today() AS day, n.* FROM new_rows n),
      {{FRAGMENT cohort_parts}}, {{FRAGMENT school_parts}}, {{FRAGMENT count_write}}, {{FRAGMENT day_write}}, {{FRAGMENT school_write}}
      SELECT (SELECT count(*) FROM cnt) + (SELECT count(*) FROM dy) + (SELECT count(*) FROM sc) INTO _n;
    ELSIF TG_OP = 'UPDATE' THEN
      WITH x AS MATERIALIZED (SELECT 1 AS sgn, metrics_today() AS day, n.* FROM new_rows n UNION ALL SELECT -1, metrics_today(), o.* FROM old_rows o),
      {{FRAGMENT cohort_parts}}, {{FRAGMENT school_parts}}, {{FRAGMENT count_write}}, {{FRAGMENT day_write}}, {{FRAGMENT school_write}}
      SELECT (SELECT count(*) FROM cnt) + (SELECT count(*) FROM dy) + (SELECT count(*) FROM sc) INTO _n;
    ELSE
      WITH x AS MATERIALIZED (SELECT -1 AS sgn, metrics_today() AS day, o.* FROM old_rows o),
      {{FRAGMENT cohort_parts}}, {{FRAGMENT school_parts}}, {{FRAGMENT count_write}}, {{FRAGMENT day_write}}, {{FRAGMENT school_write}}
      SELECT (SELECT count(*) FROM cnt) + (SELECT count(*) FROM dy) + (SELECT count(*) FROM sc) INTO _n;
    END IF;
    RETURN NULL;
  END
$$;
