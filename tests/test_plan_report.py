"""The delivery plan PDF for the manager: objectives, measures, targets,
progress and status, counted for the printing user's vetting and marked as
high as the plan and what it counts."""

from lxml import html

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .plan_common import PlanCase
from .test_pdf_marking import PdfStampCase

REPORT = "protect_engagement.protect_report_delivery_plan"


@tagged("post_install", "-at_install")
class TestPlanReport(PdfStampCase, PlanCase):
    def setUp(self):
        super().setUp()
        # The 2011/12 plan (over: the pro-rata targets are the whole targets)
        # with a second objective for the voluntary sector in Derbyshire.
        self.doc = self.plan()
        self.meetings = self.measure(self.doc, name="All meetings", target=1200)
        self.env["protect.plan.objective"].with_user(self.officer).create(
            {
                "plan_id": self.doc.id,
                "name": "Reach the voluntary sector",
                "aim_id": self.aim.id,
                "force_area_ids": [Command.set(self.area_derbyshire.ids)],
                "sector_group_ids": [Command.set(self.sector_voluntary.group_id.ids)],
                "measure_ids": [
                    Command.create(
                        {
                            "name": "Charities engaged",
                            "kind": "organisations",
                            "target": 1,
                        }
                    )
                ],
            }
        )
        self.meeting("2011-05-10")
        self.meeting("2011-06-10")
        self.meetings_secret = self.meeting("2011-07-10", sensitivity="secret")
        self.meeting(
            "2011-08-10",
            partners=self.charity,
            force_area_id=self.area_derbyshire.id,
        )

    def render_html(self, user, plans=None):
        self.env.invalidate_all()
        content, _kind = (
            self.env["ir.actions.report"]
            .with_user(user)
            ._render_qweb_html(REPORT, (plans or self.doc).ids)
        )
        return html.fromstring(content)

    @staticmethod
    def text(tree):
        return " ".join(tree.text_content().split())

    def row(self, tree, measure_name):
        """The printed cells of the measure ``measure_name``."""
        rows = {}
        for row in tree.xpath("//tr[td]"):
            cells = [" ".join(td.text_content().split()) for td in row.xpath("td")]
            rows[cells[0]] = cells
        self.assertIn(measure_name, rows)
        return rows[measure_name]

    # ------------------------------------------------------------------ content

    def test_manager_sees_objectives_measures_targets_and_statuses(self):
        tree = self.render_html(self.manager)
        text = self.text(tree)
        self.assertIn("1. Engage the finance sector", text)
        self.assertIn("2. Reach the voluntary sector", text)
        self.assertIn("Force areas: Derbyshire", text)
        self.assertIn("Force areas: every area", text)
        self.assertEqual(
            self.row(tree, "All meetings"),
            [
                "All meetings",
                "Engagements delivered",
                "1,200",
                "1,200",
                "4",
                "0%",
                "Red Behind",
            ],
        )
        self.assertEqual(
            self.row(tree, "Charities engaged"),
            [
                "Charities engaged",
                "Organisations engaged",
                "1",
                "1",
                "1",
                "100%",
                "Green On track",
            ],
        )

    def test_summary_counts_objectives_measures_and_statuses(self):
        text = self.text(self.render_html(self.manager))
        self.assertIn("Objectives 2 Measures 3", text)
        self.assertIn(
            "Green (On track): 2 · Amber (Slightly behind): 0 · Red (Behind): 1", text
        )
        today = fields.Date.context_today(self.manager).strftime("%d/%m/%Y")
        self.assertIn(f"Progress counted on {today} for Morgan Manager", text)

    def test_mv_officer_counts_less_than_sc_officer(self):
        sc_row = self.row(self.render_html(self.officer), "All meetings")
        mv_row = self.row(self.render_html(self.officer_mv), "All meetings")
        self.assertEqual((sc_row[4], mv_row[4]), ("4", "3"))

    def test_mv_officer_is_told_what_is_left_out(self):
        note = "Counted up to OFFICIAL-SENSITIVE: activity marked above it is left out."
        self.assertIn(note, self.text(self.render_html(self.officer_mv)))
        self.assertNotIn("Counted up to", self.text(self.render_html(self.officer)))

    def test_approved_plan_says_who_approved_it_when(self):
        self.doc.with_user(self.manager).action_approve()
        today = fields.Date.context_today(self.manager).strftime("%d/%m/%Y")
        self.assertIn(
            "01/04/2011 to 31/03/2012 · Approved · owned by Olivia Officer · "
            f"approved by Morgan Manager on {today}",
            self.text(self.render_html(self.manager)),
        )

    # ------------------------------------------------------------------ access

    def test_liaison_cannot_print_plan(self):
        with self.assertRaises(AccessError):
            self.render_html(self.liaison)

    def test_internal_user_cannot_print_plan(self):
        with self.assertRaises(AccessError):
            self.render_html(self.internal)

    def test_mv_officer_cannot_print_secret_plan(self):
        secret = self.plan(sensitivity="secret", name="Secret plan")
        with self.assertRaises(AccessError):
            self.render_html(self.officer_mv, secret)

    # ------------------------------------------------------------------ PDF

    def test_pdf_is_marked_as_the_plan_on_every_page(self):
        self.meetings_secret.sensitivity = "official"
        self.doc.sensitivity = "official_sensitive"
        content = self._pdf(REPORT, self.manager, res_ids=self.doc.ids)
        pages = self._pages(content)
        self.assertEqual(
            [lines[0] for lines in pages], ["OFFICIAL-SENSITIVE"] * len(pages)
        )

    def test_pdf_counting_secret_activity_is_marked_secret(self):
        content = self._pdf(REPORT, self.manager, res_ids=self.doc.ids)
        pages = self._pages(content)
        self.assertEqual([lines[0] for lines in pages], ["SECRET"] * len(pages))

    def test_pdf_below_secret_vetting_is_marked_as_what_it_counts(self):
        content = self._pdf(REPORT, self.officer_mv, res_ids=self.doc.ids)
        self.assertEqual(self._pages(content)[0][0], "OFFICIAL")

    def test_pdf_prints_plan_name_and_period(self):
        text = " ".join(
            " ".join(lines)
            for lines in self._pages(
                self._pdf(REPORT, self.officer, res_ids=self.doc.ids)
            )
        )
        self.assertIn("Plan 2011/12", text)
        self.assertIn("01/04/2011 to 31/03/2012", text)

    # ------------------------------------------------------------------ queries

    def report_queries(self, plans):
        report = self.env["report.protect_engagement.report_delivery_plan"]
        report = report.with_user(self.manager)
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        report._get_report_values(plans.ids)
        return self.env.cr.sql_log_count - before

    def test_report_queries_do_not_grow_with_measures(self):
        """Every measure's progress is read through the ORM fields, computed
        together: more measures of the same kinds, no more queries."""
        self.report_queries(self.doc)  # warm-up: rules, fields, clearance
        few = self.report_queries(self.doc)
        for number in range(12):
            self.measure(self.doc, name=f"More meetings {number}", target=number + 1)
            self.measure(
                self.doc, name=f"People {number}", kind="people_reached", target=5
            )
        self.assertEqual(self.report_queries(self.doc), few)
