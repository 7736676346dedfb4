from odoo import api, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain


class MailActivity(models.Model):
    _inherit = "mail.activity"

    # ------------------------------------------------------------ assigning

    @api.model_create_multi
    def create(self, vals_list):
        model_names = self._protect_guarded_model_ids()
        default_user = self.env.context.get("default_user_id", self.env.uid)
        self._protect_check_assignees(
            [
                (
                    vals.get("res_model") or model_names.get(vals.get("res_model_id")),
                    vals.get("res_id"),
                    vals.get("user_id", default_user),
                )
                for vals in vals_list
            ]
        )
        return super().create(vals_list)

    def write(self, vals):
        if {"user_id", "res_model_id", "res_id"} & vals.keys():
            model_names = self._protect_guarded_model_ids()
            self._protect_check_assignees(
                [
                    (
                        model_names.get(vals["res_model_id"])
                        if vals.get("res_model_id")
                        else activity.res_model,
                        vals.get("res_id", activity.res_id),
                        vals.get("user_id", activity.user_id.id),
                    )
                    # sudo (1): the document and assignee decide, whoever asks.
                    for activity in self.sudo()
                ]
            )
        return super().write(vals)

    @api.model
    def _protect_guarded_model_ids(self):
        """{ir.model id: name} of the guarded models, from the registry caches."""
        guarded = self.env["protect.mail.guard"]._protect_guarded_models()
        return {self.env["ir.model"]._get_id(name): name for name in guarded}

    @api.model
    def _protect_check_assignees(self, targets):
        """Refuse an activity on a Protect record for a user whose vetting does
        not clear the record's marking. ``targets``: (model, res_id, user id)."""
        guarded = self.env["protect.mail.guard"]._protect_guarded_models()
        for model, res_id, user_id in targets:
            if model not in guarded or not res_id or not user_id:
                continue
            # sudo: the marking of the record and the assignee's vetting decide
            # the assignment, whoever makes it.
            record = self.env[model].sudo().browse(res_id)
            user = self.env["res.users"].sudo().browse(user_id)
            if "sensitivity" not in record._fields:
                continue
            if record.sensitivity not in user._protect_cleared_sensitivities():
                labels = record._fields["sensitivity"]._description_selection(self.env)
                raise ValidationError(
                    self.env._(
                        "Assigned to: %(user)s's vetting does not clear %(marking)s, "
                        "so they cannot be given an activity on this record.",
                        user=user.name,
                        marking=dict(labels)[record.sensitivity],
                    )
                )

    # ------------------------------------------------------------ reading

    def _check_access(self, operation):
        """Odoo lets an assignee read their activities whatever the document;
        on a Protect record the assignee must also clear the record today."""
        result = super()._check_access(operation)
        allowed = self - result[0] if result else self
        if not allowed:
            return result
        refused = self.env["protect.mail.guard"]._protect_rows_on_hidden_documents(
            allowed, "res_model", "res_id"
        )
        if not refused:
            return result
        if result:
            return (result[0] + refused, result[1])
        return (refused, lambda: refused._make_access_error(operation))

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, **kwargs):
        if not self.env.su and not kwargs.get("bypass_access"):
            guard = self.env["protect.mail.guard"]
            domain = Domain(domain) & guard._protect_readable_domain()
        return super()._search(
            domain, offset=offset, limit=limit, order=order, **kwargs
        )
