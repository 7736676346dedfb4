import csv
import io
import json
import zipfile

import networkx as nx
import openpyxl

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, tagged

from .report_common import PERIOD, ProtectReportCase

SHEETS = ["Organisations", "People", "Panels", "Memberships", "Engagement summary"]
CSV_FILES = [
    "organisations.csv",
    "people.csv",
    "panels.csv",
    "memberships.csv",
    "engagements.csv",
]


class ExportCase(ProtectReportCase):
    def wizard(self, user=None, **values):
        return self._export_wizard(user=user, **values)

    def export(self, export_format, user=None, batch_size=None, **values):
        wizard = self.wizard(user=user, export_format=export_format, **values)
        self.env.invalidate_all()
        buffer = io.BytesIO()
        if batch_size:
            wizard._write_export(buffer, batch_size=batch_size)
        else:
            wizard._write_export(buffer)
        return buffer.getvalue()

    def graph(self, export_format, user=None, **values):
        content = self.export(export_format, user=user, **values)
        if export_format == "graphml":
            return nx.read_graphml(io.BytesIO(content))
        if export_format == "gexf":
            return nx.read_gexf(io.BytesIO(content))
        return nx.node_link_graph(json.loads(content), edges="edges")

    def workbook(self, user=None, **values):
        content = self.export("xlsx", user=user, **values)
        return openpyxl.load_workbook(io.BytesIO(content))

    @staticmethod
    def sheet_rows(sheet):
        rows = list(sheet.iter_rows(values_only=True))
        header = rows[0]
        return header, [dict(zip(header, row, strict=True)) for row in rows[1:]]

    def key(self, prefix, record):
        return f"{prefix}-{record.id}"

    @staticmethod
    def relations(graph, source, target):
        """{relation: edge data} of the edges from source to target."""
        return {
            data["relation"]: data
            for _s, _t, data in graph.edges([source], data=True)
            if _t == target
        }


@tagged("post_install", "-at_install")
class TestSpreadsheetExports(ExportCase):
    def test_xlsx_has_the_sheets_with_headers_filters_and_frozen_panes(self):
        book = self.workbook()
        self.assertEqual(book.sheetnames, SHEETS)
        for sheet in book.worksheets:
            with self.subTest(sheet=sheet.title):
                self.assertEqual(sheet.freeze_panes, "B2")
                self.assertTrue(sheet.auto_filter.ref.startswith("A1:"))
                self.assertIn(sheet.cell(1, 1).value, ("Key", "Panel key"))

    def test_xlsx_rows(self):
        book = self.workbook()
        _header, organisations = self.sheet_rows(book["Organisations"])
        by_name = {row["Name"]: row for row in organisations}
        self.assertEqual(
            set(by_name),
            {
                self.bank.name,
                self.school.name,
                self.charity.name,
                self.college.name,
                self.parish.name,
                self.hidden_bank.name,
            },
        )
        bank = by_name[self.bank.name]
        self.assertEqual(bank["Key"], self.key("org", self.bank))
        self.assertEqual(bank["Sector group"], "Industry")
        self.assertEqual(bank["Force area"], "Testshire")
        self.assertEqual((bank["Power"], bank["Interest"]), (5, 5))
        self.assertEqual(bank["Engagements in period"], 3)
        _header, people = self.sheet_rows(book["People"])
        self.assertEqual(
            {(row["Name"], row["Organisation"]) for row in people},
            {(self.banker.name, self.bank.name), (self.teacher.name, self.school.name)},
        )
        _header, panels = self.sheet_rows(book["Panels"])
        self.assertEqual([row["Name"] for row in panels], [self.panel.name])
        _header, memberships = self.sheet_rows(book["Memberships"])
        self.assertEqual(
            {(row["Member"], row["Role"]) for row in memberships},
            {(self.banker.name, "Core member"), (self.officer.name, "Secretariat")},
        )
        _header, engagements = self.sheet_rows(book["Engagement summary"])
        self.assertEqual(len(engagements), 7)
        self.assertNotIn("Quarter-end call", {row["Subject"] for row in engagements})

    def test_csv_zip_holds_the_same_tables(self):
        content = self.export("csv")
        book = self.workbook()
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            self.assertEqual(archive.namelist(), CSV_FILES)
            for name, sheet in zip(CSV_FILES, SHEETS, strict=True):
                with self.subTest(file=name):
                    text = archive.read(name).decode("utf-8-sig")
                    marking, *rows = list(csv.reader(io.StringIO(text)))
                    # The marking, then the disclosure log's reference.
                    self.assertEqual(len(marking), 1)
                    self.assertRegex(marking[0], r"^SECRET \u2014 Ref PE-\d{4}-\d{6}$")
                    self.assertEqual(len(rows), book[sheet].max_row)
                    self.assertEqual(
                        rows[0], [cell.value for cell in next(book[sheet].iter_rows())]
                    )


