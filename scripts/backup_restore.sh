#!/usr/bin/env bash
# `make restore [ARCHIVE=var/backups/odco-….tar.gz]`: put a backup made by scripts/backup.sh
# back: the database into DATABASE_URL (its tables replaced, in one transaction) and the
# uploaded files into DJANGO_MEDIA_ROOT (default var/media). Without ARCHIVE, the newest one.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?DATABASE_URL must point at the PostgreSQL database to restore into}"
media="${DJANGO_MEDIA_ROOT:-var/media}"
archive="${1:-$(ls -1t "${BACKUP_DIR:-var/backups}"/odco-*.tar.gz 2>/dev/null | head -n 1 || true)}"
if [ -z "$archive" ] || [ ! -f "$archive" ]; then
  echo "No backup archive found (give ARCHIVE=path)." >&2
  exit 1
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

tar -xzf "$archive" -C "$work"
pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error \
  --dbname="$DATABASE_URL" "$work/database.dump"
mkdir -p "$media"
cp -a "$work/media/." "$media/"
echo "Restored $archive"
