#!/usr/bin/env bash
# Point-in-time restore: a base backup of tools/ops/base-backup.sh plus the WAL archive, replayed
# into a FRESH data directory up to a moment, then promoted to a primary of its own (a new
# timeline). The moment is a time (--time, any timestamptz PostgreSQL reads; give the zone) or a
# restore point made beforehand with SELECT pg_create_restore_point('name') (--name). Recovery
# stops just before the first transaction that committed after the moment.
#
# Usage: tools/ops/restore-pitr.sh --base DIR --archive DIR --data NEW_DIR (--time T | --name N)
#                                  [--timeline current|latest|N] [--start --port P [--wait S]]
#   --timeline  which history to follow (default current: the base backup's own; latest would
#               follow a newer timeline in the archive, e.g. one promoted by an earlier restore)
#   --start     start the server (pg_ctl) on --port and wait until it has replayed up to the
#               moment and been promoted; without it, start it yourself (docker compose up db)
# Run it as the OS user that owns the data directory (postgres). PG_BIN may name the directory of
# the server programs (default: from PATH). A restored server keeps the base backup's settings,
# archive_command included: it archives its new timeline beside the old one.
set -euo pipefail
usage() { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
base='' archive='' data='' time='' name='' timeline=current start=0 port='' wait=3600
while [ $# -gt 0 ]; do
  case "$1" in
    --base) base="$2"; shift 2 ;;
    --archive) archive="$2"; shift 2 ;;
    --data) data="$2"; shift 2 ;;
    --time) time="$2"; shift 2 ;;
    --name) name="$2"; shift 2 ;;
    --timeline) timeline="$2"; shift 2 ;;
    --start) start=1; shift ;;
    --port) port="$2"; shift 2 ;;
    --wait) wait="$2"; shift 2 ;;
    *) usage ;;
  esac
done
[ -n "$base" ] && [ -n "$archive" ] && [ -n "$data" ] || usage
if [ -n "$time" ] && [ -n "$name" ] || [ -z "$time$name" ]; then
  echo "restore-pitr: give exactly one of --time and --name" >&2
  exit 2
fi
[ "$start" = 0 ] || [ -n "$port" ] || { echo "restore-pitr: --start needs --port" >&2; exit 2; }
[ -f "$base/backup_label" ] || { echo "restore-pitr: $base is not a base backup (no backup_label)" >&2; exit 1; }
[ -d "$archive" ] || { echo "restore-pitr: no WAL archive at $archive" >&2; exit 1; }
if [ -e "$data" ] && [ -n "$(ls -A "$data")" ]; then
  echo "restore-pitr: $data is not empty; restore into a fresh directory" >&2
  exit 1
fi
bin="${PG_BIN:+$PG_BIN/}"
quote() { printf "'%s'" "${1//\'/\'\'}"; }
started=$(date +%s%N)

mkdir -p "$data"
chmod 700 "$data"
cp -a "$base/." "$data/"
rm -f "$data/standby.signal" "$data/postmaster.pid"
archive_abs=$(cd "$archive" && pwd)
{
  echo "# tools/ops/restore-pitr.sh $(date -u +%FT%TZ)"
  echo "restore_command = $(quote "cp '$archive_abs/%f' '%p'")"
  if [ -n "$time" ]; then echo "recovery_target_time = $(quote "$time")"; else echo "recovery_target_name = $(quote "$name")"; fi
  echo "recovery_target_timeline = $(quote "$timeline")"
  echo "recovery_target_action = 'promote'"
} >> "$data/postgresql.auto.conf"
touch "$data/recovery.signal"
copied=$(( ($(date +%s%N) - started) / 1000000 ))
echo "restore-pitr: base backup copied into $data in $copied ms; recovery to ${time:-restore point $name}"
[ "$start" = 1 ] || exit 0

"${bin}pg_ctl" -D "$data" -l "$data/restore.log" -o "-p $port" -t "$wait" -w start >/dev/null
# pg_ctl returns once the server accepts connections (consistent, still replaying): wait for the promotion.
until [ "$("${bin}psql" -h 127.0.0.1 -p "$port" -U "${PGUSER:-postgres}" -d postgres -XAtc 'SELECT pg_is_in_recovery()' 2>/dev/null)" = f ]; do
  if ! "${bin}pg_ctl" -D "$data" status >/dev/null; then
    echo "restore-pitr: the server stopped during recovery; see $data/restore.log" >&2
    tail -n 5 "$data/restore.log" >&2
    exit 1
  fi
  if [ $(( ($(date +%s%N) - started) / 1000000000 )) -gt "$wait" ]; then
    echo "restore-pitr: not promoted after $wait s; see $data/restore.log" >&2
    exit 1
  fi
  sleep 0.1
done
ms=$(( ($(date +%s%N) - started) / 1000000 ))
echo "restore-pitr: promoted on port $port after $ms ms ($(grep -m1 'recovery stopping' "$data/restore.log" | sed 's/.*LOG: *//' || true))"
