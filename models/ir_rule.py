from odoo import api, models, tools
from odoo.exceptions import AccessError
from odoo.fields import Domain
from odoo.tools.safe_eval import safe_eval

from .res_users import protect_print_cap, protect_today


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
        # the UK date vetting is read on, not the user's or the caller's. The
        # same keys serve _protect_vetting_domain below.
        yield from super()._compute_domain_context_values()
        yield protect_today()
        # A print at a lower marking narrows the user's clearance (see
        # res.users._protect_cleared_sensitivities): a capped read and an
        # uncapped one never share a cached domain.
        yield protect_print_cap(self.env.context)

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

    # ------------------------------------------------------------------ refusals

    def _make_access_error(self, operation, records):
        """A refusal on this addon's records is a plain statement of what the
        user may do, not Odoo's generic text, and it names no record: the one
        refused may be above the user's vetting (in debug mode the generic text
        lists records by name)."""
        message = self._protect_refusal_message(operation, records)
        if message is None:
            return super()._make_access_error(operation, records)
        # The check that failed read these records as superuser: drop what it
        # left in the cache, as the generic error does.
        records.invalidate_recordset()
        return AccessError(message)

    def _protect_refusal_message(self, operation, records):
        """The statement refusing ``operation`` on ``records``, or None when
        neither the model nor the failing rules are this addon's."""
        if not records._name.startswith("protect."):
            if not records._protect_vetted:
                return None
            # sudo (1): which rules refused decides the wording, no more.
            failing = self._get_failing(records, mode=operation).sudo()
            if not any(
                xmlid.startswith("protect_engagement.")
                for xmlid in failing.get_external_id().values()
            ):
                return None
        if operation == "read":
            return self.env._(
                "You can open only the records your vetting clears and your role "
                "lets you see."
            )
        statements = {
            ("protect.engagement", "create"): self.env._(
                "You can log engagements you lead or attend."
            ),
            ("protect.engagement", "write"): self.env._(
                "You can edit engagements you lead or attended."
            ),
            ("protect.engagement", "unlink"): self.env._(
                "You can delete engagements you lead or attended."
            ),
            ("protect.panel.attendance", None): self.env._(
                "You can record attendance at meetings you lead or attended."
            ),
            ("protect.cpd.record", None): self.env._(
                "You can change your own CPD records, and a manager those of "
                "their team."
            ),
            ("res.partner", None): self.env._(
                "Only Protect officers change stakeholders."
            ),
        }
        return (
            statements.get((records._name, operation))
            or statements.get((records._name, None))
            or self.env._("Your role does not let you change these records.")
        )
