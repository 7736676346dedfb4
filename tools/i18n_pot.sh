#!/usr/bin/env bash
# Write the translation template i18n/protect_engagement.pot from the code
# (tools/i18n_pot.py says which terms). Run it after changing any user-facing
# text; tests/test_i18n.py fails while a term is missing from the template.
#
#   bash tools/i18n_pot.sh          upgrades the addon in $DB (default protect_demo,
#                                   `make run`'s database), then writes the template
#   UPDATE=0 bash tools/i18n_pot.sh the database is already up to date
set -euo pipefail
# shellcheck source=tools/common.sh
. "$(dirname "$0")/common.sh"

DB="${DB:-protect_demo}"
bash "$REPO_ROOT/tools/setup.sh" >/dev/null
load_env
[ "$ODOO_AVAILABLE" = 1 ] || die "cannot write the template: $ODOO_REASON"
module_installed "$DB" ||
    die "$MODULE is not installed in '$DB': run 'make run' first, or name a database with DB=..."

log="$BUILD_DIR/logs/$DB-i18n.log"
mkdir -p "$(dirname "$log")"
if is_true "${UPDATE:-1}"; then
    say "Updating $MODULE in '$DB' so the template has every field and view ..."
    "$ODOO_BIN" -d "$DB" -u "$MODULE" --stop-after-init --no-http --logfile="$log" ||
        die "update failed; log: $log"
fi
"$ODOO_BIN" shell -d "$DB" --no-http --log-level=warn <<PYTHON
import importlib.util

spec = importlib.util.spec_from_file_location("i18n_pot", "$REPO_ROOT/tools/i18n_pot.py")
i18n_pot = importlib.util.module_from_spec(spec)
spec.loader.exec_module(i18n_pot)
print("Wrote", i18n_pot.write_pot(env))
PYTHON
