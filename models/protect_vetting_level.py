from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .protect_sensitivity_mixin import SENSITIVITY_SELECTION, sensitivities_up_to


class ProtectVettingLevel(models.Model):
    _name = "protect.vetting.level"
    _description = "Vetting level"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Short code, for example SC or NPPV3.")
    sequence = fields.Integer(
        string="Order",
        required=True,
        default=10,
        help="Position in the vetting order: a higher number is a higher level.",
    )
    scheme = fields.Selection(
        [("police", "Police vetting"), ("national", "National security vetting")],
        required=True,
        default="police",
    )
    max_sensitivity = fields.Selection(
        SENSITIVITY_SELECTION,
        string="Clears up to",
        required=True,
        default="official",
        help="The highest protective marking this level clears; every lower "
        "marking is cleared too.",
    )
    description = fields.Text()
    active = fields.Boolean(default=True)

    _code_unique = models.UniqueIndex(
        "(code)", "A vetting level's code must be unique."
    )

    @api.constrains("sequence")
    def _check_sequence(self):
        for level in self:
            if level.sequence <= 0:
                raise ValidationError(
                    self.env._(
                        "Order: vetting level %(level)s needs a positive place in the "
                        "vetting order.",
                        level=level.name,
                    )
                )

    def write(self, vals):
        result = super().write(vals)
        if {"max_sensitivity", "active"} & vals.keys():
            # Users' clearances are cached; see res.users._protect_clearance.
            self.env.registry.clear_cache()
        return result

    def _cleared_sensitivities(self):
        self.ensure_one()
        return sensitivities_up_to(self.max_sensitivity)
