from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import ProtectCase
from .cpd_common import CpdCase


@tagged("post_install", "-at_install", "protect_cpd")
class TestCpdUnregistered(CpdCase):
    """One helper says who has not registered for the upcoming CPD events."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.today()
        cls.seminar = cls._cpd_event("Helper seminar", today + timedelta(days=9))
        cls.team = cls.officer_emp | cls.officer_2_emp

    def _missing(self, **kwargs):
        events = self.env["event.event"].with_user(self.manager)
        missing = events._protect_cpd_unregistered(self.team, **kwargs)
        return missing.get(self.seminar)

    def test_registered_colleague_is_not_missing(self):
        self.register(self.seminar, self.officer)
        self.assertEqual(self._missing(), self.officer_2_emp)

    def test_cancelled_registration_leaves_colleague_missing(self):
        self.register(self.seminar, self.officer, state="cancel")
        self.assertEqual(self._missing(), self.team)

    def test_event_started_before_the_reference_moment_is_not_upcoming(self):
        after = fields.Datetime.now() + timedelta(days=20)
        self.assertIsNone(self._missing(after=after))

    def test_upcoming_events_come_in_date_order(self):
        earlier = self._cpd_event(
            "Earlier helper seminar", fields.Date.today() + timedelta(days=2)
        )
        events = self.env["event.event"].with_user(self.manager)
        order = list(events._protect_cpd_unregistered(self.team))
        self.assertLess(order.index(earlier), order.index(self.seminar))


@tagged("post_install", "-at_install", "protect_cpd")
class TestCpdHoursByCategory(CpdCase):
    """One grouped query gives hours by category, under the reader's rules."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        records = cls.env["protect.cpd.record"]
        cls.year = records._cpd_year().label
        cls.day_in_year = records._cpd_year().start
        cls.approved_cpd(cls.officer_emp, cls.day_in_year, 2.0)
        cls.approved_cpd(cls.officer_emp, cls.day_in_year, 1.5)
        cls.approved_cpd(cls.officer_emp, cls.day_in_year, 1.0, cls.cat_elearning)
        cls.approved_cpd(cls.officer_2_emp, cls.day_in_year, 4.0)

    def _hours(self, user):
        records = self.env["protect.cpd.record"].with_user(user)
        return records._cpd_hours_by_category(
            self.officer_emp | self.officer_2_emp, [self.year]
        )

    def test_hours_are_summed_per_person_and_category(self):
        hours = self._hours(self.manager)
        key = (self.officer_emp, self.year, self.cat_training, "approved")
        self.assertEqual(hours[key], 3.5)

    def test_officer_reads_only_their_own_hours(self):
        employees = {employee for employee, *_rest in self._hours(self.officer)}
        self.assertEqual(employees, {self.officer_emp})


@tagged("post_install", "-at_install")
class TestAttendanceInPeriod(ProtectCase):
    """Memberships give their attendance over a period."""

    def _figures(self, date_from, date_to):
        memberships = self.membership_person.with_user(self.officer)
        return memberships._attendance_in_period(date_from, date_to)

    def test_meeting_in_the_period_is_counted(self):
        self.create_panel_meeting()
        today = fields.Date.today()
        figures, _markings = self._figures(today - timedelta(days=30), today)
        self.assertEqual(figures[self.membership_person.id], (1, 1))

    def test_meeting_before_the_period_is_not_counted(self):
        self.create_panel_meeting()
        today = fields.Date.today()
        figures, _markings = self._figures(today - timedelta(days=6), today)
        self.assertNotIn(self.membership_person.id, figures)

    def test_markings_of_the_meetings_counted_are_returned(self):
        self.create_panel_meeting(sensitivity="official_sensitive")
        today = fields.Date.today()
        _figures, markings = self._figures(today - timedelta(days=30), today)
        self.assertEqual(markings, {"official_sensitive"})
