"""Documents fit to hand over: the organisation's heading, one date style,
tables that keep their heading and rows whole, readable CPD PDFs.

Long tables print two ways, by what the PDF engine can do. wkhtmltopdf built
on patched Qt repeats a table's headings on every page and keeps rows whole:
there a long table is one table. Debian's build (unpatched Qt) splits table
rows across pages and leaves a table's heading alone at the foot of a page,
but never splits a block kept whole: there it is built from such blocks. The
tests check both, whichever engine this machine has.
"""

import re
import shutil
import subprocess
from contextlib import contextmanager
from unittest.mock import patch

from lxml import html

import odoo
from odoo import fields
from odoo.tests import tagged

from ..reports.protect_report_common import format_uk_date
from .cpd_common import CpdCase
from .report_common import ProtectReportCase

BRIEF = "protect_engagement.protect_engagement_report_brief"
CPD_STATEMENT = "protect_engagement.protect_cpd_report_statement"
SUBJECT_ACCESS = "protect_engagement.report_subject_access"
COVERAGE = "protect_engagement.protect_report_coverage"
PANEL = "protect_engagement.protect_report_panel_membership"


def texts(node):
    return " ".join(node.text_content().split())


@contextmanager
def pdf_engine(env, patched_qt):
    """Render as if wkhtmltopdf were (not) built on patched Qt."""
    with patch.object(
        type(env["ir.actions.report"]),
        "_protect_paged_tables",
        lambda self: patched_qt,
    ):
        yield


