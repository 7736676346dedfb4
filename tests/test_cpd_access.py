"""CPD is personal: one's own, a manager's team, everyone for administrators."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged, users

from .common import ADMIN_LOGIN
from .cpd_common import CpdCase


@tagged("post_install", "-at_install", "protect_cpd")
class TestCpdAccess(CpdCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        day = fields.Date.today() - timedelta(days=2)
        cls.officer_record = cls.approved_cpd(cls.officer_emp, day, 3)
        cls.officer_2_record = cls.approved_cpd(cls.officer_2_emp, day, 2)
        cls.manager_record = cls.approved_cpd(cls.manager_emp, day, 4)
        cls.other_record = cls.approved_cpd(cls.other_officer_emp, day, 5)

    def _visible_records(self, user):
        everyone = (
            self.officer_record
            | self.officer_2_record
            | self.manager_record
            | self.other_record
        )
        records = self.env["protect.cpd.record"].with_user(user)
        return records.search([("id", "in", everyone.ids)])

    def test_officer_sees_only_own_cpd(self):
        self.assertEqual(self._visible_records(self.officer), self.officer_record)

    def test_manager_sees_team_cpd_and_own_not_other_teams(self):
        self.assertEqual(
            self._visible_records(self.manager),
            self.officer_record | self.officer_2_record | self.manager_record,
        )

    def test_manager_cannot_read_another_teams_cpd(self):
        with self.assertRaises(AccessError):
            self.other_record.with_user(self.manager).read(["hours"])

    def test_other_manager_sees_only_their_team(self):
        self.assertEqual(self._visible_records(self.other_manager), self.other_record)

    def test_administrator_sees_everyone(self):
        self.assertEqual(len(self._visible_records(self.admin)), 4)

    def test_officer_cannot_log_cpd_for_someone_else(self):
        with self.assertRaises(AccessError):
            self.log_cpd(
                self.officer, fields.Date.today(), employee_id=self.officer_2_emp.id
            )

    def test_team_screen_lists_the_managers_reports(self):
        rows = (
            self.env["protect.cpd.summary"]
            .with_user(self.manager)
            .search([("in_my_team", "=", True), ("is_current_year", "=", True)])
        )
        self.assertEqual(
            rows.employee_id, self.officer_emp | self.officer_2_emp | self.liaison_emp
        )

    def test_team_screen_hides_other_teams(self):
        rows = self.env["protect.cpd.summary"].with_user(self.manager).search([])
        self.assertNotIn(self.other_officer_emp, rows.employee_id)

    def test_officer_sees_only_own_status(self):
        rows = self.env["protect.cpd.summary"].with_user(self.officer).search([])
        self.assertEqual(rows.employee_id, self.officer_emp)

    def test_behind_pace_filter(self):
        rows = (
            self.env["protect.cpd.summary"]
            .with_user(self.manager)
            .search([("in_my_team", "=", True), ("rag_status", "in", ("red", "amber"))])
        )
        behind = rows.filtered(lambda r: r.rag_status == "green")
        self.assertFalse(behind)

    def test_event_shows_team_members_not_registered(self):
        event = self._cpd_event(
            "Upcoming seminar", fields.Date.today() + timedelta(days=9)
        )
        self.register(event, self.officer)

        event = event.with_user(self.manager)
        self.assertEqual(
            event.protect_team_missing_user_ids, self.officer_2 | self.liaison
        )
        self.assertEqual(event.protect_team_registered_count, 1)

    def test_status_counts_upcoming_events_not_registered(self):
        event = self._cpd_event(
            "Upcoming seminar", fields.Date.today() + timedelta(days=9)
        )
        self.register(event, self.officer)

        registered = self.status_of(self.officer_emp).upcoming_missing_count
        not_registered = self.status_of(self.officer_2_emp).upcoming_missing_count
        self.assertEqual(not_registered - registered, 1)


@tagged("post_install", "-at_install", "protect_cpd")
class TestCpdTeamScreenQueries(CpdCase):
    """The team screen's figures come from one grouped query, whatever the
    team's size: no query per person."""

    def _read_figures(self, rows):
        rows.invalidate_recordset()
        rows.read(
            ["hours_approved", "rag_status", "category_summary", "projected_hours"]
        )

    @users(ADMIN_LOGIN)
    def test_team_screen_figures_cost_the_same_for_any_team_size(self):
        summaries = self.env["protect.cpd.summary"]
        few = summaries.search([("employee_id", "in", self.officer_emp.ids)])
        many = summaries.search([])
        self.assertGreater(len(many), 5)
        self._read_figures(many)  # warm-up: caches of settings, groups, views
        queries = []
        for rows in (few, many):
            start = self.cr.sql_log_count
            self._read_figures(rows)
            queries.append(self.cr.sql_log_count - start)
        self.assertEqual(queries[0], queries[1])
