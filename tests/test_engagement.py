from datetime import UTC, timedelta
from email import message_from_string, policy
from email.utils import format_datetime

from odoo import Command
from odoo.tests import Form, tagged, users

from .common import OFFICER_LOGIN, ProtectCase


@tagged("post_install", "-at_install")
class TestEngagement(ProtectCase):
    """Logging an engagement through the ORM and the form."""

    def _new_form(self, **context):
        engagement_model = self.env["protect.engagement"].with_user(self.officer)
        return Form(engagement_model.with_context(**context))

    def test_past_engagement_is_created_done(self):
        engagement = self.create_engagement(date_start=self.days_ago(2))
        self.assertEqual(engagement.state, "done")

    def test_future_engagement_is_created_planned(self):
        engagement = self.create_engagement(date_start=self.days_ago(-2))
        self.assertEqual(engagement.state, "planned")

    def test_engagement_takes_strand_of_its_type(self):
        engagement = self.create_engagement(engagement_type_id=self.type_workshop.id)
        self.assertEqual(engagement.strand, "prepare")

    @users(OFFICER_LOGIN)
    def test_engagement_is_led_by_its_creator(self):
        engagement = self.env["protect.engagement"].create(
            self.engagement_values(name="Bank branch visit")
        )
        self.assertEqual(engagement.user_id, self.officer)

    def test_duration_is_in_hours(self):
        start = self.days_ago(2)
        engagement = self.create_engagement(
            date_start=start, date_end=start + timedelta(minutes=90)
        )
        self.assertEqual(engagement.duration, 1.5)

    def test_organisation_count_counts_distinct_organisations(self):
        stakeholders = self.person | self.organisation | self.other_person
        engagement = self.create_engagement(partner_ids=[Command.set(stakeholders.ids)])
        self.assertEqual(engagement.organisation_count, 2)

    def test_form_type_change_sets_strand(self):
        engagement_form = self._new_form()
        engagement_form.engagement_type_id = self.type_workshop
        self.assertEqual(engagement_form.strand, "prepare")

    def test_form_start_without_end_sets_end_an_hour_later(self):
        engagement_form = self._new_form()
        engagement_form.date_end = False
        start = self.days_ago(4)
        engagement_form.date_start = start
        self.assertEqual(engagement_form.date_end, start + timedelta(hours=1))

    def test_form_moving_start_back_keeps_meeting_length(self):
        # The form opens on a one-hour meeting starting now; the officer logs one
        # held four days ago: it must not become a four-day engagement.
        engagement_form = self._new_form()
        length = engagement_form.date_end - engagement_form.date_start
        start = self.days_ago(4)
        engagement_form.date_start = start
        self.assertEqual(engagement_form.date_end - start, length)

    def test_form_stakeholder_sets_their_force_area(self):
        engagement_form = self._new_form()
        engagement_form.partner_ids.add(self.person)
        self.assertEqual(engagement_form.force_area_id, self.area_derbyshire)

    def test_form_stakeholders_of_two_areas_leave_area_empty(self):
        engagement_form = self._new_form()
        engagement_form.partner_ids = self.person | self.other_person
        self.assertFalse(engagement_form.force_area_id)

    def test_form_added_stakeholder_keeps_chosen_area(self):
        engagement_form = self._new_form()
        engagement_form.force_area_id = self.area_regional
        engagement_form.partner_ids.add(self.person)
        self.assertEqual(engagement_form.force_area_id, self.area_regional)

    def test_officer_saves_a_new_engagement_from_the_form(self):
        engagement_form = self._new_form()
        engagement_form.name = "Scam awareness talk"
        engagement_form.date_start = self.days_ago(1)
        engagement_form.partner_ids.add(self.person)
        engagement = engagement_form.save()
        self.assertRecordValues(
            engagement,
            [
                {
                    "name": "Scam awareness talk",
                    "user_id": self.officer.id,
                    "partner_ids": self.person.ids,
                    "force_area_id": self.area_derbyshire.id,
                }
            ],
        )


