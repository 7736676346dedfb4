from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .protect_cpd_record import (
    DEFAULT_START_MONTH,
    DEFAULT_TARGET_HOURS,
    START_MONTH_PARAM,
    TARGET_HOURS_PARAM,
)
from .res_partner_retention import (
    MAX_RETENTION_MONTHS,
    RETENTION_ATTENDEE,
    RETENTION_AUDIENCE,
    RETENTION_ENDED,
    RETENTION_PARAMS,
)

# The help of every retention period: the force decides them.
RETENTION_HELP = (
    " The periods are the force's retention schedule to decide (UK GDPR storage "
    "limitation, Data Protection Act 2018); the daily retention review lists "
    "the people past them for their relationship owner and deletes nothing."
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

    protect_retention_ended_months = fields.Integer(
        string="Retention for contacts of ended partnerships",
        config_parameter=RETENTION_PARAMS[RETENTION_ENDED][0],
        default=RETENTION_PARAMS[RETENTION_ENDED][1],
        help="Months a person filed under an organisation whose partnership ended "
        "is kept after the later of the status change and their or the "
        "organisation's last engagement." + RETENTION_HELP,
    )
    protect_retention_audience_months = fields.Integer(
        string="Retention for people reached only as audience",
        config_parameter=RETENTION_PARAMS[RETENTION_AUDIENCE][0],
        default=RETENTION_PARAMS[RETENTION_AUDIENCE][1],
        help="Months a contact who is not a stakeholder and was only ever named on "
        "engagements is kept after the last of them." + RETENTION_HELP,
    )
    protect_retention_attendee_months = fields.Integer(
        string="Retention for event attendees",
        config_parameter=RETENTION_PARAMS[RETENTION_ATTENDEE][0],
        default=RETENTION_PARAMS[RETENTION_ATTENDEE][1],
        help="Months a contact who is not a stakeholder and only ever registered "
        "for events is kept after the end of the last event." + RETENTION_HELP,
    )

    @api.constrains(
        "protect_retention_ended_months",
        "protect_retention_audience_months",
        "protect_retention_attendee_months",
    )
    def _check_protect_retention_months(self):
        names = (
            "protect_retention_ended_months",
            "protect_retention_audience_months",
            "protect_retention_attendee_months",
        )
        for settings in self:
            for name in names:
                if not 0 < settings[name] <= MAX_RETENTION_MONTHS:
                    raise ValidationError(
                        self.env._(
                            "%(field)s: a retention period runs from 1 to "
                            "%(max)s months; %(value)s is not one.",
                            field=self._fields[name]._description_string(self.env),
                            max=MAX_RETENTION_MONTHS,
                            value=settings[name],
                        )
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
