from collections import defaultdict

from odoo import api, models

from ..models.protect_sensitivity_mixin import OPEN_MARKING
from .protect_report_common import (
    format_period,
    format_uk_date,
    marking_label,
    organisation_header,
    printed_on,
)


class ReportProtectEngagementReportCpdTeam(models.AbstractModel):
    """Figures of the team CPD attendance report, one section per CPD year.

    For the people chosen on the team screen: hours against target and by
    category, RAG status, the CPD events they attended, and for the current
    year the upcoming CPD events with who has not registered yet.
    """

    _name = "report.protect_engagement.report_cpd_team"
    _description = "Team CPD attendance report"

    @api.model
    def _get_report_values(self, docids, data=None):
        rows = self.env["protect.cpd.summary"].browse(docids)
        rows.check_access("read")
        sections = [
            self._section(rows.filtered(lambda r, y=year: r.cpd_year == y))
            for year in sorted(set(rows.mapped("cpd_year")), reverse=True)
        ]
        return {
            "doc_ids": rows.ids,
            "doc_model": "protect.cpd.summary",
            "docs": rows,
            "organisation": organisation_header(self.env),
            "heading": {
                "title": self.env._("Team CPD attendance"),
                "subtitle": self.env._(
                    "CPD year %(years)s",
                    years=", ".join(s["year_label"] for s in sections),
                ),
                "marking": marking_label(self.env, OPEN_MARKING),
                "printed_by": self.env.user.name,
                "printed_on": printed_on(self.env),
            },
            "sections": sections,
            # CPD records carry no protective marking.
            "protect_marking": OPEN_MARKING,
        }

    @api.model
    def _section(self, rows):
        rows = rows.sorted(lambda r: (r.employee_name or "").lower())
        year = rows[0].cpd_year
        records = self.env["protect.cpd.record"].search(
            [
                ("employee_id", "in", rows.employee_id.ids),
                ("cpd_year", "=", year),
                ("state", "=", "approved"),
            ],
            order="date, id",
        )
        categories = records.category_id.sorted(lambda c: (c.sequence, c.id))
        # sudo (1): the category minimums, configuration.
        minimums = (
            self.env["protect.cpd.category"]
            .sudo()
            .search([("annual_minimum_hours", ">", 0)])
        )
        categories = (categories | minimums).sorted(lambda c: (c.sequence, c.id))
        hours = self.env["protect.cpd.record"]._cpd_hours_by_category(
            rows.employee_id, [year]
        )
        status = dict(rows._fields["rag_status"]._description_selection(self.env))
        # sudo (4): the team screen shows the team's managers, events and names.
        people = [
            {
                "name": row.employee_name,
                "manager": row.manager_id.sudo().name or "",
                "hours": row.hours_approved,
                "pending": row.hours_pending,
                "target": row.target_hours,
                "expected": row.expected_hours,
                "projected": row.projected_hours,
                "rag": row.rag_status,
                "status": status[row.rag_status],
                "categories": [
                    hours.get((row.employee_id, year, c, "approved"), 0.0)
                    for c in categories
                ],
                "events": len(
                    records.filtered(
                        lambda r, e=row.employee_id: (
                            r.employee_id == e and r.source == "event"
                        )
                    )
                ),
            }
            for row in rows
        ]
        attended = defaultdict(list)
        for record in records.filtered(lambda r: r.source == "event"):
            attended[record.event_id].append(record)
        # sudo (4): the events the team attended and who did.
        events = [
            {
                "name": event.sudo().name,
                "date": format_uk_date(self.env, min(r.date for r in event_records)),
                "hours": event.sudo().protect_cpd_hours,
                "attendees": ", ".join(
                    sorted(r.employee_id.sudo().name for r in event_records)
                ),
            }
            for event, event_records in sorted(
                attended.items(),
                key=lambda item: (min(r.date for r in item[1]), item[0].id),
            )
        ]
        upcoming = []
        if rows[0].is_current_year:
            upcoming = self._upcoming(rows)
        totals = {
            "hours": sum(p["hours"] for p in people),
            "target": sum(p["target"] for p in people),
            "red": sum(1 for p in people if p["rag"] == "red"),
            "amber": sum(1 for p in people if p["rag"] == "amber"),
            "green": sum(1 for p in people if p["rag"] == "green"),
        }
        return {
            "year_label": year,
            "period": format_period(self.env, rows[0].date_start, rows[0].date_end),
            "date_start": rows[0].date_start,
            "date_end": rows[0].date_end,
            "is_current_year": rows[0].is_current_year,
            "categories": [c.name for c in categories],
            "people": people,
            "events": events,
            "upcoming": upcoming,
            "totals": totals,
        }

    @api.model
    def _upcoming(self, rows):
        """Upcoming CPD events and who among ``rows`` has not registered."""
        employees = rows.employee_id
        missing = self.env["event.event"]._protect_cpd_unregistered(employees)
        return [
            {
                "name": event.name,
                "date": format_uk_date(self.env, event._protect_local_date()),
                "hours": event.protect_cpd_hours,
                "registered": len(employees) - len(lacking),
                "missing": ", ".join(sorted(lacking.mapped("name"))),
            }
            for event, lacking in missing.items()
        ]
