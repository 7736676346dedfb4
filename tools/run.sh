#!/usr/bin/env bash
# make run: serve Odoo with the addon on http://127.0.0.1:$PORT, database $DB
# (created with demo data on first run). UPDATE=1 upgrades the addon first.
set -euo pipefail
# shellcheck source=tools/common.sh
. "$(dirname "$0")/common.sh"

DB="${DB:-protect_demo}"
PORT="${PORT:-8069}"
export PORT
bash "$REPO_ROOT/tools/setup.sh"
load_env
[ "$ODOO_AVAILABLE" = 1 ] || die "cannot run: $ODOO_REASON"

log="$BUILD_DIR/logs/$DB-install.log"
if ! db_exists "$DB" || ! module_installed "$DB"; then
    new_db=0
    db_exists "$DB" || new_db=1
    say "Creating database '$DB': installing $MODULE with demo data (a minute or two) ..."
    say "  log: ${log#"$REPO_ROOT"/}"
    if ! install_addon "$DB" "$log"; then
        # Do not leave a half-installed database behind: the next run retries.
        [ "$new_db" = 1 ] && db_drop "$DB"
        die "could not install $MODULE into '$DB' (see above)"
    fi
elif is_true "${UPDATE:-}"; then
    say "Updating $MODULE in '$DB' ..."
    "$ODOO_BIN" -d "$DB" -u "$MODULE" --stop-after-init --logfile="$log" ||
        die "update failed; log: $log"
fi

say ""
# The Protect app itself (protect_engagement_action's path), not Odoo's home page.
say "Odoo is starting: http://127.0.0.1:$PORT/odoo/protect-engagements   (database '$DB'; Ctrl-C stops it)"
say "Demo logins (login / password):"
sed 's/^/  /' "$REPO_ROOT/tools/demo_logins.txt"
say ""
exec "$ODOO_BIN" -d "$DB" --db-filter="^$DB\$" --http-interface=127.0.0.1 --http-port="$PORT"
