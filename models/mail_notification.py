from odoo import api, models
from odoo.fields import Domain


class MailNotification(models.Model):
    _inherit = "mail.notification"

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, **kwargs):
        """A notification names its message: the notifications of a message on
        a Protect record are found only by those who can read the record.

        Odoo lets every internal user search every notification; the message
        filter runs inside the same SQL query.
        """
        if not self.env.su and not kwargs.get("bypass_access"):
            readable = self.env["protect.mail.guard"]._protect_readable_domain(
                "model", "res_id"
            )
            domain = Domain(domain) & Domain("mail_message_id", "any!", readable)
        return super()._search(
            domain, offset=offset, limit=limit, order=order, **kwargs
        )
