#!/usr/bin/env bash
# Base backup for point-in-time recovery: an online copy of the whole cluster (pg_basebackup, plain
# format, with the WAL that makes it consistent streamed alongside and a manifest checked by
# pg_verifybackup). With the WAL archive that `archive_command` fills, tools/ops/restore-pitr.sh
# rebuilds the server as it was at any moment after this backup ended (docs/operations.md).
# Usage: tools/ops/base-backup.sh <connection-url of a REPLICATION role> <new-directory>
#   nightly from cron, in compose: docker compose exec -T -u postgres db \
#     /ops/base-backup.sh "postgresql://zhtj@/zhtj?host=/var/run/postgresql" /backups/base/$(date +%F)
# PG_BIN may name the directory of the PostgreSQL client programs (default: from PATH).
set -euo pipefail
url="${1:?connection url}"
out="${2:?new directory for the base backup}"
bin="${PG_BIN:+$PG_BIN/}"
if [ -e "$out" ] && [ -n "$(ls -A "$out")" ]; then
  echo "base-backup: $out exists and is not empty" >&2
  exit 1
fi
started=$(date +%s%N)
"${bin}pg_basebackup" --dbname="$url" --pgdata="$out" --wal-method=stream --checkpoint=fast \
  --label="zhtj base backup $(date -u +%FT%TZ)" --no-password
"${bin}pg_verifybackup" --quiet "$out"
ms=$(( ($(date +%s%N) - started) / 1000000 ))
echo "base-backup: $(du -sh "$out" | cut -f1) in $out, $ms ms (starts at $(grep -m1 '^START WAL LOCATION' "$out/backup_label"))"
