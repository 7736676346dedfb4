from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

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

    @api.ondelete(at_uninstall=False)
    def _unlink_except_held(self):
        # A level that users hold or held is archived, never deleted: deleting
        # would empty their level in SQL, past the caches and the vetting log.
        # sudo: whether anyone holds a level is checked whoever deletes it.
        users = self.env["res.users"].sudo().with_context(active_test=False)
        history = self.env["protect.vetting.log"].sudo()
        for level in self:
            if users.search_count(
                [("protect_vetting_level_id", "=", level.id)], limit=1
            ) or history.search_count(
                [
                    "|",
                    ("level_before_id", "=", level.id),
                    ("level_after_id", "=", level.id),
                ],
                limit=1,
            ):
                raise UserError(
                    self.env._(
                        "Vetting level: %(level)s is or was held by users; archive "
                        "it instead of deleting it.",
                        level=level.name,
                    )
                )

    def write(self, vals):
        result = super().write(vals)
        # Users' clearances are cached (see res.users._protect_clearance). Levels
        # change rarely; drop the caches on any change rather than risk missing
        # a field that clearance depends on (clearance, archiving).
        self.env.registry.clear_cache()
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()
        return result

    def _cleared_sensitivities(self):
        self.ensure_one()
        return sensitivities_up_to(self.max_sensitivity)
