from datetime import timedelta

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import ProtectCase


@tagged("post_install", "-at_install")
class TestBadEngagementInput(ProtectCase):
    """Bad engagement input is refused, naming the field, and nothing is written."""

    def _count(self):
        engagement_model = self.env["protect.engagement"].with_context(
            active_test=False
        )
        return engagement_model.search_count([])

    def assert_create_refused(self, label, **values):
        """Creating an engagement with ``values`` as the officer raises a
        ValidationError whose message starts with the field ``label``, and
        leaves no engagement behind."""
        before = self._count()
        with self.assert_refused(label):
            self.create_engagement(**values)
        self.assertEqual(self._count(), before, "the refused engagement was written")

    def test_engagement_ending_before_it_starts_is_refused(self):
        start = self.days_ago(2)
        self.assert_create_refused(
            "End", date_start=start, date_end=start - timedelta(hours=1)
        )

    def test_negative_audience_is_refused(self):
        self.assert_create_refused("Audience reached", audience_count=-5)

    def test_done_engagement_in_the_future_is_refused(self):
        self.assert_create_refused("Status", state="done", date_start=self.days_ago(-3))

    def test_panel_meeting_without_panel_is_refused(self):
        self.assert_create_refused(
            "Panel", engagement_type_id=self.type_panel_meeting.id, panel_id=False
        )

    def test_moving_end_before_start_is_refused_and_kept(self):
        engagement = self.create_engagement()
        end = engagement.date_end
        with self.assert_refused("End"):
            engagement.date_end = engagement.date_start - timedelta(days=1)
        engagement.invalidate_recordset()
        self.assertEqual(engagement.date_end, end)

    def test_marking_future_engagement_done_is_refused(self):
        engagement = self.create_engagement(date_start=self.days_ago(-3))
        with self.assert_refused("Status"):
            engagement.action_mark_done()
        engagement.invalidate_recordset()
        self.assertEqual(engagement.state, "planned")

    def test_changing_meeting_type_to_panel_meeting_without_panel_is_refused(self):
        engagement = self.create_engagement()
        with self.assert_refused("Panel"):
            engagement.engagement_type_id = self.type_panel_meeting
        engagement.invalidate_recordset()
        self.assertEqual(engagement.engagement_type_id, self.type_partner_meeting)


@tagged("post_install", "-at_install")
class TestBadStakeholderInput(ProtectCase):
    """Power and interest are rated 1 to 5."""

    def _stakeholder_count(self):
        partner_model = self.env["res.partner"].with_context(active_test=False)
        return partner_model.search_count([("protect_stakeholder", "=", True)])

    def assert_stakeholder_create_refused(self, label, **values):
        before = self._stakeholder_count()
        with self.assert_refused(label):
            self.env["res.partner"].with_user(self.officer).create(
                {"name": "Bad rating (test)", "protect_stakeholder": True, **values}
            )
        self.assertEqual(self._stakeholder_count(), before)

    def assert_rating_refused(self, field_name, label, value):
        organisation = self.organisation.with_user(self.officer)
        with self.assert_refused(label):
            organisation[field_name] = value
        organisation.invalidate_recordset()
        self.assertEqual(organisation[field_name], 3)

    def test_new_stakeholder_power_above_five_is_refused(self):
        self.assert_stakeholder_create_refused("Power", protect_power=6)

    def test_new_stakeholder_interest_below_one_is_refused(self):
        self.assert_stakeholder_create_refused("Interest", protect_interest=0)

    def test_stakeholder_power_below_one_is_refused(self):
        self.assert_rating_refused("protect_power", "Power", 0)

    def test_stakeholder_interest_above_five_is_refused(self):
        self.assert_rating_refused("protect_interest", "Interest", 6)


