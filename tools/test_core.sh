#!/usr/bin/env bash
# make test-core: Odoo's own test suites of the modules the addon extends, run on a
# database where the addon is installed, so a change that breaks Odoo's Events,
# Calendar, Contacts, Employees or Discuss for users outside Protect shows up.
#
# Usage: bash tools/test_core.sh [MODULE...]   (default: mail contacts calendar event hr)
#
# How: install the modules and the addon first (no tests, no demo data, as Odoo's
# own test runs), then run each module's tests with pytest-odoo, which loads the
# whole registry before any test runs. `odoo-bin --test-enable` is not used: it
# runs a module's at-install tests while that module loads, before dependants
# such as this addon are loaded, which is not how the modules run in production.
#
# Each module prints run / failed / errors / skipped. A failing test listed in
# tools/test_core_known_failures.txt (failures that are not the addon's, e.g.
# tests needing the optional `phonenumbers` package) is reported but does not
# fail the run; any other failure or error does.
#
# Environment: CORE_DB=name (default protect_test_core_<pid>), KEEP_DB=1 keeps it,
# REUSE_DB=1 reuses an existing CORE_DB (upgrading the addon) instead of
# recreating it, SKIP_SETUP=1 skips tools/setup.sh.
set -euo pipefail
# shellcheck source=tools/common.sh
. "$(dirname "$0")/common.sh"

MODULES=("$@")
[ "${#MODULES[@]}" != 0 ] || MODULES=(mail contacts calendar event hr)
KNOWN="$REPO_ROOT/tools/test_core_known_failures.txt"

[ "${SKIP_SETUP:-0}" = 1 ] || bash "$REPO_ROOT/tools/setup.sh"
load_env
if [ "$ODOO_AVAILABLE" != 1 ]; then
    say "Odoo core tests: SKIPPED — $ODOO_REASON"
    is_ci && exit 1
    exit 0
fi

CORE_DB="${CORE_DB:-protect_test_core_$$}"
LOG_DIR="$BUILD_DIR/logs/$CORE_DB-core"
mkdir -p "$LOG_DIR"
: >"$LOG_DIR/install.out"

cleanup_db() {
    if is_true "${KEEP_DB:-}" || is_true "${REUSE_DB:-}"; then
        say "Kept database '$CORE_DB'."
    else
        db_drop "$CORE_DB" || warn "could not drop database '$CORE_DB'"
    fi
}
trap cleanup_db EXIT

modules_csv="$(
    IFS=,
    echo "${MODULES[*]}"
)"
if is_true "${REUSE_DB:-}" && module_installed "$CORE_DB"; then
    say "Upgrading $MODULE in '$CORE_DB' ..."
    "$ODOO_BIN" -d "$CORE_DB" -i "$modules_csv" -u "$MODULE" --stop-after-init \
        --log-level=warn --logfile="$LOG_DIR/install.log" >>"$LOG_DIR/install.out" 2>&1 ||
        die "installing into '$CORE_DB' failed (log: $LOG_DIR/install.log)"
else
    db_drop "$CORE_DB"
    say "Installing $modules_csv and $MODULE into '$CORE_DB' (no demo data) ..."
    "$ODOO_BIN" -d "$CORE_DB" -i "$MODULE,$modules_csv" --stop-after-init \
        --log-level=warn --logfile="$LOG_DIR/install.log" >>"$LOG_DIR/install.out" 2>&1 ||
        die "installing into '$CORE_DB' failed (log: $LOG_DIR/install.log)"
fi
if grep -qE '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$LOG_DIR/install.log"; then
    grep -E -A 20 '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$LOG_DIR/install.log" | head -n 60 >&2
    die "installing into '$CORE_DB' logged errors (log: $LOG_DIR/install.log)"
fi

# The module's folder, as the addons path of build/odoo.conf finds it.
module_dir() {
    "$PYTHON" -c '
import sys
from odoo.tools import config
config.parse_config(["-c", sys.argv[1]])
from odoo.modules.module import get_module_path
path = get_module_path(sys.argv[2])
print(path or "")
sys.exit(0 if path else 1)
' "$ODOO_CONF" "$1" 2>/dev/null
}

for module in "${MODULES[@]}"; do
    dir="$(module_dir "$module")" || die "module $module not found in the addons path"
    say ""
    say "==> $module ($dir/tests)"
    # Run from the module's parent folder: pytest-odoo names the tests
    # odoo.addons.<module>.tests.* from the folder names. odoo_parity: an ERROR
    # logged during a test fails it, as in Odoo's own runner.
    (cd "$(dirname "$dir")" &&
        PYTHONPATH="$REPO_ROOT/tools/pytest_plugins${PYTHONPATH:+:$PYTHONPATH}" \
            "$PYTHON" -P -m pytest "$dir/tests" \
            --rootdir="$dir" --confcutdir="$(dirname "$dir")" \
            -p no:cacheprovider -p odoo_parity \
            -W "ignore:the load_module() method is deprecated:DeprecationWarning" \
            --odoo-database="$CORE_DB" --odoo-config="$ODOO_CONF" --odoo-http \
            --odoo-log-level=warn -q -rfE --junitxml="$LOG_DIR/$module.xml") \
        >"$LOG_DIR/$module.log" 2>&1 || true
    tail -n 1 "$LOG_DIR/$module.log"
done

say ""
say "==> Odoo core suites with $MODULE installed (logs: ${LOG_DIR#"$REPO_ROOT/"})"
"$PYTHON" "$REPO_ROOT/tools/test_core_report.py" "$KNOWN" "$LOG_DIR" "${MODULES[@]}"
