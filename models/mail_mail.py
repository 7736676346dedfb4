from odoo import api, models


class MailMail(models.Model):
    _inherit = "mail.mail"

    @api.model_create_multi
    def create(self, vals_list):
        """Nothing about a record marked above OFFICIAL leaves by e-mail.

        Notifications already tell cleared officers in Odoo only; this is the
        net for every other way an e-mail is queued (templates, mass mailing,
        calendar invitations): the e-mail is kept, cancelled, with the reason.
        """
        # sudo (1): which record each e-mail is about, to cancel it or not.
        messages = self.env["mail.message"].sudo()
        for vals in vals_list:
            model, res_id = vals.get("model"), vals.get("res_id")
            if not model and vals.get("mail_message_id"):
                # Notifications name their document through their message; its
                # model and id only, whoever queues the e-mail.
                message = messages.browse(vals["mail_message_id"])
                model, res_id = message.model, message.res_id
            if not (model and res_id and model in self.env):
                continue
            if not self.env[model]._protect_marked_mail:
                continue  # e-mail about other records costs no query here
            # Existence and marking only, whoever queues the e-mail. sudo (1).
            record = self.env[model].sudo().browse(res_id).exists()
            if record and record._protect_mail_marking() != "official":
                vals.update(
                    state="cancel",
                    failure_reason=self.env._(
                        "Not sent: the record is marked above OFFICIAL, and "
                        "nothing so marked leaves the system by e-mail."
                    ),
                )
        return super().create(vals_list)

    def send(self, auto_commit=False, raise_exception=False, post_send_callback=None):
        # A cancelled e-mail is never sent, even if asked for by id.
        return super(MailMail, self.filtered(lambda m: m.state != "cancel")).send(
            auto_commit=auto_commit,
            raise_exception=raise_exception,
            post_send_callback=post_send_callback,
        )
