"""Self-logged CPD: it counts once a manager approves it, never by its owner's
own approval, and bad input is refused with nothing written."""

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .cpd_common import CpdCase


@tagged("post_install", "-at_install", "protect_cpd")
class TestCpdSelfLogged(CpdCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.today()
        cls.yesterday = cls.today - timedelta(days=1)

    def test_self_logged_cpd_belongs_to_its_author(self):
        record = self.log_cpd(self.officer, self.yesterday)

        self.assertEqual(record.employee_id, self.officer_emp)
        self.assertEqual(record.state, "draft")

    def test_self_logged_cpd_counts_only_after_manager_approval(self):
        record = self.log_cpd(self.officer, self.yesterday, hours=2.5)
        record.action_submit()
        status = self.status_of(self.officer_emp)
        self.assertEqual((status.hours_approved, status.hours_pending), (0.0, 2.5))

        record.with_user(self.manager).action_approve()

        status.invalidate_recordset()
        self.assertEqual((status.hours_approved, status.hours_pending), (2.5, 0.0))
        self.assertEqual(record.approved_by_id, self.manager)

    def test_submitting_asks_the_manager_by_activity(self):
        record = self.log_cpd(self.officer, self.yesterday)
        record.action_submit()

        self.assertEqual(record.sudo().activity_ids.user_id, self.manager)

    def test_approving_closes_the_approval_activity(self):
        record = self.log_cpd(self.officer, self.yesterday)
        record.action_submit()
        record.with_user(self.manager).action_approve()

        self.assertFalse(record.sudo().activity_ids)

    def test_officer_cannot_approve_own_cpd(self):
        record = self.log_cpd(self.officer, self.yesterday)
        record.action_submit()
        with self.assert_refused("Status"):
            record.action_approve()
        self.assertEqual(record.state, "submitted")

    def test_officer_cannot_write_own_cpd_approved(self):
        record = self.log_cpd(self.officer, self.yesterday)
        with self.assert_refused("Status"):
            record.write({"state": "approved"})

    def test_officer_cannot_create_own_cpd_approved(self):
        with self.assert_refused("Status"):
            self.log_cpd(self.officer, self.yesterday, state="approved")

    def test_manager_cannot_approve_own_cpd(self):
        record = self.log_cpd(self.manager, self.yesterday)
        record.action_submit()
        with self.assert_refused("Status"):
            record.action_approve()

    def test_administrator_cannot_approve_own_cpd(self):
        record = self.log_cpd(self.admin, self.yesterday)
        record.action_submit()
        with self.assert_refused("Status"):
            record.action_approve()

    def test_manager_cannot_approve_another_teams_cpd(self):
        record = self.log_cpd(self.other_officer, self.yesterday)
        record.action_submit()
        with self.assertRaises(AccessError):
            record.with_user(self.manager).action_approve()

    def test_refused_cpd_does_not_count(self):
        record = self.log_cpd(self.officer, self.yesterday, hours=3)
        record.action_submit()
        record.with_user(self.manager).action_refuse()

        status = self.status_of(self.officer_emp)
        self.assertEqual((record.state, status.hours_approved), ("refused", 0.0))

    def test_approved_cpd_is_locked_for_its_owner(self):
        record = self.log_cpd(self.officer, self.yesterday, hours=2)
        record.action_submit()
        record.with_user(self.manager).action_approve()
        with self.assert_refused("Status"):
            record.hours = 20

    def test_approved_cpd_cannot_be_deleted_by_its_owner(self):
        record = self.log_cpd(self.officer, self.yesterday)
        record.action_submit()
        record.with_user(self.manager).action_approve()
        with self.assert_refused("Status"):
            record.unlink()

    def test_evidence_is_readable_by_the_approving_manager_only(self):
        certificate = (
            self.env["ir.attachment"]
            .with_user(self.officer)
            .create(
                {
                    "name": "certificate.txt",
                    "raw": b"Certificate of attendance",
                    "res_model": "protect.cpd.record",
                }
            )
        )
        self.log_cpd(
            self.officer,
            self.yesterday,
            attachment_ids=[Command.set(certificate.ids)],
        )

        self.assertEqual(
            certificate.with_user(self.manager).raw, b"Certificate of attendance"
        )
        with self.assertRaises(AccessError):
            certificate.with_user(self.other_manager).read(["raw"])

    def test_duplicate_cpd_for_same_event_refused(self):
        event = self._cpd_event("Investment fraud seminar", self.yesterday)
        self.log_cpd(self.officer, self.yesterday, event_id=event.id)
        with self.assert_refused("Event"):
            self.log_cpd(self.officer, self.yesterday, event_id=event.id)
        self.assertEqual(len(self.records_of(self.officer_emp, event)), 1)

    def test_attendance_after_self_logging_links_not_duplicates(self):
        event = self._cpd_event("Investment fraud seminar", self.yesterday)
        logged = self.log_cpd(self.officer, self.yesterday, event_id=event.id)
        registration = self.register(event, self.officer)
        registration.with_user(self.manager).action_set_done()

        self.assertEqual(self.records_of(self.officer_emp, event), logged)
        self.assertEqual(logged.registration_id, registration)

    def test_self_logged_cpd_cannot_pose_as_event_attendance(self):
        with self.assert_refused("Source"):
            self.log_cpd(self.officer, self.yesterday, source="event")

    def test_cpd_cannot_move_to_another_person(self):
        record = self.log_cpd(self.officer, self.yesterday)
        with self.assert_refused("Employee"):
            record.with_user(self.manager).employee_id = self.officer_2_emp


@tagged("post_install", "-at_install", "protect_cpd")
class TestCpdBadInput(CpdCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.yesterday = fields.Date.today() - timedelta(days=1)

    def _nothing_logged(self):
        self.assertFalse(self.records_of(self.officer_emp))

    def test_zero_hours_refused(self):
        with self.assert_refused("Hours"):
            self.log_cpd(self.officer, self.yesterday, hours=0)
        self._nothing_logged()

    def test_negative_hours_refused(self):
        with self.assert_refused("Hours"):
            self.log_cpd(self.officer, self.yesterday, hours=-2)
        self._nothing_logged()

    def test_more_hours_than_the_event_lasted_refused(self):
        event = self._cpd_event("Half-day seminar", self.yesterday, hours=3, length=4)
        with self.assert_refused("Hours"):
            self.log_cpd(self.officer, self.yesterday, hours=4.5, event_id=event.id)
        self._nothing_logged()

    def test_date_outside_its_cpd_year_refused(self):
        year = self.env["protect.cpd.record"]._cpd_year(self.yesterday)
        outside = year.start - timedelta(days=1)
        with self.assert_refused("Date"):
            self.log_cpd(self.officer, outside, cpd_year=year.label)
        self._nothing_logged()

    def test_unknown_cpd_year_refused(self):
        with self.assert_refused("CPD year"):
            self.log_cpd(self.officer, self.yesterday, cpd_year="last year")
        self._nothing_logged()

    def test_future_date_refused(self):
        with self.assert_refused("Date"):
            self.log_cpd(self.officer, fields.Date.today() + timedelta(days=3))
        self._nothing_logged()

    def test_negative_category_minimum_refused(self):
        with self.assert_refused("Annual minimum (hours)"):
            self.cat_accredited.with_user(self.admin).annual_minimum_hours = -1

    def test_user_without_employee_told_why(self):
        newcomer = new_test_user(
            self.env, login="cpd_newcomer", groups="protect_engagement.group_officer"
        )
        with self.assert_refused("Employee"):
            self.log_cpd(newcomer, self.yesterday)