@tagged("post_install", "-at_install")
class TestNetworkExports(ExportCase):
    def check_graph(self, graph):
        bank = self.key("org", self.bank)
        banker = self.key("person", self.banker)
        officer = self.key("officer", self.officer)
        manager = self.key("officer", self.manager)
        panel = self.key("panel", self.panel)
        self.assertEqual(
            {data["type"] for _node, data in graph.nodes(data=True)},
            {"organisation", "person", "officer", "panel"},
        )
        self.assertEqual(graph.number_of_nodes(), 6 + 2 + 2 + 1)
        attributes = graph.nodes[bank]
        self.assertEqual(attributes["label"], self.bank.name)
        self.assertEqual(attributes["sector"], "Finance and banking")
        self.assertEqual(attributes["sector_group"], "Industry")
        self.assertEqual(attributes["force_area"], "Testshire")
        self.assertEqual((attributes["power"], attributes["interest"]), (5, 5))
        self.assertEqual(attributes["status"], "Active")
        self.assertEqual(attributes["quadrant"], "Manage closely")
        self.assertEqual(self.relations(graph, banker, bank).keys(), {"works_for"})
        self.assertEqual(
            self.relations(graph, banker, panel)["member_of"]["role"], "Core member"
        )
        self.assertEqual(
            self.relations(graph, officer, panel)["member_of"]["role"], "Secretariat"
        )
        owned = self.relations(graph, officer, bank)
        self.assertEqual(owned.keys(), {"relationship_owner", "engaged_with"})
        self.assertEqual(owned["engaged_with"]["weight"], 2)
        self.assertEqual(
            self.relations(graph, manager, bank)["engaged_with"]["weight"], 1
        )
        charity = self.relations(graph, officer, self.key("org", self.charity))
        self.assertEqual(charity["engaged_with"]["weight"], 3)

    def test_graphml_reads_back_with_networkx(self):
        self.check_graph(self.graph("graphml"))

    def test_gexf_reads_back_with_networkx(self):
        self.check_graph(self.graph("gexf"))

    def test_json_reads_back_as_node_link_graph(self):
        self.check_graph(self.graph("json"))
        data = json.loads(self.export("json"))
        self.assertEqual(data["format"], "protect-stakeholder-map")
        self.assertEqual(data["period"], "2019-04-01/2019-06-30")
        self.assertEqual(data["marking"], "SECRET")

    def test_batches_give_the_same_file(self):
        whole = self.graph("graphml")
        batched = self.graph("graphml", batch_size=1)
        self.assertEqual(set(whole.nodes), set(batched.nodes))
        self.assertEqual(
            sorted((s, t, d["relation"]) for s, t, d in whole.edges(data=True)),
            sorted((s, t, d["relation"]) for s, t, d in batched.edges(data=True)),
        )
        book = openpyxl.load_workbook(io.BytesIO(self.export("xlsx", batch_size=2)))
        self.assertEqual(book["Engagement summary"].max_row, 8)


