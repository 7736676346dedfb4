import io
import json

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .report_common import ProtectReportCase


@tagged("post_install", "-at_install")
class TestSectorGroup(ProtectReportCase):
    """Sector groups are records an administrator keeps: reports, the map and
    the exports read them, and stakeholders count under their sector's group
    or the fallback group."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # cls.admin (Protect administrator), cls.liaison and cls.officer come
        # from the shared test users.
        ref = cls.env.ref
        cls.industry = ref("protect_engagement.protect_sector_group_industry")
        cls.voluntary = ref("protect_engagement.protect_sector_group_voluntary")
        cls.other = ref("protect_engagement.protect_sector_group_other")
        cls.local_authority = ref("protect_engagement.protect_sector_local_authority")

    def add_faith_group(self):
        """As the administrator: a new group, a sector in it, and the parish
        council (active, Testshire) filed under that sector."""
        group = (
            self.env["protect.sector.group"]
            .with_user(self.admin)
            .create({"name": "Faith groups", "sequence": 35, "color": "#123456"})
        )
        sector = (
            self.env["protect.sector"]
            .with_user(self.admin)
            .create({"name": "Places of worship", "group_id": group.id})
        )
        self.parish.with_user(self.admin).protect_sector_id = sector
        return group

    def coverage_rows(self):
        coverage = self.report_values("report_coverage", self.manager)["coverage"]
        areas = coverage["areas"]
        return {
            row["group"]: dict(zip(areas, row["cells"], strict=True))
            for row in coverage["rows"]
        }

    # ------------------------------------------------------- a new group

    def test_admin_group_is_a_coverage_row(self):
        group = self.add_faith_group()
        rows = self.coverage_rows()
        self.assertIn(group, rows)
        self.assertEqual(rows[group][self.testshire].active, 1)

    def test_admin_group_is_in_the_map_legend(self):
        self.add_faith_group()
        stakeholder_map = self.report_values("report_stakeholder_map", self.officer)[
            "stakeholder_map"
        ]
        svg = str(stakeholder_map["svg"])
        self.assertIn(">Faith groups<", svg)
        self.assertIn('fill="#123456"', svg)

    def test_admin_group_is_in_the_export(self):
        self.add_faith_group()
        wizard = self._export_wizard(export_format="json")
        self.env.invalidate_all()
        buffer = io.BytesIO()
        wizard._write_export(buffer)
        nodes = {node["id"]: node for node in json.loads(buffer.getvalue())["nodes"]}
        self.assertEqual(nodes[f"org-{self.parish.id}"]["sector_group"], "Faith groups")

    def test_sector_group_filter_selects_admin_group(self):
        group = self.add_faith_group()
        coverage = self.report_values(
            "report_coverage", self.manager, sector_group_ids=group.ids
        )["coverage"]
        self.assertEqual([row["group"] for row in coverage["rows"]], [group])

    # ------------------------------------------------------- who may change

    def test_liaison_cannot_create_sector_group(self):
        with self.assertRaises(AccessError):
            self.env["protect.sector.group"].with_user(self.liaison).create(
                {"name": "Liaison's group"}
            )

    def test_officer_cannot_write_sector_group(self):
        with self.assertRaises(AccessError):
            self.industry.with_user(self.officer).name = "Business"

    def test_liaison_reads_sector_groups(self):
        groups = self.env["protect.sector.group"].with_user(self.liaison).search([])
        self.assertIn(self.industry, groups)

    # ------------------------------------------------------- the fallback

    def test_fallback_group_cannot_be_archived(self):
        with self.assertRaisesRegex(ValidationError, "^Active:"):
            self.other.with_user(self.admin).action_archive()

    def test_fallback_group_cannot_be_deleted(self):
        with self.assertRaisesRegex(ValidationError, "^Fallback group:"):
            self.other.with_user(self.admin).unlink()

    def test_fallback_cannot_move_to_another_group(self):
        with self.assertRaisesRegex(ValidationError, "^Fallback group:"):
            self.industry.with_user(self.admin).is_fallback = True

    def test_group_in_use_cannot_be_deleted(self):
        with self.assertRaisesRegex(ValidationError, "^Sectors:"):
            self.industry.with_user(self.admin).unlink()

    def test_unused_group_can_be_deleted(self):
        group = (
            self.env["protect.sector.group"]
            .with_user(self.admin)
            .create({"name": "Short-lived"})
        )
        group.unlink()
        self.assertFalse(group.exists())

    def test_colour_must_be_hexadecimal(self):
        with self.assertRaisesRegex(ValidationError, "^Colour:"):
            self.env["protect.sector.group"].with_user(self.admin).create(
                {"name": "Badly coloured", "color": "blue"}
            )

    def test_new_sector_starts_in_fallback_group(self):
        sector = (
            self.env["protect.sector"]
            .with_user(self.admin)
            .create({"name": "Unsorted sector"})
        )
        self.assertEqual(sector.group_id, self.other)

    def test_stakeholder_without_sector_counts_under_fallback(self):
        self.parish.protect_sector_id = False
        self.assertEqual(self.parish.protect_sector_group_id, self.other)
        rows = self.coverage_rows()
        self.assertEqual(rows[self.other][self.testshire].active, 1)

    def test_changing_sector_group_moves_its_stakeholders(self):
        self.local_authority.with_user(self.admin).group_id = self.voluntary
        self.assertEqual(self.parish.protect_sector_group_id, self.voluntary)
        rows = self.coverage_rows()
        self.assertEqual(rows[self.voluntary][self.testshire].active, 1)
