from datetime import timedelta

from odoo import fields
from odoo.tests import Form, tagged

from .common import ProtectCase


@tagged("post_install", "-at_install")
class TestPanelAttendance(ProtectCase):
    """A panel meeting records attendance per member sitting at its date."""

    def _line(self, meeting, membership):
        return meeting.attendance_ids.filtered(lambda a: a.membership_id == membership)

    def _attendance(self, membership):
        membership = membership.with_user(self.officer)
        membership.invalidate_recordset(
            ["meetings_held", "meetings_attended", "attendance_rate"]
        )
        return (
            membership.meetings_held,
            membership.meetings_attended,
            membership.attendance_rate,
        )

    def test_panel_meeting_records_attendance_for_sitting_members(self):
        meeting = self.create_panel_meeting()
        self.assertEqual(
            meeting.attendance_ids.membership_id,
            self.membership_person | self.membership_officer,
        )

    def test_panel_meeting_skips_ended_membership(self):
        meeting = self.create_panel_meeting()
        self.assertNotIn(self.membership_ended, meeting.attendance_ids.membership_id)

    def test_panel_meeting_skips_membership_not_yet_started(self):
        meeting = self.create_panel_meeting()
        self.assertNotIn(self.membership_future, meeting.attendance_ids.membership_id)

    def test_planned_meeting_after_membership_starts_records_that_member(self):
        meeting = self.create_panel_meeting(date_start=self.days_ago(-40))
        self.assertIn(self.membership_future, meeting.attendance_ids.membership_id)

    def test_panel_meeting_before_membership_ended_records_that_member(self):
        meeting = self.create_panel_meeting(date_start=self.days_ago(90))
        self.assertIn(self.membership_ended, meeting.attendance_ids.membership_id)

    def test_moving_meeting_into_membership_period_adds_the_member(self):
        meeting = self.create_panel_meeting(date_start=self.days_ago(7))
        meeting.write({"date_start": self.days_ago(90), "date_end": False})
        self.assertIn(self.membership_ended, meeting.attendance_ids.membership_id)

    def test_moving_meeting_to_another_panel_drops_previous_panel_members(self):
        other_panel = self.env["protect.panel"].create({"name": "Romance Fraud Panel"})
        meeting = self.create_panel_meeting()
        meeting.panel_id = other_panel
        self.assertFalse(meeting.attendance_ids)

    def test_partner_meeting_records_no_attendance(self):
        engagement = self.create_engagement(panel_id=self.panel.id)
        self.assertFalse(engagement.attendance_ids)

    def test_members_are_present_by_default(self):
        meeting = self.create_panel_meeting()
        self.assertEqual(set(meeting.attendance_ids.mapped("status")), {"present"})

    def test_present_at_done_meeting_counts_as_attended(self):
        self.create_panel_meeting()
        self.assertEqual(self._attendance(self.membership_person), (1, 1, 100.0))

    def test_absent_member_lowers_attendance_rate(self):
        self.create_panel_meeting(date_start=self.days_ago(14))
        meeting = self.create_panel_meeting(date_start=self.days_ago(7))
        self._line(meeting, self.membership_person).status = "absent"
        self.assertEqual(self._attendance(self.membership_person), (2, 1, 50.0))

    def test_apologies_count_as_held_not_attended(self):
        meeting = self.create_panel_meeting()
        self._line(meeting, self.membership_person).status = "apologies"
        self.assertEqual(self._attendance(self.membership_person), (1, 0, 0.0))

    def test_planned_meeting_is_not_held(self):
        self.create_panel_meeting(date_start=self.days_ago(-7))
        self.assertEqual(self._attendance(self.membership_person), (0, 0, 0.0))

    def test_meeting_marked_done_is_held(self):
        meeting = self.create_panel_meeting(state="planned")
        meeting.action_mark_done()
        self.assertEqual(self._attendance(self.membership_person), (1, 1, 100.0))

    def test_cancelled_meeting_is_not_held(self):
        meeting = self.create_panel_meeting()
        meeting.action_cancel()
        self.assertEqual(self._attendance(self.membership_person), (0, 0, 0.0))

    def test_attendance_of_other_members_is_their_own(self):
        meeting = self.create_panel_meeting()
        self._line(meeting, self.membership_person).status = "absent"
        self.assertEqual(self._attendance(self.membership_officer), (1, 1, 100.0))


