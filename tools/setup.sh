#!/usr/bin/env bash
# Prepare this machine to run, lint and test the addon. Idempotent; prints one
# summary line when all is well, and a plain "what is wrong / how to fix" otherwise.
#
#   bash tools/setup.sh            everything (PostgreSQL, dev tools, Odoo, build/)
#   bash tools/setup.sh --lint     only what `make lint` needs (dev tools, build/addons)
#   . tools/setup.sh               same as running it, then loads build/env.sh
#
# It writes, under build/ (git-ignored, so machine paths never get committed):
#   build/addons/protect_engagement  symlink to the addon source (ADDON_DIR)
#   build/odoo.conf                  Odoo configuration for this checkout
#   build/odoo-bin                   wrapper: runs the Odoo found, with build/odoo.conf
#   build/env.sh                     ODOO_AVAILABLE, ODOO_REASON, ODOO_BIN, ... for scripts
#
# Environment:
#   PYTHON=python3      interpreter used for Odoo and the tools
#   ODOO_SRC=/path      an Odoo 19 checkout (with odoo-bin) when `import odoo` fails
#   PORT=8069           http_port written to build/odoo.conf
#   CI=true             never clone Odoo; a missing Odoo is an error for `make test`
#   PROTECT_NO_ODOO=1   pretend Odoo is not installed (to test that code path)

_setup_main() {
    set -euo pipefail
    # shellcheck source=tools/common.sh
    . "$(dirname "${BASH_SOURCE[0]}")/common.sh"

    local lint_only=0
    [ "${1:-}" = "--lint" ] && lint_only=1

    mkdir -p "$BUILD_DIR/addons" "$BUILD_DIR/data"
    _link_addon
    _ensure_dev_requirements
    [ "$lint_only" = 1 ] && return 0

    _ensure_postgres

    ODOO_AVAILABLE=0 ODOO_REASON="" ODOO_ROOT="" ODOO_VERSION="" ODOO_PYTHONPATH=""
    _find_odoo
    if [ "$ODOO_AVAILABLE" = 1 ]; then
        _write_odoo_conf
        _write_odoo_wrapper
        _ensure_system_tools
    fi
    _write_env

    if [ "$ODOO_AVAILABLE" = 1 ]; then
        say "setup: ok — Odoo $ODOO_VERSION at $ODOO_ROOT, PostgreSQL answering, config build/odoo.conf"
    else
        warn "setup: $ODOO_REASON"
    fi
}

# --- build/addons/protect_engagement -> addon source ----------------------------
_link_addon() {
    [ -f "$ADDON_DIR/__manifest__.py" ] || warn "setup: note: no __manifest__.py in $ADDON_DIR yet"
    # ln -sfn replaces a stale link atomically enough for our use.
    if [ "$(readlink "$ADDON_LINK" 2>/dev/null)" != "$ADDON_DIR" ]; then
        ln -sfn "$ADDON_DIR" "$ADDON_LINK"
    fi
}

# --- Python dev tools (requirements-dev.txt) -------------------------------------
_ensure_dev_requirements() {
    # find_spec does not import the packages (pytest_odoo imports odoo), so this
    # check works without Odoo and takes well under a second.
    if "$PYTHON" - <<'EOF' 2>/dev/null; then return 0; fi
import importlib.util, sys
mods = ["pytest", "pytest_odoo", "ruff", "pylint", "pylint_odoo", "websocket",
        "freezegun", "openpyxl", "networkx", "xlsxwriter"]
sys.exit(any(importlib.util.find_spec(m) is None for m in mods))
EOF
    say "setup: installing Python dev tools from requirements-dev.txt ..."
    _pip_install -r "$REPO_ROOT/requirements-dev.txt" ||
        die "could not pip-install requirements-dev.txt (see the pip output above)"
}

# pip install quietly; on an "externally managed" system Python, retry with
# --break-system-packages (we are a throw-away build/CI environment).
_pip_install() {
    local out
    if out="$("$PYTHON" -m pip install -q --disable-pip-version-check "$@" 2>&1)"; then
        return 0
    fi
    if printf '%s' "$out" | grep -q externally-managed; then
        "$PYTHON" -m pip install -q --disable-pip-version-check --break-system-packages "$@"
        return
    fi
    printf '%s\n' "$out" >&2
    return 1
}