@tagged("post_install", "-at_install")
class TestBadMembershipInput(ProtectCase):
    """Memberships have a sound period and never overlap for one person."""

    def _count(self):
        return self.env["protect.panel.membership"].search_count([])

    def assert_membership_refused(self, label, **values):
        before = self._count()
        membership_model = self.env["protect.panel.membership"].with_user(self.officer)
        with self.assert_refused(label):
            membership_model.create(
                {"panel_id": self.panel.id, "role": "core", **values}
            )
        self.assertEqual(self._count(), before, "the refused membership was written")

    def test_membership_ending_before_it_starts_is_refused(self):
        start = self.days_ago(0).date()
        self.assert_membership_refused(
            "End",
            partner_id=self.other_organisation.id,
            date_start=start,
            date_end=start - timedelta(days=1),
        )

    def test_second_current_membership_of_same_panel_is_refused(self):
        self.assert_membership_refused(
            "Member",
            partner_id=self.person.id,
            date_start=self.days_ago(10).date(),
        )

    def test_membership_overlapping_an_ended_one_is_refused(self):
        self.assert_membership_refused(
            "Member",
            partner_id=self.other_person.id,
            date_start=self.membership_ended.date_end - timedelta(days=10),
        )

    def test_membership_surrounding_a_future_one_is_refused(self):
        self.assert_membership_refused(
            "Member",
            partner_id=self.future_member.id,
            date_start=self.days_ago(100).date(),
            date_end=self.days_ago(-100).date(),
        )

    def test_extending_an_ended_membership_over_a_later_one_is_refused(self):
        later = self.env["protect.panel.membership"].create(
            {
                "panel_id": self.panel.id,
                "partner_id": self.other_person.id,
                "role": "chair",
                "date_start": self.membership_ended.date_end + timedelta(days=1),
            }
        )
        ended = self.membership_ended.with_user(self.officer)
        with self.assert_refused("Member"):
            ended.date_end = later.date_start + timedelta(days=5)
        ended.invalidate_recordset()
        self.assertLess(ended.date_end, later.date_start)

    def test_same_person_on_another_panel_is_allowed(self):
        other_panel = self.env["protect.panel"].create({"name": "Romance Fraud Panel"})
        membership = (
            self.env["protect.panel.membership"]
            .with_user(self.officer)
            .create({"panel_id": other_panel.id, "partner_id": self.person.id})
        )
        self.assertTrue(membership.is_current)


