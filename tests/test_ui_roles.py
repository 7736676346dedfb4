from datetime import date, timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import protect_user

# Kept in step with static/tests/tours/protect_roles_tour.js.
COLLEAGUE_MEETING = "Roles tour: colleague's briefing"
CPD_EVENT = "Roles tour: ransomware seminar"
PANEL = "Roles tour: Trent fraud forum"
EARLY_MEMBER = "Roles tour: Early Bird Bank"
LATE_MEMBER = "Roles tour: Latecomer Trust"
# The day the tour's panel meeting was held: before the late member joined.
PANEL_MEETING_DAY = date(2025, 3, 15)
SENSITIVE_ORGANISATION = "Roles tour: Sensitive Savings Society"
SECRET_ORGANISATION = "Roles tour: Secret Harbour Bank"


@tagged("post_install", "-at_install")
class TestUiRoles(HttpCase):
    """A role's day in the browser, walked as that user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        # The browser the tests start runs in UTC (as Odoo does): an officer in
        # the same zone sees the times the server sets as they are.
        cls.officer = protect_user(
            cls.env, "roles_officer", "group_officer", "sc", tz="UTC"
        )
        cls.liaison = protect_user(cls.env, "roles_liaison", "group_liaison", "nppv1")
        cls.manager = protect_user(cls.env, "roles_manager", "group_manager", "sc")
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

    @classmethod
    def _stakeholder(cls, name, sensitivity="official"):
        """A stakeholder organisation the map places in "Manage closely"."""
        return cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "protect_stakeholder": True,
                "protect_sensitivity": sensitivity,
                "protect_power": 5,
                "protect_interest": 5,
                "protect_sector_id": cls.env.ref(
                    "protect_engagement.protect_sector_finance"
                ).id,
            }
        )

    def _panel_with_members(self):
        """The forum, with a member since 2020 and one since 1 June 2025;
        (panel, early membership)."""
        panel = self.env["protect.panel"].create(
            {"name": PANEL, "user_id": self.officer.id}
        )
        memberships = self.env["protect.panel.membership"].create(
            [
                {
                    "panel_id": panel.id,
                    "partner_id": self._stakeholder(name).id,
                    "date_start": start,
                }
                for name, start in (
                    (EARLY_MEMBER, "2020-01-01"),
                    (LATE_MEMBER, "2025-06-01"),
                )
            ]
        )
        return panel, memberships[0]

    def _engagements_created_by(self, user):
        return self.env["protect.engagement"].search([("create_uid", "=", user.id)])

    # ------------------------------------------------------------------ liaison

    def test_liaison_day(self):
        self.start_tour(
            "/odoo", "protect_engagement_liaison_day", login="roles_liaison"
        )
        self.meeting.invalidate_recordset()
        self.assertEqual(self.meeting.state, "done", "the liaison changed nothing")
        self.assertEqual(self.meeting.name, COLLEAGUE_MEETING)

    def test_liaison_registers_for_cpd_event(self):
        self.start_tour(
            "/odoo", "protect_engagement_liaison_registers", login="roles_liaison"
        )
        registration = self.env["event.registration"].search(
            [
                ("event_id", "=", self.event.id),
                ("partner_id", "=", self.liaison.partner_id.id),
            ]
        )
        self.assertEqual(len(registration), 1, "the liaison registered once")

    # ------------------------------------------------------------------ officer

    def test_officer_logs_panel_meeting_with_attendance_of_its_date(self):
        panel, early = self._panel_with_members()
        self.start_tour(
            "/odoo", "protect_engagement_officer_panel_meeting", login="roles_officer"
        )
        meeting = self.env["protect.engagement"].search([("panel_id", "=", panel.id)])
        self.assertEqual(len(meeting), 1, "the tour logs one meeting")
        self.assertEqual(meeting.date_start.date(), PANEL_MEETING_DAY)
        self.assertEqual(meeting.attendance_ids.membership_id, early)

    def test_officer_discards_calendar_day_dialog_and_nothing_is_logged(self):
        self.start_tour(
            "/odoo", "protect_engagement_officer_calendar_day", login="roles_officer"
        )
        self.assertFalse(self._engagements_created_by(self.officer))

    # ------------------------------------------------------------------ manager

    def test_manager_previews_coverage_and_reloads_it(self):
        self.start_tour(
            "/odoo", "protect_engagement_manager_preview", login="roles_manager"
        )

    def test_manager_previews_map_at_official_sensitive_without_secret(self):
        self._stakeholder(SENSITIVE_ORGANISATION, "official_sensitive")
        self._stakeholder(SECRET_ORGANISATION, "secret")
        self.start_tour(
            "/odoo", "protect_engagement_manager_print_lower", login="roles_manager"
        )