# --- PostgreSQL --------------------------------------------------------------------
_pg_answers() { psql -d postgres -XAtqc 'SELECT 1' >/dev/null 2>&1; }

_apt_updated=0
_apt_install() {
    command -v apt-get >/dev/null 2>&1 || return 1
    if [ "$_apt_updated" = 0 ]; then
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || return 1
        _apt_updated=1
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

_ensure_postgres() {
    _pg_answers && return 0
    local me
    me="$(id -un)"

    if ! command -v pg_lsclusters >/dev/null 2>&1 && ! command -v pg_ctl >/dev/null 2>&1; then
        say "setup: PostgreSQL is not installed; installing it with apt-get ..."
        _apt_install postgresql ||
            die "PostgreSQL is not installed and could not be installed (need root or sudo, and apt-get).
Fix: install PostgreSQL (apt-get install postgresql), start it, and create a superuser role '$me'."
    fi

    # Start every cluster that is down (Debian layout); create one if there is none.
    if command -v pg_lsclusters >/dev/null 2>&1; then
        if [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
            local ver
            ver="$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null | sort -n | tail -n 1)"
            [ -n "$ver" ] && as_root pg_createcluster "$ver" main >/dev/null 2>&1 || true
        fi
        pg_lsclusters -h 2>/dev/null | while read -r ver name _port status _rest; do
            case "$status" in
            online*) ;;
            *) as_root pg_ctlcluster "$ver" "$name" start >/dev/null 2>&1 || true ;;
            esac
        done
    fi

    # Wait for the server to accept connections (any role).
    local _
    for _ in $(seq 1 30); do
        if command -v pg_isready >/dev/null 2>&1; then
            pg_isready -q && break
        else
            _pg_answers && break
        fi
        sleep 1
    done
    _pg_answers && return 0

    # Server up but our role is missing: create a superuser role for this OS user.
    if is_root; then
        runuser -u postgres -- createuser -s "$me" >/dev/null 2>&1 ||
            su postgres -c "createuser -s '$me'" >/dev/null 2>&1 || true
    elif command -v sudo >/dev/null 2>&1; then
        sudo -n -u postgres createuser -s "$me" >/dev/null 2>&1 || true
    fi
    _pg_answers && return 0
    die "PostgreSQL does not answer on its unix socket for role '$me'.
Fix: start it (pg_ctlcluster <version> main start) and run: sudo -u postgres createuser -s $me"
}

# --- Odoo discovery ----------------------------------------------------------------
# Print "<major> <version> <root>" for the Odoo importable with the given extra
# PYTHONPATH ($1, may be empty). <root> is the folder holding the `odoo` package.
_with_path() { # PYTHONPATH with $1 (if any) prepended
    if [ -n "$1" ]; then echo "$1${PYTHONPATH:+:$PYTHONPATH}"; else echo "${PYTHONPATH:-}"; fi
}

_probe_odoo() {
    PYTHONPATH="$(_with_path "$1")" "$PYTHON" - <<'EOF' 2>/dev/null
import os
import odoo.release as r  # odoo is a namespace package in 19: locate it by release.py
root = os.path.dirname(os.path.dirname(os.path.abspath(r.__file__)))
print(r.version_info[0], r.version, root)
EOF
}

# Are Odoo's own Python dependencies importable? (cheap proxy for requirements.txt)
_odoo_deps_ok() {
    PYTHONPATH="$(_with_path "$1")" "$PYTHON" -c \
        'import odoo.http, odoo.tools, odoo.service.server' >/dev/null 2>&1
}

# Install an Odoo checkout's requirements.txt, minus python-ldap (needs system headers
# and only serves auth_ldap). Falls back to psycopg2-binary when psycopg2 will not build.
_install_odoo_requirements() {
    local src="$1" req="$BUILD_DIR/odoo-requirements.txt"
    grep -viE '^[[:space:]]*python-ldap' "$src/requirements.txt" >"$req"
    say "setup: installing Odoo's Python requirements from $src/requirements.txt (a few minutes) ..."
    _pip_install -r "$req" && return 0
    warn "setup: retrying with psycopg2-binary instead of psycopg2 ..."
    sed -i -E 's/^psycopg2([=; ])/psycopg2-binary\1/' "$req"
    _pip_install -r "$req"
}

