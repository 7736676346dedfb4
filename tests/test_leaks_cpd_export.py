"""Issue 9, sealing the vetting boundary: CSV and XLSX exports, wizards owned by
their user, CPD hours and evidence, the CPD provider, and bad input on the
report and export wizards."""

import csv
import io
import json
import zipfile
from datetime import date, timedelta

import openpyxl

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .cpd_common import CpdCase
from .report_common import PERIOD, ProtectReportCase

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class WizardCase(ProtectReportCase):
    def report_wizard(self, user=None, **values):
        return (
            self.env["protect.report.wizard"]
            .with_user(user or self.manager)
            .create({"date_from": PERIOD[0], "date_to": PERIOD[1], **values})
        )

    def export(self, export_format, user=None):
        wizard = self._export_wizard(user=user, export_format=export_format)
        self.env.invalidate_all()
        buffer = io.BytesIO()
        wizard._write_export(buffer)
        return buffer.getvalue()

    def csv_files(self, user=None):
        """{file name: rows} of the CSV export."""
        with zipfile.ZipFile(io.BytesIO(self.export("csv", user=user))) as archive:
            return {
                name: list(
                    csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig")))
                )
                for name in archive.namelist()
            }


@tagged("post_install", "-at_install")
class TestExportCells(WizardCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Names as they may arrive by e-mail, each starting a formula.
        cls.bank.name = '=HYPERLINK("http://evil.example.com","Bank")'
        cls.school.name = "+44 Academy"
        cls.charity.name = "-1+1"
        cls.parish.name = "@SUM(1+1)"
        cls.banker.name = "\tBea Banker"
        cls.teacher.name = "\r=1+1"

    def test_csv_cells_starting_a_formula_are_written_as_text(self):
        names = {
            self.bank.name,
            self.school.name,
            self.charity.name,
            self.parish.name,
            self.banker.name,
            self.teacher.name,
        }
        cells = [
            cell
            for rows in self.csv_files().values()
            for row in rows
            for cell in row
            if isinstance(cell, str)
        ]
        self.assertEqual([c for c in cells if c.startswith(FORMULA_STARTS)], [])
        self.assertLessEqual({f"'{name}" for name in names}, set(cells))

    def test_xlsx_cells_starting_a_formula_are_text_cells(self):
        book = openpyxl.load_workbook(io.BytesIO(self.export("xlsx")))
        cells = [
            cell
            for sheet in book.worksheets
            for row in sheet.iter_rows()
            for cell in row
            if cell.value is not None
        ]
        self.assertEqual([c.coordinate for c in cells if c.data_type == "f"], [])
        self.assertIn(self.bank.name, {c.value for c in cells})

    def test_csv_files_start_with_the_protective_marking(self):
        marking = json.loads(self.export("json"))["marking"]
        self.assertEqual(marking, "SECRET")
        files = self.csv_files()
        self.assertEqual(len(files), 5)
        self.assertEqual(
            {rows[0][0].split(" \u2014 Ref ")[0] for rows in files.values()}, {marking}
        )
        self.assertEqual({len(rows[0]) for rows in files.values()}, {1})

    def test_csv_marking_follows_the_readers_vetting(self):
        marking = json.loads(self.export("json", user=self.officer_mv))["marking"]
        self.assertNotEqual(marking, "SECRET")
        files = self.csv_files(user=self.officer_mv)
        self.assertEqual(
            {rows[0][0].split(" \u2014 Ref ")[0] for rows in files.values()}, {marking}
        )


@tagged("post_install", "-at_install")
class TestWizardsBelongToTheirUser(WizardCase):
    def test_officer_cannot_read_another_officers_export_wizard(self):
        wizard = self._export_wizard(user=self.officer)
        with self.assertRaises(AccessError):
            wizard.with_user(self.officer_mv).read(["date_from", "export_format"])

    def test_officer_cannot_change_another_officers_export_wizard(self):
        wizard = self._export_wizard(user=self.officer)
        with self.assertRaises(AccessError):
            wizard.with_user(self.officer_mv).write({"export_format": "csv"})

    def test_officer_cannot_export_another_officers_export_wizard(self):
        wizard = self._export_wizard(user=self.officer, export_format="json")
        with self.assertRaises(AccessError):
            wizard.with_user(self.officer_mv).action_export()

    def test_officer_does_not_find_another_officers_export_wizard(self):
        wizard = self._export_wizard(user=self.officer)
        found = self.env["protect.stakeholder.export.wizard"].with_user(self.officer_mv)
        self.assertFalse(found.search([("id", "=", wizard.id)]))

    def test_manager_cannot_read_another_managers_report_wizard(self):
        wizard = self.report_wizard(user=self.manager)
        with self.assertRaises(AccessError):
            wizard.with_user(self.manager_mv).read(["date_from", "cold_days"])

    def test_manager_cannot_change_another_managers_report_wizard(self):
        wizard = self.report_wizard(user=self.manager)
        with self.assertRaises(AccessError):
            wizard.with_user(self.manager_mv).write({"cold_days": 5})

    def test_officer_keeps_their_own_export_wizard(self):
        wizard = self._export_wizard(user=self.officer, export_format="json")
        wizard.write({"export_format": "csv"})
        self.assertEqual(wizard.read(["export_format"])[0]["export_format"], "csv")


@tagged("post_install", "-at_install")
class TestWizardBounds(WizardCase):
    def test_export_to_year_9999_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "^Period end:"):
            self._export_wizard(date_to=date(9999, 12, 31))

    def test_export_from_year_0001_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "^Period start:"):
            self._export_wizard(date_from=date(1, 1, 1))

    def test_coverage_report_for_year_0001_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "^Period start:"):
            self.report_wizard(date_from=date(1, 1, 1), date_to=date(1, 12, 31))

    def test_report_cold_after_a_billion_days_is_refused(self):
        with self.assertRaisesRegex(ValidationError, r"^Cold after \(days\):"):
            self.report_wizard(cold_days=10**9)

    def test_report_dates_at_the_bounds_are_accepted(self):
        wizard = self.report_wizard(
            date_from=date(1900, 1, 1), date_to=date(2999, 12, 31), cold_days=3660
        )
        self.assertEqual(wizard.cold_days, 3660)

    def test_coverage_report_data_for_year_9999_is_refused(self):
        with self.assertRaisesRegex(UserError, "^Period end:"):
            self.report_values("report_coverage", self.manager, end=date(9999, 12, 31))

    def test_coverage_report_data_for_year_0001_is_refused(self):
        with self.assertRaisesRegex(UserError, "^Period start:"):
            self.report_values(
                "report_coverage",
                self.manager,
                start=date(1, 1, 1),
                end=date(1, 12, 31),
            )

    def test_coverage_report_data_cold_after_a_billion_days_is_refused(self):
        with self.assertRaisesRegex(UserError, r"^Cold after \(days\):"):
            self.report_values("report_coverage", self.manager, cold_days=10**9)


