from odoo import api, models, tools
from odoo.fields import Domain
from odoo.tools.safe_eval import safe_eval

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

    @api.model
    @tools.ormcache(
        "self.env.uid",
        "model_name",
        "tuple(self._compute_domain_context_values())",
    )
    def _protect_vetting_domain(self, model_name):
        """The domain of this addon's own global rules on ``model_name`` (the
        vetting rules) for the current user, without the model's other rules.

        Paths that reach a record through a link (ids in domains, ordering)
        must hide what vetting hides and nothing else: a guest who may search
        channel members by partner keeps doing so.
        """
        # sudo: rules are configuration; which ones are the addon's is read
        # past the user's rights, their domains are evaluated for the user.
        data = self.env["ir.model.data"].sudo()
        rule_ids = data.search(
            [("module", "=", "protect_engagement"), ("model", "=", "ir.rule")]
        ).mapped("res_id")
        rules = self.sudo().search(
            [
                ("id", "in", rule_ids),
                ("model_id.model", "=", model_name),
                ("global", "=", True),
                ("perm_read", "=", True),
            ]
        )
        if not rules:
            return Domain.TRUE
        context = self._eval_context()
        return Domain.AND(
            Domain(safe_eval(rule.domain_force, context)) for rule in rules
        ).optimize(self.env[model_name])
