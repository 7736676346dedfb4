from odoo import api, models

from ..models.protect_sensitivity_mixin import SENSITIVITY_SELECTION
from .protect_report_common import (
    format_period,
    format_uk_date,
    marking_label,
    organisation_header,
    printed_on,
    report_marking_key,
)

HIGHEST_MARKING = SENSITIVITY_SELECTION[-1][0]


class ReportProtectEngagementReportPerformanceReturn(models.AbstractModel):
    """The quarterly performance return for management and national leads:
    the figures as submitted (or, for a draft, as the printing user counts
    them now) with the comment on each section. Marked at the higher of the
    return's marking and, for a draft, the most sensitive record it counts."""

    _name = "report.protect_engagement.report_performance_return"
    _description = "Performance return"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["protect.performance.return"].browse(docids)
        docs.check_access("read")
        printed = {"printed_by": self.env.user.name, "printed_on": printed_on(self.env)}
        returns = {}
        for doc in docs:
            if doc.figures_frozen:
                figures, counted = doc.figures_frozen, doc.sensitivity
            else:
                figures, counted = doc._protect_count()
            marking = report_marking_key([doc.sensitivity, counted])
            previous = doc.previous_id
            returns[doc.id] = {
                "figures": figures,
                "previous": previous._protect_figures() if previous else None,
                "previous_name": previous.name if previous else "",
                "marking_key": marking,
                "counted_up_to": marking_label(self.env, figures["counted_up_to"]),
                # Counted below the highest marking: say what is left out.
                "left_out": figures["counted_up_to"] != HIGHEST_MARKING,
                "heading": {
                    "kicker": self.env._("Performance return"),
                    "title": doc.name,
                    "subtitle": self._subtitle(doc),
                    "marking": marking_label(self.env, marking),
                    **printed,
                },
            }
        return {
            "doc_ids": docids,
            "doc_model": "protect.performance.return",
            "docs": docs,
            "organisation": organisation_header(self.env),
            "returns": returns,
            **printed,
            "protect_marking": report_marking_key(
                entry["marking_key"] for entry in returns.values()
            ),
        }

    @api.model
    def _subtitle(self, doc):
        scope = ", ".join(doc.force_area_ids.mapped("name")) or self.env._(
            "the whole region"
        )
        status = dict(doc._fields["state"]._description_selection(self.env))[doc.state]
        parts = [format_period(self.env, doc.date_from, doc.date_to), scope, status]
        if doc.submitted_on:
            parts.append(
                self.env._(
                    "submitted on %(day)s",
                    day=format_uk_date(self.env, doc.submitted_on.date()),
                )
            )
        return " · ".join(parts)
