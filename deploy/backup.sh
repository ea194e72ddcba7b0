#!/usr/bin/env bash
# Back up the site: the database with pg_dump (custom format: compressed, restorable
# table by table) and the uploaded media as a tar file, both named by the time in UTC.
# Backups older than BACKUP_KEEP_DAYS (default 14) are removed: they hold referrals, which
# the retention job anonymises on the site, so old copies must not live on for ever.
#
#   DIGITALHELP_ENV_FILE=/etc/digitalhelp/env deploy/backup.sh /var/backups/digitalhelp
#
# It reads DATABASE_URL and MEDIA_ROOT the way the site does (the environment, then the
# environment file). deploy/restore.sh brings a backup back; `make prod-check` rehearses
# both.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=${1:?usage: deploy/backup.sh DIRECTORY}
keep_days=${BACKUP_KEEP_DAYS:-14}

setting() { .venv/bin/python -m deploy.setting "$1"; }
database_url=$(setting DATABASE_URL)
media_root=$(setting MEDIA_ROOT)
media_root=${media_root:-media}
case "$database_url" in
  postgres://*|postgresql://*) ;;
  *) echo "DATABASE_URL is not a PostgreSQL database; nothing backed up." >&2; exit 2 ;;
esac

umask 077
mkdir -p "$dest" "$media_root"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
# Written under a temporary name and renamed, so a half-written file is never taken for
# a backup.
pg_dump --format=custom --no-owner --no-privileges --file="$dest/db-$stamp.dump.part" "$database_url"
mv "$dest/db-$stamp.dump.part" "$dest/db-$stamp.dump"
tar -C "$media_root" -czf "$dest/media-$stamp.tar.gz.part" .
mv "$dest/media-$stamp.tar.gz.part" "$dest/media-$stamp.tar.gz"
find "$dest" -maxdepth 1 \( -name 'db-*.dump' -o -name 'media-*.tar.gz' \) -mtime "+$keep_days" -delete
echo "$dest/db-$stamp.dump"
echo "$dest/media-$stamp.tar.gz"
