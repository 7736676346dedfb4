from odoo import api, models
from odoo.fields import Domain

# Documents whose follower lists must not reveal records above the viewer's vetting.
PROTECT_THREAD_MODELS = ("protect.engagement", "protect.panel")


class MailFollowers(models.Model):
    _inherit = "mail.followers"

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, **kwargs):
        """Hide the followers of Protect records the user cannot read.

        Odoo lets internal users search every follower row; for Protect records
        even the existence of a follower on a hidden record is a leak.
        """
        if not self.env.su and not kwargs.get("bypass_access"):
            visible = [Domain("res_model", "not in", PROTECT_THREAD_MODELS)]
            for model in PROTECT_THREAD_MODELS:
                records = self.env[model]
                if records.has_access("read"):
                    readable = Domain("res_id", "any!", records._search([]))
                    visible.append(Domain("res_model", "=", model) & readable)
            domain = Domain(domain) & Domain.OR(visible)
        return super()._search(
            domain, offset=offset, limit=limit, order=order, **kwargs
        )
