#!/usr/bin/env bash
# Restore a backup of tools/ops/backup.sh into an EMPTY database (created beforehand), in
# parallel jobs; the audit log's append-only trigger comes back with the schema.
# Usage: tools/ops/restore.sh <file.dump> <empty-database-url> [jobs]
set -euo pipefail
in="${1:?backup file}"
url="${2:?database url}"
jobs="${3:-2}"
pg_restore --no-owner --no-privileges --exit-on-error --jobs="$jobs" --dbname="$url" "$in"
psql "$url" -v ON_ERROR_STOP=1 -qc 'ANALYZE'
echo "restored $in"
