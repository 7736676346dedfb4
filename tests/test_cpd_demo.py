from odoo import fields
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install", "protect_cpd")
class TestCpdDemo(TransactionCase):
    """The demo has CPD events with attendance for the demo users."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        module = cls.env["ir.module.module"].search(
            [("name", "=", "protect_engagement")]
        )
        if not module.demo:
            cls.skipTest(cls, "protect_engagement was installed without demo data")

    def test_demo_users_attended_cpd_events(self):
        records = self.env["protect.cpd.record"].search([("source", "=", "event")])
        logins = set(records.employee_id.user_id.mapped("login"))
        self.assertLessEqual({"officer", "officer2", "liaison", "manager"}, logins)

    def test_demo_has_upcoming_cpd_events_with_team_not_registered(self):
        manager = self.env.ref("protect_engagement.user_manager_demo")
        events = (
            self.env["event.event"]
            .with_user(manager)
            .search(
                [
                    ("protect_is_cpd", "=", True),
                    ("date_begin", ">", fields.Datetime.now()),
                ]
            )
        )
        self.assertTrue(events.filtered("protect_team_missing_user_ids"))

    def test_demo_has_self_logged_cpd_in_every_status(self):
        states = set(
            self.env["protect.cpd.record"]
            .search([("source", "=", "self")])
            .mapped("state")
        )
        self.assertEqual(states, {"draft", "submitted", "approved", "refused"})

    def test_demo_team_event_logged_an_engagement(self):
        event = self.env.ref("protect_engagement.event_cpd_courier_workshop_demo")
        self.assertTrue(event.protect_engagement_id.partner_ids)

    def test_demo_team_cpd_shows_red_amber_and_green(self):
        manager = self.env.ref("protect_engagement.user_manager_demo")
        rows = (
            self.env["protect.cpd.summary"]
            .with_user(manager)
            .search([("is_current_year", "=", True), ("in_my_team", "=", True)])
        )
        self.assertEqual(
            {row.employee_id.name: row.rag_status for row in rows},
            {
                "Sarah Whitmore": "green",
                "Daniel Okafor": "amber",
                "Tom Bradshaw": "red",
            },
        )
