from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

# Kept in step with static/tests/tours/protect_roles_tour.js.
COLLEAGUE_MEETING = "Roles tour: colleague's briefing"
CPD_EVENT = "Roles tour: ransomware seminar"


@tagged("post_install", "-at_install")
class TestUiRoles(HttpCase):
    """A role's day in the browser, walked as that user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref

        def user(login, group, level):
            return new_test_user(
                cls.env,
                login=login,
                name=login.replace("_", " ").title(),
                groups=f"protect_engagement.{group}",
                protect_vetting_level_id=ref(
                    f"protect_engagement.protect_vetting_level_{level}"
                ).id,
                protect_vetting_granted="2024-01-01",
            )

        cls.officer = user("roles_officer", "group_officer", "sc")
        cls.liaison = user("roles_liaison", "group_liaison", "nppv1")
        cls.meeting = cls.env["protect.engagement"].create(
            {
                "name": COLLEAGUE_MEETING,
                "date_start": "2026-01-05 10:00:00",
                "user_id": cls.officer.id,
                "sensitivity": "official",
            }
        )
        begin = fields.Datetime.now().replace(microsecond=0) + timedelta(days=14)
        cls.event = cls.env["event.event"].create(
            {
                "name": CPD_EVENT,
                "date_begin": begin,
                "date_end": begin + timedelta(hours=3),
                "date_tz": "Europe/London",
                "protect_is_cpd": True,
                "protect_cpd_hours": 3.0,
                "protect_cpd_category_id": ref(
                    "protect_engagement.protect_cpd_category_seminar"
                ).id,
                "event_mail_ids": [],
            }
        )

    def test_liaison_day(self):
        self.start_tour(
            "/odoo", "protect_engagement_liaison_day", login="roles_liaison"
        )
        self.meeting.invalidate_recordset()
        self.assertEqual(self.meeting.state, "done", "the liaison changed nothing")
        self.assertEqual(self.meeting.name, COLLEAGUE_MEETING)

    def test_manager_previews_coverage_and_reloads_it(self):
        new_test_user(
            self.env,
            login="roles_manager",
            name="Roles Manager",
            groups="protect_engagement.group_manager",
            protect_vetting_level_id=self.env.ref(
                "protect_engagement.protect_vetting_level_sc"
            ).id,
            protect_vetting_granted="2024-01-01",
        )
        self.start_tour(
            "/odoo", "protect_engagement_manager_preview", login="roles_manager"
        )
