from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged

from .common import ProtectCase


@tagged("post_install", "-at_install")
class TestMembershipTracking(ProtectCase):
    """Who sat on a panel, and when, shows in the chatter: the membership's own
    (tracked) and, for members no more sensitive than the panel, the panel's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.today()
        cls.secret_org = cls._stakeholder("Hidden Harbour Bank", sensitivity="secret")
        cls.secret_person = cls._contact("Ada Hidden", cls.secret_org)

    def setUp(self):
        super().setUp()
        # Records are tracked from the transaction after their creation: end
        # the one that created the shared records.
        self.flush_tracking()

    def flush_tracking(self):
        """Tracking and queued notes are written at the end of the transaction."""
        self.env.flush_all()
        self.env.cr.flush()

    def tracked(self, record, field_name):
        """The tracking values of ``field_name`` on ``record``'s chatter."""
        return record.sudo().message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == field_name
        )

    def bodies(self, record):
        return " ".join(record.sudo().message_ids.mapped("body"))

    def day(self, value):
        return value.strftime("%d/%m/%Y")

    # ------------------------------------------------------------ membership

    def test_ending_membership_tracks_old_and_new_end_date(self):
        self.membership_person.with_user(self.officer).date_end = self.today
        self.flush_tracking()
        tracked = self.tracked(self.membership_person, "date_end")
        self.assertEqual(
            (tracked.old_value_datetime, tracked.new_value_datetime.date()),
            (False, self.today),
        )

    def test_role_change_is_tracked_on_membership(self):
        self.membership_person.with_user(self.officer).role = "chair"
        self.flush_tracking()
        tracked = self.tracked(self.membership_person, "role")
        self.assertEqual(
            (tracked.old_value_char, tracked.new_value_char), ("Core member", "Chair")
        )

    def test_member_change_is_tracked_on_membership(self):
        self.membership_future.with_user(self.officer).partner_id = self.other_person
        self.flush_tracking()
        tracked = self.tracked(self.membership_future, "partner_id")
        self.assertIn("Tom Ellis (test)", tracked.new_value_char)

    # ------------------------------------------------------------ panel notes

    def test_ending_membership_notes_departure_on_panel(self):
        self.membership_person.with_user(self.officer).date_end = self.today
        self.assertIn(
            f"Priya Shah (test) left on {self.day(self.today)}", self.bodies(self.panel)
        )

    def test_new_membership_notes_arrival_on_panel(self):
        start = self.today - timedelta(days=3)
        self.env["protect.panel.membership"].with_user(self.officer).create(
            {
                "panel_id": self.panel.id,
                "partner_id": self.other_organisation.id,
                "date_start": start,
            }
        )
        self.assertIn(
            f"joined as Core member from {self.day(start)}", self.bodies(self.panel)
        )

    def test_role_change_notes_on_panel(self):
        self.membership_person.with_user(self.officer).role = "chair"
        self.assertIn("role changed from Core member to Chair", self.bodies(self.panel))

    def test_secret_member_is_not_named_on_official_panel(self):
        membership = self._membership(self.panel, self.secret_person, self.today)
        membership.with_user(self.officer).write(
            {"role": "observer", "date_end": self.today}
        )
        self.assertNotIn("Ada Hidden", self.bodies(self.panel))

    def test_secret_member_change_stays_on_membership(self):
        membership = self._membership(self.panel, self.secret_person, self.today)
        self.flush_tracking()
        membership.with_user(self.officer).date_end = self.today
        self.flush_tracking()
        self.assertTrue(self.tracked(membership, "date_end"))

    def test_mv_officer_cannot_find_messages_of_secret_membership(self):
        membership = self._membership(self.panel, self.secret_person, self.today)
        membership.with_user(self.officer).date_end = self.today
        self.flush_tracking()
        domain = [
            ("model", "=", "protect.panel.membership"),
            ("res_id", "=", membership.id),
        ]
        self.assertTrue(self.env["mail.message"].sudo().search(domain))
        found = self.env["mail.message"].with_user(self.officer_mv).search(domain)
        self.assertFalse(found)

    def test_officer_cannot_swap_member_to_lower_the_marking(self):
        membership = self._membership(self.panel, self.secret_person, self.today)
        with self.assert_refused("Member"):
            membership.with_user(self.officer).partner_id = self.other_organisation

    def test_manager_can_swap_member_to_lower_the_marking(self):
        membership = self._membership(self.panel, self.secret_person, self.today)
        membership.with_user(self.manager).partner_id = self.other_organisation
        self.assertEqual(membership.sensitivity, "official")

    def test_membership_is_marked_as_its_most_sensitive_side(self):
        membership = self._membership(self.panel, self.secret_person, self.today)
        self.assertEqual(membership.sensitivity, "secret")

    def test_mv_officer_cannot_be_given_activity_on_secret_membership(self):
        membership = self._membership(self.panel, self.secret_person, self.today)
        with self.assert_refused("Assigned to"):
            membership.activity_schedule(
                "mail.mail_activity_data_todo", user_id=self.officer_mv.id
            )

    # ------------------------------------------------------------ attendance

    def _meeting_notes(self, meeting):
        return meeting.sudo().message_ids.filtered(
            lambda m: "Attendance changed" in (m.body or "")
        )

    def test_attendance_changed_by_the_system_leaves_no_note(self):
        meeting = self.create_panel_meeting()
        meeting.attendance_ids.sudo().write({"status": "absent"})
        self.flush_tracking()
        self.assertFalse(self._meeting_notes(meeting))

    def test_officer_changing_attendance_leaves_one_note_on_meeting(self):
        meeting = self.create_panel_meeting()
        meeting.with_user(self.officer).write(
            {
                "attendance_ids": [
                    Command.update(line.id, {"status": "apologies"})
                    for line in meeting.attendance_ids
                ]
            }
        )
        self.flush_tracking()
        self.assertEqual(len(self._meeting_notes(meeting)), 1)

    def test_attendance_note_names_member_and_change(self):
        meeting = self.create_panel_meeting()
        line = meeting.attendance_ids.filtered(
            lambda a: a.membership_id == self.membership_person
        )
        line.with_user(self.officer).status = "absent"
        self.flush_tracking()
        self.assertIn(
            "Priya Shah (test): Present → Absent", self._meeting_notes(meeting).body
        )

    def test_secret_member_attendance_is_not_named_on_official_meeting(self):
        self._membership(self.panel, self.secret_person, self.today - timedelta(30))
        meeting = self.create_panel_meeting()
        line = meeting.attendance_ids.filtered(
            lambda a: a.partner_id == self.secret_person
        )
        line.with_user(self.officer).status = "apologies"
        self.flush_tracking()
        self.assertNotIn("Ada Hidden", self.bodies(meeting))
