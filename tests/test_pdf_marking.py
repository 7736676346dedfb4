"""Every page of every Protect PDF carries its protective marking, top and
bottom, with the disclosure reference, who printed it when, the page number
and the marking's handling caveat (models/ir_actions_report.py).

The PDFs are rendered for real with wkhtmltopdf and read page by page with
``pdftotext``; the reports' style sheets come from a closed port, so the body
prints unstyled, quickly (see ``ProtectReportCase.render_pdf_text``).
"""

import io
import os
import shutil
import subprocess

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools.pdf import PdfFileReader

from ..models.protect_sensitivity_mixin import SENSITIVITY_RANK
from .cpd_common import CpdCase
from .report_common import ProtectReportCase

BRIEF = "protect_engagement.protect_engagement_report_brief"
COVERAGE = "protect_engagement.protect_report_coverage"
STAKEHOLDER_MAP = "protect_engagement.protect_report_stakeholder_map"
PANELS = "protect_engagement.protect_report_panel_membership"
CPD_STATEMENT = "protect_engagement.protect_cpd_report_statement"
CPD_TEAM = "protect_engagement.protect_cpd_report_team"
SECRET_CAVEAT = "Hold and destroy under the Government Security Classifications"
# Set to a folder to keep the PDFs the tests print, to look at them.
DUMP_DIR = os.environ.get("PROTECT_PDF_DUMP")


class PdfStampCase:
    """Printing a PDF for real and reading its pages back."""

    def _pdf(self, report, user, res_ids=None, data=None):
        """The PDF bytes of ``report`` printed by ``user`` with wkhtmltopdf."""
        if not shutil.which("pdftotext"):
            self.skipTest("pdftotext (poppler-utils) is not installed")
        # wkhtmltopdf fetches no style sheet (closed port): it prints quickly.
        self.env["ir.config_parameter"].set_param("report.url", "http://127.0.0.1:9")
        self.env.invalidate_all()
        reports = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_context(force_report_rendering=True)
        )
        with self.allow_pdf_render():
            content, kind = reports._render_qweb_pdf(report, res_ids=res_ids, data=data)
        self.assertEqual(kind, "pdf")
        if DUMP_DIR:
            with open(os.path.join(DUMP_DIR, f"{self._testMethodName}.pdf"), "wb") as f:
                f.write(content)
        return content

    def _pages(self, content):
        """The text of each page, as lists of non-empty stripped lines."""
        count = len(PdfFileReader(io.BytesIO(content), strict=False).pages)
        pages = []
        for number in range(1, count + 1):
            page = str(number)
            text = subprocess.run(
                ["pdftotext", "-layout", "-f", page, "-l", page, "-", "-"],
                input=content,
                capture_output=True,
                check=True,
                timeout=60,
            ).stdout.decode()
            pages.append([" ".join(line.split()) for line in text.splitlines()])
            pages[-1] = [line for line in pages[-1] if line]
        return pages

    def _last_log(self):
        return (
            self.env["protect.disclosure.log"]
            .sudo()
            .search([("kind", "=", "pdf")], order="id desc", limit=1)
        )

    def assert_stamped(self, content, marking, caveat=""):
        """Every page starts with ``marking`` and ends with ``marking``, the
        footer line (reference, printer, "Page N of M") and ``caveat``."""
        pages = self._pages(content)
        reference = self._last_log().reference
        self.assertTrue(reference)
        total = len(pages)
        for number, lines in enumerate(pages, 1):
            with self.subTest(page=number):
                tail = lines[-3:] if caveat else lines[-2:]
                self.assertEqual(lines[0], marking)
                self.assertEqual(tail[0], marking)
                self.assertIn(f"Page {number} of {total}", tail[1])
                self.assertIn(reference, tail[1])
                self.assertIn("Printed for ", tail[1])
                if caveat:
                    self.assertIn(caveat, tail[2])
        return pages


@tagged("post_install", "-at_install")
class TestPdfMarking(PdfStampCase, ProtectReportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.caveats = cls.env["protect.marking.caveat"]
        cls.official_caveat = cls.env.ref(
            "protect_engagement.protect_marking_caveat_official"
        )

    # ------------------------------------------------------------------ reports

    def test_coverage_is_stamped_secret_on_every_page_for_sc_manager(self):
        content = self._pdf(COVERAGE, self.manager, data=self.filters_data())
        pages = self.assert_stamped(content, "SECRET", SECRET_CAVEAT)
        self.assertIn("Printed for Morgan Manager on", pages[0][-2])

    def test_coverage_for_mv_manager_is_stamped_no_higher_than_they_see(self):
        content = self._pdf(COVERAGE, self.manager_mv, data=self.filters_data())
        self.assert_stamped(content, "OFFICIAL")

    def test_stakeholder_map_is_stamped_on_every_page(self):
        content = self._pdf(STAKEHOLDER_MAP, self.officer, data=self.filters_data())
        self.assert_stamped(content, "SECRET", SECRET_CAVEAT)

    def test_panel_membership_is_stamped_on_every_page(self):
        data = self.filters_data(force_area_ids=[])
        content = self._pdf(PANELS, self.officer, data=data)
        self.assert_stamped(content, "SECRET", SECRET_CAVEAT)

    def test_report_of_zero_records_is_official(self):
        empty_area = self.env["protect.force.area"].create(
            {"name": "Emptyshire", "code": "TST9", "sequence": 99}
        )
        data = self.filters_data(force_area_ids=empty_area.ids)
        content = self._pdf(STAKEHOLDER_MAP, self.manager, data=data)
        self.assert_stamped(content, "OFFICIAL")

    def test_brief_naming_secret_stakeholder_is_secret_on_every_page(self):
        content = self._pdf(BRIEF, self.officer, res_ids=self.e_mixed.ids)
        self.assert_stamped(content, "SECRET", SECRET_CAVEAT)

    def test_official_brief_prints_no_caveat(self):
        content = self._pdf(BRIEF, self.officer, res_ids=self.e_late.ids)
        pages = self.assert_stamped(content, "OFFICIAL")
        self.assertIn("Page 1 of", pages[-1][-1])

    def test_caveat_edited_by_admin_appears(self):
        self.official_caveat.with_user(self.admin).caveat = "Shred after the meeting."
        content = self._pdf(BRIEF, self.officer, res_ids=self.e_late.ids)
        self.assert_stamped(content, "OFFICIAL", "Shred after the meeting.")

    def test_archived_caveat_is_not_printed(self):
        secret = self.env.ref("protect_engagement.protect_marking_caveat_secret")
        secret.with_user(self.admin).active = False
        content = self._pdf(BRIEF, self.officer, res_ids=self.e_secret.ids)
        self.assert_stamped(content, "SECRET")

    def test_batch_of_forty_briefs_carries_highest_marking_on_every_page(self):
        secret_org = self._stakeholder("Batch Secret Org", sensitivity="secret")
        briefs = self.env["protect.engagement"]
        for number in range(39):
            briefs |= self._engagement(f"Batch visit {number:02d}")
        briefs |= self._engagement("Batch secret visit", partners=secret_org)
        content = self._pdf(BRIEF, self.officer, res_ids=briefs.ids)
        pages = self.assert_stamped(content, "SECRET", SECRET_CAVEAT)
        self.assertGreaterEqual(len(pages), 40)
        # Each brief keeps its own marking in its heading.
        self.assertEqual(pages[0][1], "OFFICIAL")

    def test_brief_prints_uk_dates_in_london_time(self):
        self.officer.tz = False
        content = self._pdf(BRIEF, self.officer, res_ids=self.e_bank.ids)
        text = " ".join(line for page in self._pages(content) for line in page)
        # 10:00 UTC on 10 April 2019 is 11:00 in London (BST).
        self.assertIn("10/04/2019 11:00", text)

    # ------------------------------------------------------------------ logging

    def test_printed_pdf_is_logged_with_its_reference_and_marking(self):
        self._pdf(BRIEF, self.officer, res_ids=self.e_secret.ids)
        log = self._last_log()
        self.assertEqual(
            (log.user_id, log.name, log.res_model, log.marking),
            (self.officer, "Engagement brief", "protect.engagement", "secret"),
        )

    def test_html_preview_is_not_logged(self):
        before = self._last_log()
        self.env["ir.actions.report"].with_user(self.officer)._render_qweb_pdf(
            BRIEF, res_ids=self.e_bank.ids
        )
        self.assertEqual(self._last_log(), before)

    # ------------------------------------------------------------------ contract

    def test_every_protect_report_sets_protect_marking(self):
        reports = self.env["ir.actions.report"].search(
            [("report_name", "=like", "protect_engagement.%")]
        )
        self.assertGreaterEqual(len(reports), 6)
        reports_as_admin = self.env["ir.actions.report"].with_user(self.admin)
        for report in reports:
            with self.subTest(report=report.report_name):
                if report.model == "protect.engagement":
                    docids = self.e_bank.ids
                elif report.model == "res.partner":
                    docids = self.banker.ids
                elif report.model == "protect.report.wizard":
                    docids = []
                else:
                    docids = (
                        self.env[report.model].with_user(self.admin).search([], limit=1)
                    ).ids
                values = reports_as_admin._get_rendering_context(
                    report, docids, self.filters_data()
                )
                self.assertIn(values.get("protect_marking"), SENSITIVITY_RANK)

    def test_report_without_marking_is_stamped_at_user_clearance(self):
        report = self.env.ref(BRIEF)
        reports = self.env["ir.actions.report"].with_user(self.officer_mv)
        with self.assertLogs(
            "odoo.addons.protect_engagement.models.ir_actions_report", "WARNING"
        ):
            marking = reports._protect_pdf_marking(report, [None])
        self.assertEqual(marking, "official_sensitive")

    # ------------------------------------------------------------------ caveats

    def test_liaison_cannot_write_caveats(self):
        with self.assertRaises(AccessError):
            self.official_caveat.with_user(self.liaison).caveat = "Anything"

    def test_manager_cannot_write_caveats(self):
        with self.assertRaises(AccessError):
            self.official_caveat.with_user(self.manager).caveat = "Anything"

    def test_liaison_reads_caveats(self):
        self.assertEqual(
            len(self.caveats.with_user(self.liaison).search([])),
            len(SENSITIVITY_RANK),
        )

    def test_second_caveat_for_same_marking_is_refused(self):
        with self.assertRaisesRegex(ValidationError, r"^Marking: SECRET already"):
            self.caveats.with_user(self.admin).create(
                {"marking": "secret", "caveat": "Another"}
            )

    def test_empty_caveat_is_accepted(self):
        secret = self.env.ref("protect_engagement.protect_marking_caveat_secret")
        secret.with_user(self.admin).caveat = ""
        self.assertEqual(self.caveats._protect_caveat("secret"), "")


@tagged("post_install", "-at_install")
class TestCpdPdfMarking(PdfStampCase, CpdCase):
    """CPD carries no protective marking: its PDFs are OFFICIAL."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.today()
        cls.year = cls.env["protect.cpd.record"]._cpd_year().label
        for employee in (cls.officer_emp, cls.officer_2_emp):
            cls.approved_cpd(employee, cls.today, 3.0)

    def _rows(self, user, employees):
        self.env.invalidate_all()
        return (
            self.env["protect.cpd.summary"]
            .with_user(user)
            .search(
                [("employee_id", "in", employees.ids), ("cpd_year", "=", self.year)]
            )
        )

    def test_cpd_statement_is_stamped_official(self):
        rows = self._rows(self.officer, self.officer_emp)
        content = self._pdf(CPD_STATEMENT, self.officer, res_ids=rows.ids)
        self.assert_stamped(content, "OFFICIAL")

    def test_cpd_statement_prints_uk_dates(self):
        rows = self._rows(self.officer, self.officer_emp)
        content = self._pdf(CPD_STATEMENT, self.officer, res_ids=rows.ids)
        text = " ".join(line for page in self._pages(content) for line in page)
        self.assertIn(self.today.strftime("%d/%m/%Y"), text)
        self.assertIn(rows.date_start.strftime("%d/%m/%Y"), text)

    def test_team_cpd_is_stamped_official(self):
        rows = self._rows(self.manager, self.officer_emp | self.officer_2_emp)
        self.assertEqual(len(rows), 2)
        content = self._pdf(CPD_TEAM, self.manager, res_ids=rows.ids)
        self.assert_stamped(content, "OFFICIAL")
