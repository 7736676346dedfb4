"""Query counts of the screens that matter, read as the web client reads them.

Each count was measured with warm caches (``warmup``) and given a small margin;
a screen that starts to take a query per record, or a few more per screen,
fails here. When a change really needs more queries, measure again and say why
in the commit.
"""

import io

from lxml import etree

from odoo import Command
from odoo.tests import tagged, users, warmup

from .common import MANAGER_LOGIN, OFFICER_LOGIN, ProtectCase
from .cpd_common import CpdCase
from .report_common import ProtectReportCase

RELATIONAL = ("many2one", "many2many", "one2many")


def view_specification(model, view_xmlid, view_type):
    """The ``specification`` the web client sends for the view ``view_xmlid``:
    its fields, relational ones with their display name, and the fields of the
    inline list of an x2many."""
    view = model.env.ref(view_xmlid)
    views = model.get_views([(view.id, view_type)])
    arch = etree.fromstring(views["views"][view_type]["arch"])

    def spec_of(fields_model, node):
        spec = {}
        for child in node.iter("field"):
            owner = next((p for p in child.iterancestors() if p.tag == "field"), None)
            if owner is not node and not (owner is None and node is arch):
                continue
            name = child.get("name")
            field = fields_model._fields.get(name)
            if field is None:
                continue
            if field.type in RELATIONAL:
                comodel = model.env[field.comodel_name]
                sub = (
                    spec_of(comodel, child)
                    if child.find(".//field") is not None
                    else {}
                )
                spec[name] = {"fields": sub or {"display_name": {}}}
            else:
                spec[name] = {}
        return spec

    return spec_of(model, arch)


@tagged("post_install", "-at_install")
class TestScreenQueryCounts(ProtectCase):
    """The stakeholder register and the engagement form, as an officer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for n in range(10):
            organisation = cls._stakeholder(
                f"Register organisation {n}", protect_owner_id=cls.officer.id
            )
            person = cls._contact(f"Register person {n}", organisation)
            cls._engagement(f"Register meeting {n}", partners=organisation | person)
        cls.engagement = cls._engagement(
            "Form meeting",
            partners=cls.organisation | cls.person | cls.other_person,
            officer_ids=[Command.set(cls.officer_2.ids)],
            force_area_id=cls.area_derbyshire.id,
        )

    @users(OFFICER_LOGIN)
    @warmup
    def test_register_list_reads_in_constant_queries(self):
        # The register list (the stakeholder action's list view, 80 rows and
        # the count) with its engagement figures, owner, sector and area.
        # Measured: 11 queries.
        partners = self.env["res.partner"]
        spec = view_specification(
            partners, "protect_engagement.res_partner_view_list_protect", "list"
        )
        with self.assertQueryCount(14):
            result = partners.web_search_read(
                [("protect_stakeholder", "=", True)], spec, limit=80
            )
        self.assertGreaterEqual(result["length"], 22)

    @users(OFFICER_LOGIN)
    @warmup
    def test_engagement_form_reads_in_constant_queries(self):
        # The engagement form opened on a meeting with three stakeholders and
        # a second officer: the record, its x2many lines and display names.
        # Measured: 13 queries.
        engagements = self.env["protect.engagement"]
        spec = view_specification(
            engagements, "protect_engagement.protect_engagement_view_form", "form"
        )
        with self.assertQueryCount(16):
            values = engagements.browse(self.engagement.id).web_read(spec)
        self.assertEqual(len(values[0]["partner_ids"]), 3)


@tagged("post_install", "-at_install")
class TestReportQueryCounts(ProtectReportCase):
    """The coverage report's figures, and one batch of the stakeholder-map
    export, whose cost must not grow with the number of stakeholders."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        areas = cls.env["protect.force.area"]
        cls.small_area = areas.create({"name": "Smallshire", "code": "TSTQ1"})
        cls.large_area = areas.create({"name": "Largeshire", "code": "TSTQ2"})
        cls.export_panel = cls._panel("Export forum (test)")
        for area, size in ((cls.small_area, 2), (cls.large_area, 12)):
            for n in range(size):
                organisation = cls._stakeholder(
                    f"{area.name} organisation {n}",
                    protect_force_area_id=area.id,
                    protect_owner_id=cls.officer.id,
                )
                person = cls._contact(f"{area.name} person {n}", organisation)
                cls._membership(cls.export_panel, person, "2019-01-01")
                cls._engagement(
                    f"{area.name} meeting {n}",
                    partners=organisation | person,
                    date_start=f"2019-05-{n + 1:02d} 10:00:00",
                    force_area_id=area.id,
                    audience_count=n,
                )

    @users(MANAGER_LOGIN)
    @warmup
    def test_coverage_report_values_in_constant_queries(self):
        # The coverage report's values for a quarter and two force areas:
        # figures, previous period, gaps and cold stakeholders.
        # Measured: 18 queries.
        report = self.env["report.protect_engagement.report_coverage"]
        data = self.filters_data()
        with self.assertQueryCount(22):
            values = report._get_report_values([], data=data)
        self.assertTrue(values)

    def _export_queries(self, area):
        """Queries of one CSV export batch of the stakeholders of ``area``."""
        wizard = self._export_wizard(areas=area, export_format="csv")
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        wizard._write_export(io.BytesIO())
        self.env.flush_all()
        return self.cr.sql_log_count - before

    def test_export_batch_queries_do_not_grow_with_stakeholders(self):
        # One batch of the stakeholder-map export (CSV tables) of 2, then of
        # 12 organisations each with a person, a membership and an engagement.
        # Measured: 50 queries for either size, 57 since each export is
        # logged (reference, chain lock and head, the row).
        self._export_queries(self.small_area)  # warm-up: rules, fields, views
        small = self._export_queries(self.small_area)
        large = self._export_queries(self.large_area)
        self.assertLessEqual(small, 58)
        self.assertLessEqual(large, small)


@tagged("post_install", "-at_install", "protect_cpd")
class TestCpdTeamQueryCounts(CpdCase):
    """The CPD team screen (CPD status list) as the team's manager."""

    @users(MANAGER_LOGIN)
    @warmup
    def test_cpd_team_screen_reads_in_constant_queries(self):
        # The CPD status list as Morgan sees it: the team's rows with hours,
        # RAG status, category and shortfall summaries, upcoming events.
        # Measured: 15 queries.
        summaries = self.env["protect.cpd.summary"]
        spec = view_specification(
            summaries, "protect_engagement.protect_cpd_summary_view_list", "list"
        )
        with self.assertQueryCount(18):
            result = summaries.web_search_read([], spec, limit=80)
        self.assertGreaterEqual(result["length"], 4)
