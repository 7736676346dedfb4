"""Three months before the CPD year ends, people behind pace (and their
managers) get a to-do; nobody else, and never twice."""

from freezegun import freeze_time

from odoo.tests import tagged

from .cpd_common import CpdCase


@tagged("post_install", "-at_install", "protect_cpd")
class TestCpdReminder(CpdCase):
    """CPD year 2025/26 ends on 31 March 2026: reminders start on 1 January.

    On 5 January 2026, 22.9 of 30 hours are due: Olivia (25 h) is on pace,
    Owen (20 h) slightly behind, Lee (0 h) behind.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time("2025-12-01"):
            cls.approved_cpd(cls.officer_emp, cls.day("2025-11-01"), 25)
            cls.approved_cpd(cls.officer_2_emp, cls.day("2025-11-01"), 20)
        cls.activity_type = cls.env.ref(
            "protect_engagement.mail_activity_type_cpd_behind"
        )

    def _run_job(self):
        self.env["protect.cpd.summary"]._cron_behind_pace_reminder()

    def _reminders(self, user):
        """(assignee, about) of the reminders about ``user``."""
        activities = self.env["mail.activity"].search(
            [
                ("activity_type_id", "=", self.activity_type.id),
                ("res_model", "=", "res.partner"),
                ("res_id", "=", user.partner_id.id),
            ]
        )
        return sorted(activities.user_id.mapped("login"))

    def test_people_behind_pace_and_their_manager_are_reminded(self):
        with freeze_time("2026-01-05 07:00:00"):
            self._run_job()

        self.assertEqual(
            self._reminders(self.officer_2), ["protect_manager", "protect_officer_2"]
        )
        self.assertEqual(
            self._reminders(self.liaison), ["protect_liaison", "protect_manager"]
        )

    def test_people_on_pace_are_not_reminded(self):
        with freeze_time("2026-01-05 07:00:00"):
            self._run_job()

        self.assertEqual(self._reminders(self.officer), [])

    def test_reminder_is_not_repeated_on_rerun(self):
        with freeze_time("2026-01-05 07:00:00"):
            self._run_job()
        with freeze_time("2026-01-06 07:00:00"):
            self._run_job()

        self.assertEqual(
            self._reminders(self.officer_2), ["protect_manager", "protect_officer_2"]
        )

    def test_no_reminder_before_the_last_three_months(self):
        with freeze_time("2025-12-31 20:00:00"):
            self._run_job()

        self.assertEqual(self._reminders(self.liaison), [])

    def test_reminder_deadline_is_the_year_end(self):
        with freeze_time("2026-01-05 07:00:00"):
            self._run_job()

        deadlines = (
            self.env["mail.activity"]
            .search([("activity_type_id", "=", self.activity_type.id)])
            .mapped("date_deadline")
        )
        self.assertEqual(set(deadlines), {self.day("2026-03-31")})
