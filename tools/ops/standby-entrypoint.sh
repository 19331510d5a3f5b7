#!/usr/bin/env bash
# A hot standby of the primary (docker-compose.yml `db-standby`, docs/operations.md "Hot standby"),
# run as the postgres user. On a data directory without a finished base backup: waits for the
# primary, takes one with its recovery settings (pg_basebackup -R: standby.signal and
# primary_conninfo; -X stream: the WAL of the backup itself), then starts PostgreSQL with the
# arguments given, which must repeat the primary's settings that hot standby needs at least as large
# (max_connections and the like). A directory with a finished backup — a standby, or one promoted
# since — is started as it is, never taken again.
# Environment: PGDATA, PRIMARY_HOST, PRIMARY_PORT (5432), REPLICATION_USER (replicator), REPLICATION_PASSWORD.
set -euo pipefail
: "${PGDATA:?set PGDATA}"
: "${PRIMARY_HOST:?set PRIMARY_HOST}"
port="${PRIMARY_PORT:-5432}"
user="${REPLICATION_USER:-replicator}"
done_marker="$PGDATA/zhtj-base-backup.done"
if [ ! -f "$done_marker" ]; then
  until pg_isready -q -h "$PRIMARY_HOST" -p "$port"; do
    echo "standby: waiting for the primary at $PRIMARY_HOST:$port"
    sleep 2
  done
  # What an interrupted first start left behind.
  mkdir -p "$PGDATA"
  find "$PGDATA" -mindepth 1 -delete
  PGPASSWORD="${REPLICATION_PASSWORD:?set REPLICATION_PASSWORD}" pg_basebackup -h "$PRIMARY_HOST" -p "$port" -U "$user" -D "$PGDATA" -R -X stream -c fast
  chmod 700 "$PGDATA"
  touch "$done_marker"
  echo "standby: base backup of $PRIMARY_HOST:$port taken"
fi
exec postgres "$@"
