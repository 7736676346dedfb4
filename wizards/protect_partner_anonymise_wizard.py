from odoo import api, fields, models
from odoo.exceptions import UserError


class ProtectPartnerAnonymiseWizard(models.TransientModel):
    """Erase one person's identifying details, once the administrator has
    confirmed that it cannot be undone (see models/res_partner_privacy.py)."""

    _name = "protect.partner.anonymise.wizard"
    _description = "Anonymise a person"

    partner_id = fields.Many2one(
        "res.partner",
        string="Person",
        required=True,
        readonly=True,
        ondelete="cascade",
    )
    confirm = fields.Boolean(
        string="I understand this cannot be undone",
        help="Their name, contact details and every mention of them in the chatter "
        "are erased for good.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        for wizard in wizards:
            wizard.partner_id._protect_check_anonymisable()
        return wizards

    def action_anonymise(self):
        self.ensure_one()
        if not self.confirm:
            raise UserError(
                self.env._(
                    "%(field)s: tick it to confirm; anonymising cannot be undone.",
                    field=self._fields["confirm"]._description_string(self.env),
                )
            )
        partner = self.partner_id
        partner._protect_anonymise()
        return {
            "type": "ir.actions.act_window",
            "res_model": partner._name,
            "res_id": partner.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }
