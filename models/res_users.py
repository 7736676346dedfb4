from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .protect_sensitivity_mixin import SENSITIVITY_RANK, sensitivities_up_to

VETTING_FIELDS = {
    "protect_vetting_level_id",
    "protect_vetting_granted",
    "protect_vetting_expiry",
}


class ResUsers(models.Model):
    _inherit = "res.users"

    protect_vetting_level_id = fields.Many2one(
        "protect.vetting.level", string="Vetting level", index="btree_not_null"
    )
    protect_vetting_granted = fields.Date(string="Vetting granted")
    protect_vetting_expiry = fields.Date(
        string="Vetting expires",
        help="From this day on the vetting no longer counts: the user sees only "
        "what needs no vetting until it is renewed.",
    )
    protect_vetting_granted_by_id = fields.Many2one(
        "res.users", string="Vetting granted by", index="btree_not_null"
    )
    protect_vetting_valid = fields.Boolean(
        string="Vetting current", compute="_compute_protect_vetting_valid"
    )

    @api.depends("protect_vetting_level_id", "protect_vetting_expiry")
    @api.depends_context("uid")
    def _compute_protect_vetting_valid(self):
        today = fields.Date.context_today(self)
        for user in self:
            user.protect_vetting_valid = bool(
                user.protect_vetting_level_id
                and (not user.protect_vetting_expiry or user.protect_vetting_expiry > today)
            )

    @api.constrains("protect_vetting_granted", "protect_vetting_expiry")
    def _check_protect_vetting_dates(self):
        for user in self:
            granted, expiry = user.protect_vetting_granted, user.protect_vetting_expiry
            if granted and expiry and expiry < granted:
                raise ValidationError(
                    self.env._(
                        "Vetting expires: %(user)s's vetting cannot expire before it "
                        "was granted.",
                        user=user.name,
                    )
                )

    def _protect_cleared_sensitivities(self):
        """Sensitivities this user's current vetting clears (all for superuser)."""
        if self.env.su and self.env.user == self:
            return list(SENSITIVITY_RANK)
        user = self.sudo()
        user.ensure_one()
        level = user.protect_vetting_level_id
        expiry = user.protect_vetting_expiry
        if not level or (expiry and expiry <= fields.Date.context_today(user)):
            return []
        return sensitivities_up_to(level.max_sensitivity)

    def write(self, vals):
        result = super().write(vals)
        if VETTING_FIELDS & vals.keys():
            # Record rules and cached figures depend on vetting: drop the caches
            # so every worker applies the change on its next request.
            self.env.registry.clear_cache()
        return result
