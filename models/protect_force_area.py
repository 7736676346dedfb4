from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ProtectForceArea(models.Model):
    _name = "protect.force.area"
    _description = "Force area"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Short code used in reports and exports.")
    kind = fields.Selection(
        [
            ("force", "Force area"),
            ("regional", "Regional"),
            ("national", "National"),
            ("outside", "Outside region"),
        ],
        required=True,
        default="force",
        index=True,
    )
    sequence = fields.Integer(default=10)
    color = fields.Integer()
    active = fields.Boolean(default=True)

    _code_unique = models.UniqueIndex("(code)", "A force area's code must be unique.")

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        env = self.env
        # sudo (1): whether anything at all uses the area, hidden or not.
        partners = env["res.partner"].sudo().with_context(active_test=False)
        engagements = env["protect.engagement"].sudo().with_context(active_test=False)
        used = partners.search_count(
            [("protect_force_area_id", "in", self.ids)], limit=1
        ) or engagements.search_count([("force_area_id", "in", self.ids)], limit=1)
        if used:
            raise ValidationError(
                env._(
                    "Force area: stakeholders or engagements refer to it. "
                    "Archive it instead of deleting it."
                )
            )
