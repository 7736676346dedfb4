from odoo.tests import HttpCase, new_test_user, tagged

# Kept in step with static/tests/tours/protect_engagement_tour.js.
ORGANISATION = "Tour Valley Building Society"


@tagged("post_install", "-at_install")
class TestPhantomEngagement(HttpCase):
    """An engagement opened with "Log engagement" and abandoned is not logged."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer = new_test_user(
            cls.env,
            login="tour_officer",
            groups="protect_engagement.group_officer",
            name="Tess Tour",
            email="tour_officer@emsou.example.com",
            protect_vetting_level_id=cls.env.ref(
                "protect_engagement.protect_vetting_level_sc"
            ).id,
        )
        cls.organisation = cls.env["res.partner"].create(
            {
                "name": ORGANISATION,
                "is_company": True,
                "protect_stakeholder": True,
                "protect_owner_id": cls.officer.id,
                "protect_status": "active",
            }
        )

    def test_reload_of_unsaved_log_engagement_logs_nothing(self):
        self.start_tour(
            "/odoo", "protect_engagement_log_abandoned", login="tour_officer"
        )

        engagements = self.env["protect.engagement"].search(
            [("partner_ids", "in", self.organisation.ids)]
        )
        self.assertFalse(engagements, "an abandoned form logs no engagement")

    def test_reload_of_unsaved_new_engagement_logs_nothing(self):
        self.start_tour(
            "/odoo", "protect_engagement_new_abandoned", login="tour_officer"
        )
        engagements = self.env["protect.engagement"].search(
            [("name", "=", "Tour: engagement abandoned on a full page")]
        )
        self.assertFalse(engagements, "an abandoned form logs no engagement")

    def test_log_engagement_opens_over_the_stakeholder(self):
        """In a dialog: a reload returns to the stakeholder, and the form has
        its own Save and Discard buttons."""
        action = self.organisation.with_user(
            self.officer
        ).action_protect_log_engagement()
        view = self.env["ir.ui.view"].browse(action["views"][0][0])
        arch = self.env["protect.engagement"].get_view(view.id, "form")["arch"]
        self.assertEqual(
            (action["target"], "protect_engagement_log_form" in arch),
            ("new", True),
        )
