-- The counters' shard of the writing connection: counters are spread over {{SHARDS}} rows per key so
-- concurrent approvals never queue on one row per region (issue 9). Reads sum the shards.
CREATE OR REPLACE FUNCTION metrics_shard() RETURNS smallint
  VOLATILE LANGUAGE sql
AS $$
  SELECT (pg_backend_pid() % {{SHARDS}})::smallint
$$;