# Use an Odoo source checkout ($1) if it is Odoo 19; install its deps when needed.
_try_odoo_src() {
    local src="$1" probe major version root
    [ -f "$src/odoo-bin" ] || return 1
    probe="$(_probe_odoo "$src")" || return 1
    read -r major version root <<<"$probe"
    [ "$major" = 19 ] || {
        warn "setup: $src is Odoo $version, not 19; ignoring it"
        return 1
    }
    if ! _odoo_deps_ok "$src"; then
        _install_odoo_requirements "$src" || return 1
        _odoo_deps_ok "$src" || return 1
    fi
    ODOO_AVAILABLE=1 ODOO_VERSION="$version" ODOO_ROOT="$root" ODOO_PYTHONPATH="$src"
}

_find_odoo() {
    local how_to_fix="Fix: make 'import odoo' (Odoo 19) work for $PYTHON, or set ODOO_SRC=/path/to/odoo-19-checkout"
    if is_true "${PROTECT_NO_ODOO:-}"; then
        ODOO_REASON="Odoo 19 not found: PROTECT_NO_ODOO is set (simulating a machine without Odoo). Unset it to use Odoo."
        return 0
    fi

    # (a) Odoo importable as is.
    local probe major version root
    if probe="$(_probe_odoo "")"; then
        read -r major version root <<<"$probe"
        if [ "$major" = 19 ]; then
            # Installed by hand next to its requirements.txt: install them if needed.
            if ! _odoo_deps_ok "" && [ -f "$root/requirements.txt" ]; then
                _install_odoo_requirements "$root" || true
            fi
            if _odoo_deps_ok ""; then
                ODOO_AVAILABLE=1 ODOO_VERSION="$version" ODOO_ROOT="$root"
                return 0
            fi
            warn "setup: 'import odoo' finds Odoo $version at $root, but its Python dependencies are missing"
        else
            warn "setup: 'import odoo' finds Odoo $version, not 19; looking further"
        fi
    fi

    # (b) An explicit checkout.
    if [ -n "${ODOO_SRC:-}" ]; then
        _try_odoo_src "$(cd "$ODOO_SRC" 2>/dev/null && pwd || echo "$ODOO_SRC")" && return 0
        ODOO_REASON="Odoo 19 not found: ODOO_SRC=$ODOO_SRC is not a usable Odoo 19 checkout (needs odoo-bin, odoo/release.py, and its requirements installable). $how_to_fix"
        return 0
    fi

    # (c) Our own shallow clone under build/ (re-used when already there).
    local clone="$BUILD_DIR/odoo-src"
    if [ -f "$clone/odoo-bin" ]; then
        _try_odoo_src "$clone" && return 0
    elif is_ci; then
        ODOO_REASON="Odoo 19 not found: 'import odoo' fails, ODOO_SRC is unset, and CI=true forbids cloning Odoo. $how_to_fix"
        return 0
    elif command -v git >/dev/null 2>&1; then
        say "setup: Odoo not found; cloning Odoo 19.0 (shallow) into build/odoo-src ..."
        rm -rf "$clone"
        if git clone -q --depth 1 -b 19.0 https://github.com/odoo/odoo "$clone"; then
            _try_odoo_src "$clone" && return 0
        fi
    fi
    ODOO_REASON="Odoo 19 not found: 'import odoo' fails, ODOO_SRC is unset, and build/odoo-src could not be cloned or set up. $how_to_fix"
}

# --- build/odoo.conf, build/odoo-bin, build/env.sh ---------------------------------
_write_odoo_conf() {
    local paths="" p
    for p in "$ODOO_ROOT/addons" "$ODOO_ROOT/odoo/addons"; do
        [ -d "$p" ] && paths="$paths$p,"
    done
    paths="$paths$BUILD_DIR/addons"
    # Write to a temp file then rename, so parallel runs never read half a file.
    local tmp="$BUILD_DIR/.odoo.conf.$$"
    cat >"$tmp" <<EOF
; Generated by tools/setup.sh — do not edit, re-run setup instead.
[options]
addons_path = $paths
data_dir = $BUILD_DIR/data
; empty db_host and no db_port: local unix socket, role = the current OS user
db_host =
http_interface = 127.0.0.1
http_port = ${PORT:-8069}
list_db = True
EOF
    mv -f "$tmp" "$BUILD_DIR/odoo.conf"
}

