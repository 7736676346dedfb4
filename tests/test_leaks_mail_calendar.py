"""Chatter, activities, e-mail and meetings reach only people who clear a record.

Each test puts a person or record above someone's vetting and fails if the
mail or calendar path lets it through: one path each.
"""

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import ProtectCommon

EXTERNAL_EMAIL = "outside@partner.example.org"


@tagged("post_install", "-at_install", "protect_access")
class TestLeaksMailCalendar(ProtectCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, mail_notify_force_send=False))
        # The second SC officer is told of messages by e-mail.
        cls.officer_2.notification_type = "email"
        cls.external = cls.env["res.partner"].create(
            {"name": "Outside Contact", "email": EXTERNAL_EMAIL}
        )
        cls.secret_org = cls._stakeholder(
            "Hidden Harbour Bank", sensitivity="secret", email="desk@harbour.example"
        )
        cls.secret_person = cls.env["res.partner"].create(
            {
                "name": "Ada Hidden",
                "parent_id": cls.secret_org.id,
                "email": "ada@harbour.example",
            }
        )
        cls.open_org = cls._stakeholder("Trentside Credit Union")
        cls.open_meeting = cls._engagement("Open meeting", partners=cls.open_org)
        cls.secret_meeting = cls._engagement("Hidden meeting", sensitivity="secret")
        cls.secret_panel = cls.env["protect.panel"].create(
            {"name": "Hidden panel", "sensitivity": "secret"}
        )

    def as_user(self, user, records):
        self.env.invalidate_all()
        return records.with_user(user)

    def post(self, record, user=None, **values):
        """Post a comment on ``record`` as ``user`` (the SC officer)."""
        return self.as_user(user or self.officer, record).message_post(
            body="Operation details",
            subject="Hidden subject",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            **values,
        )

    def mails_of(self, message):
        return (
            self.env["mail.mail"].sudo().search([("mail_message_id", "=", message.id)])
        )

    def downgrade(self, user):
        user.protect_vetting_level_id = self.level_nppv1

    # ------------------------------------------------------------ following

    def test_officer_cannot_add_liaison_as_follower_of_secret_engagement(self):
        meeting = self.as_user(self.officer, self.secret_meeting)
        with self.assertRaisesRegex(ValidationError, r"^Followers: .*Lee Liaison"):
            meeting.message_subscribe(partner_ids=self.liaison.partner_id.ids)

    def test_follower_wizard_refuses_liaison_on_secret_panel(self):
        wizard = (
            self.env["mail.followers.edit"]
            .with_user(self.officer)
            .create(
                {
                    "res_model": "protect.panel",
                    "res_ids": str(self.secret_panel.ids),
                    "partner_ids": [Command.set(self.liaison.partner_id.ids)],
                }
            )
        )
        with self.assertRaisesRegex(ValidationError, r"^Followers: "):
            wizard.edit_followers()

    def test_external_contact_cannot_follow_secret_engagement(self):
        meeting = self.as_user(self.officer, self.secret_meeting)
        with self.assertRaisesRegex(ValidationError, r"^Followers: Outside Contact"):
            meeting.message_subscribe(partner_ids=self.external.ids)

    def test_internal_user_outside_protect_cannot_follow_open_engagement(self):
        meeting = self.as_user(self.officer, self.open_meeting)
        with self.assertRaisesRegex(ValidationError, r"^Followers: "):
            meeting.message_subscribe(partner_ids=self.internal.partner_id.ids)

    def test_auto_subscription_leaves_out_lead_who_does_not_clear(self):
        self.secret_meeting._message_auto_subscribe({"user_id": self.liaison.id})
        self.assertNotIn(
            self.liaison.partner_id, self.secret_meeting.message_partner_ids
        )

    # ------------------------------------------------------------ mentions, e-mail

    def test_officer_cannot_mention_liaison_on_secret_engagement(self):
        with self.assertRaisesRegex(ValidationError, r"^Recipients: .*Lee Liaison"):
            self.post(self.secret_meeting, partner_ids=self.liaison.partner_id.ids)

    def test_follower_whose_vetting_lapsed_is_not_notified(self):
        self.secret_meeting.message_subscribe(partner_ids=self.officer_2.partner_id.ids)
        self.downgrade(self.officer_2)
        message = self.post(self.secret_meeting)
        self.assertNotIn(
            self.officer_2.partner_id, message.notification_ids.res_partner_id
        )

    def test_secret_message_reaches_cleared_officer_by_inbox_only(self):
        self.secret_meeting.message_subscribe(partner_ids=self.officer_2.partner_id.ids)
        message = self.post(self.secret_meeting)
        self.assertEqual(
            message.notification_ids.filtered(
                lambda n: n.res_partner_id == self.officer_2.partner_id
            ).notification_type,
            "inbox",
        )
        self.assertFalse(self.mails_of(message))

    def test_secret_message_queues_no_mail_to_external_address(self):
        message = self.post(self.secret_meeting, outgoing_email_to=EXTERNAL_EMAIL)
        self.assertFalse(self.mails_of(message))

    def test_external_follower_is_not_emailed_once_marking_is_raised(self):
        self.open_meeting.message_subscribe(partner_ids=self.external.ids)
        self.open_meeting.sensitivity = "secret"
        message = self.post(self.open_meeting)
        self.assertFalse(self.mails_of(message))

    def test_official_engagement_still_emails_external_follower(self):
        self.open_meeting.message_subscribe(partner_ids=self.external.ids)
        message = self.post(self.open_meeting)
        self.assertIn(self.external, self.mails_of(message).recipient_ids)

    # ------------------------------------------------------------ reading messages

    def _message_naming(self, partner):
        """A message on the SECRET meeting that named and notified ``partner``
        while they were cleared."""
        return self.secret_meeting.message_post(
            body="Operation details",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=partner.ids,
        )

    def test_notified_user_whose_vetting_lapsed_cannot_find_message(self):
        message = self._message_naming(self.officer_2.partner_id)
        self.downgrade(self.officer_2)
        found = self.as_user(self.officer_2, self.env["mail.message"]).search(
            [("id", "=", message.id)]
        )
        self.assertFalse(found)

    def test_notified_user_whose_vetting_lapsed_cannot_read_message(self):
        message = self._message_naming(self.officer_2.partner_id)
        self.downgrade(self.officer_2)
        with self.assertRaises(AccessError):
            self.as_user(self.officer_2, message).read(["body"])

    def test_author_of_message_on_a_contact_still_reads_it(self):
        message = self.env["mail.message"].create(
            {
                "model": "res.partner",
                "res_id": self.external.id,
                "body": "Hello",
                "message_type": "comment",
                "author_id": self.internal.partner_id.id,
            }
        )
        read = self.as_user(self.internal, message).read(["body"])
        self.assertEqual(read[0]["id"], message.id)

    # ------------------------------------------------------------ activities

    def test_officer_cannot_assign_secret_activity_to_liaison(self):
        meeting = self.as_user(self.officer, self.secret_meeting)
        with self.assertRaisesRegex(ValidationError, r"^Assigned to: "):
            meeting.activity_schedule(
                "mail.mail_activity_data_todo",
                summary="Hidden follow-up",
                user_id=self.liaison.id,
            )

    def test_officer_cannot_reassign_secret_activity_to_liaison(self):
        activity = self.secret_meeting.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.officer.id
        )
        with self.assertRaisesRegex(ValidationError, r"^Assigned to: "):
            self.as_user(self.officer, activity).user_id = self.liaison

    def test_assignee_whose_vetting_lapsed_cannot_read_activity(self):
        activity = self.secret_meeting.activity_schedule(
            "mail.mail_activity_data_todo",
            summary="Hidden follow-up",
            user_id=self.officer_2.id,
        )
        self.downgrade(self.officer_2)
        with self.assertRaises(AccessError):
            self.as_user(self.officer_2, activity).read(["res_name", "summary"])

    def test_assignee_whose_vetting_lapsed_cannot_find_activity(self):
        activity = self.secret_meeting.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.officer_2.id
        )
        self.downgrade(self.officer_2)
        found = self.as_user(self.officer_2, self.env["mail.activity"]).search(
            [("id", "=", activity.id)]
        )
        self.assertFalse(found)

    def test_user_keeps_own_activity_on_a_contact(self):
        activity = self.open_org.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.internal.id
        )
        found = self.as_user(self.internal, self.env["mail.activity"]).search(
            [("id", "=", activity.id)]
        )
        self.assertEqual(found, activity)

    # ------------------------------------------------------------ followers

    def test_liaison_cannot_find_follower_row_of_secret_stakeholder(self):
        self.open_meeting.message_subscribe(partner_ids=self.secret_org.ids)
        found = self.as_user(self.liaison, self.env["mail.followers"]).search(
            [
                ("res_model", "=", "protect.engagement"),
                ("res_id", "=", self.open_meeting.id),
            ]
        )
        self.assertNotIn(self.secret_org, found.sudo().partner_id)

    def test_liaison_cannot_find_followers_of_secret_panel(self):
        self.secret_panel.message_subscribe(partner_ids=self.officer.partner_id.ids)
        found = self.as_user(self.liaison, self.env["mail.followers"]).search(
            [("res_model", "=", "protect.panel")]
        )
        self.assertNotIn(self.secret_panel.id, found.mapped("res_id"))

    def test_officer_finds_followers_of_secret_panel(self):
        self.secret_panel.message_subscribe(partner_ids=self.officer.partner_id.ids)
        found = self.as_user(self.officer, self.env["mail.followers"]).search(
            [("res_model", "=", "protect.panel"), ("res_id", "=", self.secret_panel.id)]
        )
        self.assertIn(self.officer.partner_id, found.partner_id)

    def test_every_marked_model_is_guarded(self):
        mixin = self.env.registry["protect.sensitivity.mixin"]
        marked = {
            name
            for name, model in self.env.registry.items()
            if not model._abstract and issubclass(model, mixin)
        }
        self.assertGreaterEqual(marked, {"protect.engagement", "protect.panel"})
        guarded = self.env["protect.mail.guard"]._protect_guarded_models()
        self.assertLessEqual(marked, set(guarded))

    # ------------------------------------------------------------ the form says so

    def test_engagement_form_warns_that_marked_records_are_not_emailed(self):
        for model in ("protect.engagement", "protect.panel"):
            arch = self.env[model].get_view(view_type="form")["arch"]
            with self.subTest(model=model):
                self.assertIn("e-mail does not leave the system", arch)

    # ------------------------------------------------------------ calendar

    def _meeting(self, partners):
        return self.env["calendar.event"].create(
            {
                "name": "Quarterly catch-up",
                "start": "2026-02-02 10:00:00",
                "stop": "2026-02-02 11:00:00",
                "partner_ids": [Command.set(partners.ids)],
            }
        )

    def test_liaison_cannot_find_attendee_of_secret_stakeholder(self):
        self._meeting(self.secret_person | self.open_org)
        rows = self.as_user(self.liaison, self.env["calendar.attendee"]).search_read(
            [], ["common_name", "email"]
        )
        names = {row["common_name"] for row in rows}
        self.assertNotIn("Ada Hidden", names)
        self.assertNotIn("ada@harbour.example", {row["email"] for row in rows})

    def test_internal_user_cannot_find_attendee_of_secret_stakeholder(self):
        meeting = self._meeting(self.secret_person)
        found = self.as_user(self.internal, self.env["calendar.attendee"]).search(
            [("event_id", "=", meeting.id)]
        )
        self.assertNotIn(self.secret_person, found.sudo().partner_id)

    def test_meeting_with_secret_attendee_is_refused_to_liaison(self):
        # The meeting takes its most sensitive attendee's marking.
        meeting = self._meeting(self.secret_person | self.open_org)
        with self.assertRaises(AccessError):
            self.as_user(self.liaison, meeting).partner_ids.mapped("display_name")

    def test_meeting_filter_on_hidden_engagement_reveals_nothing(self):
        meeting = self._meeting(self.open_org)
        self.secret_meeting.calendar_event_id = meeting
        events = self.as_user(self.liaison, self.env["calendar.event"])
        for domain in (
            [("protect_engagement_ids", "in", self.secret_meeting.ids)],
            [("protect_engagement_ids", "any", [("id", "=", self.secret_meeting.id)])],
        ):
            with self.subTest(domain=domain):
                self.assertNotIn(meeting, events.search(domain))

    def test_meeting_filter_on_any_engagement_omits_hidden_link(self):
        meeting = self._meeting(self.open_org)
        self.secret_meeting.calendar_event_id = meeting
        events = self.as_user(self.liaison, self.env["calendar.event"])
        found = events.search([("protect_engagement_ids", "!=", False)])
        self.assertNotIn(meeting, found)

    def test_logged_meeting_takes_highest_stakeholder_marking(self):
        meeting = self._meeting(self.secret_person | self.open_org)
        action = self.as_user(self.officer, meeting).action_protect_log_engagement()
        self.assertEqual(action["context"]["default_sensitivity"], "secret")

    def test_liaison_cannot_log_meeting_with_secret_attendee(self):
        meeting = self._meeting(self.secret_person | self.open_org)
        with self.assertRaises(AccessError):
            self.as_user(self.liaison, meeting).action_protect_log_engagement()

    # ------------------------------------------------------------ marked meetings

    def _invite(self, name, partners, **values):
        return self.env["calendar.event"].create(
            {
                "name": name,
                "start": "2026-02-03 10:00:00",
                "stop": "2026-02-03 11:00:00",
                "partner_ids": [Command.set(partners.ids)],
                **values,
            }
        )

    def test_meeting_inviting_secret_stakeholder_is_hidden_below_sc(self):
        meeting = self._invite("Harbour catch-up", self.secret_person)
        self.assertEqual(meeting.protect_sensitivity, "secret")
        for user in (self.liaison, self.officer_mv, self.internal):
            with self.subTest(user=user.login):
                found = self.as_user(user, self.env["calendar.event"]).search(
                    [("id", "=", meeting.id)]
                )
                self.assertFalse(found)
        found = self.as_user(self.officer, self.env["calendar.event"]).search(
            [("id", "=", meeting.id)]
        )
        self.assertEqual(found, meeting)

    def test_meeting_of_secret_engagement_is_hidden_below_sc(self):
        meeting = self._invite("Quiet call", self.external)
        self.secret_meeting.calendar_event_id = meeting
        self.assertEqual(meeting.protect_sensitivity, "secret")
        events = self.as_user(self.liaison, self.env["calendar.event"])
        self.assertFalse(events.search([("name", "=", "Quiet call")]))

    def test_plain_meeting_stays_visible_outside_protect(self):
        meeting = self._invite("Team lunch", self.external)
        self.assertFalse(meeting.protect_sensitivity)
        events = self.as_user(self.internal, self.env["calendar.event"])
        self.assertEqual(events.search([("id", "=", meeting.id)]), meeting)

    def test_email_about_secret_record_is_never_sent(self):
        mail = self.env["mail.mail"].create(
            {
                "model": "protect.engagement",
                "res_id": self.secret_meeting.id,
                "email_to": EXTERNAL_EMAIL,
                "subject": "Operation details",
                "body_html": "<p>Operation details</p>",
            }
        )
        self.assertEqual(mail.state, "cancel")

    def _invitations(self, meeting):
        """Queue the meeting's invitations (not sent at once) and return them."""
        template = self.env.ref("calendar.calendar_template_meeting_invitation")
        meeting.attendee_ids._notify_attendees(template, force_send=False)
        return self.env["mail.mail"].search(
            [("model", "=", "calendar.event"), ("res_id", "=", meeting.id)]
        )

    def test_invitation_to_secret_meeting_is_never_sent(self):
        meeting = self._invite("Harbour invite", self.secret_person)
        invitations = self._invitations(meeting)
        self.assertTrue(invitations)
        self.assertEqual(set(invitations.mapped("state")), {"cancel"})

    def test_invitation_to_plain_meeting_still_goes(self):
        invitations = self._invitations(self._invite("Lunch invite", self.external))
        self.assertTrue(invitations)
        self.assertEqual(set(invitations.mapped("state")), {"outgoing"})

    def test_email_about_official_record_still_goes(self):
        mail = self.env["mail.mail"].create(
            {
                "model": "protect.engagement",
                "res_id": self.open_meeting.id,
                "email_to": EXTERNAL_EMAIL,
                "body_html": "<p>Agenda</p>",
            }
        )
        self.assertEqual(mail.state, "outgoing")

    def test_notification_to_hidden_stakeholder_is_hidden(self):
        message = self.external.message_post(body="Hello")
        notification = self.env["mail.notification"].create(
            {
                "mail_message_id": message.id,
                "res_partner_id": self.secret_person.id,
                "notification_type": "email",
            }
        )
        notifications = self.as_user(self.liaison, self.env["mail.notification"])
        self.assertFalse(notifications.search([("id", "=", notification.id)]))

    def test_notification_of_message_on_secret_record_is_hidden(self):
        message = self.post(
            self.secret_meeting, partner_ids=self.officer_2.partner_id.ids
        )
        notifications = self.as_user(self.liaison, self.env["mail.notification"])
        self.assertFalse(notifications.search([("mail_message_id", "in", message.ids)]))
        self.assertTrue(
            self.as_user(self.officer, self.env["mail.notification"]).search(
                [("mail_message_id", "in", message.ids)]
            )
        )

    def test_engagement_names_no_hidden_meeting(self):
        meeting = self._invite("Harbour strategy", self.secret_person)
        engagement = self._engagement("Open follow-up", calendar_event_id=meeting.id)
        values = self.as_user(self.liaison, engagement).web_read(
            {"calendar_event_id": {"fields": {"display_name": {}}}}
        )[0]
        self.assertEqual(values["calendar_event_id"]["display_name"], "Restricted")
