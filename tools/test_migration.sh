#!/usr/bin/env bash
# The upgrade path, tested as a site would live it: install the addon as it was at
# the previous version (taken from git history), with demo data, then upgrade that
# database with the code of this working tree, and run tests/test_migration.py on
# it (those tests only run on a database upgraded this way). Before the upgrade,
# tests/migration_before.sql keeps what those tests compare with.
#
# The previous version is the last commit before the one that set the manifest's
# current version. Without git history (an exported tarball) or without an earlier
# version, the step says so and passes: there is nothing to upgrade from.
#
# Environment: MIG_DB=name (default protect_test_mig_<pid>), KEEP_DB=1 keeps it,
# SKIP_SETUP=1 skips tools/setup.sh.
set -euo pipefail
# shellcheck source=tools/common.sh
. "$(dirname "$0")/common.sh"

[ "${SKIP_SETUP:-0}" = 1 ] || bash "$REPO_ROOT/tools/setup.sh"
load_env
if [ "$ODOO_AVAILABLE" != 1 ]; then
    say "Migration test: SKIPPED — $ODOO_REASON"
    is_ci && exit 1
    exit 0
fi

manifest_version() { # manifest_version COMMIT: the version in that commit's manifest
    git -C "$REPO_ROOT" show "$1:__manifest__.py" 2>/dev/null |
        sed -nE 's/^[[:space:]]*"version":[[:space:]]*"([^"]+)".*/\1/p' | head -n 1
}

current="$(sed -nE 's/^[[:space:]]*"version":[[:space:]]*"([^"]+)".*/\1/p' "$REPO_ROOT/__manifest__.py" | head -n 1)"
if ! git -C "$REPO_ROOT" rev-parse --verify -q HEAD >/dev/null 2>&1; then
    say "Migration test: SKIPPED — no git history here to take the previous version from."
    exit 0
fi
# Walk the commits that touched the manifest, newest first, to the oldest one that
# already has the current version; its parent is the previous version.
introduced=""
while read -r commit; do
    if [ "$(manifest_version "$commit")" = "$current" ]; then
        introduced="$commit"
    else
        break
    fi
done < <(git -C "$REPO_ROOT" log --format=%H -- __manifest__.py)
base=""
if [ -z "$introduced" ]; then
    base="$(git -C "$REPO_ROOT" rev-parse HEAD)" # the tree bumped the version; HEAD has the previous one
elif git -C "$REPO_ROOT" rev-parse --verify -q "$introduced^" >/dev/null 2>&1; then
    base="$(git -C "$REPO_ROOT" rev-parse "$introduced^")"
fi
previous="${base:+$(manifest_version "$base")}"
if [ -z "$previous" ] || [ "$previous" = "$current" ]; then
    say "Migration test: SKIPPED — no earlier version of the addon in git history."
    exit 0
fi
say "Upgrading from $previous (commit ${base:0:10}) to $current (this tree)."

MIG_DB="${MIG_DB:-protect_test_mig_$$}"
PREV_DIR="$BUILD_DIR/previous"
LOG_DIR="$BUILD_DIR/logs"
mkdir -p "$LOG_DIR"
cleanup() {
    if is_true "${KEEP_DB:-}"; then
        say "Kept database '$MIG_DB'."
    else
        db_drop "$MIG_DB" || warn "could not drop database '$MIG_DB'"
    fi
    rm -rf "$PREV_DIR"
}
trap cleanup EXIT

# The previous version's addon, in its own addons folder, and an Odoo config that
# loads it instead of this tree (same data directory, so the filestore carries over).
rm -rf "$PREV_DIR"
mkdir -p "$PREV_DIR/addons/$MODULE"
git -C "$REPO_ROOT" archive "$base" | tar -x -C "$PREV_DIR/addons/$MODULE"
sed "s#$BUILD_DIR/addons#$PREV_DIR/addons#" "$ODOO_CONF" >"$PREV_DIR/odoo.conf"

db_drop "$MIG_DB"
say "Installing $MODULE $previous with demo data into '$MIG_DB' ..."
"$PYTHON" "$ODOO_ROOT/odoo-bin" -c "$PREV_DIR/odoo.conf" -d "$MIG_DB" -i "$MODULE" \
    --with-demo --stop-after-init --log-level=warn \
    --logfile="$LOG_DIR/$MIG_DB-install.log" ||
    die "installing the previous version failed (log: build/logs/$MIG_DB-install.log)"

# What the migration tests compare with, taken before the upgrade.
snapshot="$REPO_ROOT/tests/migration_before.sql"
if [ -f "$snapshot" ]; then
    psql -d "$MIG_DB" -XAtq -v ON_ERROR_STOP=1 -f "$snapshot" >/dev/null ||
        die "tests/migration_before.sql failed on the previous version's database"
fi

say "Upgrading '$MIG_DB' to $current ..."
upgrade_log="$LOG_DIR/$MIG_DB-upgrade.log"
rc=0
"$ODOO_BIN" -d "$MIG_DB" -u "$MODULE" --stop-after-init --log-level=info \
    --logfile="$upgrade_log" || rc=$?
bad="$(grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$upgrade_log" || true)"
if [ "$rc" != 0 ] || [ -n "$bad" ]; then
    warn "Upgrade FAILED (exit code $rc). Log: build/logs/$(basename "$upgrade_log")"
    [ -n "$bad" ] && grep -E -A 20 '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$upgrade_log" | head -n 60 >&2
    exit 1
fi
installed="$(psql -d "$MIG_DB" -XAtqc "SELECT latest_version FROM ir_module_module WHERE name = '$MODULE'")"
[ "$installed" = "$current" ] || die "after the upgrade the database says $installed, not $current"

say "Running tests/test_migration.py on the upgraded database ..."
cd "$REPO_ROOT"
PROTECT_MIGRATED_FROM="$previous" \
    PYTHONPATH="$REPO_ROOT/tools/pytest_plugins${PYTHONPATH:+:$PYTHONPATH}" \
    "$PYTHON" -P -m pytest "build/addons/$MODULE/tests/test_migration.py" \
    --rootdir="build/addons/$MODULE" --confcutdir="build/addons" \
    -p no:cacheprovider -p odoo_parity \
    -W "ignore:the load_module() method is deprecated:DeprecationWarning" \
    --odoo-database="$MIG_DB" --odoo-config="$ODOO_CONF" \
    --odoo-log-level=warn -v -rfEs