@tagged("post_install", "-at_install")
class TestReportLayout(ProtectReportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.partner_id.write(
            {
                "name": "Testshire Regional Fraud Unit",
                "street": "1 Test Street",
                "street2": False,
                "city": "Testbury",
                "zip": "TB1 2CD",
                "state_id": False,
            }
        )
        cls.env.company.name = "Testshire Regional Fraud Unit"

    def _html(self, report, user, docids, data=None):
        self.env.invalidate_all()
        content, _kind = (
            self.env["ir.actions.report"]
            .with_user(user)
            ._render_qweb_html(report, docids, data=data)
        )
        return html.fromstring(content)

    def _brief(self, user=None):
        return self._html(BRIEF, user or self.officer, self.e_bank.ids)

    # ------------------------------------------------------------ heading

    def test_brief_heading_names_the_organisation_and_its_address(self):
        heading = self._brief().xpath("//table[hasclass('o_protect_organisation')]")
        organisation = texts(heading[0]).split(" Printed by", maxsplit=1)[0]
        self.assertRegex(
            organisation,
            r"^Testshire Regional Fraud Unit 1 Test Street, Testbury\b.*TB1 2CD",
        )

    def test_coverage_heading_names_the_organisation(self):
        tree = html.fromstring(self.render_html(COVERAGE, self.manager))
        heading = tree.xpath("//table[hasclass('o_protect_organisation')]")
        self.assertIn("Testshire Regional Fraud Unit", texts(heading[0]))

    def test_heading_prints_the_company_logo_once_set(self):
        # A 1x1 PNG.
        self.env.company.logo = (
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQ"
            "DwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
        )
        logos = self._brief().xpath("//td[hasclass('o_protect_logo')]/img/@src")
        self.assertEqual(len(logos), 1)
        self.assertTrue(logos[0].startswith("data:image/png;base64,"))

    def test_brief_printed_on_reads_dd_mm_yyyy(self):
        today = format_uk_date(self.env, fields.Date.context_today(self.officer))
        printed = f"Printed by {self.officer.name} on {today}"
        self.assertIn(printed, texts(self._brief()))

    def test_brief_names_each_organisation_once_with_its_people(self):
        [row] = self._brief().xpath("//tr[th[normalize-space()='Stakeholders']]/td")
        self.assertEqual(texts(row), "Testshire Savings Bank: Bea Banker")

    # ------------------------------------------------------------ dates

    def _panel_html(self):
        # The test panels have no force area: print every area's panels.
        return html.fromstring(self.render_html(PANEL, self.officer, force_area_ids=[]))

    def test_panel_membership_prints_member_since_as_dd_mm_yyyy(self):
        text = texts(self._panel_html())
        self.assertIn("01/01/2019", text)

    def test_coverage_subtitle_prints_periods_as_dd_mm_yyyy(self):
        text = texts(html.fromstring(self.render_html(COVERAGE, self.manager)))
        self.assertIn("01/04/2019 to 30/06/2019, compared with 01/01/2019", text)

    # ------------------------------------------------------------ wording

    def test_cold_sentence_without_never_engaged_says_nothing_of_them(self):
        report = self.env["report.protect_engagement.report_coverage"]
        sentences = report._summary_cold({"count": 3, "never_count": 0}, 90)
        self.assertEqual(
            sentences,
            ["3 active partnerships have had no engagement for 90 days or more."],
        )

    def test_coverage_cold_list_prints_never_engaged_without_dash(self):
        tree = html.fromstring(self.render_html(COVERAGE, self.manager))
        text = texts(tree)
        self.assertIn("Testshire Parish Council", text)
        self.assertNotRegex(text, r"(^|\s)-(\s|$)")

    # ------------------------------------------------------------ tables

    def _forum_block(self, patched_qt=False):
        with pdf_engine(self.env, patched_qt):
            tree = self._panel_html()
        return tree.xpath("//div[h3[normalize-space()='Testshire Fraud Forum']]")[0]

    def test_panel_membership_heading_kept_with_column_headings_and_first_row(self):
        block = self._forum_block()
        self.assertIn("o_protect_keep", block.get("class"))
        self.assertEqual(len(block.xpath(".//thead/tr")), 1)
        self.assertEqual(len(block.xpath(".//tbody/tr")), 1)

    def test_panel_membership_second_member_is_its_own_unbreakable_block(self):
        block = self._forum_block()
        first = texts(block.xpath(".//tbody/tr")[0])
        second = block.xpath("following-sibling::table[1][hasclass('o_protect_row')]")
        self.assertEqual(len(second), 1)
        names = {self.banker.name, self.officer.name}
        self.assertEqual(
            {name for name in names if name in first or name in texts(second[0])},
            names,
        )

    def test_panel_membership_is_one_table_with_repeating_headings_on_patched_qt(self):
        block = self._forum_block(patched_qt=True)
        tables = block.xpath(".//table")
        self.assertEqual(len(tables), 1)
        self.assertEqual(len(tables[0].xpath("thead/tr")), 1)
        rows = " ".join(texts(row) for row in tables[0].xpath("tbody/tr"))
        self.assertIn(self.banker.name, rows)
        self.assertIn(self.officer.name, rows)
        self.assertFalse(
            block.xpath("following-sibling::table[hasclass('o_protect_row')]")
        )

    def test_repeated_headings_and_whole_rows_are_asked_of_the_engine(self):
        with pdf_engine(self.env, True):
            tree = self._panel_html()
        style = " ".join(tree.xpath("//style/text()"))
        self.assertRegex(
            style, r"\.o_protect_table thead \{ display: table-header-group; \}"
        )
        self.assertRegex(style, r"\.o_protect_table tr \{ page-break-inside: avoid; \}")

    def test_subject_access_section_heading_kept_with_its_table(self):
        with pdf_engine(self.env, False):
            tree = self._html(SUBJECT_ACCESS, self.admin, self.banker.ids)
        block = tree.xpath(
            "//div[hasclass('o_protect_keep')][h2[normalize-space()="
            "'Engagements naming them']]"
        )
        self.assertEqual(len(block), 1)
        self.assertEqual(len(block[0].xpath(".//thead/tr")), 1)
        self.assertEqual(len(block[0].xpath(".//tbody/tr")), 1)

    def test_subject_access_columns_share_one_width_in_every_row(self):
        tree = self._html(SUBJECT_ACCESS, self.admin, self.banker.ids)
        block = tree.xpath("//div[h2[normalize-space()='Panel memberships']]")[0]
        widths = block.xpath(".//col/@style")
        self.assertTrue(widths)
        self.assertTrue(all(re.match(r"width: [\d.]+%;", w) for w in widths))


@tagged("post_install", "-at_install")
class TestCpdReportLayout(CpdCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.today()
        cls.year = cls.env["protect.cpd.record"]._cpd_year()
        cls.approved_cpd(cls.officer_emp, cls.today, 4.5, cls.cat_elearning)

    def _rows(self):
        self.env.invalidate_all()
        return (
            self.env["protect.cpd.summary"]
            .with_user(self.officer)
            .search(
                [
                    ("employee_id", "=", self.officer_emp.id),
                    ("cpd_year", "=", self.year.label),
                ]
            )
        )

    def _statement_html(self):
        content, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.officer)
            ._render_qweb_html(CPD_STATEMENT, self._rows().ids)
        )
        return html.fromstring(content)

    def test_cpd_statement_category_without_minimum_prints_no_dashes(self):
        text = texts(self._statement_html())
        self.assertIn("No minimum", text)
        self.assertNotIn("- -", text)

    def test_cpd_statement_signatures_are_one_unbreakable_block(self):
        tree = self._statement_html()
        signatures = tree.xpath("//table[hasclass('o_protect_signatures')]")
        self.assertEqual(len(signatures), 1)
        self.assertIn("Signed (manager)", texts(signatures[0]))

    def test_cpd_statement_pdf_text_is_selectable_with_the_stylesheets(self):
        """With the report's stylesheets served (as in production), the text
        is real text, not the outlines wkhtmltopdf draws for web fonts."""
        for tool in ("pdftotext", "wkhtmltopdf"):
            if not shutil.which(tool):
                self.skipTest(f"{tool} is not installed")
        server = odoo.service.server.server
        if not (server and getattr(server, "httpd", None)):
            self.skipTest("no HTTP server to serve the report stylesheets")
        self.env["ir.config_parameter"].set_param(
            "report.url", f"http://127.0.0.1:{server.httpd.server_port}"
        )
        self.env.invalidate_all()
        with self.allow_pdf_render():
            pdf, _kind = (
                self.env["ir.actions.report"]
                .with_user(self.officer)
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf(CPD_STATEMENT, self._rows().ids)
            )
        text = subprocess.run(
            ["pdftotext", "-", "-"],
            input=pdf,
            capture_output=True,
            check=True,
            timeout=60,
        ).stdout.decode()
        self.assertIn("Approved CPD", text)
