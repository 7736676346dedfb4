from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import format_date

from .protect_sensitivity_mixin import SENSITIVITY_RANK

# Where manual attendance changes wait for the end of the transaction.
PENDING_NOTES = "protect.panel.attendance.notes"


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
        if self.env.su:
            # Upkeep lines, for members above the user's vetting too: out of
            # the meetings' cached lines, which the user reads next (the form
            # saving the meeting); read again, the rules leave them out.
            records.engagement_id.invalidate_recordset(["attendance_ids"])
        return records

    def write(self, vals):
        self._protect_check_links([vals], self)
        tracked = "status" in vals and not self.env.su
        before = {line: line.status for line in self} if tracked else {}
        result = super().write(vals)
        if "status" in vals or "membership_id" in vals:
            self._sync_attendees()
        changed = [(line, old) for line, old in before.items() if line.status != old]
        if changed:
            self._protect_queue_notes(changed)
        return result

    # ------------------------------------------------------------ chatter

    def _protect_queue_notes(self, changed):
        """Keep the attendance a user changed for one note per meeting.

        Attendance lines are created and dropped in bulk by the system as a
        meeting changes (sudo upkeep): those are not told, or a meeting of a
        large panel would flood its chatter. A user changing a status is; the
        meeting form writes one line at a time, so the changes wait for the
        end of the transaction and make one note per meeting.
        """
        pending = self.env.cr.precommit.data.setdefault(PENDING_NOTES, {})
        for line, old in changed:
            entry = pending.setdefault(line.id, [old, None])
            entry[1] = line.status
        self.env.cr.precommit.add(self._protect_post_notes)

    def _protect_post_notes(self):
        """Post the queued changes: on the meeting, naming members no more
        sensitive than it; a more sensitive member's change goes on their
        membership's chatter instead (its marking is theirs, so its readers
        clear the meeting too). A meeting's chatter never names a member its
        readers may not see."""
        pending = self.env.cr.precommit.data.pop(PENDING_NOTES, {})
        labels = dict(self._fields["status"]._description_selection(self.env))
        # sudo (2): the notes follow changes the user made; the lines, their
        # meetings and members are read to write them, whoever sees what.
        lines = self.sudo().browse(pending).exists()
        on_meeting, on_membership = {}, {}
        for line in lines:
            old, new = pending[line.id]
            if old == new:
                continue
            meeting = line.engagement_id
            membership = line.membership_id
            change = self.env._(
                "%(old)s → %(new)s", old=labels.get(old, ""), new=labels.get(new, "")
            )
            member_marking = membership.partner_id._protect_marking()
            if (
                SENSITIVITY_RANK[member_marking]
                <= SENSITIVITY_RANK[meeting.sensitivity]
            ):
                on_meeting.setdefault(meeting, []).append(
                    self.env._(
                        "%(member)s: %(change)s",
                        member=membership.partner_id.display_name,
                        change=change,
                    )
                )
            else:
                on_membership.setdefault(membership, []).append(
                    self.env._(
                        "Attendance at %(meeting)s on %(date)s: %(change)s",
                        meeting=meeting.name,
                        date=format_date(
                            self.env, meeting.date_start, date_format="dd/MM/yyyy"
                        ),
                        change=change,
                    )
                )
        heading = self.env._("Attendance changed:")
        for meeting, notes in on_meeting.items():
            meeting._message_log(
                body=Markup("%s<br/>%s") % (heading, Markup("<br/>").join(notes))
            )
        for membership, notes in on_membership.items():
            membership._message_log(body=Markup("<br/>").join(notes))

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
                # Read again by the user (the form saving the meeting), the
                # rules leave out a stakeholder above their vetting.
                engagement.invalidate_recordset(["partner_ids"])
