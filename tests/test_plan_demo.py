from odoo import fields
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestPlanDemo(TransactionCase):
    """The demo delivery plans and campaigns tell a believable story: a plan
    being delivered this financial year, national and regional campaigns with
    the engagements that delivered them, and measures in every status."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls.env.ref(
            "protect_engagement.protect_plan_current_demo", raise_if_not_found=False
        )
        if not cls.plan:
            cls.skipTest(cls, "protect_engagement's plan demo data is not loaded")
        cls.previous_plan = cls.env.ref("protect_engagement.protect_plan_previous_demo")
        cls.campaigns = cls.env["protect.campaign"].browse(
            cls.env.ref(f"protect_engagement.protect_campaign_{name}_demo").id
            for name in ("stop_think_fraud", "courier", "romance", "bec")
        )
        cls.manager = cls.env.ref("protect_engagement.user_manager_demo")
        cls.liaison = cls.env.ref("protect_engagement.user_liaison_demo")

    def figures(self, user):
        """{measure: actual} of the current plan's measures as ``user``."""
        return {
            measure.id: measure.actual
            for measure in self.plan.with_user(user).measure_ids
        }

    def test_demo_plan_has_four_to_six_objectives(self):
        self.assertIn(len(self.plan.objective_ids), range(4, 7))

    def test_demo_plan_has_twelve_to_eighteen_measures(self):
        self.assertIn(len(self.plan.measure_ids), range(12, 19))

    def test_demo_plan_is_active_and_covers_today(self):
        today = fields.Date.today()
        self.assertEqual(
            (self.plan.state, self.plan.date_from <= today <= self.plan.date_to),
            ("active", True),
        )

    def test_demo_previous_plan_is_closed_the_day_before_the_current_one(self):
        self.assertEqual(
            (
                self.previous_plan.state,
                fields.Date.add(self.previous_plan.date_to, days=1),
            ),
            ("closed", self.plan.date_from),
        )

    def test_demo_has_two_national_campaigns_from_an_agency(self):
        national = self.campaigns.filtered(lambda c: c.scope == "national")
        self.assertEqual(len(national.filtered("agency_id")), 2)

    def test_demo_has_two_regional_campaigns(self):
        regional = self.campaigns.filtered(lambda c: c.scope == "regional")
        self.assertEqual(len(regional), 2)

    def test_demo_campaigns_each_have_a_tagged_engagement(self):
        untagged = self.campaigns.filtered(lambda c: not c.engagement_ids)
        self.assertEqual(untagged.mapped("name"), [])

    def test_demo_plan_shows_red_amber_and_green_to_the_manager(self):
        statuses = set(self.plan.with_user(self.manager).measure_ids.mapped("rag"))
        self.assertLessEqual({"red", "amber", "green"}, statuses)

    def test_demo_liaison_counts_no_more_than_the_manager_on_each_measure(self):
        manager = self.figures(self.manager)
        liaison = self.figures(self.liaison)
        above = [
            measure.name
            for measure in self.plan.measure_ids
            if liaison[measure.id] > manager[measure.id]
        ]
        self.assertEqual(above, [])

    def test_demo_liaison_counts_fewer_victim_visits_than_the_manager(self):
        visits = self.env.ref("protect_engagement.protect_measure_victims_visits_demo")
        self.assertLess(
            visits.with_user(self.liaison).actual,
            visits.with_user(self.manager).actual,
        )

    def test_demo_has_two_approved_reviews_and_a_draft(self):
        reviews = self.env["protect.review"].browse(
            self.env.ref(f"protect_engagement.protect_review_{name}_demo").id
            for name in ("romance", "courier", "plan")
        )
        self.assertEqual(reviews.mapped("state"), ["approved", "approved", "draft"])

    def test_demo_has_last_quarter_submitted_and_this_quarter_in_draft(self):
        previous = self.env.ref("protect_engagement.protect_return_previous_demo")
        current = self.env.ref("protect_engagement.protect_return_current_demo")
        self.assertEqual((previous.state, current.state), ("submitted", "draft"))
        self.assertTrue(previous.figures_frozen["totals"]["engagements"])
        self.assertEqual(current.with_user(self.manager).previous_id, previous)
        today = fields.Date.today()
        self.assertTrue(current.date_from <= today <= current.date_to)
