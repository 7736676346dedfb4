# protect_engagement — build, run and test commands. The logic lives in tools/*.sh;
# run `make help` for the list. Nothing here depends on where Odoo is installed:
# tools/setup.sh finds it at run time and writes build/odoo.conf and build/odoo-bin.

DB     ?= protect_demo
PORT   ?= 8069
PYTHON ?= python3
SCALE  ?=
export DB PORT PYTHON

.DEFAULT_GOAL := help
.PHONY: help setup run test test-core lint format clean bench pot

help:
	@echo "make run      serve Protect on http://127.0.0.1:$(PORT)/odoo/protect-engagements"
	@echo "              with database $(DB)"
	@echo "              (created with demo data on first run; UPDATE=1 upgrades the addon)"
	@echo "make test     lint + tooling tests + the addon's Odoo tests on a fresh"
	@echo "              throw-away database (KEEP_DB=1 keeps it, PYTEST_ARGS='-k x' filters),"
	@echo "              the upgrade from the previous version (SKIP_MIGRATION=1 skips it)"
	@echo "              and Odoo's event and calendar suites (SKIP_CORE=1 skips them)"
	@echo "make test-core  Odoo's own mail, contacts, calendar, event and hr suites on a"
	@echo "              database with the addon installed (~20 min; fails on a failure"
	@echo "              not listed in tools/test_core_known_failures.txt)"
	@echo "make lint     static checks, ruff check, ruff format --check, pylint-odoo"
	@echo "make format   apply ruff format and safe ruff fixes"
	@echo "make bench    performance benchmark (SCALE=...)"
	@echo "make pot      write the translation template i18n/protect_engagement.pot"
	@echo "              from the code (upgrades the addon in $(DB) first; UPDATE=0 skips)"
	@echo "make setup    only prepare the machine (PostgreSQL, dev tools, Odoo, build/)"
	@echo "make clean    drop test databases and $(DB), remove build/"
	@echo ""
	@echo "Variables: DB=$(DB) PORT=$(PORT) PYTHON=$(PYTHON)"
	@echo "Environment: ODOO_SRC=/path/to/odoo-19 (if 'import odoo' fails),"
	@echo "  CI=true (never clone Odoo; missing Odoo fails make test),"
	@echo "  PROTECT_NO_ODOO=1 (simulate a machine without Odoo: Odoo tests are skipped),"
	@echo "  FAIL_FAST=1 (make test stops at the first failed step)"

setup:
	@bash tools/setup.sh

run:
	@bash tools/run.sh

test:
	@bash tools/test.sh

test-core:
	@bash tools/test_core.sh

lint:
	@bash tools/lint.sh

pot:
	@bash tools/i18n_pot.sh

format:
	@$(PYTHON) -m ruff format .
	@$(PYTHON) -m ruff check --fix .

bench:
	@if [ -f tools/bench.py ]; then \
		bash tools/setup.sh && $(PYTHON) tools/bench.py "$(SCALE)"; \
	else \
		echo "make bench: not yet implemented (tools/bench.py does not exist)"; \
	fi

clean:
	@bash tools/clean.sh
