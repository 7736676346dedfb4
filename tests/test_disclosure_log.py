import csv
import hashlib
import io
import json
import tempfile
import zipfile
from contextlib import closing, suppress
from unittest.mock import patch

import openpyxl
import psycopg2

from odoo import sql_db
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.protect_engagement.models.protect_disclosure_log import (
    CHAIN_LOCK_KEY,
    GENESIS_HASH,
    row_hash,
)
from odoo.addons.protect_engagement.reports import protect_export_writers

from .common import ProtectCommon
from .report_common import ProtectReportCase

EXTERNAL_EMAIL = "outside.contact@example.com"


class DisclosureLogCase(ProtectCommon):
    @property
    def log(self):
        return self.env["protect.disclosure.log"]

    def record(self, user=None, **values):
        """A row recorded as ``user`` (the liaison): a PDF, OFFICIAL."""
        values = {"kind": "pdf", "name": "Coverage", "content": b"pdf", **values}
        return self.log.with_user(user or self.liaison)._protect_record(**values)

    def rows(self, **domain):
        """Rows (as superuser) whose fields equal ``domain``, oldest first."""
        return self.log.sudo().search(
            [(name, "=", value) for name, value in domain.items()], order="id"
        )

    def fresh_chain(self):
        """Start the chain afresh: no row, the head at the genesis value."""
        self.env.cr.execute("DELETE FROM protect_disclosure_log")
        self.env.cr.execute(
            "UPDATE protect_disclosure_log_head SET last_id = NULL, last_hash = %s",
            [GENESIS_HASH],
        )
        self.env.invalidate_all()


@tagged("post_install", "-at_install")
class TestDisclosureLogApi(DisclosureLogCase):
    """What ``_protect_record`` writes, as any user."""

    def test_record_keeps_who_what_and_hash_of_content(self):
        row = self.record(
            content=b"the file",
            res_model="protect.engagement",
            res_ids=[3, 1, 2],
            filters={"year": 2026},
            marking="secret",
        )
        self.assertEqual(
            (
                row.user_id,
                row.kind,
                row.name,
                row.res_model,
                json.loads(row.res_ids),
                json.loads(row.filters),
                row.record_count,
                row.marking,
                row.content_hash,
            ),
            (
                self.liaison,
                "pdf",
                "Coverage",
                "protect.engagement",
                [3, 1, 2],
                {"year": 2026},
                3,
                "secret",
                hashlib.sha256(b"the file").hexdigest(),
            ),
        )

    def test_record_names_the_real_user_in_a_sudo_environment(self):
        row = (
            self.log.with_user(self.officer)
            .sudo()
            ._protect_record("pdf", "Coverage", content=b"pdf")
        )
        self.assertEqual(row.user_id, self.officer)

    def test_record_takes_a_reference_from_the_sequence(self):
        self.assertRegex(self.record().reference, r"^PE-\d{4}-\d{6}$")

    def test_record_keeps_the_reference_given(self):
        reference = self.log.with_user(self.liaison)._protect_next_reference()
        self.assertEqual(self.record(reference=reference).reference, reference)

    def test_record_hashes_a_file_object_as_its_bytes(self):
        row = self.record(content=io.BytesIO(b"x" * 3_000_000))
        self.assertEqual(row.content_hash, hashlib.sha256(b"x" * 3_000_000).hexdigest())

    def test_row_hash_covers_the_row_and_the_previous_hash(self):
        row = self.record()
        values = {name: row[name] for name in row._fields}
        self.assertEqual(row.row_hash, row_hash(values))

    def test_consecutive_rows_link_in_order(self):
        first, second, third = (self.record() for _i in range(3))
        self.assertEqual(
            (second.previous_hash, third.previous_hash),
            (first.row_hash, second.row_hash),
        )

    def test_append_holds_the_chain_until_its_transaction_ends(self):
        """A second transaction cannot take the chain while this one, which
        appended, is open: it would otherwise chain to the same row."""
        self.record()
        with closing(sql_db.db_connect(self.env.cr.dbname).cursor()) as other:
            other.execute("SET LOCAL lock_timeout = '100ms'")
            with (
                mute_logger("odoo.sql_db"),
                self.assertRaises(psycopg2.errors.LockNotAvailable),
            ):
                other.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])
            other.rollback()

    def test_first_row_chains_to_the_genesis_value(self):
        self.fresh_chain()
        self.assertEqual(self.record().previous_hash, GENESIS_HASH)

    def test_administrator_cannot_create_a_row_by_hand(self):
        with self.assertRaisesRegex(UserError, "^Disclosure log: rows are written"):
            self.log.with_user(self.admin).create(
                {
                    "reference": "X-1",
                    "user_id": self.admin.id,
                    "kind": "pdf",
                    "name": "X",
                }
            )

    def test_administrator_cannot_create_a_row_with_the_recording_flag(self):
        with self.assertRaises(AccessError):
            self.log.with_user(self.admin).with_context(
                protect_disclosure_log_record=True
            ).create(
                {
                    "reference": "X-1",
                    "user_id": self.admin.id,
                    "kind": "pdf",
                    "name": "X",
                }
            )


