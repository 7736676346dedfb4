# shellcheck shell=bash disable=SC2034  # variables here are used by the scripts that source it
# Shared helpers for the tools/*.sh scripts. Source it; do not run it.
#
# Paths are computed from this file's location, never hard-coded, so the
# repository works wherever it is cloned.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODULE="protect_engagement"
# ADDON_DIR: the addon's source folder. Defaults to the repository root (the
# root IS the addon); point it elsewhere to exercise the tooling on another copy.
ADDON_DIR="$(cd "${ADDON_DIR:-$REPO_ROOT}" && pwd)"
BUILD_DIR="$REPO_ROOT/build"
# The addon as Odoo, pylint and pytest-odoo see it: a folder named after the module.
ADDON_LINK="$BUILD_DIR/addons/$MODULE"
ENV_FILE="$BUILD_DIR/env.sh"
PYTHON="${PYTHON:-python3}"

say() { printf '%s\n' "$*"; }
warn() { printf '%s\n' "$*" >&2; }
die() {
    printf 'ERROR: %s\n' "$*" >&2
    exit 1
}
is_true() { case "${1:-}" in 1 | true | TRUE | True | yes | on) return 0 ;; *) return 1 ;; esac }
is_ci() { is_true "${CI:-}"; }
is_root() { [ "$(id -u)" = 0 ]; }

# Run a command as root: directly when we are root, else through password-less sudo.
as_root() {
    if is_root; then
        "$@"
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        sudo -n "$@"
    else
        return 1
    fi
}

# Load what tools/setup.sh found (ODOO_AVAILABLE, ODOO_BIN, ODOO_CONF, ...).
load_env() {
    [ -f "$ENV_FILE" ] || die "$ENV_FILE is missing; run tools/setup.sh first"
    # shellcheck source=/dev/null
    . "$ENV_FILE"
}

# --- PostgreSQL helpers (unix socket, current OS user as the db role) ----------
db_exists() {
    [ "$(psql -d postgres -XAtqc "SELECT 1 FROM pg_database WHERE datname = '$1'" 2>/dev/null)" = 1 ]
}

# Drop a database and its filestore; silent when it does not exist.
db_drop() {
    local db="$1"
    if db_exists "$db"; then
        dropdb --if-exists --force "$db" 2>/dev/null || dropdb --if-exists "$db"
    fi
    rm -rf "$BUILD_DIR/data/filestore/$db"
}

# Is the addon installed in that database?
module_installed() {
    [ "$(psql -d "$1" -XAtqc "SELECT state FROM ir_module_module WHERE name = '$MODULE'" 2>/dev/null)" = installed ]
}

# Install the addon (with demo data) into a database Odoo creates if needed.
# Usage: install_addon DB LOGFILE. Fails when odoo-bin fails or logs ERROR/CRITICAL.
install_addon() {
    local db="$1" log="$2" rc=0
    mkdir -p "$(dirname "$log")"
    : >"$log"
    "$ODOO_BIN" -d "$db" -i "$MODULE" --with-demo --stop-after-init \
        --logfile="$log" --log-level=info >>"$log" 2>&1 || rc=$?
    # odoo-bin can exit 0 after logging a failed data file or a broken view, so
    # the log is the source of truth. Odoo log lines: "date time pid LEVEL db logger: msg".
    # A failing demo file is only a WARNING: Odoo rolls the demo back and carries on.
    local bad_re='^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) |demo data failed to install' bad
    bad="$(grep -E "$bad_re" "$log" || true)"
    if [ "$rc" != 0 ] || [ -n "$bad" ]; then
        warn "Install of $MODULE into '$db' FAILED (odoo-bin exit code $rc). Log: $log"
        if [ -n "$bad" ]; then
            warn "--- ERROR/CRITICAL lines and demo failures, with what follows (max 80 lines) ---"
            grep -E -A 30 "$bad_re" "$log" | head -n 80 >&2
        else
            warn "--- last 40 log lines ---"
            tail -n 40 "$log" >&2
        fi
        return 1
    fi
    local warnings
    warnings="$(grep -cE '^[0-9-]+ [0-9:,]+ [0-9]+ WARNING ' "$log" || true)"
    if [ "${warnings:-0}" != 0 ]; then
        say "  note: $warnings WARNING line(s) in the install log; first ones:"
        grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ WARNING ' "$log" | head -n 5 | sed 's/^/    /'
    fi
}
