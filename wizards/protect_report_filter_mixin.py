from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import format_date

from ..models.protect_sensitivity_mixin import SENSITIVITY_SELECTION
from ..reports.protect_report_common import (
    DATE_MAX,
    DATE_MIN,
    ReportFilters,
    date_out_of_range,
)

# Dates the Protect wizards accept (also the bound for any other Protect date
# typed by a user): years 1900 to 2999.
PROTECT_DATE_MIN = DATE_MIN
PROTECT_DATE_MAX = DATE_MAX


class ProtectReportFilterMixin(models.AbstractModel):
    """The period and the choices (force areas, sector groups, partnership
    statuses) every Protect report and export asks for, declared and checked
    the same way everywhere. Each wizard gets its own relation tables."""

    _name = "protect.report.filter.mixin"
    _description = "Protect report filters"

    date_from = fields.Date(
        string="Period start",
        required=True,
        default=lambda self: ReportFilters.default(self.env).date_from,
        help="First day counted. By default the last full quarter.",
    )
    date_to = fields.Date(
        string="Period end",
        required=True,
        default=lambda self: ReportFilters.default(self.env).date_to,
        help="Last day counted.",
    )
    force_area_ids = fields.Many2many(
        "protect.force.area",
        string="Force areas",
        help="Leave empty for every force area.",
    )
    sector_group_ids = fields.Many2many(
        "protect.sector.group",
        string="Sector groups",
        help="Leave empty for every sector group.",
    )
    status_ids = fields.Many2many(
        "protect.report.choice",
        string="Partnership status",
        domain=[("kind", "=", "partnership_status")],
        help="Leave empty for every status.",
    )

    print_marking = fields.Selection(
        selection="_selection_print_marking",
        string="Print at",
        help="Leave empty to print everything your vetting clears, marked at the "
        "highest marking it contains. To share a version with someone cleared "
        "lower, choose their marking: whatever is marked above it is left out, as "
        "if your vetting cleared only that marking, and the document is marked "
        "at it.",
    )

    @api.model
    def _selection_print_marking(self):
        """The markings a user may print at: those their own vetting clears."""
        cleared = self.env.user._protect_cleared_sensitivities()
        return [(key, label) for key, label in SENSITIVITY_SELECTION if key in cleared]

    def _protect_print_marking(self):
        """The marking chosen to print at (a key), or None to print everything
        the user's vetting clears. Read by ir.actions.report.report_action."""
        self.ensure_one()
        marking = self.print_marking
        if not marking:
            return None
        if marking not in self.env.user._protect_cleared_sensitivities():
            label = self._fields["print_marking"]._description_string(self.env)
            raise UserError(
                self.env._(
                    "%(field)s: your vetting does not clear this marking.",
                    field=label,
                )
            )
        return marking

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for wizard in self:
            for field_name in ("date_from", "date_to"):
                day = wizard[field_name]
                if day and not PROTECT_DATE_MIN <= day <= PROTECT_DATE_MAX:
                    label = self._fields[field_name]._description_string(self.env)
                    raise ValidationError(date_out_of_range(self.env, label, day))
            if (
                wizard.date_from
                and wizard.date_to
                and wizard.date_to < wizard.date_from
            ):
                raise ValidationError(
                    self.env._(
                        "Period end: %(end)s is before the period start, %(start)s.",
                        end=format_date(self.env, wizard.date_to),
                        start=format_date(self.env, wizard.date_from),
                    )
                )

    def _report_filters(self, **values):
        """The wizard's choices as checked ``ReportFilters``."""
        self.ensure_one()
        for field_name in ("date_from", "date_to"):
            if not self[field_name]:
                label = self._fields[field_name]._description_string(self.env)
                raise UserError(self.env._("%(field)s: choose a date.", field=label))
        filters = ReportFilters(
            date_from=self.date_from,
            date_to=self.date_to,
            force_area_ids=tuple(self.force_area_ids.ids),
            sector_group_ids=tuple(self.sector_group_ids.ids),
            statuses=tuple(
                self.status_ids.filtered(
                    lambda c: c.kind == "partnership_status"
                ).mapped("code")
            ),
            **values,
        )
        filters.check(self.env)
        return filters
