from odoo import api, models
from odoo.exceptions import AccessError

from ..models.protect_sensitivity_mixin import highest_marking
from .protect_report_common import (
    format_uk_datetime,
    organisation_header,
    printed_on,
)


class ReportProtectEngagementReportDisclosureLog(models.AbstractModel):
    """The selected rows of the disclosure log, for an audit file.

    Printed by Protect administrators; only the rows their vetting clears are
    printed (record rules), and the document carries the highest marking of
    the rows printed.
    """

    _name = "report.protect_engagement.report_disclosure_log"
    _description = "Disclosure log report"

    @api.model
    def _get_report_values(self, docids, data=None):
        env = self.env
        if not env.user.has_group("protect_engagement.group_admin"):
            raise AccessError(
                env._("Disclosure log: only Protect administrators can print it.")
            )
        rows = env["protect.disclosure.log"].browse(docids)._filtered_access("read")
        marking = highest_marking(rows.mapped("marking"))
        labels = dict(rows._fields["marking"]._description_selection(env))
        kinds = dict(rows._fields["kind"]._description_selection(env))
        return {
            "doc_ids": rows.ids,
            "doc_model": "protect.disclosure.log",
            "docs": rows,
            "company": env.company,
            "organisation": organisation_header(env),
            "protect_marking": marking,
            "heading": {
                "title": env._("Disclosure log"),
                "subtitle": env._("%(count)s rows", count=len(rows)),
                "marking": labels[marking],
                "printed_by": env.user.name,
                "printed_on": printed_on(env),
            },
            "columns": [
                {"label": env._("Reference"), "width": 12},
                {"label": env._("Date"), "width": 10},
                {"label": env._("User"), "width": 11},
                {"label": env._("Kind"), "width": 10},
                {"label": env._("What"), "width": 20},
                {"label": env._("Records"), "width": 7, "num": True},
                {"label": env._("Marking"), "width": 11},
                {"label": env._("Content hash (SHA-256)"), "width": 19},
            ],
            "lines": [
                {
                    "reference": row.reference,
                    "date": format_uk_datetime(env, row.date),
                    "user": row.user_id.name,
                    "kind": kinds[row.kind],
                    "name": row.name,
                    "record_count": row.record_count,
                    "marking": labels[row.marking],
                    "content_hash": row.content_hash,
                }
                for row in rows
            ],
        }
