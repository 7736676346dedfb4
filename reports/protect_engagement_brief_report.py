from odoo import api, models

from .protect_report_common import (
    format_uk_date,
    format_uk_datetime,
    marking_label,
    organisation_header,
    printed_on,
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
        briefs = {doc.id: self._brief(doc) for doc in docs}
        printed = {"printed_by": self.env.user.name, "printed_on": printed_on(self.env)}
        for doc in docs:
            briefs[doc.id]["heading"] = {
                "kicker": self.env._("Engagement brief"),
                "title": doc.name,
                "subtitle": "",
                "marking": briefs[doc.id]["marking"],
                **printed,
            }
        return {
            "doc_ids": docids,
            "doc_model": "protect.engagement",
            "docs": docs,
            "company": self.env.company,
            "organisation": organisation_header(self.env),
            "briefs": briefs,
            **printed,
            "protect_marking": report_marking_key(
                brief["marking_key"] for brief in briefs.values()
            ),
        }

    @api.model
    def _stakeholder_text(self, partners):
        """The stakeholders engaged with, each organisation once with its
        people after it: "Fenland Mutual: Ruth Okafor, Sam Hale; Wolds
        Network". A person whose organisation is not listed keeps their full
        name ("Organisation, Person"), as the user may read it."""
        people = partners.filtered(lambda p: p.parent_id and p.parent_id in partners)
        entries = []
        for partner in partners - people:
            names = people.filtered(lambda p, org=partner: p.parent_id == org)
            if names:
                entries.append(
                    self.env._(
                        "%(organisation)s: %(people)s",
                        organisation=partner.display_name,
                        people=", ".join(names.mapped("name")),
                    )
                )
            else:
                entries.append(partner.display_name)
        return "; ".join(entries)

    @api.model
    def _brief(self, engagement):
        officers = engagement.user_id | engagement.officer_ids
        partners, attendance, panel = engagement._protect_printable_links()
        activities = engagement.activity_ids.sorted(lambda a: (a.date_deadline, a.id))
        marking = engagement._protect_printed_marking()
        when = format_uk_datetime(self.env, engagement.date_start)
        if engagement.date_end:
            end = format_uk_datetime(self.env, engagement.date_end)
            # The same day: "10/04/2019 11:00 to 12:30".
            if end[:10] == when[:10]:
                end = end[11:]
            when = self.env._("%(start)s to %(end)s", start=when, end=end)
        return {
            "marking_key": marking,
            "marking": marking_label(self.env, marking),
            "when": when,
            "officers": ", ".join(officers.mapped("name")),
            "stakeholders": self._stakeholder_text(partners),
            "attendance": attendance,
            "panel": panel.display_name or "",
            "attendance_columns": [
                {"label": self.env._("Member"), "width": 50},
                {"label": self.env._("Role"), "width": 25},
                {"label": self.env._("Attendance"), "width": 25},
            ],
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
