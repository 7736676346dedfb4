from odoo import api, models
from odoo.fields import Domain


class MailMessage(models.Model):
    _inherit = "mail.message"

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, **kwargs):
        """Messages on a Protect record are found only by those who can read it.

        Odoo lets a message's author and the partners it named or notified find
        it whatever the document; on a Protect record, vetting that has since
        lapsed must hide it too.
        """
        if not self.env.su and not kwargs.get("bypass_access"):
            guard = self.env["protect.mail.guard"]
            domain = Domain(domain) & guard._protect_readable_domain("model", "res_id")
        return super()._search(
            domain, offset=offset, limit=limit, order=order, **kwargs
        )

    def _get_forbidden_access(self, operation):
        """Add to Odoo's refusals the messages on Protect records the user
        cannot read, even those they wrote, were named on or were told of."""
        forbidden = super()._get_forbidden_access(operation)
        others = self - forbidden
        if not others:
            return forbidden
        hidden = self.env["protect.mail.guard"]._protect_rows_on_hidden_documents(
            others, "model", "res_id"
        )
        return forbidden + hidden
