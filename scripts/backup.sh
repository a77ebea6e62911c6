#!/usr/bin/env bash
# `make backup`: the PostgreSQL database (pg_dump, custom format) and the uploaded files in
# one timestamped archive, var/backups/odco-YYYYmmdd-HHMMSS.tar.gz (prints its path).
# Reads DATABASE_URL (PostgreSQL), DJANGO_MEDIA_ROOT (default var/media), BACKUP_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?DATABASE_URL must point at the PostgreSQL database to back up}"
media="${DJANGO_MEDIA_ROOT:-var/media}"
backups="${BACKUP_DIR:-var/backups}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

pg_dump --format=custom --no-owner --no-privileges --dbname="$DATABASE_URL" --file="$work/database.dump"
mkdir -p "$work/media"
if [ -d "$media" ]; then
  cp -a "$media/." "$work/media/"
fi
mkdir -p "$backups"
archive="$backups/odco-$(date -u +%Y%m%d-%H%M%S).tar.gz"
tar -czf "$archive.part" -C "$work" database.dump media
mv "$archive.part" "$archive"
echo "$archive"
