#!/usr/bin/env bash
# make clean: drop the test databases (protect_test*) and the demo database $DB
# (its filestore lives in build/data), then remove build/.
set -euo pipefail
# shellcheck source=tools/common.sh
. "$(dirname "$0")/common.sh"

DB="${DB:-protect_demo}"
if psql -d postgres -XAtqc 'SELECT 1' >/dev/null 2>&1; then
    dbs="$(psql -d postgres -XAtqc \
        "SELECT datname FROM pg_database WHERE datname LIKE 'protect\_test%' OR datname = '$DB'")"
    for db in $dbs; do
        # No --force: a database in use (a make test/run still going) is left alone.
        if dropdb "$db" 2>/dev/null; then
            say "dropped database $db"
        else
            say "kept database $db: in use (stop what uses it, then run make clean again)"
        fi
    done
else
    say "PostgreSQL does not answer; no database dropped"
fi
rm -rf "$BUILD_DIR"
say "removed build/"
