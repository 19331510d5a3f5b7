#!/usr/bin/env bash
# Backup: a consistent snapshot of the whole database in pg_dump's custom format (compressed,
# restorable table by table). Usage: tools/ops/backup.sh <database-url> <file.dump>
set -euo pipefail
url="${1:?database url}"
out="${2:?output file}"
pg_dump --format=custom --compress=6 --no-owner --no-privileges --file="$out" "$url"
echo "backup: $(du -h "$out" | cut -f1) in $out"
