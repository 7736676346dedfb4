from odoo import api, fields, models
from odoo.tools.misc import format_date

from .protect_report_common import (
    format_uk_date,
    format_uk_datetime,
    marking_label,
    report_marking_key,
)


class ReportProtectEngagementReportEngagementBrief(models.AbstractModel):
    """One page per engagement: what happened, who attended, key learning and
    follow-ups. Printed as the user: an engagement above their vetting is
    refused, and hidden stakeholders and panels never show.

    Each brief shows its own marking in its heading; the PDF is stamped on
    every page with the highest of them (``protect_marking``)."""

    _name = "report.protect_engagement.report_engagement_brief"
    _description = "Engagement brief"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["protect.engagement"].browse(docids)
        docs.check_access("read")
        today = fields.Date.context_today(self.env.user)
        briefs = {doc.id: self._brief(doc) for doc in docs}
        return {
            "doc_ids": docids,
            "doc_model": "protect.engagement",
            "docs": docs,
            "company": self.env.company,
            "briefs": briefs,
            "printed_by": self.env.user.name,
            "printed_on": format_date(self.env, today, date_format="d MMM y"),
            "protect_marking": report_marking_key(
                brief["marking_key"] for brief in briefs.values()
            ),
        }

    @api.model
    def _brief(self, engagement):
        officers = engagement.user_id | engagement.officer_ids
        partners, attendance, panel = engagement._protect_printable_links()
        activities = engagement.activity_ids.sorted(lambda a: (a.date_deadline, a.id))
        marking = engagement._protect_printed_marking()
        when = format_uk_datetime(self.env, engagement.date_start)
        if engagement.date_end:
            when = self.env._(
                "%(start)s to %(end)s",
                start=when,
                end=format_uk_datetime(self.env, engagement.date_end),
            )
        return {
            "marking_key": marking,
            "marking": marking_label(self.env, marking),
            "when": when,
            "officers": ", ".join(officers.mapped("name")),
            "stakeholders": ", ".join(partners.mapped("display_name")),
            "attendance": attendance,
            "panel": panel.display_name or "",
            "follow_ups": [
                {
                    "summary": activity.summary or activity.activity_type_id.name,
                    "who": activity.user_id.name or "",
                    "due": format_uk_date(self.env, activity.date_deadline),
                    "note": activity.note,
                }
                for activity in activities
            ],
        }
