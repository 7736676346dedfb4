"""Sector groups used to be a selection in code (``protect.sector.coverage_group``,
copied to ``res.partner.protect_coverage_group``); 19.0.1.2.0 makes them records
of ``protect.sector.group``, seeded by data/protect_sector_group_data.xml with
the xml ids ``protect_sector_group_<old code>``.

When this runs, the groups are loaded and ``protect_sector.group_id`` exists
but is empty: the sector data is ``noupdate`` and is not reloaded. Each sector
gets the group its old code names, contacts their sector's group (or the
fallback group), and the column becomes NOT NULL as on a fresh install. The
old columns are dropped by Odoo once the upgrade ends (their fields are gone);
the report wizards' old relation tables, whose fields now come from the
filter mixin under other names, are dropped here."""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL, sql

OLD_WIZARD_TABLES = (
    "protect_report_wizard_force_area_rel",
    "protect_report_wizard_group_rel",
    "protect_report_wizard_status_rel",
    "protect_stakeholder_export_force_area_rel",
    "protect_stakeholder_export_group_rel",
    "protect_stakeholder_export_status_rel",
)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    groups = env["protect.sector.group"]
    fallback = groups._fallback()
    if sql.column_exists(cr, "protect_sector", "coverage_group"):
        cr.execute("SELECT DISTINCT coverage_group FROM protect_sector")
        for (code,) in cr.fetchall():
            group = env.ref(
                f"protect_engagement.protect_sector_group_{code}",
                raise_if_not_found=False,
            )
            cr.execute(
                SQL(
                    "UPDATE protect_sector SET group_id = %s WHERE coverage_group = %s",
                    (group or fallback).id,
                    code,
                )
            )
    cr.execute(
        SQL(
            "UPDATE protect_sector SET group_id = %s WHERE group_id IS NULL",
            fallback.id,
        )
    )
    cr.execute("ALTER TABLE protect_sector ALTER COLUMN group_id SET NOT NULL")
    env["protect.sector"].invalidate_model(["group_id"])
    groups._fill_stakeholder_groups()
    for table in OLD_WIZARD_TABLES:
        cr.execute(SQL("DROP TABLE IF EXISTS %s", SQL.identifier(table)))
    cr.execute("DELETE FROM ir_model_relation WHERE name IN %s", (OLD_WIZARD_TABLES,))
