from odoo import fields, models
from odoo.exceptions import ValidationError

from .protect_cpd_record import (
    DEFAULT_START_MONTH,
    DEFAULT_TARGET_HOURS,
    START_MONTH_PARAM,
    TARGET_HOURS_PARAM,
)

MONTH_SELECTION = [
    ("1", "January"),
    ("2", "February"),
    ("3", "March"),
    ("4", "April"),
    ("5", "May"),
    ("6", "June"),
    ("7", "July"),
    ("8", "August"),
    ("9", "September"),
    ("10", "October"),
    ("11", "November"),
    ("12", "December"),
]


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    protect_cpd_year_start_month = fields.Selection(
        MONTH_SELECTION,
        string="CPD year starts in",
        config_parameter=START_MONTH_PARAM,
        default=str(DEFAULT_START_MONTH),
        required=True,
    )
    protect_cpd_target_hours = fields.Float(
        string="Annual CPD target (hours)",
        config_parameter=TARGET_HOURS_PARAM,
        default=DEFAULT_TARGET_HOURS,
        help="Hours of approved CPD each person needs per CPD year, unless they have "
        "their own target.",
    )

    def set_values(self):
        if self.protect_cpd_target_hours < 0:
            raise ValidationError(
                self.env._("Annual CPD target (hours): a target cannot be negative.")
            )
        records = self.env["protect.cpd.record"]
        month_before = records._cpd_start_month()
        result = super().set_values()
        if records._cpd_start_month() != month_before:
            # CPD years are stored on the records: file them under the new years.
            records._recompute_cpd_years()
        return result