@tagged("post_install", "-at_install")
class TestDisclosureLogAccess(DisclosureLogCase):
    """Nobody changes a row; administrators read what their vetting clears."""

    def test_administrator_cannot_change_a_row(self):
        row = self.record()
        with self.assertRaisesRegex(UserError, "^Disclosure log: a row is a perm"):
            row.with_user(self.admin).write({"name": "Something else"})

    def test_administrator_cannot_delete_a_row(self):
        row = self.record()
        with self.assertRaisesRegex(UserError, "^Disclosure log: a row is a perm"):
            row.with_user(self.admin).unlink()

    def test_superuser_can_change_a_row(self):
        row = self.record()
        row.sudo().write({"name": "Corrected"})
        self.assertEqual(row.name, "Corrected")

    def test_superuser_can_delete_a_row(self):
        row = self.record()
        row.sudo().unlink()
        self.assertFalse(row.exists())

    def test_administrator_reads_a_secret_row(self):
        row = self.record(marking="secret")
        self.assertEqual(
            row.with_user(self.admin).read(["name"])[0]["name"], "Coverage"
        )

    def test_lower_vetted_administrator_cannot_find_a_secret_row(self):
        row = self.record(marking="secret")
        self.assertFalse(
            self.log.with_user(self.admin_nppv1).search_count([("id", "=", row.id)])
        )

    def test_lower_vetted_administrator_cannot_read_a_secret_row(self):
        row = self.record(marking="secret")
        with self.assertRaises(AccessError):
            row.with_user(self.admin_nppv1).read(["name"])

    def test_officer_cannot_read_any_row(self):
        self.record()
        with self.assertRaises(AccessError):
            self.log.with_user(self.officer).search_count([])

    def test_liaison_cannot_read_any_row(self):
        self.record()
        with self.assertRaises(AccessError):
            self.log.with_user(self.liaison).search_count([])


@tagged("post_install", "-at_install")
class TestDisclosureLogVerify(DisclosureLogCase):
    """Verify log walks the whole chain and says where it breaks."""

    def setUp(self):
        super().setUp()
        self.fresh_chain()
        self.first, self.second, self.third = (self.record() for _i in range(3))

    def verify(self, user=None):
        action = self.log.with_user(user or self.admin).action_protect_verify()
        return action["params"]["message"]

    def test_verify_says_an_untouched_log_is_intact(self):
        self.assertEqual(self.verify(), "The log is intact: 3 rows checked.")

    def test_verify_finds_a_row_deleted_in_sql(self):
        self.env.cr.execute(
            "DELETE FROM protect_disclosure_log WHERE id = %s", [self.second.id]
        )
        self.assertEqual(
            self.verify(),
            f"The chain breaks at {self.third.reference} (row 2): "
            "row before it missing.",
        )

    def test_verify_finds_a_row_changed_in_sql(self):
        self.env.cr.execute(
            "UPDATE protect_disclosure_log SET record_count = 99 WHERE id = %s",
            [self.second.id],
        )
        self.assertEqual(
            self.verify(),
            f"The chain breaks at {self.second.reference} (row 2): row changed.",
        )

    def test_verify_finds_a_row_changed_and_rehashed_in_sql(self):
        values = {name: self.second[name] for name in self.second._fields}
        values["name"] = "Something else"
        self.env.cr.execute(
            "UPDATE protect_disclosure_log SET name = %s, row_hash = %s WHERE id = %s",
            [values["name"], row_hash(values), self.second.id],
        )
        self.assertEqual(
            self.verify(),
            f"The chain breaks at {self.third.reference} (row 3): "
            "row before it missing.",
        )

    def test_verify_finds_the_last_row_deleted_in_sql(self):
        self.env.cr.execute(
            "DELETE FROM protect_disclosure_log WHERE id = %s", [self.third.id]
        )
        self.assertEqual(
            self.verify(),
            "The chain breaks at its end, after row 2: rows after it missing.",
        )

    def test_liaison_cannot_verify_the_log(self):
        with self.assertRaises(AccessError):
            self.verify(self.liaison)


