"""Plans in the browser: a manager approves an officer's draft and opens its
progress, a liaison user reads it, the manager's dashboard shows it."""

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

from ..models.protect_periods import financial_year
from .common import protect_user

# Kept in step with static/tests/tours/protect_plan_tour.js.
PLAN = "Plan tour: delivery plan"
OBJECTIVE = "Plan tour: reach the finance sector"


@tagged("post_install", "-at_install")
class TestUiPlans(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer = protect_user(cls.env, "plans_officer", "group_officer", "sc")
        cls.manager = protect_user(cls.env, "plans_manager", "group_manager", "sc")
        cls.liaison = protect_user(cls.env, "plans_liaison", "group_liaison", "nppv1")
        date_from, date_to = financial_year(fields.Date.today())
        meetings = cls.env.ref(
            "protect_engagement.protect_engagement_type_partner_meeting"
        )
        cls.plan = (
            cls.env["protect.delivery.plan"]
            .with_user(cls.officer)
            .create(
                {
                    "name": PLAN,
                    "date_from": date_from,
                    "date_to": date_to,
                    "objective_ids": [
                        Command.create(
                            {
                                "name": OBJECTIVE,
                                "aim_id": cls.env.ref(
                                    "protect_engagement.protect_aim_empower"
                                ).id,
                                "measure_ids": [
                                    Command.create(
                                        {
                                            "name": "Partner meetings",
                                            "kind": "engagements",
                                            "target": 12,
                                            "engagement_type_ids": [
                                                Command.set(meetings.ids)
                                            ],
                                        }
                                    )
                                ],
                            }
                        )
                    ],
                }
            )
        )

    def test_manager_approves_plan_and_opens_its_progress(self):
        self.start_tour(
            "/odoo/protect-plans",
            "protect_engagement_manager_approves_plan",
            login="plans_manager",
        )
        self.assertEqual(
            (self.plan.state, self.plan.approved_by_id), ("approved", self.manager)
        )
        rows = self.env["protect.plan.progress"].search(
            [("plan_id", "=", self.plan.id)]
        )
        self.assertEqual(rows.create_uid, self.manager, "counted for the manager")

    def test_officer_drafts_plan_with_objective_and_measure(self):
        self.start_tour(
            "/odoo/protect-plans",
            "protect_engagement_officer_drafts_plan",
            login="plans_officer",
        )
        plan = self.env["protect.delivery.plan"].search(
            [("name", "=", "Plan tour: officer's draft")]
        )
        self.assertEqual(
            (plan.state, plan.user_id, plan.objective_ids.name),
            ("draft", self.officer, "Plan tour: reach charities"),
        )
        self.assertEqual(
            (plan.measure_ids.name, plan.measure_ids.target), ("Charity visits", 12)
        )

    def test_liaison_reads_plan_without_changing_it(self):
        self.start_tour(
            "/odoo/protect-plans",
            "protect_engagement_liaison_reads_plan",
            login="plans_liaison",
        )
        self.assertEqual(self.plan.state, "draft")

    def test_manager_dashboard_shows_plan_progress(self):
        self.plan.with_user(self.manager).action_approve()
        self.plan.with_user(self.officer).action_activate()
        self.start_tour(
            "/odoo/protect-dashboard",
            "protect_engagement_manager_dashboard",
            login="plans_manager",
        )
