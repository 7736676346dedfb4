from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..reports.protect_report_common import (
    COLD_DAYS_MAX,
    DEFAULT_COLD_DAYS,
    cold_days_out_of_range,
)

REPORTS = {
    "coverage": "protect_engagement.protect_report_coverage",
    "stakeholder_map": "protect_engagement.protect_report_stakeholder_map",
    "panel_membership": "protect_engagement.protect_report_panel_membership",
}


class ProtectReportWizard(models.TransientModel):
    """Choose a period and filters, then print a Protect report as PDF or
    preview it in the browser. The options travel to the report as data, so
    the report can be rendered again from its URL."""

    _name = "protect.report.wizard"
    _inherit = ["protect.report.filter.mixin"]
    _description = "Print a Protect report"

    report_kind = fields.Selection(
        [
            ("coverage", "Partnership coverage"),
            ("stakeholder_map", "Stakeholder map"),
            ("panel_membership", "Panel membership"),
        ],
        string="Report",
        required=True,
        default="coverage",
    )
    cold_days = fields.Integer(
        string="Cold after (days)",
        default=DEFAULT_COLD_DAYS,
        help="A partnership with no engagement for this many days is going cold "
        "(1 to 3660 days).",
    )
    include_people = fields.Boolean(
        string="Include people",
        help="Place the organisations' people on the map too, by their own power and "
        "interest.",
    )

    @api.constrains("cold_days")
    def _check_cold_days(self):
        for wizard in self:
            if not 1 <= wizard.cold_days <= COLD_DAYS_MAX:
                raise ValidationError(cold_days_out_of_range(self.env))

    def _report_data(self):
        filters = self._report_filters(
            cold_days=self.cold_days, include_people=self.include_people
        )
        return {"filters": filters.to_data()}

    def action_print(self):
        """The report as a PDF."""
        self.ensure_one()
        report = self.env.ref(REPORTS[self.report_kind])
        return report.report_action(self, data=self._report_data(), config=False)

    def action_preview(self):
        """The same report as a web page."""
        action = self.action_print()
        action["report_type"] = "qweb-html"
        return action
