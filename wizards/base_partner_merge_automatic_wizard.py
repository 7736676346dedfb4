from odoo import models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        """Merged contacts pool their engagements on the contact kept.

        The merge moves every reference to the contacts merged in SQL; their
        engagement figures would clash with the kept contact's row at the same
        marking (one row per contact and marking). The figures of the contacts
        merged are dropped first and counted again once merged, with those of
        the organisations they counted for.
        """
        # sudo (2): the figures are upkeep of the merge, whatever the user may
        # see.
        partners = self.env["res.partner"].sudo().browse(partner_ids).exists()
        organisations = partners.commercial_partner_id
        stats = self.env["protect.engagement.stat"]
        stats._drop(partners)
        result = super()._merge(partner_ids, dst_partner, extra_checks)
        stats._refresh(partners | organisations)
        return result
