from odoo import api, fields, models


class ProtectPanelAttendance(models.Model):
    _name = "protect.panel.attendance"
    _description = "Attendance of a panel member at a panel meeting"
    _order = "engagement_id, membership_id"
    _protect_vetted = True

    engagement_id = fields.Many2one(
        "protect.engagement",
        string="Meeting",
        required=True,
        index=True,
        ondelete="cascade",
    )
    membership_id = fields.Many2one(
        "protect.panel.membership",
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
        self._protect_check_links(vals_list)
        records = super().create(vals_list)
        records._sync_attendees()
        return records

    def write(self, vals):
        self._protect_check_links([vals], self)
        result = super().write(vals)
        if "status" in vals or "membership_id" in vals:
            self._sync_attendees()
        return result

    def _sync_attendees(self):
        """Stakeholders present at a panel meeting count as engaged with it;
        those absent or sending apologies do not."""
        for engagement, lines in self.grouped("engagement_id").items():
            stakeholder_lines = lines.filtered(
                lambda a: a.membership_id.member_kind == "stakeholder"
            )
            present = stakeholder_lines.filtered(
                lambda a: a.status == "present"
            ).partner_id
            away = stakeholder_lines.filtered(
                lambda a: a.status != "present"
            ).partner_id
            commands = [
                fields.Command.link(p.id) for p in present - engagement.partner_ids
            ]
            commands += [
                fields.Command.unlink(p.id) for p in away & engagement.partner_ids
            ]
            if commands:
                # Upkeep of the meeting the user records attendance for: a
                # member above their vetting present at it stays linked. sudo (2).
                engagement.sudo().partner_ids = commands
