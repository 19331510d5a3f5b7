#!/usr/bin/env bash
# Run once by the postgres image on an empty data directory (mounted in /docker-entrypoint-initdb.d,
# docker-compose.yml): a role that may stream WAL to the hot standby (`db-standby`), and the pg_hba
# line that lets it in — the image's own lines match databases, never `replication`. On a database
# that exists already, run the same two steps by hand (docs/operations.md, "Hot standby").
# Environment: POSTGRES_USER, POSTGRES_DB, PGDATA (set by the image), REPLICATION_PASSWORD.
set -euo pipefail
psql -v ON_ERROR_STOP=1 -v pw="${REPLICATION_PASSWORD:?set REPLICATION_PASSWORD}" --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD :'pw';
SQL
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
