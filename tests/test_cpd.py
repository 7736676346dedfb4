"""CPD from events: attendance creates the record, undoing it removes it, and
partners attending an event the team delivered count as an engagement."""

from datetime import timedelta

from lxml import etree

from odoo import fields
from odoo.tests import tagged

from .cpd_common import CpdCase


@tagged("post_install", "-at_install", "protect_cpd")
class TestCpdAttendance(CpdCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.past_day = fields.Date.today() - timedelta(days=10)
        cls.seminar = cls._cpd_event("Romance fraud briefing", cls.past_day, hours=3.0)
        cls.registration = cls.register(cls.seminar, cls.officer_2)

    def test_marking_attended_creates_approved_cpd_record(self):
        self.registration.with_user(self.officer).action_set_done()

        record = self.records_of(self.officer_2_emp, self.seminar)
        self.assertRecordValues(
            record,
            [
                {
                    "source": "event",
                    "registration_id": self.registration.id,
                    "hours": 3.0,
                    "category_id": self.cat_seminar.id,
                    "date": self.past_day,
                    "state": "approved",
                    "approved_by_id": self.officer.id,
                }
            ],
        )

    def test_undoing_attendance_removes_cpd_record(self):
        self.registration.with_user(self.officer).action_set_done()
        self.registration.with_user(self.officer).action_confirm()

        self.assertFalse(self.records_of(self.officer_2_emp, self.seminar))

    def test_cancelling_attended_registration_removes_cpd_record(self):
        self.registration.with_user(self.officer).action_set_done()
        self.registration.with_user(self.officer).action_cancel()

        self.assertFalse(self.records_of(self.officer_2_emp, self.seminar))

    def test_deleting_attended_registration_removes_cpd_record(self):
        self.registration.with_user(self.officer).action_set_done()
        self.registration.unlink()

        self.assertFalse(self.records_of(self.officer_2_emp, self.seminar))

    def test_partial_attendance_hours_flow_to_cpd_record(self):
        self.registration.with_user(self.officer).action_set_done()
        self.registration.with_user(self.officer).protect_cpd_hours = 1.5

        self.assertEqual(self.records_of(self.officer_2_emp, self.seminar).hours, 1.5)

    def test_registration_hours_above_event_length_refused(self):
        with self.assert_refused("CPD hours"):
            self.registration.with_user(self.officer).protect_cpd_hours = 5.0

    def test_own_attendance_awaits_manager_approval(self):
        own = self.register(self.seminar, self.officer)
        own.with_user(self.officer).action_set_done()

        record = self.records_of(self.officer_emp, self.seminar)
        self.assertEqual(record.state, "submitted")
        self.assertEqual(record.activity_ids.user_id, self.manager)

    def test_attendance_at_non_cpd_event_gives_no_record(self):
        event = self._cpd_event("Team social", self.past_day, protect_is_cpd=False)
        self.register(event, self.officer_2).with_user(self.officer).action_set_done()

        self.assertFalse(self.records_of(self.officer_2_emp, event))

    def test_cpd_event_without_hours_refused(self):
        with self.assert_refused("CPD hours"):
            self.seminar.protect_cpd_hours = 0

    def test_cpd_event_hours_above_its_length_refused(self):
        with self.assert_refused("CPD hours"):
            self.seminar.protect_cpd_hours = 4.5

    def test_event_with_attendance_cannot_stop_being_cpd(self):
        self.registration.with_user(self.officer).action_set_done()
        with self.assert_refused("CPD event"):
            self.seminar.with_user(self.officer).protect_is_cpd = False


@tagged("post_install", "-at_install", "protect_cpd")
class TestCpdEventEngagement(CpdCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bank = cls.env["res.partner"].create(
            {
                "name": "Trent Mutual (test)",
                "is_company": True,
                "protect_stakeholder": True,
                "protect_force_area_id": cls.env.ref(
                    "protect_engagement.protect_force_area_derbyshire"
                ).id,
            }
        )
        cls.fraud_lead = cls.env["res.partner"].create(
            {"name": "Priya Shah (test)", "parent_id": cls.bank.id}
        )
        cls.branch_lead = cls.env["res.partner"].create(
            {"name": "Tom Ellis (test)", "parent_id": cls.bank.id}
        )
        cls.workshop = cls._cpd_event(
            "Courier fraud workshop",
            fields.Date.today() - timedelta(days=5),
            protect_delivered_by_team=True,
        )

    def _event_engagement(self):
        return self.workshop.sudo().protect_engagement_id

    def test_partner_attendance_logs_done_engagement_with_them(self):
        self.register(self.workshop, self.fraud_lead).with_user(
            self.officer
        ).action_set_done()

        engagement = self._event_engagement()
        self.assertRecordValues(
            engagement,
            [
                {
                    "state": "done",
                    "engagement_type_id": self.env.ref(
                        "protect_engagement.protect_engagement_type_awareness_event"
                    ).id,
                    "partner_ids": self.fraud_lead.ids,
                    "user_id": self.manager.id,
                    "audience_count": 1,
                }
            ],
        )

    def test_staff_attendance_is_not_an_engagement(self):
        self.register(self.workshop, self.officer_2).with_user(
            self.officer
        ).action_set_done()

        self.assertFalse(self._event_engagement())
        self.assertTrue(self.records_of(self.officer_2_emp, self.workshop))

    def test_undoing_partner_attendance_drops_them_from_engagement(self):
        first = self.register(self.workshop, self.fraud_lead)
        second = self.register(self.workshop, self.branch_lead)
        (first | second).with_user(self.officer).action_set_done()

        second.with_user(self.officer).action_confirm()

        self.assertEqual(self._event_engagement().partner_ids, self.fraud_lead)

    def test_undoing_last_partner_attendance_removes_engagement(self):
        registration = self.register(self.workshop, self.fraud_lead)
        registration.with_user(self.officer).action_set_done()
        engagement = self._event_engagement()

        registration.with_user(self.officer).action_confirm()

        self.assertFalse(self._event_engagement())
        self.assertFalse(engagement.exists())

    def test_partner_attendance_counts_on_stakeholder(self):
        self.register(self.workshop, self.fraud_lead).with_user(
            self.officer
        ).action_set_done()

        self.bank.invalidate_recordset(["protect_engagement_count"])
        self.assertEqual(self.bank.with_user(self.officer).protect_engagement_count, 1)

    def test_event_not_delivered_by_team_logs_no_engagement(self):
        event = self._cpd_event(
            "National briefing", fields.Date.today() - timedelta(days=2)
        )
        self.register(event, self.fraud_lead).with_user(self.officer).action_set_done()

        self.assertFalse(event.sudo().protect_engagement_id)


@tagged("post_install", "-at_install")
class TestCpdMarkingBand(CpdCase):
    """CPD is handled at OFFICIAL: its forms show the band other Protect
    records show."""

    def _band(self, model):
        records = self.env[model].with_user(self.officer)
        arch = records.get_views([(False, "form")])["views"]["form"]["arch"]
        return etree.fromstring(arch).xpath(
            "//sheet/*[1][self::field][@widget='protect_marking_banner']/@name"
        )

    def test_cpd_record_form_opens_with_official_band(self):
        record = self.log_cpd(self.officer, fields.Date.today())
        self.assertEqual(
            (self._band("protect.cpd.record"), record.protect_marking),
            (["protect_marking"], "official"),
        )

    def test_cpd_status_form_opens_with_official_band(self):
        row = self.status_of(self.officer_emp, user=self.officer)
        self.assertEqual(
            (self._band("protect.cpd.summary"), row.protect_marking),
            (["protect_marking"], "official"),
        )
