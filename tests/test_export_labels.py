"""Stakeholder map exports show people labels, not code names.

Values a person reads (quadrant, status, marking, panel type and scope,
membership role, member type) are the labels the screens show, in every
format; only node and row keys, a node's type and an edge's relation stay
keys, for the programs that join and filter on them (doc/reporting.md).
"""

import csv
import io
import zipfile

from odoo.tests import tagged

from .test_exports import ExportCase

GRAPH_FORMATS = ("graphml", "gexf", "json")


@tagged("post_install", "-at_install")
class TestExportLabels(ExportCase):
    def csv_rows(self, name):
        with zipfile.ZipFile(io.BytesIO(self.export("csv"))) as archive:
            text = archive.read(name).decode("utf-8-sig")
        _marking, header, *rows = list(csv.reader(io.StringIO(text)))
        return [dict(zip(header, row, strict=True)) for row in rows]

    def test_xlsx_quadrant_reads_as_its_label(self):
        _header, organisations = self.sheet_rows(self.workbook()["Organisations"])
        quadrants = {row["Name"]: row["Quadrant"] for row in organisations}
        self.assertEqual(quadrants[self.bank.name], "Manage closely")

    def test_csv_quadrant_reads_as_its_label(self):
        quadrants = {
            row["Name"]: row["Quadrant"] for row in self.csv_rows("organisations.csv")
        }
        self.assertEqual(quadrants[self.charity.name], "Keep satisfied")

    def test_csv_member_type_reads_as_its_label(self):
        types = {
            row["Member"]: row["Member type"]
            for row in self.csv_rows("memberships.csv")
        }
        self.assertEqual(
            types, {self.banker.name: "Person", self.officer.name: "Officer"}
        )

    def test_graph_quadrant_reads_as_its_label_in_every_format(self):
        for export_format in GRAPH_FORMATS:
            with self.subTest(export_format=export_format):
                graph = self.graph(export_format)
                school = graph.nodes[self.key("org", self.school)]
                self.assertEqual(school["quadrant"], "Keep informed")

    def test_graph_stakeholder_status_and_marking_read_as_labels(self):
        for export_format in GRAPH_FORMATS:
            with self.subTest(export_format=export_format):
                bank = self.graph(export_format).nodes[self.key("org", self.bank)]
                self.assertEqual(
                    (bank["status"], bank["sensitivity"]), ("Active", "OFFICIAL")
                )

    def test_graph_panel_type_and_scope_read_as_labels(self):
        for export_format in GRAPH_FORMATS:
            with self.subTest(export_format=export_format):
                panel = self.graph(export_format).nodes[self.key("panel", self.panel)]
                self.assertEqual(
                    (panel["panel_type"], panel["scope"]), ("Forum", "Regional")
                )

    def test_graph_membership_role_reads_as_its_label(self):
        for export_format in GRAPH_FORMATS:
            with self.subTest(export_format=export_format):
                graph = self.graph(export_format)
                member_of = self.relations(
                    graph,
                    self.key("person", self.banker),
                    self.key("panel", self.panel),
                )["member_of"]
                self.assertEqual(member_of["role"], "Core member")