@tagged("post_install", "-at_install")
class TestPanelMeetingStakeholders(ProtectCase):
    """Stakeholders present at a panel meeting count as engaged with."""

    def test_present_stakeholder_is_added_to_meeting_stakeholders(self):
        meeting = self.create_panel_meeting()
        self.assertIn(self.person, meeting.partner_ids)

    def test_officer_member_is_not_added_as_stakeholder(self):
        meeting = self.create_panel_meeting()
        self.assertNotIn(self.officer.partner_id, meeting.partner_ids)

    def test_panel_meeting_counts_for_present_stakeholder(self):
        self.create_panel_meeting()
        self.assertEqual(self.engagement_figures(self.person)[0], 1)

    def test_absent_stakeholder_is_not_counted_as_engaged(self):
        meeting = self.create_panel_meeting()
        line = meeting.attendance_ids.filtered(
            lambda a: a.membership_id == self.membership_person
        )
        line.status = "absent"
        self.assertEqual(self.engagement_figures(self.person)[0], 0)


@tagged("post_install", "-at_install")
class TestPanel(ProtectCase):
    """Panels, their members and meetings."""

    def test_current_memberships_are_found_by_is_current(self):
        membership_model = self.env["protect.panel.membership"].with_user(self.officer)
        found = membership_model.search(
            [("panel_id", "=", self.panel.id), ("is_current", "=", True)]
        )
        self.assertEqual(found, self.membership_person | self.membership_officer)

    def test_past_and_future_memberships_are_found_by_not_current(self):
        membership_model = self.env["protect.panel.membership"].with_user(self.officer)
        found = membership_model.search(
            [("panel_id", "=", self.panel.id), ("is_current", "=", False)]
        )
        self.assertEqual(found, self.membership_ended | self.membership_future)

    def test_is_current_matches_membership_period(self):
        memberships = self.panel.membership_ids.with_user(self.officer)
        self.assertEqual(
            memberships.filtered("is_current"),
            self.membership_person | self.membership_officer,
        )

    def test_panel_counts_current_members(self):
        self.assertEqual(self.panel.with_user(self.officer).current_member_count, 2)

    def test_member_kind_tells_officers_from_stakeholders(self):
        memberships = (self.membership_officer | self.membership_person).with_user(
            self.officer
        )
        self.assertEqual(memberships.mapped("member_kind"), ["officer", "stakeholder"])

    def test_panel_counts_done_meetings_only(self):
        self.create_panel_meeting(date_start=self.days_ago(7))
        self.create_panel_meeting(date_start=self.days_ago(-7))
        self.panel.invalidate_recordset(["meeting_count"])
        self.assertEqual(self.panel.with_user(self.officer).meeting_count, 1)

    def test_panel_last_meeting_date_is_latest_done_meeting(self):
        self.create_panel_meeting(date_start=self.days_ago(30))
        self.create_panel_meeting(date_start=self.days_ago(7))
        self.create_panel_meeting(date_start=self.days_ago(-7))
        self.panel.invalidate_recordset(["last_meeting_date"])
        self.assertEqual(
            self.panel.with_user(self.officer).last_meeting_date, self.days_ago(7)
        )

    def test_officer_adds_a_member_to_a_panel(self):
        membership = (
            self.env["protect.panel.membership"]
            .with_user(self.officer)
            .create(
                {
                    "panel_id": self.panel.id,
                    "partner_id": self.other_organisation.id,
                    "role": "observer",
                }
            )
        )
        self.assertEqual(
            (membership.date_start, membership.is_current),
            (fields.Date.context_today(membership), True),
        )

    def test_consecutive_memberships_of_one_person_are_allowed(self):
        membership_model = self.env["protect.panel.membership"].with_user(self.officer)
        membership = membership_model.create(
            {
                "panel_id": self.panel.id,
                "partner_id": self.other_person.id,
                "role": "core",
                "date_start": self.membership_ended.date_end + timedelta(days=1),
            }
        )
        self.assertTrue(membership.is_current)

    def test_form_panel_meeting_takes_the_panel_area(self):
        engagement_model = self.env["protect.engagement"].with_user(self.officer)
        meeting_form = Form(engagement_model)
        meeting_form.engagement_type_id = self.type_panel_meeting
        meeting_form.panel_id = self.panel
        self.assertEqual(meeting_form.force_area_id, self.area_regional)

    def test_panel_meetings_button_opens_panel_meetings(self):
        meeting = self.create_panel_meeting()
        action = self.panel.with_user(self.officer).action_view_meetings()
        engagement_model = self.env["protect.engagement"].with_user(self.officer)
        self.assertEqual(engagement_model.search(action["domain"]), meeting)
