from odoo.tests import HttpCase, tagged

from ..reports.protect_report_common import ReportFilters
from .common import protect_user

# Kept in step with static/tests/tours/protect_engagement_tour.js.
ORGANISATION = "Tour Valley Building Society"
SUBJECT = "Tour: romance-fraud briefing for branch staff"
# Kept in step with static/tests/tours/protect_sector_group_tour.js.
GROUP = "Tour telecoms and utilities"


@tagged("post_install", "-at_install")
class TestUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer = cls._tour_user("tour_officer", "Tess Tour", "group_officer")
        cls.organisation = cls.env["res.partner"].create(
            {
                "name": ORGANISATION,
                "is_company": True,
                "protect_stakeholder": True,
                "protect_sector_id": cls.env.ref(
                    "protect_engagement.protect_sector_finance"
                ).id,
                "protect_force_area_id": cls.env.ref(
                    "protect_engagement.protect_force_area_derbyshire"
                ).id,
                "protect_owner_id": cls.officer.id,
                "protect_status": "active",
            }
        )

    @classmethod
    def _tour_user(cls, login, name, group):
        """A Protect user cleared to SECRET (SC), for a tour."""
        return protect_user(cls.env, login, group, "sc", name=name)

    def test_officer_logs_meeting_from_stakeholder(self):
        self.start_tour("/odoo", "protect_engagement_log_meeting", login="tour_officer")

        engagement = self.env["protect.engagement"].search(
            [("name", "=", SUBJECT), ("partner_ids", "in", self.organisation.ids)]
        )
        self.assertEqual(len(engagement), 1, "the tour logs one engagement")
        self.assertEqual(engagement.state, "done")
        self.assertEqual(engagement.user_id, self.officer)
        self.assertEqual(
            engagement.force_area_id, self.organisation.protect_force_area_id
        )
        self.organisation.invalidate_recordset()
        self.assertEqual(self.organisation.protect_engagement_count, 1)

    def test_administrator_adds_a_sector_group_that_reports_show(self):
        self._tour_user("tour_admin", "Tara Tour", "group_admin")
        self.start_tour(
            "/odoo", "protect_engagement_add_sector_group", login="tour_admin"
        )

        group = self.env["protect.sector.group"].search([("name", "=", GROUP)])
        self.assertEqual(len(group), 1, "the tour adds one sector group")
        self.assertFalse(group.is_fallback)
        filters = ReportFilters.default(self.env)
        self.assertIn(group, filters.groups(self.env), "a coverage row at once")
