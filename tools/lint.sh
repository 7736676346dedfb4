#!/usr/bin/env bash
# make lint: static checks, ruff, pylint-odoo. Runs every step, then exits non-zero
# if any failed. Needs no Odoo and no database.
set -euo pipefail
# shellcheck source=tools/common.sh
. "$(dirname "$0")/common.sh"

[ "${SKIP_SETUP:-0}" = 1 ] || bash "$REPO_ROOT/tools/setup.sh" --lint

failed=()
step() { # step NAME COMMAND...: run, report, remember failures
    local name="$1"
    shift
    say ""
    say "==> $name"
    if "$@"; then say "    $name: ok"; else
        say "    $name: FAILED"
        failed+=("$name")
    fi
}

cd "$ADDON_DIR"
step "static checks" "$PYTHON" "$REPO_ROOT/tools/check_static.py" "$ADDON_DIR"
# --config: the repo's ruff settings also apply when ADDON_DIR points elsewhere.
step "ruff check" "$PYTHON" -m ruff check --config "$REPO_ROOT/pyproject.toml" --no-cache .
step "ruff format" "$PYTHON" -m ruff format --check --config "$REPO_ROOT/pyproject.toml" --no-cache .
# pylint-odoo wants the module by its name: lint it from build/addons, where the
# symlink gives it that name (a path argument gets resolved to the real folder).
pylint_module() { (cd "$BUILD_DIR/addons" && "$PYTHON" -m pylint --rcfile="$REPO_ROOT/.pylintrc" "$MODULE"); }
step "pylint-odoo" pylint_module

say ""
if [ "${#failed[@]}" != 0 ]; then
    say "lint: FAILED — ${failed[*]}"
    exit 1
fi
say "lint: all passed"
