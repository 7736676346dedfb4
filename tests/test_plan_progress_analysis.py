"""The progress analysis of a delivery plan: figures by measure, quarter and
force area, and objectives by status, counted for the reader who opens it and
read by nobody else."""

from datetime import date

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from ..models.protect_periods import financial_quarters
from .plan_common import FY_FROM, FY_TO, PlanCase


@tagged("post_install", "-at_install")
class TestPlanProgressAnalysis(PlanCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.derby_bank = cls._stakeholder(
            "Plan Derby Bank", protect_force_area_id=cls.area_derbyshire.id
        )

    def setUp(self):
        super().setUp()
        # Q1 2011/12: two meetings in Lincolnshire, one in Derbyshire, one
        # SECRET; Q3: one in Derbyshire.
        self.meeting("2011-04-20", force_area_id=self.area_lincolnshire.id)
        self.meeting("2011-05-20", force_area_id=self.area_lincolnshire.id)
        self.meeting(
            "2011-06-20",
            partners=self.derby_bank,
            force_area_id=self.area_derbyshire.id,
        )
        self.meeting("2011-06-21", "secret", force_area_id=self.area_lincolnshire.id)
        self.meeting(
            "2011-11-02",
            partners=self.derby_bank,
            force_area_id=self.area_derbyshire.id,
        )

    def rows(self, plan, user, level="measure"):
        action = getattr(
            plan.with_user(user),
            "action_open_progress"
            if level == "measure"
            else ("action_open_objective_status"),
        )()
        return self.env[action["res_model"]].with_user(user).search(action["domain"])

    def figures(self, rows):
        """{(quarter, force area name): figure} of measure rows."""
        return {(row.quarter, row.force_area_id.name or ""): row.actual for row in rows}

    def test_figures_by_quarter_and_force_area(self):
        plan = self.plan()
        self.assertEqual(
            self.figures(self.rows(plan, self.officer)),
            {
                ("2011/12 Q1", "Lincolnshire"): 3,
                ("2011/12 Q1", "Derbyshire"): 1,
                ("2011/12 Q2", ""): 0,
                ("2011/12 Q3", "Derbyshire"): 1,
                ("2011/12 Q4", ""): 0,
            },
        )

    def test_rows_add_up_to_the_measure_figure(self):
        plan = self.plan()
        rows = self.rows(plan, self.officer)
        measure = plan.measure_ids.with_user(self.officer)
        self.assertEqual(sum(rows.mapped("actual")), measure.actual)
        self.assertEqual(measure.actual, 5)

    def test_lower_vetting_counts_less(self):
        plan = self.plan()
        figures = self.figures(self.rows(plan, self.officer_mv))
        self.assertEqual(figures[("2011/12 Q1", "Lincolnshire")], 2)

    def test_pivot_groups_figures_by_force_area(self):
        plan = self.plan()
        rows = self.rows(plan, self.officer)
        groups = rows._read_group(
            [("id", "in", rows.ids)], ["force_area_id"], ["actual:sum"]
        )
        self.assertEqual(
            {area.name: figure for area, figure in groups if area},
            {"Lincolnshire": 3, "Derbyshire": 2},
        )

    def test_organisations_counted_per_force_area(self):
        plan = self.plan()
        self.measure(plan, name="Organisations", kind="organisations", target=2)
        rows = self.rows(plan, self.officer).filtered(
            lambda r: r.measure_id.kind == "organisations"
        )
        self.assertEqual(
            self.figures(rows)[("2011/12 Q1", "Lincolnshire")],
            1,
            "two meetings with the same bank count one organisation",
        )

    def test_objectives_by_status(self):
        plan = self.plan()
        self.measure(plan, name="Talks", kind="engagements", target=1000)
        [row] = self.rows(plan, self.officer, level="objective")
        objective = plan.objective_ids.with_user(self.officer)
        self.assertEqual(row.rag, objective.rag)
        self.assertEqual(row.rag, "red")
        self.assertEqual((row.measure_count, row.green_count, row.red_count), (2, 1, 1))

    def test_opening_again_replaces_the_readers_rows(self):
        plan = self.plan()
        first = self.rows(plan, self.officer)
        second = self.rows(plan, self.officer)
        self.assertFalse(first.exists())
        self.assertTrue(second)

    def test_another_user_cannot_read_the_rows(self):
        plan = self.plan()
        rows = self.rows(plan, self.officer)
        others = self.env["protect.plan.progress"].with_user(self.officer_2)
        self.assertFalse(others.search([("id", "in", rows.ids)]))
        with self.assertRaises(AccessError):
            rows.with_user(self.officer_2).read(["actual"])

    def test_another_users_rows_survive_a_readers_analysis(self):
        plan = self.plan()
        mine = self.rows(plan, self.officer)
        self.rows(plan, self.officer_2)
        self.assertTrue(mine.exists())

    def test_secret_plan_analysis_refused_below_its_vetting(self):
        plan = self.plan(sensitivity="secret")
        with self.assertRaises(AccessError):
            plan.with_user(self.officer_mv).action_open_progress()

    def test_row_linking_a_hidden_plan_is_refused_as_a_missing_one(self):
        secret = self.plan(sensitivity="secret")
        seen = self.plan()
        rows = self.env["protect.plan.progress"].with_user(self.officer_mv)
        values = {"objective_id": seen.objective_ids.id, "actual": 1}
        errors = []
        for plan_id in (secret.id, secret.id + 100000):
            with self.assertRaises(ValidationError) as caught:
                rows.create({**values, "plan_id": plan_id})
            errors.append(str(caught.exception).replace(str(plan_id), "N"))
        self.assertEqual(errors[0], errors[1])

    def test_rows_hidden_once_their_plan_is_marked_above_the_reader(self):
        plan = self.plan()
        rows = self.rows(plan, self.officer_mv)
        self.assertTrue(rows)
        plan.sensitivity = "secret"
        self.env.flush_all()
        mine = self.env["protect.plan.progress"].with_user(self.officer_mv)
        self.assertFalse(mine.search([("id", "in", rows.ids)]))

    def test_liaison_reads_the_analysis(self):
        plan = self.plan()
        self.assertEqual(sum(self.rows(plan, self.liaison).mapped("actual")), 5 - 1)

    def test_user_outside_protect_cannot_open_it(self):
        plan = self.plan()
        with self.assertRaises(AccessError):
            plan.with_user(self.internal).action_open_progress()

    def test_quarters_follow_the_financial_year(self):
        self.assertEqual(
            financial_quarters(FY_FROM, FY_TO, date(2011, 8, 1)),
            [
                (date(2011, 4, 1), date(2011, 6, 30), "2011/12 Q1"),
                (date(2011, 7, 1), date(2011, 9, 30), "2011/12 Q2"),
            ],
        )
        self.assertEqual(
            financial_quarters(date(2012, 2, 15), date(2012, 5, 10), date(2013, 1, 1)),
            [
                (date(2012, 2, 15), date(2012, 3, 31), "2011/12 Q4"),
                (date(2012, 4, 1), date(2012, 5, 10), "2012/13 Q1"),
            ],
        )
