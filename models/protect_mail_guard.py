from collections import defaultdict

from odoo import api, models, tools
from odoo.exceptions import ValidationError
from odoo.fields import Domain

# OPEN_MARKING: the one marking whose records may be e-mailed, and followed by
# external contacts.
from .protect_sensitivity_mixin import OPEN_MARKING, SENSITIVITY_RANK

# Parents whose models the mail extensions guard (messages, activities, followers).
GUARD_PARENTS = ("protect.mail.guard", "protect.sensitivity.mixin")


class ProtectMailGuard(models.AbstractModel):
    """Chatter, activities and e-mail of a Protect record reach only people whose
    vetting clears the record's marking.

    A partner clears a set of records when one of its internal users' current
    vetting clears every record's marking. A contact with no internal user
    clears only records marked OFFICIAL, and only if the sender may read that
    contact. Nothing marked above OFFICIAL leaves the system by e-mail.
    """

    _name = "protect.mail.guard"
    _description = "Protect chatter and e-mail guard"
    _inherit = ["mail.thread", "mail.activity.mixin"]

    # ------------------------------------------------------------ who clears

    @api.model
    @tools.ormcache()
    def _protect_guarded_models(self):
        """Names of the concrete models whose chatter, activities and followers
        vetting guards: every model inheriting the guard or the marking."""
        registry = self.env.registry
        names, todo = set(), list(GUARD_PARENTS)
        while todo:
            for child in registry[todo.pop()]._inherit_children:
                if child not in names and child in registry:
                    names.add(child)
                    todo.append(child)
        return tuple(
            sorted(
                name
                for name in names
                if not registry[name]._abstract and not registry[name]._transient
            )
        )

    @api.model
    def _protect_readable_domain(self, model_field="res_model", id_field="res_id"):
        """Domain on a model/res_id pair (messages, activities, followers) that
        keeps only rows not about a guarded record the user cannot read."""
        guarded = self._protect_guarded_models()
        readable = [Domain(model_field, "not in", guarded)]
        for model in guarded:
            records = self.env[model].with_context(active_test=False)
            if records.has_access("read"):
                readable.append(
                    Domain(model_field, "=", model)
                    & Domain(id_field, "in", records._search([]))
                )
        return Domain.OR(readable)

    @api.model
    def _protect_rows_on_hidden_documents(self, rows, model_field, id_field):
        """The ``rows`` (messages, activities) about a guarded record the user
        cannot read; rows about other models are left alone, at no cost."""
        guarded = self._protect_guarded_models()
        docs_by_model = defaultdict(set)
        # sudo: only which document each row is about, to check the user's
        # access to that document; it fills the cache the read needs next.
        for row in rows.sudo():
            if row[model_field] in guarded and row[id_field]:
                docs_by_model[row[model_field]].add(row[id_field])
        hidden = set()
        for model, res_ids in docs_by_model.items():
            documents = self.env[model].browse(res_ids)
            readable = documents._filtered_access("read")
            hidden.update(
                (model, doc_id) for doc_id in set(documents.ids) - set(readable.ids)
            )
        # sudo (1): which document a row points to decides whether it is hidden.
        return rows.filtered(
            lambda r: (r.sudo()[model_field], r.sudo()[id_field]) in hidden
        )

    def _protect_markings(self):
        """The markings of these records, read past the rules: they decide who
        is told; the caller may be notifying on behalf of the system."""
        return {
            marking or OPEN_MARKING
            for marking in self._protect_record_markings().values()
        }

    def _protect_cleared_partners(self, partners):
        """The subset of ``partners`` who may follow, be named on and be told of
        every record of ``self``."""
        if not self or not partners:
            return partners
        markings = self._protect_markings()
        cleared = partners.browse()
        outside = partners.browse()
        # sudo: whether a partner has an internal user, and that user's vetting,
        # decide clearance even when the sender may not read the users.
        for partner in partners.sudo():
            users = partner.user_ids.filtered(lambda u: not u.share)
            if not users:
                outside |= partner
            elif any(
                markings <= set(user._protect_cleared_sensitivities()) for user in users
            ):
                cleared |= partner
        if outside and markings == {OPEN_MARKING}:
            cleared |= outside.with_env(partners.env)._filtered_access("read")
        return partners.browse(cleared.ids)

    def _protect_check_partners(self, partner_ids, label):
        """Refuse ``partner_ids`` who do not clear ``self``, naming them."""
        partners = self.env["res.partner"].browse(partner_ids).exists()
        refused = partners - self._protect_cleared_partners(partners)
        if not refused:
            return
        marking = max(self._protect_markings(), key=SENSITIVITY_RANK.get)
        labels = self.env["protect.sensitivity.mixin"]._fields["sensitivity"]
        raise ValidationError(
            self.env._(
                "%(field)s: %(names)s cannot be added: their vetting does not clear "
                "%(marking)s, or they have no internal user and the record is marked "
                "above OFFICIAL.",
                field=label,
                names=", ".join(refused.mapped("display_name")),
                marking=dict(labels._description_selection(self.env))[marking],
            )
        )

    # ------------------------------------------------------------ followers

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        if self and partner_ids:
            self._protect_check_partners(partner_ids, self.env._("Followers"))
        return super().message_subscribe(
            partner_ids=partner_ids, subtype_ids=subtype_ids
        )

    # ------------------------------------------------------------ posting

    def message_post(self, **kwargs):
        if self and kwargs.get("partner_ids"):
            self._protect_check_partners(
                kwargs["partner_ids"], self.env._("Recipients")
            )
        return super().message_post(**kwargs)

    def _notify_get_recipients(self, message, msg_vals=False, **kwargs):
        """Tell only those who clear the record today: vetting may have lapsed
        since they followed. Above OFFICIAL, nobody is told by e-mail."""
        recipients = super()._notify_get_recipients(
            message, msg_vals=msg_vals, **kwargs
        )
        if not self or not recipients:
            return recipients
        partners = self.env["res.partner"].browse(
            r["id"] for r in recipients if r["id"]
        )
        cleared = set(self._protect_cleared_partners(partners).ids)
        open_record = self._protect_markings() == {OPEN_MARKING}
        kept = []
        for recipient in recipients:
            if recipient["id"] and recipient["id"] not in cleared:
                continue
            if not open_record:
                if not recipient["id"]:
                    continue
                recipient = dict(recipient, notif="inbox")
            kept.append(recipient)
        return kept