@tagged("post_install", "-at_install")
class TestExportDownloadOwner(HttpCase):
    def test_officer_cannot_download_another_officers_export(self):
        level = self.env.ref("protect_engagement.protect_vetting_level_sc")
        owner, _other = (
            new_test_user(
                self.env,
                login=login,
                password=f"{login}_pw",
                groups="protect_engagement.group_officer",
                protect_vetting_level_id=level.id,
            )
            for login in ("leak_owner", "leak_other")
        )
        wizard = (
            self.env["protect.stakeholder.export.wizard"]
            .with_user(owner)
            .create(
                {"export_format": "json", "date_from": PERIOD[0], "date_to": PERIOD[1]}
            )
        )
        self.authenticate("leak_other", "leak_other_pw")
        response = self.url_open(f"/protect_engagement/stakeholder_export/{wizard.id}")
        self.assertEqual(response.status_code, 404)


@tagged("post_install", "-at_install")
class TestCpdLeaks(CpdCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.event = cls._cpd_event(
            "Romance fraud seminar", date.today() - timedelta(days=10)
        )
        cls.registration = cls.register(cls.event, cls.officer, state="done")
        # The liaison (NPPV1) is vetted below a SECRET stakeholder organising CPD.
        cls.secret_org = cls.env["res.partner"].create(
            {
                "name": "Operation Nightjar Training Cell",
                "is_company": True,
                "protect_stakeholder": True,
                "protect_sensitivity": "secret",
            }
        )

    def record(self):
        return self.records_of(self.officer_emp, self.event)

    # ------------------------------------------------------------------ hours

    def test_owner_cannot_raise_approved_cpd_hours_through_registration(self):
        self.assertEqual(self.record().state, "approved")
        with self.assert_refused("CPD hours"):
            self.registration.with_user(self.officer).protect_cpd_hours = 4.0
        self.assertEqual(self.record().hours, 3.0)

    def test_manager_changes_approved_cpd_hours_through_registration(self):
        self.registration.with_user(self.manager).protect_cpd_hours = 2.0
        self.assertEqual(self.record().hours, 2.0)

    def test_self_logged_cpd_of_a_million_hours_is_refused(self):
        with self.assert_refused("Hours"):
            self.log_cpd(self.officer, date.today(), hours=1_000_000)
        self.assertFalse(
            self.records_of(self.officer_emp).filtered(lambda r: r.source == "self")
        )

    def test_self_logged_cpd_at_the_maximum_is_accepted(self):
        record = self.log_cpd(self.officer, date.today(), hours=250)
        self.assertEqual(record.hours, 250)

    def test_cpd_event_above_the_maximum_hours_is_refused(self):
        with self.assert_refused("CPD hours"):
            self._cpd_event(
                "Year-long course", date.today(), hours=300, length=24 * 365
            )

    # ------------------------------------------------------------------ evidence

    def upload(self, user, **values):
        return (
            self.env["ir.attachment"]
            .with_user(user)
            .create({"name": "certificate.pdf", "raw": b"%PDF-1.4", **values})
        )

    def test_evidence_refuses_another_users_readable_upload(self):
        # Public, so readable by all: the access check on the link lets it pass.
        theirs = self.upload(self.officer_2, public=True)
        with self.assert_refused("Evidence"):
            self.log_cpd(
                self.officer,
                date.today(),
                attachment_ids=[Command.link(theirs.id)],
            )
        self.assertFalse(theirs.sudo().res_id)

    def test_evidence_refuses_a_file_of_another_record(self):
        mine = self.upload(
            self.officer, res_model="res.partner", res_id=self.officer.partner_id.id
        )
        record = self.log_cpd(self.officer, date.today())
        with self.assert_refused("Evidence"):
            record.attachment_ids = [Command.link(mine.id)]

    def test_evidence_takes_the_users_own_upload(self):
        mine = self.upload(self.officer, res_model="protect.cpd.record", res_id=0)
        record = self.log_cpd(
            self.officer, date.today(), attachment_ids=[Command.link(mine.id)]
        )
        self.assertEqual((mine.res_model, mine.res_id), (record._name, record.id))

    # ------------------------------------------------------------------ provider

    def test_cpd_event_provider_does_not_copy_its_organisers_name(self):
        event = self._cpd_event(
            "Nightjar briefing", date.today(), organizer_id=self.secret_org.id
        )
        self.assertFalse(event.protect_cpd_provider)

    def test_liaison_sees_secret_organiser_of_their_cpd_as_restricted(self):
        event = self._cpd_event(
            "Nightjar briefing", date.today(), organizer_id=self.secret_org.id
        )
        self.register(event, self.liaison, state="done")
        record = self.records_of(self.liaison_emp, event).with_user(self.liaison)
        self.env.invalidate_all()
        values = record.web_read(
            {"provider": {}, "event_organizer_id": {"fields": {"display_name": {}}}}
        )[0]
        self.assertFalse(values["provider"])
        self.assertEqual(values["event_organizer_id"]["display_name"], "Restricted")

    # ------------------------------------------------------------------ counts

    def test_liaison_attendee_count_leaves_out_secret_attendee(self):
        self.register(self.event, self.secret_org)
        self.assertEqual(self.event.seats_taken, 2)
        self.env.invalidate_all()
        event = self.event.with_user(self.liaison)
        self.assertEqual(event.protect_attendee_count, 1)
