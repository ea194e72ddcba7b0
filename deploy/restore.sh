#!/usr/bin/env bash
# Bring a backup made by deploy/backup.sh back:
#
#   deploy/restore.sh DB_DUMP MEDIA_TAR [DATABASE_URL [MEDIA_DIRECTORY]]
#
# The database goes into DATABASE_URL (the site's own, from the environment file, unless
# given), which must be an empty database (createdb NAME first): a restore never mixes
# with data already there. It is restored in one transaction, so a failure leaves the
# database empty rather than half-restored. The media go into MEDIA_DIRECTORY (the site's
# MEDIA_ROOT unless given). Then run `manage.py migrate` (a newer release may have
# migrations the backup predates) and restart the web servers and the worker.
set -euo pipefail
cd "$(dirname "$0")/.."
dump=${1:?usage: deploy/restore.sh DB_DUMP MEDIA_TAR [DATABASE_URL [MEDIA_DIRECTORY]]}
media_tar=${2:?usage: deploy/restore.sh DB_DUMP MEDIA_TAR [DATABASE_URL [MEDIA_DIRECTORY]]}

setting() { .venv/bin/python -m deploy.setting "$1"; }
database_url=${3:-$(setting DATABASE_URL)}
media_root=${4:-$(setting MEDIA_ROOT)}
media_root=${media_root:-media}

tables=$(psql --no-psqlrc --tuples-only --no-align --dbname="$database_url" \
  --command="SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
if [ "$tables" != "0" ]; then
  echo "The target database is not empty ($tables tables); restore into a new one (createdb)." >&2
  exit 2
fi
pg_restore --no-owner --no-privileges --single-transaction --exit-on-error \
  --dbname="$database_url" "$dump"
mkdir -p "$media_root"
tar -C "$media_root" -xzf "$media_tar"
echo "Restored $dump and $media_tar."