@tagged("post_install", "-at_install")
class TestDisclosureLogStakeholderExport(ProtectReportCase, DisclosureLogCase):
    """The stakeholder-map export logs the file it wrote, and prints the
    reference in it."""

    def export(self, export_format, user=None):
        wizard = self._export_wizard(user=user, export_format=export_format)
        self.env.invalidate_all()
        buffer = io.BytesIO()
        row = wizard._write_export(buffer)
        return row, buffer.getvalue()

    def test_export_logs_a_row_with_the_hash_of_the_file(self):
        row, content = self.export("json")
        self.assertEqual(
            (row.kind, row.name, row.res_model, row.content_hash),
            (
                "export",
                "json",
                "res.partner",
                hashlib.sha256(content).hexdigest(),
            ),
        )

    def test_export_logs_the_stakeholders_exported(self):
        row, content = self.export("json")
        nodes = json.loads(content)["nodes"]
        stakeholders = [n for n in nodes if n["type"] in ("organisation", "person")]
        self.assertEqual(row.record_count, len(stakeholders))

    def test_export_logs_the_wizard_filters(self):
        row, _content = self.export("json")
        filters = json.loads(row.filters)
        self.assertEqual(
            (
                filters["format"],
                filters["date_from"],
                sorted(filters["force_area_ids"]),
            ),
            ("json", "2019-04-01", sorted(self.areas.ids)),
        )

    def test_export_logs_the_highest_marking_it_holds(self):
        row, _content = self.export("json")  # the SC officer sees the hidden bank
        self.assertEqual(row.marking, "secret")

    def test_export_of_lower_vetted_officer_logs_its_own_marking(self):
        row, _content = self.export("json", user=self.officer_mv)
        self.assertNotEqual(row.marking, "secret")

    def test_json_export_carries_the_reference(self):
        row, content = self.export("json")
        self.assertEqual(json.loads(content)["reference"], row.reference)

    def test_graphml_export_carries_the_reference(self):
        row, content = self.export("graphml")
        self.assertIn(f">{row.reference}<".encode(), content)

    def test_gexf_export_carries_the_reference(self):
        row, content = self.export("gexf")
        self.assertIn(f"reference: {row.reference}".encode(), content)

    def test_csv_export_carries_the_reference_on_the_marking_line(self):
        row, content = self.export("csv")
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            text = archive.read("organisations.csv").decode("utf-8-sig")
        first = next(csv.reader(io.StringIO(text)))
        self.assertEqual(first, [f"SECRET \u2014 Ref {row.reference}"])

    def test_xlsx_export_carries_the_reference_in_the_footer(self):
        row, content = self.export("xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
        self.assertEqual(sheet.oddFooter.left.text, row.reference)

    def test_spooled_export_hashes_the_spool_and_leaves_it_at_its_end(self):
        """What the controller does: write to a temporary file, then stream
        from it, its size being where the file stands."""
        wizard = self._export_wizard(export_format="csv")
        with tempfile.TemporaryFile() as spool:
            row = wizard._write_export(spool)
            size = spool.tell()
            spool.seek(0)
            content = spool.read()
        self.assertEqual(
            (size, row.content_hash),
            (len(content), hashlib.sha256(content).hexdigest()),
        )

    def test_failed_export_logs_nothing(self):
        def half_written(fileobj, *args):
            fileobj.write(b'{"nodes": [')
            raise OSError("disk full")

        before = len(self.rows(kind="export"))
        # Suppressed, not asserted: assertRaises would roll back what was
        # logged.
        with (
            patch.object(protect_export_writers, "write_json", half_written),
            suppress(OSError),
        ):
            self.export("json")
        self.assertEqual(len(self.rows(kind="export")), before)


@tagged("post_install", "-at_install")
class TestDisclosureLogListExport(DisclosureLogCase):
    """The web client's Export (CSV and XLSX both call export_data)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bank = cls._stakeholder("Trentside Credit Union")
        cls.meetings = cls._engagement("Open meeting") | cls._engagement(
            "Hidden meeting", sensitivity="secret"
        )

    def test_list_export_of_protect_records_logs_a_row(self):
        records = self.meetings.with_user(self.officer)
        result = records.export_data(["name"])
        row = self.rows(kind="list_export")[-1:]
        self.assertEqual(
            (
                row.user_id,
                row.name,
                row.res_model,
                json.loads(row.res_ids),
                row.record_count,
                row.marking,
                row.content_hash,
            ),
            (
                self.officer,
                records._description,
                "protect.engagement",
                records.ids,
                2,
                "secret",
                hashlib.sha256(json.dumps(result["datas"]).encode()).hexdigest(),
            ),
        )

    def test_list_export_of_a_stakeholder_logs_a_row(self):
        self.bank.with_user(self.officer).export_data(["name"])
        self.assertEqual(self.rows(kind="list_export").res_ids, f"[{self.bank.id}]")

    def test_list_export_of_other_partners_logs_nothing(self):
        outsider = self.env["res.partner"].create({"name": "Not a stakeholder"})
        outsider.with_user(self.officer).export_data(["name"])
        self.assertFalse(self.rows(kind="list_export"))


@tagged("post_install", "-at_install")
class TestDisclosureLogEmail(DisclosureLogCase):
    """An e-mail queued about a marked record is logged; a cancelled one is
    not, as it never leaves."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, mail_notify_force_send=False))
        cls.external = cls.env["res.partner"].create(
            {"name": "Outside Contact", "email": EXTERNAL_EMAIL}
        )

    def post(self, record):
        """Post a comment on ``record`` as the officer."""
        self.env.invalidate_all()
        return record.with_user(self.officer).message_post(
            body="Meeting notes",
            subject="Meeting notes",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    def test_email_on_an_official_engagement_logs_a_row(self):
        meeting = self._engagement("Open meeting")
        meeting.message_subscribe(partner_ids=self.external.ids)
        message = self.post(meeting)
        mail = (
            self.env["mail.mail"].sudo().search([("mail_message_id", "=", message.id)])
        )
        row = self.rows(kind="email", name="Meeting notes")
        self.assertEqual(
            (
                row.name,
                row.res_model,
                row.res_ids,
                row.record_count,
                row.marking,
                row.content_hash,
            ),
            (
                "Meeting notes",
                "protect.engagement",
                f"[{meeting.id}]",
                1,
                "official",
                hashlib.sha256(mail.body_html.encode()).hexdigest(),
            ),
        )

    def test_cancelled_email_about_a_sensitive_engagement_logs_nothing(self):
        meeting = self._engagement("Sensitive", sensitivity="official_sensitive")
        mail = self.env["mail.mail"].create(
            {
                "model": "protect.engagement",
                "res_id": meeting.id,
                "subject": "Sensitive notes",
                "body_html": "<p>Notes</p>",
                "email_to": EXTERNAL_EMAIL,
            }
        )
        self.assertEqual(
            (mail.state, self.rows(kind="email", name="Sensitive notes")),
            ("cancel", self.log.sudo()),
        )

    def test_email_queued_about_an_official_engagement_logs_a_row(self):
        meeting = self._engagement("Open meeting")
        self.env["mail.mail"].create(
            {
                "model": "protect.engagement",
                "res_id": meeting.id,
                "subject": "Open notes",
                "body_html": "<p>Notes</p>",
                "email_to": EXTERNAL_EMAIL,
            }
        )
        self.assertEqual(
            self.rows(kind="email", name="Open notes").content_hash,
            hashlib.sha256(b"<p>Notes</p>").hexdigest(),
        )

    def test_email_on_an_open_stakeholder_logs_a_row(self):
        bank = self._stakeholder("Trentside Credit Union")
        bank.message_subscribe(partner_ids=self.external.ids)
        self.post(bank)
        self.assertEqual(
            self.rows(kind="email", name="Meeting notes").res_ids, f"[{bank.id}]"
        )


@tagged("post_install", "-at_install")
class TestDisclosureLogReport(DisclosureLogCase):
    """The PDF of the selected rows prints what the reader may read, marked
    with the highest marking printed."""

    REPORT = "protect_engagement.report_disclosure_log"

    def setUp(self):
        super().setUp()
        self.open_row = self.record(name="Open print")
        self.secret_row = self.record(name="Secret print", marking="secret")
        self.rows_printed = self.open_row | self.secret_row

    def html(self, user):
        report = self.env["ir.actions.report"].with_user(user)
        return report._render_qweb_html(self.REPORT, self.rows_printed.ids)[0]

    def test_report_is_marked_with_the_highest_marking_printed(self):
        values = self.env[f"report.{self.REPORT}"].with_user(self.admin)
        self.assertEqual(
            values._get_report_values(self.rows_printed.ids)["protect_marking"],
            "secret",
        )

    def test_report_prints_the_rows(self):
        html = self.html(self.admin).decode()
        self.assertIn(self.secret_row.reference, html)

    def test_report_leaves_out_rows_above_the_readers_vetting(self):
        values = self.env[f"report.{self.REPORT}"].with_user(self.admin_nppv1)
        printed = values._get_report_values(self.rows_printed.ids)
        self.assertEqual(
            ([line["name"] for line in printed["lines"]], printed["protect_marking"]),
            (["Open print"], "official"),
        )

    def test_officer_cannot_print_the_log(self):
        values = self.env[f"report.{self.REPORT}"].with_user(self.officer)
        with self.assertRaises(AccessError):
            values._get_report_values(self.rows_printed.ids)
