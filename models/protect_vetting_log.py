from odoo import api, fields, models
from odoo.exceptions import UserError


class ProtectVettingLog(models.Model):
    """One change of a user's vetting, kept for good.

    Who holds what vetting is itself sensitive: an entry is readable by the
    Protect administrators and by the user it concerns only (record rules), and
    nobody changes or deletes it. Vetting expiry warnings are activities on the
    user's latest entry, so they stay within the same audience.
    """

    _name = "protect.vetting.log"
    _description = "Vetting history"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    # Whoever may read an entry may also act on its activities (mark them done).
    _mail_post_access = "read"

    user_id = fields.Many2one(
        "res.users",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    changed_by_id = fields.Many2one(
        "res.users", string="Changed by", readonly=True, ondelete="set null"
    )
    date = fields.Datetime(
        required=True, readonly=True, default=fields.Datetime.now, index=True
    )

    # Before and after
    level_before_id = fields.Many2one(
        "protect.vetting.level",
        string="Level before",
        readonly=True,
        ondelete="restrict",
    )
    level_after_id = fields.Many2one(
        "protect.vetting.level",
        string="Level after",
        readonly=True,
        ondelete="restrict",
    )
    granted_before = fields.Date(string="Granted before", readonly=True)
    granted_after = fields.Date(string="Granted after", readonly=True)
    expiry_before = fields.Date(string="Expiry before", readonly=True)
    expiry_after = fields.Date(string="Expiry after", readonly=True)

    @api.depends("user_id", "date")
    def _compute_display_name(self):
        for entry in self:
            entry.display_name = self.env._(
                "Vetting of %(user)s, %(date)s",
                user=entry.user_id.name,
                date=fields.Date.to_string(entry.date),
            )

    @api.model
    def _protect_append(self, vals_list):
        """Create entries without subscribing or logging anyone on them."""
        return self.with_context(
            mail_create_nosubscribe=True, mail_create_nolog=True, tracking_disable=True
        ).create(vals_list)

    def write(self, vals):
        # Refused before the access rights are checked, to say why.
        if not self.env.su:
            raise UserError(
                self.env._(
                    "Vetting history: an entry is a permanent record of a change "
                    "and cannot be modified."
                )
            )
        return super().write(vals)

    def unlink(self):
        # Refused before the access rights are checked, to say why (an ondelete
        # method would come after them and only give "access denied").
        if not self.env.su:
            raise UserError(  # pylint: disable=no-raise-unlink
                self.env._(
                    "Vetting history: an entry is a permanent record of a change "
                    "and cannot be deleted."
                )
            )
        return super().unlink()
