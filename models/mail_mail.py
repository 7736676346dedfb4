from odoo import api, models


class MailMail(models.Model):
    _inherit = "mail.mail"

    @api.model_create_multi
    def create(self, vals_list):
        """Nothing about a record marked above OFFICIAL leaves by e-mail.

        Notifications already tell cleared officers in Odoo only; this is the
        net for every other way an e-mail is queued (templates, mass mailing,
        calendar invitations): the e-mail is kept, cancelled, with the reason.
        An e-mail that is not cancelled, about a marked record or a Protect
        stakeholder, is recorded in the disclosure log.
        """
        # sudo (1): which record each e-mail is about, to cancel it or not.
        messages = self.env["mail.message"].sudo()
        # The record (as superuser) each e-mail is about, when it is logged.
        about = []
        for vals in vals_list:
            about.append(None)
            model, res_id = vals.get("model"), vals.get("res_id")
            if not model and vals.get("mail_message_id"):
                # Notifications name their document through their message; its
                # model and id only, whoever queues the e-mail.
                message = messages.browse(vals["mail_message_id"])
                model, res_id = message.model, message.res_id
            if not (model and res_id and model in self.env):
                continue
            marked = self.env[model]._protect_marked_mail
            if not (marked or model == "res.partner"):
                continue  # e-mail about other records costs no query here
            # Existence and marking only, whoever queues the e-mail. sudo (1).
            record = self.env[model].sudo().browse(res_id).exists()
            if not marked:
                # A stakeholder's e-mail is logged (the partner's own rules
                # on sending are unchanged); other partners' are not.
                about[-1] = record.filtered("protect_stakeholder") or None
                continue
            about[-1] = record or None
            if record and record._protect_mail_marking() != "official":
                vals.update(
                    state="cancel",
                    failure_reason=self.env._(
                        "Not sent: the record is marked above OFFICIAL, and "
                        "nothing so marked leaves the system by e-mail."
                    ),
                )
        mails = super().create(vals_list)
        self._protect_log_mails(mails, about)
        return mails

    def _protect_log_mails(self, mails, about):
        """One disclosure log row per e-mail queued about a marked record (or
        a stakeholder), ``about`` giving each e-mail's record (as superuser)
        or None. Cancelled e-mails never leave: they are not logged."""
        log = self.env["protect.disclosure.log"]
        # sudo (2): the e-mails just queued (subject and body may come from
        # their message), read to log them.
        for mail, record in zip(mails.sudo(), about, strict=True):
            if not record or mail.state == "cancel":
                continue
            log._protect_record(
                "email",
                mail.subject or self.env._("E-mail without subject"),
                content=(mail.body_html or "").encode(),
                res_model=record._name,
                res_ids=record.ids,
                record_count=1,
                marking=record._protect_mail_marking(),
            )

    def send(self, auto_commit=False, raise_exception=False, post_send_callback=None):
        # A cancelled e-mail is never sent, even if asked for by id.
        return super(MailMail, self.filtered(lambda m: m.state != "cancel")).send(
            auto_commit=auto_commit,
            raise_exception=raise_exception,
            post_send_callback=post_send_callback,
        )