@tagged("post_install", "-at_install")
class TestLogFromCalendar(ProtectCase):
    """An officer logs a calendar meeting as an engagement."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        start = cls.days_ago(1, hour=9)
        attendees = cls.officer.partner_id | cls.officer_2.partner_id | cls.person
        cls.meeting = (
            cls.env["calendar.event"]
            .with_user(cls.officer)
            .create(
                {
                    "name": "Quarterly fraud review with Peak Mutual",
                    "start": start,
                    "stop": start + timedelta(hours=2),
                    "partner_ids": [Command.set(attendees.ids)],
                }
            )
        )

    def _log_form(self):
        action = self.meeting.with_user(self.officer).action_protect_log_engagement()
        engagement_model = self.env[action["res_model"]].with_user(self.officer)
        return Form(engagement_model.with_context(**action["context"]))

    def test_calendar_log_prefills_subject_and_times(self):
        engagement_form = self._log_form()
        self.assertEqual(
            (
                engagement_form.name,
                engagement_form.date_start,
                engagement_form.date_end,
            ),
            (self.meeting.name, self.meeting.start, self.meeting.stop),
        )

    def test_calendar_log_prefills_lead_and_other_officers(self):
        engagement_form = self._log_form()
        self.assertEqual(
            (engagement_form.user_id, engagement_form.officer_ids[:]),
            (self.officer, self.officer_2),
        )

    def test_calendar_log_prefills_stakeholder_attendees_and_their_area(self):
        engagement_form = self._log_form()
        self.assertEqual(
            (engagement_form.partner_ids[:], engagement_form.force_area_id),
            (self.person, self.area_derbyshire),
        )

    def test_engagement_logged_from_calendar_is_linked_to_the_meeting(self):
        engagement = self._log_form().save()
        self.assertEqual(engagement.calendar_event_id, self.meeting)

    def test_calendar_meeting_counts_its_engagement(self):
        self._log_form().save()
        self.meeting.invalidate_recordset(["protect_engagement_count"])
        self.assertEqual(
            self.meeting.with_user(self.officer).protect_engagement_count, 1
        )

    def test_logging_calendar_meeting_twice_opens_existing_engagement(self):
        engagement = self._log_form().save()
        action = self.meeting.with_user(self.officer).action_protect_log_engagement()
        self.assertEqual(
            (action["res_model"], action.get("res_id")),
            ("protect.engagement", engagement.id),
        )


@tagged("post_install", "-at_install")
class TestLogFromEmail(ProtectCase):
    """Meeting notes e-mailed to the engagement alias become an engagement."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Someone with an address on record who is not a Protect stakeholder.
        cls.not_stakeholder = cls.env["res.partner"].create(
            {"name": "Kim Lowe (test)", "email": "kim.lowe@unrelated.example.com"}
        )

    def _parse(self, to, cc="", subject="Notes: Peak Mutual fraud review"):
        """The message dict the mail gateway builds from such an e-mail, sent
        three days ago at 10:00 UTC."""
        sent = format_datetime(self.days_ago(3).replace(tzinfo=UTC))
        raw = (
            f"From: Olivia Officer <{self.officer.email}>\r\n"
            f"To: {to}\r\n"
            f"Cc: {cc}\r\n"
            f"Subject: {subject}\r\n"
            f"Date: {sent}\r\n"
            "Message-Id: <notes-1@emsou.example.com>\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n"
            "\r\n"
            "Agreed to run a courier-fraud briefing for branch staff.\r\n"
        )
        message = message_from_string(raw, policy=policy.SMTP)
        msg_dict = self.env["mail.thread"].message_parse(message)
        msg_dict["author_id"] = self.officer.partner_id.id
        return msg_dict

    def _receive(self, msg_dict):
        engagement_model = self.env["protect.engagement"]
        return engagement_model.browse(engagement_model.message_new(msg_dict).id)

    def test_email_notes_are_named_after_the_subject(self):
        engagement = self._receive(self._parse(to=self.person.email))
        self.assertEqual(engagement.name, "Notes: Peak Mutual fraud review")

    def test_email_sender_officer_leads_the_engagement(self):
        engagement = self._receive(self._parse(to=self.person.email))
        self.assertEqual(engagement.user_id, self.officer)

    def test_email_addressee_stakeholder_is_linked(self):
        engagement = self._receive(self._parse(to=self.person.email))
        self.assertEqual(engagement.partner_ids, self.person)

    def test_email_named_addressees_stakeholders_are_linked(self):
        msg_dict = self._parse(
            to=f'"Priya Shah" <{self.person.email}>',
            cc=f'"Tom Ellis" <{self.other_person.email}>',
        )
        engagement = self._receive(msg_dict)
        self.assertEqual(engagement.partner_ids, self.person | self.other_person)

    def test_email_addressee_not_in_register_is_not_linked(self):
        msg_dict = self._parse(to=self.person.email, cc=self.not_stakeholder.email)
        engagement = self._receive(msg_dict)
        self.assertNotIn(self.not_stakeholder, engagement.partner_ids)

    def test_email_stakeholders_of_one_area_set_it(self):
        engagement = self._receive(self._parse(to=self.person.email))
        self.assertEqual(engagement.force_area_id, self.area_derbyshire)

    def test_email_body_becomes_the_outcome(self):
        engagement = self._receive(self._parse(to=self.person.email))
        self.assertIn("courier-fraud briefing", engagement.outcome)

    def test_email_notes_of_a_past_meeting_are_done(self):
        engagement = self._receive(self._parse(to=self.person.email))
        self.assertEqual(
            (engagement.state, engagement.date_start),
            ("done", self.days_ago(3)),
        )
