from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ProtectCommon


@tagged("post_install", "-at_install")
class TestRetentionReview(ProtectCommon):
    """The daily review lists people past their retention period for their
    relationship owner, once, and deletes or archives nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.today()
        partners = cls.env["res.partner"]

        # Contacts of ended partnerships: one long ago, one recently
        cls.ended_org = cls._stakeholder(
            "Old Mill Savings (test)", protect_owner_id=cls.officer.id
        )
        cls.ended_org.protect_status = "ended"
        cls.ended_org.protect_status_date = cls.months_ago(25).date()
        cls.ended_person = cls._contact("Edith Ended (test)", cls.ended_org)
        cls._engagement(
            "Last catch-up", partners=cls.ended_person, date_start=cls.months_ago(26)
        )
        cls.recent_org = cls._stakeholder(
            "New Mill Savings (test)", protect_owner_id=cls.officer.id
        )
        cls.recent_org.protect_status = "ended"
        cls.recent_org.protect_status_date = cls.months_ago(10).date()
        cls.recent_person = cls._contact("Rita Recent (test)", cls.recent_org)

        # People reached only as audience
        cls.audience = partners.create(
            {"name": "Alan Audience (test)", "protect_owner_id": cls.officer_2.id}
        )
        cls.recent_audience = partners.create(
            {"name": "Ria Listener (test)", "protect_owner_id": cls.officer_2.id}
        )
        cls._engagement(
            "Scam awareness talk",
            partners=cls.audience,
            date_start=cls.months_ago(13),
        )
        cls._engagement(
            "Scam awareness talk again",
            partners=cls.recent_audience,
            date_start=cls.months_ago(2),
        )

        # Event attendees
        cls.attendee = partners.create(
            {"name": "Ed Attendee (test)", "protect_owner_id": cls.officer_2.id}
        )
        cls.recent_attendee = partners.create(
            {"name": "Eve Attendee (test)", "protect_owner_id": cls.officer_2.id}
        )
        cls.register(cls.event("Old open day", cls.months_ago(14)), cls.attendee)
        cls.register(cls.event("New open day", cls.months_ago(1)), cls.recent_attendee)

    @classmethod
    def months_ago(cls, months):
        day = fields.Date.today() - relativedelta(months=months)
        return datetime.combine(day, time(10, 0))

    @classmethod
    def event(cls, name, begin):
        return cls.env["event.event"].create(
            {
                "name": name,
                "date_begin": begin,
                "date_end": begin + timedelta(hours=2),
                "date_tz": "UTC",
                "event_mail_ids": [],
            }
        )

    @classmethod
    def register(cls, event, partner):
        return cls.env["event.registration"].create(
            {"event_id": event.id, "partner_id": partner.id}
        )

    def run_review(self):
        self.env["res.partner"]._cron_protect_retention_review()

    def reviews(self, partner):
        return (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "=", partner.id),
                    ("summary", "=like", "Retention review:%"),
                ]
            )
        )

    # ------------------------------------------------------------ who is due

    def test_contact_of_ended_partnership_past_period_is_reviewed_by_owner(self):
        self.run_review()
        self.assertEqual(self.reviews(self.ended_person).user_id, self.officer)

    def test_contact_of_recently_ended_partnership_is_not_reviewed(self):
        self.run_review()
        self.assertFalse(self.reviews(self.recent_person))

    def test_recent_engagement_of_organisation_keeps_its_contacts(self):
        self._engagement(
            "Wind-down call", partners=self.ended_org, date_start=self.months_ago(3)
        )
        self.run_review()
        self.assertFalse(self.reviews(self.ended_person))

    def test_audience_past_period_is_reviewed_by_owner(self):
        self.run_review()
        self.assertEqual(self.reviews(self.audience).user_id, self.officer_2)

    def test_recent_audience_is_not_reviewed(self):
        self.run_review()
        self.assertFalse(self.reviews(self.recent_audience))

    def test_audience_who_also_sat_on_a_panel_is_not_audience_only(self):
        panel = self._panel("Old forum (test)")
        self._membership(
            panel,
            self.audience,
            self.months_ago(40).date(),
            date_end=self.months_ago(30).date(),
        )
        self.run_review()
        self.assertFalse(self.reviews(self.audience))

    def test_event_attendee_past_period_is_reviewed_by_owner(self):
        self.run_review()
        self.assertEqual(self.reviews(self.attendee).user_id, self.officer_2)

    def test_recent_event_attendee_is_not_reviewed(self):
        self.run_review()
        self.assertFalse(self.reviews(self.recent_attendee))

    def test_review_summary_names_the_period(self):
        self.run_review()
        self.assertEqual(
            self.reviews(self.ended_person).summary,
            "Retention review: past the 24-month period for contacts of ended "
            "partnerships",
        )

    def test_longer_period_in_settings_keeps_audience(self):
        self.env["ir.config_parameter"].set_param(
            "protect_engagement.retention_audience_months", 24
        )
        self.run_review()
        self.assertFalse(self.reviews(self.audience))

    # ------------------------------------------------------------ how

    def test_review_runs_daily(self):
        cron = self.env.ref("protect_engagement.ir_cron_protect_retention_review")
        self.assertEqual(
            (cron.active, cron.interval_number, cron.interval_type, cron.code),
            (True, 1, "days", "model._cron_protect_retention_review()"),
        )

    def test_second_review_schedules_no_duplicate(self):
        self.run_review()
        self.run_review()
        self.assertEqual(len(self.reviews(self.ended_person)), 1)

    def test_review_deletes_and_archives_nobody(self):
        partners = self.env["res.partner"].with_context(active_test=False)
        before = partners.search_count([("active", "=", True)])
        self.run_review()
        self.assertEqual(partners.search_count([("active", "=", True)]), before)

    def test_person_hidden_from_owner_is_reviewed_by_cleared_admin(self):
        secret_org = self._stakeholder(
            "Hidden Harbour Bank (test)",
            sensitivity="secret",
            protect_owner_id=self.officer_mv.id,
        )
        secret_org.protect_status = "ended"
        secret_org.protect_status_date = self.months_ago(30).date()
        person = self._contact("Ada Hidden (test)", secret_org)
        self.run_review()
        reviewer = self.reviews(person).user_id
        self.assertTrue(
            reviewer.has_group("protect_engagement.group_admin")
            and "secret" in reviewer._protect_cleared_sensitivities()
        )

    def test_officer_sees_person_past_period_in_filter(self):
        found = (
            self.env["res.partner"]
            .with_user(self.officer)
            .search([("protect_retention_due", "=", True)])
        )
        self.assertIn(self.ended_person, found)

    def test_filter_judges_only_engagements_the_user_can_see(self):
        # A SECRET engagement last month keeps the audience contact for those
        # who see it; a liaison (OFFICIAL only) is not told it exists.
        self._engagement(
            "Hidden briefing",
            sensitivity="secret",
            partners=self.audience,
            date_start=self.months_ago(1),
        )
        due = [("protect_retention_due", "=", True), ("id", "=", self.audience.id)]
        partners = self.env["res.partner"]
        self.assertEqual(
            (
                bool(partners.with_user(self.officer).search(due)),
                bool(partners.with_user(self.liaison).search(due)),
            ),
            (False, True),
        )

    def test_stakeholder_search_offers_retention_filter(self):
        view = self.env.ref("protect_engagement.res_partner_view_search_protect")
        arch = self.env["res.partner"].get_view(view.id, "search")["arch"]
        self.assertIn('name="retention_due"', arch)

    # ------------------------------------------------------------ status date

    def test_changing_status_dates_it(self):
        self.recent_org.protect_status_date = "2020-01-01"
        self.recent_org.protect_status = "active"
        self.assertEqual(self.recent_org.protect_status_date, self.today)

    def test_writing_same_status_keeps_its_date(self):
        self.recent_org.protect_status_date = "2020-01-01"
        self.recent_org.protect_status = "ended"
        self.assertEqual(str(self.recent_org.protect_status_date), "2020-01-01")


@tagged("post_install", "-at_install")
class TestRetentionSettings(ProtectCommon):
    """Retention periods are whole positive months, set by administrators."""

    def test_zero_period_is_refused_naming_the_field(self):
        settings = self.env["res.config.settings"]
        with self.assert_refused("Retention for people reached only as audience"):
            settings.create({"protect_retention_audience_months": 0})

    def test_negative_period_is_refused_naming_the_field(self):
        settings = self.env["res.config.settings"]
        with self.assert_refused("Retention for contacts of ended partnerships"):
            settings.create({"protect_retention_ended_months": -3})

    def test_administrator_saves_period(self):
        settings = self.env["res.config.settings"].create(
            {"protect_retention_attendee_months": 18}
        )
        settings.execute()
        param = self.env["ir.config_parameter"].get_param(
            "protect_engagement.retention_attendee_months"
        )
        self.assertEqual(param, "18")

    def test_protect_admin_cannot_change_retention_settings(self):
        settings = self.env["res.config.settings"].with_user(self.admin)
        with self.assertRaises(AccessError):
            settings.create({"protect_retention_attendee_months": 18}).execute()