@tagged("post_install", "-at_install")
class TestExportVetting(ExportCase):
    def test_lower_vetting_omits_secret_stakeholder_from_graph(self):
        for export_format in ("graphml", "gexf", "json"):
            with self.subTest(format=export_format):
                graph = self.graph(export_format, user=self.officer_mv)
                self.assertNotIn(self.key("org", self.hidden_bank), graph)
                self.assertFalse(
                    any(
                        "Hidden Harbour" in str(d.get("label"))
                        for _n, d in graph.nodes(data=True)
                    )
                )
                officer = self.key("officer", self.officer)
                bank = self.relations(graph, officer, self.key("org", self.bank))
                # The secret bank meeting is gone; the briefing remains.
                self.assertEqual(bank["engaged_with"]["weight"], 1)

    def test_lower_vetting_omits_secret_stakeholder_and_engagements_from_tables(self):
        book = self.workbook(user=self.officer_mv)
        _header, organisations = self.sheet_rows(book["Organisations"])
        self.assertNotIn(self.hidden_bank.name, {row["Name"] for row in organisations})
        _header, engagements = self.sheet_rows(book["Engagement summary"])
        subjects = {row["Subject"] for row in engagements}
        self.assertNotIn("Harbour secret meeting", subjects)
        self.assertNotIn("Bank secret meeting", subjects)
        self.assertIn("Elders and harbour", subjects)
        mixed = next(
            row for row in engagements if row["Subject"] == "Elders and harbour"
        )
        self.assertNotIn("Hidden Harbour", mixed["Stakeholders"])
        csv_text = self.export("csv", user=self.officer_mv)
        with zipfile.ZipFile(io.BytesIO(csv_text)) as archive:
            for name in CSV_FILES:
                self.assertNotIn(
                    "Hidden Harbour", archive.read(name).decode("utf-8-sig")
                )
                self.assertNotIn(
                    "secret meeting", archive.read(name).decode("utf-8-sig")
                )


@tagged("post_install", "-at_install")
class TestExportBadInput(ExportCase):
    def test_export_without_format_is_refused(self):
        wizard = self.wizard(export_format=False)
        with self.assertRaisesRegex(UserError, "^Format:"):
            wizard.action_export()

    def test_period_ending_before_it_starts_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "^Period end:"):
            self.wizard(date_from=PERIOD[1], date_to=PERIOD[0])

    def test_export_downloads_the_file(self):
        action = self.wizard(export_format="gexf").action_export()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertRegex(action["url"], r"^/protect_engagement/stakeholder_export/\d+$")

    def test_filters_matching_nothing_give_empty_valid_file_and_notice(self):
        empty_area = self.env["protect.force.area"].create(
            {"name": "Emptyshire", "code": "TST9"}
        )
        values = {"force_area_ids": [Command.set(empty_area.ids)]}
        action = self.wizard(export_format="xlsx", **values).action_export()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(action["params"]["next"]["type"], "ir.actions.act_url")
        book = self.workbook(**values)
        self.assertEqual([sheet.max_row for sheet in book.worksheets], [1] * 5)
        graph = self.graph("graphml", **values)
        self.assertEqual(graph.number_of_nodes(), 0)
        self.assertEqual(self.graph("json", **values).number_of_nodes(), 0)
        self.assertEqual(self.graph("gexf", **values).number_of_nodes(), 0)


@tagged("post_install", "-at_install")
class TestExportDownload(HttpCase):
    def test_controller_streams_the_export(self):
        officer = self.env["res.users"].create(
            {
                "name": "Dana Download",
                "login": "rep_download",
                "password": "rep_download_pw",
                "group_ids": [
                    Command.set(self.env.ref("protect_engagement.group_officer").ids)
                ],
                "protect_vetting_level_id": self.env.ref(
                    "protect_engagement.protect_vetting_level_sc"
                ).id,
            }
        )
        wizard = (
            self.env["protect.stakeholder.export.wizard"]
            .with_user(officer)
            .create(
                {"export_format": "json", "date_from": PERIOD[0], "date_to": PERIOD[1]}
            )
        )
        self.authenticate("rep_download", "rep_download_pw")
        response = self.url_open(f"/protect_engagement/stakeholder_export/{wizard.id}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/json")
        self.assertIn(
            "stakeholder-map-2019-04-01-2019-06-30.json",
            response.headers["Content-Disposition"],
        )
        self.assertEqual(response.json()["format"], "protect-stakeholder-map")
        self.authenticate("admin", "admin")
        other = self.url_open(f"/protect_engagement/stakeholder_export/{wizard.id}")
        self.assertEqual(other.status_code, 404)
