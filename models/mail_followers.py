from odoo import api, models
from odoo.fields import Domain


class MailFollowers(models.Model):
    _inherit = "mail.followers"

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, **kwargs):
        """Hide the followers of Protect records the user cannot read, and the
        follower rows of stakeholders above the user's vetting.

        Odoo lets internal users search every follower row; for Protect records
        even the existence of a follower on a hidden record is a leak, and so is
        a hidden stakeholder following anything.
        """
        if not self.env.su and not kwargs.get("bypass_access"):
            domain = Domain(domain) & self._protect_visible_domain()
        return super()._search(
            domain, offset=offset, limit=limit, order=order, **kwargs
        )

    @api.model
    def _protect_visible_domain(self):
        guard = self.env["protect.mail.guard"]
        cleared = self.env.user._protect_cleared_sensitivities()
        partner_visible = Domain("partner_id.protect_stakeholder", "=", False) | Domain(
            "partner_id.protect_sensitivity", "in", cleared
        )
        return guard._protect_readable_domain() & partner_visible

    @api.model
    def _insert_followers(
        self,
        res_model,
        res_ids,
        partner_ids,
        subtypes=None,
        customer_ids=None,
        check_existing=True,
        existing_policy="skip",
    ):
        """Never let a partner follow a Protect record they do not clear, on any
        path: the public API refuses them by name, automatic subscriptions (a
        lead officer, a message's author) leave them out."""
        guarded = self.env["protect.mail.guard"]._protect_guarded_models()
        if (
            res_model not in guarded
            or not res_ids
            or not partner_ids
            or not hasattr(self.env[res_model], "_protect_cleared_partners")
        ):
            return super()._insert_followers(
                res_model,
                res_ids,
                partner_ids,
                subtypes=subtypes,
                customer_ids=customer_ids,
                check_existing=check_existing,
                existing_policy=existing_policy,
            )
        result = None
        partners = self.env["res.partner"].browse(partner_ids)
        records = self.env[res_model].browse(res_ids)
        # sudo (1): the markings decide who may follow; nothing is shown.
        for marking_records in records.sudo().grouped("sensitivity").values():
            allowed = marking_records._protect_cleared_partners(partners).ids
            result = super()._insert_followers(
                res_model,
                marking_records.ids,
                allowed,
                subtypes={pid: subtypes[pid] for pid in allowed} if subtypes else None,
                customer_ids=customer_ids,
                check_existing=check_existing,
                existing_policy=existing_policy,
            )
        return result
