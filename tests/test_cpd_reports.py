"""The personal CPD statement and the team CPD attendance report, as PDFs."""

import re
import shutil
import subprocess
import tempfile
from datetime import timedelta

from lxml import html

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .cpd_common import CpdCase

STATEMENT = "protect_engagement.report_cpd_statement"
TEAM = "protect_engagement.report_cpd_team"


@tagged("post_install", "-at_install", "protect_cpd")
class TestCpdReports(CpdCase):
    """Olivia has 5 approved hours this CPD year (3 h self-logged e-learning
    approved by Morgan, 2 h at the seminar both officers attended) and 1 h
    awaiting approval; Owen has the seminar's 2 h.

    The PDFs are rendered without the web stylesheets (report.url leads
    nowhere): wkhtmltopdf draws web fonts as shapes, which pdftotext cannot
    read, and the server is not there to serve them during the tests anyway.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param(
            "report.url", "http://127.0.0.1:9"
        )
        cls.today = fields.Date.today()
        cls.year = cls.env["protect.cpd.record"]._cpd_year().label
        cls.seminar = cls._cpd_event(
            "Courier fraud seminar", cls.today, hours=2.0, length=3.0
        )
        for user in (cls.officer, cls.officer_2):
            cls.register(cls.seminar, user).with_user(cls.manager).action_set_done()
        records = cls.env["protect.cpd.record"]
        elearning = records.with_user(cls.officer).create(
            {
                "name": "Romance fraud e-learning",
                "category_id": cls.cat_elearning.id,
                "date": cls.today,
                "hours": 3.0,
                "provider": "National learning platform",
                "reflection": "<p>Spot the grooming script earlier.</p>",
            }
        )
        elearning.action_submit()
        elearning.with_user(cls.manager).action_approve()
        records.with_user(cls.officer).create(
            {
                "name": "Threat assessment reading",
                "category_id": cls.cat_training.id,
                "date": cls.today,
                "hours": 1.0,
            }
        ).action_submit()
        # Another team's officer, who must never appear in Morgan's report.
        cls.approved_cpd(cls.other_officer_emp, cls.today, 9)

    # ------------------------------------------------------------------ helpers

    def _rows(self, user, employees):
        self.env.invalidate_all()
        return (
            self.env["protect.cpd.summary"]
            .with_user(user)
            .search(
                [("employee_id", "in", employees.ids), ("cpd_year", "=", self.year)]
            )
        )

    def _html(self, user, report, rows):
        content, _kind = (
            self.env["ir.actions.report"]
            .with_user(user)
            ._render_qweb_html(report, rows.ids)
        )
        return html.fromstring(content)

    def _pdf_text(self, user, report, rows):
        if not shutil.which("pdftotext"):
            self.skipTest("pdftotext (poppler-utils) is not installed")
        content, kind = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(report, rows.ids)
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(content.startswith(b"%PDF"))
        with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
            pdf.write(content)
            pdf.flush()
            text = subprocess.run(
                ["pdftotext", "-layout", pdf.name, "-"],
                capture_output=True,
                check=True,
                text=True,
            ).stdout
        return re.sub(r"[ \t]+", " ", text)

    @staticmethod
    def _cell(tree, name):
        return " ".join(tree.xpath(f"//td[@name='{name}']")[0].text_content().split())

    # ------------------------------------------------------------------ statement

    def test_statement_pdf_shows_entries_total_and_approvals(self):
        text = self._pdf_text(
            self.officer, STATEMENT, self._rows(self.officer, self.officer_emp)
        )

        for expected in (
            "CPD statement",
            "Olivia Officer",
            self.year,
            "Romance fraud e-learning",
            "Courier fraud seminar",
            "Event attendance",
            "Morgan Manager",  # who approved
            "Threat assessment reading",  # listed, not counted
        ):
            self.assertIn(expected, text)
        self.assertRegex(text, r"Total 5\.0")

    def test_statement_figures(self):
        tree = self._html(
            self.officer, STATEMENT, self._rows(self.officer, self.officer_emp)
        )

        self.assertEqual(self._cell(tree, "total_hours"), "5.0")
        self.assertEqual(self._cell(tree, "target_hours"), "30.0")
        entries = tree.xpath("//table[@name='entries']/tbody/tr")
        self.assertEqual(len(entries), 2, "two approved entries")

    def test_statement_of_someone_else_refused(self):
        rows = self._rows(self.admin, self.officer_2_emp)
        with self.assertRaises(AccessError):
            self._html(self.officer, STATEMENT, rows)

    # ------------------------------------------------------------------ team report

    def test_team_report_pdf_lists_team_figures_and_attendance(self):
        team = self.officer_emp | self.officer_2_emp | self.liaison_emp
        text = self._pdf_text(self.manager, TEAM, self._rows(self.manager, team))

        self.assertIn("Team CPD attendance", text)
        self.assertRegex(text, r"Olivia Officer Morgan Manager .*5\.0")
        self.assertRegex(text, r"Owen Officer Morgan Manager .*2\.0")
        self.assertIn("Courier fraud seminar", text)
        self.assertIn("Olivia Officer, Owen Officer", text)  # who attended
        self.assertNotIn("Ned Officer", text)

    def test_team_report_figures_and_status(self):
        team = self.officer_emp | self.officer_2_emp | self.liaison_emp
        rows = self._rows(self.manager, team)
        tree = self._html(self.manager, TEAM, rows)

        lines = {
            " ".join(row.xpath("td")[0].text_content().split()): (
                row.xpath("td[contains(@class, 'fw-bold')]")[0].text_content().strip(),
                " ".join(row.xpath("td")[-1].text_content().split()),
            )
            for row in tree.xpath("//table[@name='people']/tbody/tr")
        }
        status = dict(self.env["protect.cpd.summary"]._fields["rag_status"].selection)
        expected = {
            row.employee_name: (f"{row.hours_approved:.1f}", status[row.rag_status])
            for row in rows
        }
        self.assertEqual(lines, expected)
        self.assertEqual(
            {name: hours for name, (hours, _status) in lines.items()},
            {"Lee Liaison": "0.0", "Olivia Officer": "5.0", "Owen Officer": "2.0"},
        )

    def test_manager_cannot_print_another_teams_report(self):
        rows = self._rows(self.admin, self.other_officer_emp)
        with self.assertRaises(AccessError):
            self._html(self.manager, TEAM, rows)

    def test_team_report_lists_upcoming_events_with_who_is_missing(self):
        event = self._cpd_event(
            "Test upcoming seminar", self.today + timedelta(days=20)
        )
        self.register(event, self.officer)
        team = self.officer_emp | self.officer_2_emp
        tree = self._html(self.manager, TEAM, self._rows(self.manager, team))

        missing = {
            row.xpath("td")[1].text_content().strip(): row.xpath("td")[-1]
            .text_content()
            .strip()
            for row in tree.xpath("//table[@name='upcoming']/tbody/tr")
        }
        self.assertEqual(missing["Test upcoming seminar"], "Owen Officer")
