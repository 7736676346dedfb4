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

# The address meeting notes are forwarded to (data/mail_alias_data.xml).
ENGAGEMENT_ALIAS = "protect_engagement.mail_alias_protect_engagement"

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

    protect_engagement_alias_name = fields.Char(
        string="Engagement e-mail alias",
        compute="_compute_protect_engagement_alias_name",
        inverse="_inverse_protect_engagement_alias_name",
        readonly=False,
        help="Meeting notes forwarded to this address become engagements. Only "
        "addresses of registered employees may use it; leave it empty to stop it.",
    )
    protect_engagement_alias_domain_id = fields.Many2one(
        "mail.alias.domain",
        string="Engagement e-mail alias domain",
        compute="_compute_protect_engagement_alias_domain_id",
        inverse="_inverse_protect_engagement_alias_domain_id",
        readonly=False,
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

    def _protect_engagement_alias(self):
        """The engagement alias, or no record if it was deleted."""
        alias = self.env.ref(ENGAGEMENT_ALIAS, raise_if_not_found=False)
        return alias or self.env["mail.alias"]

    # One compute and one inverse per field: fields sharing a compute are set
    # together, and a new settings record given only a name would clear the domain.
    def _compute_protect_engagement_alias_name(self):
        self.protect_engagement_alias_name = self._protect_engagement_alias().alias_name

    def _compute_protect_engagement_alias_domain_id(self):
        alias = self._protect_engagement_alias()
        self.protect_engagement_alias_domain_id = alias.alias_domain_id

    def _inverse_protect_engagement_alias_name(self):
        alias = self._protect_engagement_alias()
        for settings in self:
            # Mail keeps the part before any @ and sanitises it.
            name = (settings.protect_engagement_alias_name or "").strip() or False
            if alias:
                alias.alias_name = name
            elif name:
                alias = self._protect_engagement_alias_create(
                    {
                        "alias_name": name,
                        "alias_domain_id": (
                            settings.protect_engagement_alias_domain_id.id
                        ),
                    }
                )

    def _inverse_protect_engagement_alias_domain_id(self):
        alias = self._protect_engagement_alias()
        for settings in self if alias else ():
            alias.alias_domain_id = settings.protect_engagement_alias_domain_id

    def _protect_engagement_alias_create(self, values):
        """The alias again, under its own external id, if it was deleted."""
        alias = self.env["mail.alias"].create(
            dict(
                values,
                alias_model_id=self.env["ir.model"]._get_id("protect.engagement"),
                alias_contact="employees",
            )
        )
        module, name = ENGAGEMENT_ALIAS.split(".")
        self.env["ir.model.data"].create(
            {
                "module": module,
                "name": name,
                "model": "mail.alias",
                "res_id": alias.id,
                "noupdate": True,
            }
        )
        return alias

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
