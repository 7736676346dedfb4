from odoo import api, fields, models


class ProtectPanelAttendance(models.Model):
    _name = "protect.panel.attendance"
    _description = "Attendance of a panel member at a panel meeting"
    _order = "engagement_id, membership_id"

    engagement_id = fields.Many2one(
        "protect.engagement", string="Meeting", required=True, index=True, ondelete="cascade"
    )
    membership_id = fields.Many2one(
        "protect.panel.membership",
        string="Membership",
        required=True,
        index=True,
        ondelete="cascade",
    )
    partner_id = fields.Many2one(related="membership_id.partner_id", string="Member")
    role = fields.Selection(related="membership_id.role")
    status = fields.Selection(
        [("present", "Present"), ("apologies", "Apologies"), ("absent", "Absent")],
        required=True,
        default="present",
    )

    _meeting_member_unique = models.UniqueIndex(
        "(engagement_id, membership_id)",
        "A member's attendance is recorded once per meeting.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._sync_attendees()
        return records

    def write(self, vals):
        result = super().write(vals)
        if "status" in vals or "membership_id" in vals:
            self._sync_attendees()
        return result

    def _sync_attendees(self):
        """Stakeholders present at a panel meeting count as engaged with."""
        for engagement, lines in self.grouped("engagement_id").items():
            present = lines.filtered(
                lambda a: a.status == "present" and a.membership_id.member_kind == "stakeholder"
            ).partner_id
            missing = present - engagement.partner_ids
            if missing:
                engagement.partner_ids = [fields.Command.link(p.id) for p in missing]
