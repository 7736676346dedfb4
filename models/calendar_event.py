from odoo import api, fields, models


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    protect_engagement_ids = fields.One2many(
        "protect.engagement", "calendar_event_id", string="Protect engagements"
    )
    protect_engagement_count = fields.Integer(
        compute="_compute_protect_engagement_count"
    )

    @api.depends_context("uid")
    def _compute_protect_engagement_count(self):
        counts = dict(
            self.env["protect.engagement"]._read_group(
                [("calendar_event_id", "in", self.ids)],
                ["calendar_event_id"],
                ["__count"],
            )
        )
        for event in self:
            event.protect_engagement_count = counts.get(event, 0)

    def action_protect_log_engagement(self):
        """Log this meeting as a Protect engagement, or open the one already logged."""
        self.ensure_one()
        existing = self.env["protect.engagement"].search(
            [("calendar_event_id", "=", self.id)], limit=1
        )
        if existing:
            return existing._get_records_action(name=self.env._("Engagement"))
        attendees = self.partner_ids
        officers = attendees.user_ids.filtered(lambda u: not u.share)
        stakeholders = attendees.filtered(lambda p: p.protect_stakeholder)
        areas = stakeholders.commercial_partner_id.protect_force_area_id
        lead = (
            self.user_id if self.user_id and not self.user_id.share else self.env.user
        )
        context = {
            "default_name": self.name,
            "default_date_start": fields.Datetime.to_string(self.start),
            "default_date_end": fields.Datetime.to_string(self.stop),
            "default_calendar_event_id": self.id,
            "default_user_id": lead.id,
            "default_officer_ids": (officers - lead).ids,
            "default_partner_ids": stakeholders.ids,
            "default_force_area_id": areas.id if len(areas) == 1 else False,
        }
        return self.env["protect.engagement"]._action_log_engagement(context)
