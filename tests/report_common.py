"""Shared data for the reporting tests: two invented force areas, a small
stakeholder register and engagements in the second quarter of 2019 and
around it, so that the demo data (always recent) never enters the figures.

- ``bank`` (industry, Testshire, active, power 5 / interest 5) employs
  ``banker``; ``school`` (education, Testshire, active, 2 / 4) employs
  ``teacher``; ``charity`` (voluntary, Mockshire, active, 4 / 2); ``college``
  (education, Mockshire, dormant, never engaged); ``parish`` (public,
  Testshire, active, never engaged); ``hidden_bank`` (industry, Mockshire,
  active, SECRET).
- Q2 2019 engagements: 10 Apr bank+banker (30 people); 2 May school+charity
  in Testshire (100); 15 Apr charity+hidden_bank (10); 20 May hidden_bank,
  SECRET (500); 21 May bank, SECRET (40); 30 Jun 23:30 charity with no force
  area (20). Q1: 15 Feb school (7); 31 Mar 23:00 bank (5). Q3: 1 Jul 00:30
  bank. Never counted: a cancelled one (2 May, school) and an archived one.
- ``panel`` (regional forum): ``banker`` core member and ``officer``
  secretariat; ``outside_panel`` has only an outside-region stakeholder.

``manager`` and ``officer`` are SC vetted (see SECRET); ``manager_mv`` and
``officer_mv`` are MV vetted (up to OFFICIAL-SENSITIVE).
"""

import subprocess
from datetime import date, datetime

import odoo

from .common import ProtectCommon

PERIOD = (date(2019, 4, 1), date(2019, 6, 30))


