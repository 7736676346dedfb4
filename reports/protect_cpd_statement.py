from odoo import api, models

from ..models.protect_sensitivity_mixin import OPEN_MARKING
from .protect_report_common import (
    format_period,
    marking_label,
    organisation_header,
    printed_on,
)


class ReportProtectEngagementReportCpdStatement(models.AbstractModel):
    """Figures of the personal CPD statement: one person, one CPD year.

    What an accrediting body asks for: every approved entry with its hours,
    category, provider and who approved it; hours by category against any
    category minimum; the total against the annual target. Entries not (yet)
    approved are listed apart and not counted.
    """

    _name = "report.protect_engagement.report_cpd_statement"
    _description = "Personal CPD statement"

    @api.model
    def _get_report_values(self, docids, data=None):
        rows = self.env["protect.cpd.summary"].browse(docids)
        rows.check_access("read")
        return {
            "doc_ids": rows.ids,
            "doc_model": "protect.cpd.summary",
            "docs": rows,
            "organisation": organisation_header(self.env),
            "statements": {row.id: self._statement(row) for row in rows},
            # CPD records carry no protective marking.
            "protect_marking": OPEN_MARKING,
        }

    @api.model
    def _statement(self, row):
        records = self.env["protect.cpd.record"].search(
            [("employee_id", "=", row.employee_id.id), ("cpd_year", "=", row.cpd_year)],
            order="date, id",
        )
        approved = records.filtered(lambda r: r.state == "approved")
        # sudo (4): the statement shows the person's HR details to their manager.
        employee = row.employee_id.sudo()
        by_key = self.env["protect.cpd.record"]._cpd_hours_by_category(
            row.employee_id, [row.cpd_year]
        )
        hours = {category: total for (_e, _y, category, _s), total in by_key.items()}
        # sudo (1): the categories and their minimums, configuration.
        categories = (
            self.env["protect.cpd.category"]
            .sudo()
            .search(
                [
                    "|",
                    ("id", "in", [category.id for category in hours]),
                    ("annual_minimum_hours", ">", 0),
                ]
            )
        )
        by_category = []
        for category in categories:
            category_hours = hours.get(category, 0.0)
            minimum = category.annual_minimum_hours
            if category_hours or minimum:
                by_category.append(
                    {
                        "name": category.name,
                        "hours": category_hours,
                        "minimum": minimum,
                        "met": category_hours >= minimum,
                    }
                )
        statuses = dict(row._fields["rag_status"]._description_selection(self.env))
        period = self.env._(
            "CPD year %(year)s: %(period)s",
            year=row.cpd_year,
            period=format_period(self.env, row.date_start, row.date_end),
        )
        return {
            "heading": {
                "title": self.env._("CPD statement"),
                "subtitle": self.env._(
                    "%(name)s, %(period)s", name=employee.name, period=period
                ),
                "marking": marking_label(self.env, OPEN_MARKING),
                "printed_by": self.env.user.name,
                "printed_on": printed_on(self.env),
            },
            "period": period,
            "employee_name": employee.name,
            "job_title": employee.job_title or "",
            "department": employee.department_id.name or "",
            "manager": employee.parent_id.name or "",
            "year_label": row.cpd_year,
            "date_start": row.date_start,
            "date_end": row.date_end,
            "is_current_year": row.is_current_year,
            "entries": approved,
            "not_counted": records - approved,
            "by_category": by_category,
            "total": row.hours_approved,
            "pending": row.hours_pending,
            "target": row.target_hours,
            "expected": row.expected_hours,
            "projected": row.projected_hours,
            "status": statuses[row.rag_status],
            "rag": row.rag_status,
            "target_met": row.hours_approved >= row.target_hours,
            "reflections": approved.filtered("reflection"),
        }
