from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..models.protect_periods import financial_year
from ..reports.protect_report_common import (
    COLD_DAYS_MAX,
    DEFAULT_COLD_DAYS,
    cold_days_out_of_range,
    last_full_quarter,
)


def preset_period(preset, today):
    """(first day, last day) of the period ``preset`` names, seen on ``today``;
    None for a custom period."""
    if preset == "last_quarter":
        return last_full_quarter(today)
    if preset == "last_12_months":
        return today - relativedelta(years=1) + timedelta(days=1), today
    if preset == "this_financial_year":
        return financial_year(today)
    if preset == "last_financial_year":
        return financial_year(today, years_back=1)
    return None


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
    _inherit = ["protect.report.filter.mixin", "protect.report.preview.mixin"]
    _description = "Print a Protect report"
    # The path of the server action protect_report_wizard_action_preview.
    _protect_preview_path = "protect-report-preview"

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
    period_preset = fields.Selection(
        [
            ("last_quarter", "Last full quarter"),
            ("last_12_months", "Last 12 months"),
            ("this_financial_year", "This financial year"),
            ("last_financial_year", "Last financial year"),
            ("custom", "Custom dates"),
        ],
        string="Period",
        required=True,
        default="last_quarter",
        help="Financial years run from 1 April to 31 March. Change a date to set "
        "your own period.",
    )
    # The period follows the preset; typed dates make it a custom period.
    date_from = fields.Date(
        compute="_compute_period",
        store=True,
        readonly=False,
        precompute=True,
        default=None,
    )
    date_to = fields.Date(
        compute="_compute_period",
        store=True,
        readonly=False,
        precompute=True,
        default=None,
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

    @api.model_create_multi
    def create(self, vals_list):
        # Dates given without a preset (by code, or a form that typed them) are
        # a custom period, whatever the default preset.
        for vals in vals_list:
            if "period_preset" not in vals and (
                vals.get("date_from") or vals.get("date_to")
            ):
                vals["period_preset"] = "custom"
        return super().create(vals_list)

    @api.depends("period_preset")
    def _compute_period(self):
        today = fields.Date.context_today(self)
        for wizard in self:
            period = preset_period(wizard.period_preset, today)
            if period:
                wizard.date_from, wizard.date_to = period
            elif not (wizard.date_from and wizard.date_to):
                start, end = last_full_quarter(today)
                wizard.date_from = wizard.date_from or start
                wizard.date_to = wizard.date_to or end

    @api.onchange("date_from", "date_to")
    def _onchange_period_dates(self):
        """Dates typed by hand no longer match the preset: say so."""
        today = fields.Date.context_today(self)
        for wizard in self:
            period = preset_period(wizard.period_preset, today)
            if period and period != (wizard.date_from, wizard.date_to):
                wizard.period_preset = "custom"

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
