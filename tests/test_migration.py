"""Checks on a database upgraded from the previous version of the addon.

``tools/test_migration.sh`` (a step of ``make test``) installs the previous
version with demo data, upgrades it with this code and runs this file with
PROTECT_MIGRATED_FROM set. On any other database these tests are skipped: a
fresh install has nothing to compare with.
"""

import os
import unittest

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

MIGRATED_FROM = os.environ.get("PROTECT_MIGRATED_FROM")


@tagged("post_install", "-at_install")
@unittest.skipUnless(MIGRATED_FROM, "runs on a database upgraded by test_migration.sh")
class TestMigration(TransactionCase):
    def _rows(self, query, *args):
        return self.env.execute_query(SQL(query, *args))

    def _before(self, table):
        """Rows kept by tests/migration_before.sql, or skip when the previous
        version had nothing of the kind."""
        if not self._rows(
            "SELECT 1 FROM information_schema.tables WHERE table_name = %s", table
        ):
            self.skipTest(f"{MIGRATED_FROM}: nothing kept in {table}")
        return self._rows("SELECT * FROM %s", SQL.identifier(table))

    def _group_by_code(self):
        return {
            name.removeprefix("protect_sector_group_"): res_id
            for name, res_id in self._rows(
                """SELECT name, res_id FROM ir_model_data
                    WHERE module = 'protect_engagement'
                      AND model = 'protect.sector.group'"""
            )
        }

    def test_every_sector_kept_its_group(self):
        """19.0.1.2.0: the sector group became a record; each sector is in the
        group its old code named."""
        groups = self._group_by_code()
        before = dict(self._before("protect_test_mig_sector"))
        self.assertTrue(before)
        now = dict(self._rows("SELECT id, group_id FROM protect_sector"))
        self.assertEqual(now, {sid: groups[code] for sid, code in before.items()})

    def test_every_stakeholder_kept_its_group(self):
        groups = self._group_by_code()
        before = dict(self._before("protect_test_mig_partner"))
        self.assertTrue(before)
        now = dict(
            self._rows(
                "SELECT id, protect_sector_group_id FROM res_partner WHERE id IN %s",
                tuple(before),
            )
        )
        self.assertEqual(now, {pid: groups[code] for pid, code in before.items()})

    def test_one_fallback_group_and_every_sector_in_a_group(self):
        fallback = self.env["protect.sector.group"].search([("is_fallback", "=", True)])
        self.assertEqual(
            fallback, self.env.ref("protect_engagement.protect_sector_group_other")
        )
        nullable = self._rows(
            """SELECT is_nullable FROM information_schema.columns
                WHERE table_name = 'protect_sector' AND column_name = 'group_id'"""
        )
        self.assertEqual(nullable, [("NO",)])

    def test_old_columns_and_wizard_tables_are_gone(self):
        self.assertFalse(
            self._rows(
                """SELECT table_name, column_name FROM information_schema.columns
                    WHERE (table_name, column_name) IN (
                          ('protect_sector', 'coverage_group'),
                          ('res_partner', 'protect_coverage_group'))"""
            )
        )
        self.assertFalse(
            self._rows(
                """SELECT table_name FROM information_schema.tables
                    WHERE table_name IN ('protect_report_wizard_group_rel',
                                         'protect_stakeholder_export_group_rel')"""
            )
        )

    def test_coverage_figures_per_group_are_unchanged(self):
        """The coverage lines count, per sector group, what they counted per
        code before the upgrade."""
        groups = self._group_by_code()
        before = {
            groups[code]: (engagements, lines)
            for code, engagements, lines in self._before("protect_test_mig_coverage")
        }
        self.assertTrue(before)
        lines = self.env["protect.coverage.line"]
        now = {
            group.id: (engagements, count)
            for group, engagements, count in lines._read_group(
                [], ["sector_group_id"], ["engagement_id:count_distinct", "__count"]
            )
        }
        self.assertEqual(now, before)

    def test_figures_table_is_rebuilt_for_the_new_rule(self):
        """The figures table equals one rebuilt from scratch."""
        query = """SELECT partner_id, sensitivity, engagement_count, last_date
                     FROM protect_engagement_stat ORDER BY 1, 2"""
        migrated = self._rows(query)
        self.assertTrue(migrated)
        self.env["protect.engagement.stat"]._rebuild_all()
        self.assertEqual(migrated, self._rows(query))
