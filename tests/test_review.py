"""Effectiveness reviews: an officer writes one (EMMIE), a manager approves or
returns it, an approved review is locked; its outputs are counted for the
reader."""

from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import ProtectCommon


@tagged("post_install", "-at_install")
class TestReview(ProtectCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        aim = cls.env.ref("protect_engagement.protect_aim_empower")
        cls.plan = cls.env["protect.delivery.plan"].create(
            {
                "name": "Review plan 2012/13",
                "date_from": "2012-04-01",
                "date_to": "2013-03-31",
                "objective_ids": [
                    Command.create(
                        {
                            "name": "Reach the finance sector",
                            "aim_id": aim.id,
                            "measure_ids": [
                                Command.create(
                                    {
                                        "name": "Partner meetings",
                                        "target": 12,
                                        "engagement_type_ids": [
                                            Command.set(cls.type_partner_meeting.ids)
                                        ],
                                    }
                                )
                            ],
                        }
                    )
                ],
            }
        )
        bank = cls._stakeholder("Review Bank")
        for day in ("2012-04-10", "2012-05-10", "2012-06-10", "2012-08-10"):
            cls._engagement(
                f"Meeting {day}", partners=bank, date_start=f"{day} 10:00:00"
            )
        cls._engagement(
            "Secret meeting", "secret", partners=bank, date_start="2012-05-20 10:00:00"
        )

    def review(self, user=None, **values):
        return (
            self.env["protect.review"]
            .with_user(user or self.officer)
            .create(
                {
                    "name": "First quarter review",
                    "subject": "plan",
                    "plan_id": self.plan.id,
                    "date_from": date(2012, 4, 1),
                    "date_to": date(2012, 6, 30),
                    "rating": "promising",
                    **values,
                }
            )
        )

    # ------------------------------------------------------------------ outputs

    def test_outputs_count_the_period_against_the_pro_rata_target(self):
        lines = self.review()._protect_outputs()
        self.assertEqual(len(lines), 1)
        # 91 days of a 365-day plan: 12 x 91 / 365.
        self.assertAlmostEqual(lines[0]["target"], 12 * 91 / 365)
        self.assertEqual(lines[0]["actual"], 4)  # the SC officer sees the SECRET one

    def test_outputs_leave_out_what_the_reader_may_not_see(self):
        review = self.review(user=self.officer_mv)
        self.assertEqual(review._protect_outputs()[0]["actual"], 3)
        self.assertNotIn("Secret meeting", review.outputs)

    def test_campaign_review_counts_its_engagements(self):
        campaign = self.env["protect.campaign"].create(
            {"name": "Review campaign", "date_start": "2012-04-01"}
        )
        self._engagement(
            "Campaign talk",
            date_start="2012-05-02 10:00:00",
            campaign_id=campaign.id,
            audience_count=25,
        )
        review = self.review(subject="campaign", plan_id=False, campaign_id=campaign.id)
        figures = {line["name"]: line["actual"] for line in review._protect_outputs()}
        self.assertEqual(figures["Engagements done"], 1)
        self.assertEqual(figures["People reached"], 25)

    # ------------------------------------------------------------------ workflow

    def test_officer_submits_and_manager_approves(self):
        review = self.review()
        review.action_submit()
        self.assertEqual(review.state, "submitted")
        review.with_user(self.manager).action_approve()
        self.assertEqual(
            (review.state, review.approved_by_id), ("approved", self.manager)
        )
        self.assertIn("approved by", review.message_ids[0].body)

    def test_manager_returns_with_a_comment(self):
        review = self.review()
        review.action_submit()
        as_manager = review.with_user(self.manager)
        with self.assertRaisesRegex(UserError, "^Manager's comment: "):
            as_manager.action_return()
        as_manager.manager_comment = "Add the partner survey figures."
        as_manager.action_return()
        self.assertEqual(review.state, "draft")
        self.assertIn("partner survey", review.message_ids[0].body)

    def test_review_without_rating_is_not_submitted(self):
        review = self.review(rating=False)
        with self.assertRaisesRegex(UserError, "^Overall rating: "):
            review.action_submit()

    def test_nobody_approves_their_own_review(self):
        review = self.review(user=self.manager)
        review.action_submit()
        with self.assertRaisesRegex(UserError, "^Approved by: you wrote"):
            review.action_approve()

    def test_officer_cannot_approve(self):
        review = self.review(user=self.officer_2)
        review.action_submit()
        with self.assertRaisesRegex(AccessError, "Only a Protect manager"):
            review.with_user(self.officer).action_approve()

    def test_approved_review_is_locked(self):
        review = self.review()
        review.action_submit()
        review.with_user(self.manager).action_approve()
        with self.assertRaisesRegex(UserError, "^Effect: .* approved and locked"):
            review.write({"effect": "<p>Changed afterwards</p>"})
        with self.assertRaisesRegex(UserError, "archive it"):
            review.with_user(self.manager).unlink()
        review.with_user(self.manager).action_archive()
        self.assertFalse(review.active)

    def test_submitted_review_waits_for_the_manager(self):
        review = self.review()
        review.action_submit()
        with self.assertRaisesRegex(UserError, "^Overall rating: .* with the manager"):
            review.write({"rating": "effective"})

    def test_status_changes_only_through_the_buttons(self):
        review = self.review()
        with self.assertRaisesRegex(UserError, "^Status: "):
            review.write({"state": "approved"})

    # ------------------------------------------------------------------ bad input

    def test_review_of_a_period_outside_its_plan_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "^Period: .* within its plan"):
            self.review(date_to=date(2013, 5, 31))

    def test_review_ending_before_it_starts_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "^Period: .* end before"):
            self.review(date_from=date(2012, 6, 30), date_to=date(2012, 4, 1))

    def test_review_needs_its_subject(self):
        with self.assertRaisesRegex(ValidationError, "^Review of: "):
            self.review(subject="initiative", plan_id=False)

    # ------------------------------------------------------------------ access

    def test_review_is_marked_at_least_as_high_as_its_plan(self):
        review = self.review()
        self.plan.sensitivity = "official_sensitive"
        self.assertEqual(review.sensitivity, "official_sensitive")
        with self.assertRaisesRegex(ValidationError, "^Sensitivity: "):
            self.review(sensitivity="official")

    def test_secret_review_hidden_from_mv_officer(self):
        review = self.review(sensitivity="secret")
        reviews = self.env["protect.review"].with_user(self.officer_mv)
        self.assertFalse(reviews.search([("id", "=", review.id)]))

    def test_liaison_reads_but_does_not_write_reviews(self):
        review = self.review()
        self.assertEqual(review.with_user(self.liaison).name, "First quarter review")
        with self.assertRaises(AccessError):
            self.review(user=self.liaison)