_write_odoo_wrapper() {
    local runner launcher=""
    if [ -f "$ODOO_ROOT/odoo-bin" ]; then
        # Odoo installed with `pip install -e` (editable) puts a placeholder entry
        # (__editable__.odoo-*.finder.__path_hook__) on sys.path; Odoo 19 takes it
        # for an addons folder and logs "addons path is not a directory" at every
        # start. The checkout's odoo-bin needs no such entry, so the launcher
        # starts it with the sys.path entries that do not exist left out.
        runner="$(printf '%q' "$PYTHON") -c \"\$launcher\" $(printf '%q' "$ODOO_ROOT/odoo-bin")"
        launcher="launcher='import os, runpy, sys
script = sys.argv[1]
sys.argv = sys.argv[1:]
kept = [path for path in sys.path[1:] if os.path.exists(path)]
sys.path[:] = [os.path.dirname(os.path.abspath(script)), *kept]
runpy.run_path(script, run_name=\"__main__\")'"
    else
        runner="$(printf '%q -m odoo' "$PYTHON")" # pip-installed Odoo: no odoo-bin script
    fi
    local tmp="$BUILD_DIR/.odoo-bin.$$" pypath=""
    if [ -n "$ODOO_PYTHONPATH" ]; then
        pypath="export PYTHONPATH=$(printf '%q' "$ODOO_PYTHONPATH")\${PYTHONPATH:+:\$PYTHONPATH}"
    fi
    cat >"$tmp" <<EOF
#!/usr/bin/env bash
# Generated by tools/setup.sh: runs Odoo $ODOO_VERSION with build/odoo.conf.
# Usage: build/odoo-bin [command] [options]   (command defaults to "server")
$pypath
conf=$(printf '%q' "$BUILD_DIR/odoo.conf")
$launcher
case "\${1:-}" in
"" | -*) exec $runner -c "\$conf" "\$@" ;;
i18n) # its options follow the subcommand: i18n export -c ...
    sub="\${2:-}"; shift 2 || shift; exec $runner i18n "\$sub" -c "\$conf" "\$@" ;;
*) cmd="\$1"; shift; exec $runner "\$cmd" -c "\$conf" "\$@" ;;
esac
EOF
    chmod +x "$tmp"
    mv -f "$tmp" "$BUILD_DIR/odoo-bin"
}

_write_env() {
    local tmp="$BUILD_DIR/.env.sh.$$"
    {
        echo "# Generated by tools/setup.sh; sourced by the other tools/*.sh scripts."
        printf 'ODOO_AVAILABLE=%q\n' "$ODOO_AVAILABLE"
        printf 'ODOO_REASON=%q\n' "$ODOO_REASON"
        printf 'ODOO_VERSION=%q\n' "$ODOO_VERSION"
        printf 'ODOO_ROOT=%q\n' "$ODOO_ROOT"
        printf 'ODOO_BIN=%q\n' "$BUILD_DIR/odoo-bin"
        printf 'ODOO_CONF=%q\n' "$BUILD_DIR/odoo.conf"
        if [ -n "$ODOO_PYTHONPATH" ]; then
            printf 'export PYTHONPATH=%q${PYTHONPATH:+:$PYTHONPATH}\n' "$ODOO_PYTHONPATH"
        fi
    } >"$tmp"
    mv -f "$tmp" "$ENV_FILE"
}

# --- Chromium (browser tests), wkhtmltopdf (PDF reports), pdftotext (PDF tests) -----
_ensure_system_tools() {
    local missing=()
    command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 ||
        command -v google-chrome >/dev/null 2>&1 || missing+=(chromium)
    command -v wkhtmltopdf >/dev/null 2>&1 || missing+=(wkhtmltopdf)
    command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
    [ "${#missing[@]}" = 0 ] && return 0
    say "setup: installing ${missing[*]} with apt-get ..."
    _apt_install "${missing[@]}" ||
        warn "setup: WARNING: could not install ${missing[*]} (need root/sudo and apt-get); browser tests or PDF reports may fail"
}

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
    # Sourced: run in a subshell so `set -e` and helpers do not leak, then load the result.
    if (_setup_main "$@") && [ -f "$(dirname "${BASH_SOURCE[0]}")/../build/env.sh" ]; then
        . "$(dirname "${BASH_SOURCE[0]}")/../build/env.sh"
    fi
else
    _setup_main "$@"
fi
