from odoo import api, models

from .res_users import protect_today


class IrRule(models.Model):
    _inherit = "ir.rule"

    @api.model
    def _eval_context(self):
        """Offer Protect rules the markings the current user's vetting clears."""
        context = super()._eval_context()
        context["protect_sensitivities"] = (
            self.env.user._protect_cleared_sensitivities()
        )
        return context

    def _compute_domain_context_values(self):
        # Rule domains are cached per user. Vetting expires by date, with no
        # write to invalidate the cache, so the date is part of the cache key:
        # the UK date vetting is read on, not the user's or the caller's.
        yield from super()._compute_domain_context_values()
        yield protect_today()