class ProtectReportCase(ProtectCommon):
    def _export_wizard(self, user=None, areas=None, **values):
        """A stakeholder-map export wizard of ``user`` (the officer) for the
        2019 quarter and ``areas`` (both test areas by default)."""
        areas = self.areas if areas is None else areas
        return (
            self.env["protect.stakeholder.export.wizard"]
            .with_user(user or self.officer)
            .create(
                {
                    "date_from": PERIOD[0],
                    "date_to": PERIOD[1],
                    "force_area_ids": [odoo.Command.set(areas.ids)],
                    **values,
                }
            )
        )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref

        areas = cls.env["protect.force.area"]
        cls.testshire = areas.create(
            {"name": "Testshire", "code": "TST1", "sequence": 1}
        )
        cls.mockshire = areas.create(
            {"name": "Mockshire", "code": "TST2", "sequence": 2}
        )

        def org(name, sector, area, status="active", power=3, interest=3, **values):
            return cls._stakeholder(
                name,
                protect_sector_id=ref(f"protect_engagement.protect_sector_{sector}").id,
                protect_force_area_id=area.id,
                protect_status=status,
                protect_power=power,
                protect_interest=interest,
                protect_owner_id=cls.officer.id,
                **values,
            )

        cls.bank = org(
            "Testshire Savings Bank", "finance", cls.testshire, power=5, interest=5
        )
        cls.banker = cls.env["res.partner"].create(
            {"name": "Bea Banker", "parent_id": cls.bank.id, "function": "Fraud lead"}
        )
        cls.school = org(
            "Testshire Academy", "schools", cls.testshire, power=2, interest=4
        )
        cls.teacher = cls.env["res.partner"].create(
            {"name": "Tom Teacher", "parent_id": cls.school.id}
        )
        cls.charity = org(
            "Mockshire Elders Trust", "older_people", cls.mockshire, power=4, interest=2
        )
        cls.college = org(
            "Mockshire College", "further_education", cls.mockshire, status="dormant"
        )
        cls.parish = org("Testshire Parish Council", "local_authority", cls.testshire)
        cls.hidden_bank = org(
            "Hidden Harbour Bank (test)",
            "finance",
            cls.mockshire,
            power=5,
            interest=4,
            protect_sensitivity="secret",
        )
        cls.outsider = org("Far Away Fraud Network", "community", cls.area_outside)

        def engagement(name, when, partners, area=None, audience=0, **values):
            return cls._engagement(
                name,
                partners=partners,
                date_start=when,
                force_area_id=area.id if area else False,
                audience_count=audience,
                **values,
            )

        cls.e_bank = engagement(
            "Bank briefing",
            datetime(2019, 4, 10, 10),
            cls.bank | cls.banker,
            cls.testshire,
            30,
        )
        cls.e_joint = engagement(
            "Joint assembly",
            datetime(2019, 5, 2, 10),
            cls.school | cls.charity,
            cls.testshire,
            100,
        )
        cls.e_mixed = engagement(
            "Elders and harbour",
            datetime(2019, 4, 15, 10),
            cls.charity | cls.hidden_bank,
            None,
            10,
        )
        cls.e_secret = engagement(
            "Harbour secret meeting",
            datetime(2019, 5, 20, 10),
            cls.hidden_bank,
            cls.mockshire,
            500,
            sensitivity="secret",
        )
        cls.e_bank_secret = engagement(
            "Bank secret meeting",
            datetime(2019, 5, 21, 10),
            cls.bank,
            cls.testshire,
            40,
            sensitivity="secret",
        )
        cls.e_late = engagement(
            "Late call", datetime(2019, 6, 30, 23, 30), cls.charity, None, 20
        )
        cls.e_prev_school = engagement(
            "School visit", datetime(2019, 2, 15, 10), cls.school, cls.testshire, 7
        )
        cls.e_prev_bank = engagement(
            "Quarter-end call", datetime(2019, 3, 31, 23), cls.bank, cls.testshire, 5
        )
        cls.e_next_bank = engagement(
            "New quarter call", datetime(2019, 7, 1, 0, 30), cls.bank, cls.testshire, 3
        )
        cls.e_cancelled = engagement(
            "Cancelled visit", datetime(2019, 5, 2, 14), cls.school, cls.testshire, 999
        )
        cls.e_cancelled.state = "cancelled"
        cls.e_archived = engagement(
            "Archived visit", datetime(2019, 5, 3, 14), cls.school, cls.testshire, 999
        )
        cls.e_archived.active = False
        cls.e_bank.officer_ids = cls.manager

        panels = cls.env["protect.panel"]
        memberships = cls.env["protect.panel.membership"]
        cls.panel = panels.create(
            {
                "name": "Testshire Fraud Forum",
                "panel_type": "forum",
                "scope": "regional",
            }
        )
        cls.outside_panel = panels.create(
            {"name": "Far Away Board", "panel_type": "board", "scope": "national"}
        )
        cls.membership_banker = memberships.create(
            {
                "panel_id": cls.panel.id,
                "partner_id": cls.banker.id,
                "role": "core",
                "date_start": "2019-01-01",
            }
        )
        cls.membership_officer = memberships.create(
            {
                "panel_id": cls.panel.id,
                "partner_id": cls.officer.partner_id.id,
                "role": "secretariat",
                "date_start": "2019-01-01",
            }
        )
        cls.membership_outsider = memberships.create(
            {
                "panel_id": cls.outside_panel.id,
                "partner_id": cls.outsider.id,
                "role": "chair",
                "date_start": "2019-01-01",
            }
        )
        cls.panel_meeting = engagement(
            "Forum meeting",
            datetime(2019, 5, 8, 10),
            cls.env["res.partner"],
            cls.testshire,
            engagement_type_id=cls.type_panel_meeting.id,
            panel_id=cls.panel.id,
        )
        cls.panel_meeting_secret = engagement(
            "Forum closed session",
            datetime(2019, 6, 12, 10),
            cls.env["res.partner"],
            cls.testshire,
            engagement_type_id=cls.type_panel_meeting.id,
            panel_id=cls.panel.id,
            sensitivity="secret",
        )
        # The banker sent apologies to the closed session.
        cls.panel_meeting_secret.attendance_ids.filtered(
            lambda a: a.membership_id == cls.membership_banker
        ).status = "apologies"
        cls.areas = cls.testshire | cls.mockshire

    # ------------------------------------------------------------------ helpers

    @classmethod
    def filters_data(cls, start=PERIOD[0], end=PERIOD[1], **values):
        filters = {
            "date_from": str(start),
            "date_to": str(end),
            "force_area_ids": cls.areas.ids,
            "cold_days": 30,
            **values,
        }
        return {"filters": filters}

    def report_values(self, report_name, user, **values):
        self.env.invalidate_all()
        model = self.env[f"report.protect_engagement.{report_name}"].with_user(user)
        return model._get_report_values([], data=self.filters_data(**values))

    def render_html(self, report_xmlid, user, **values):
        self.env.invalidate_all()
        reports = self.env["ir.actions.report"].with_user(user)
        html, _kind = reports._render_qweb_html(
            report_xmlid, [], data=self.filters_data(**values)
        )
        return html.decode()

    def render_pdf_text(self, report_xmlid, user, res_ids=None, data=None):
        """Render the PDF with wkhtmltopdf and return its text (pdftotext).

        wkhtmltopdf fetches the report's style sheets from this test run's
        HTTP server (through the test cursor), or, with no server, from a
        closed port: it then prints unstyled, quickly, rather than waiting.
        """
        server = odoo.service.server.server
        port = (
            server.httpd.server_port if server and getattr(server, "httpd", None) else 9
        )
        self.env["ir.config_parameter"].set_param(
            "report.url", f"http://127.0.0.1:{port}"
        )
        self.env.invalidate_all()
        reports = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_context(force_report_rendering=True)
        )
        with self.allow_pdf_render():
            pdf, kind = reports._render_qweb_pdf(
                report_xmlid, res_ids=res_ids, data=data
            )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"), "wkhtmltopdf did not produce a PDF")
        result = subprocess.run(
            ["pdftotext", "-layout", "-", "-"],
            input=pdf,
            capture_output=True,
            check=True,
            timeout=60,
        )
        return " ".join(result.stdout.decode().split())