@tagged("post_install", "-at_install")
class TestDeleteRecordsInUse(ProtectCase):
    """What engagements refer to is archived, not deleted."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.engagement = cls.env["protect.engagement"].create(
            {
                "name": "Branch staff briefing",
                "engagement_type_id": cls.type_partner_meeting.id,
                "date_start": cls.days_ago(5),
                "partner_ids": [Command.set(cls.person.ids)],
                "force_area_id": cls.area_derbyshire.id,
            }
        )
        cls.meeting = cls.env["protect.engagement"].create(
            {
                "name": "Fraud forum",
                "engagement_type_id": cls.type_panel_meeting.id,
                "panel_id": cls.panel.id,
                "date_start": cls.days_ago(7),
            }
        )

    def assert_delete_refused(self, records, message):
        with self.assertRaises(ValidationError) as caught:
            records.unlink()
            self.env.flush_all()
        self.assertRegex(str(caught.exception), message)
        self.assertEqual(
            records.sudo().with_context(active_test=False).exists(), records
        )

    def test_deleting_engaged_stakeholder_is_refused_with_archive_advice(self):
        person = self.person.with_user(self.manager)
        self.assert_delete_refused(person, r"Archive it instead")

    def test_deleting_stakeholder_sitting_on_a_panel_is_refused(self):
        colleague = self.other_person.with_user(self.manager)
        self.assert_delete_refused(colleague, r"sits on a panel")

    def test_engaged_stakeholder_can_be_archived(self):
        self.person.with_user(self.manager).action_archive()
        partner_model = self.env["res.partner"].with_user(self.manager)
        self.assertFalse(partner_model.search([("id", "=", self.person.id)]))

    def test_archived_stakeholder_keeps_its_engagement(self):
        self.person.with_user(self.manager).action_archive()
        engagement = self.engagement.with_context(active_test=False)
        self.assertEqual(engagement.partner_ids, self.person)

    def test_deleting_panel_with_meetings_is_refused_with_archive_advice(self):
        panel = self.panel.with_user(self.manager)
        self.assert_delete_refused(panel, r"^Panel: .*Archive it instead")

    def test_panel_with_meetings_can_be_archived(self):
        self.panel.with_user(self.manager).action_archive()
        self.assertFalse(self.panel.active)

    def test_deleting_panel_without_meetings_is_allowed(self):
        panel = self.env["protect.panel"].create({"name": "Unused panel (test)"})
        panel.with_user(self.manager).unlink()
        self.assertFalse(panel.exists())

    def test_deleting_engagement_type_in_use_is_refused_with_archive_advice(self):
        engagement_type = self.type_partner_meeting.with_user(self.admin)
        self.assert_delete_refused(
            engagement_type, r"^Engagement type: .*Archive it instead"
        )

    def test_engagement_type_in_use_is_refused_even_if_only_archived_engagements(self):
        engagement_type = self.env["protect.engagement.type"].create(
            {"name": "Radio phone-in", "code": "TEST_RADIO"}
        )
        self.create_engagement(engagement_type_id=engagement_type.id).action_archive()
        self.assert_delete_refused(
            engagement_type.with_user(self.admin), r"Archive it instead"
        )

    def test_engagement_type_in_use_can_be_archived(self):
        self.type_partner_meeting.with_user(self.admin).action_archive()
        self.assertFalse(self.type_partner_meeting.active)

    def test_deleting_sector_in_use_is_refused(self):
        sector = self.sector_finance.with_user(self.admin)
        self.assert_delete_refused(sector, r"^Sector: .*Archive it instead")

    def test_deleting_unused_sector_is_allowed(self):
        sector = self.env["protect.sector"].create({"name": "Unused sector (test)"})
        sector.with_user(self.admin).unlink()
        self.assertFalse(sector.exists())

    def test_deleting_force_area_used_by_stakeholders_is_refused(self):
        area = self.area_leicestershire.with_user(self.admin)
        self.assert_delete_refused(area, r"^Force area: .*Archive it instead")

    def test_deleting_force_area_used_by_engagements_only_is_refused(self):
        area = self.env["protect.force.area"].create(
            {"name": "Test area", "code": "TST"}
        )
        self.create_engagement(force_area_id=area.id)
        self.assert_delete_refused(
            area.with_user(self.admin), r"^Force area: .*Archive it instead"
        )


@tagged("post_install", "-at_install")
class TestDeleteRecordsInUseAboveVetting(ProtectCase):
    """An administrator whose vetting does not clear a record that uses a
    sector, force area or engagement type still may not delete it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sector = cls.env["protect.sector"].create({"name": "Covert sector (test)"})
        cls.area = cls.env["protect.force.area"].create(
            {"name": "Covert area (test)", "code": "TEST_COVERT"}
        )
        cls.engagement_type = cls.env["protect.engagement.type"].create(
            {"name": "Covert briefing (test)", "code": "TEST_COVERT"}
        )
        cls.secret_stakeholder = cls.env["res.partner"].create(
            {
                "name": "Hidden Harbour Bank (test)",
                "is_company": True,
                "protect_stakeholder": True,
                "protect_sensitivity": "secret",
                "protect_sector_id": cls.sector.id,
            }
        )
        cls.secret_engagement = cls.env["protect.engagement"].create(
            {
                "name": "Covert briefing",
                "sensitivity": "secret",
                "engagement_type_id": cls.engagement_type.id,
                "force_area_id": cls.area.id,
                "date_start": cls.days_ago(3),
            }
        )

    def assert_delete_refused(self, records, label):
        with self.assert_refused(label):
            records.with_user(self.admin_nppv1).unlink()
        self.assertEqual(records.exists(), records)

    def test_deleting_sector_of_secret_stakeholder_is_refused(self):
        self.assert_delete_refused(self.sector, "Sector")

    def test_deleting_force_area_of_secret_engagement_is_refused(self):
        self.assert_delete_refused(self.area, "Force area")

    def test_deleting_engagement_type_of_secret_engagement_is_refused(self):
        self.assert_delete_refused(self.engagement_type, "Engagement type")
