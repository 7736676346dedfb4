from odoo import api, fields, models

from .protect_sensitivity_mixin import (
    SENSITIVITY_RANK,
    SENSITIVITY_SELECTION,
    highest_marking,
)


class CalendarEvent(models.Model):
    _inherit = "calendar.event"
    # A meeting of a marked engagement, or with marked stakeholders, is hidden
    # by rule from those whose vetting does not clear it.
    _protect_vetted = True
    _protect_marked_mail = True
    _protect_marking_field = "protect_sensitivity"

    protect_engagement_ids = fields.One2many(
        "protect.engagement", "calendar_event_id", string="Protect engagements"
    )
    protect_sensitivity = fields.Selection(
        SENSITIVITY_SELECTION,
        string="Protective marking",
        compute="_compute_protect_sensitivity",
        store=True,
        index="btree_not_null",
        help="Set when the meeting belongs to an engagement, or invites a "
        "stakeholder, marked above OFFICIAL: only users whose vetting clears it "
        "see the meeting, and no e-mail about it leaves the system.",
    )
    protect_engagement_count = fields.Integer(
        compute="_compute_protect_engagement_count"
    )

    @api.depends(
        "protect_engagement_ids.sensitivity",
        "partner_ids.protect_stakeholder",
        "partner_ids.protect_sensitivity",
    )
    def _compute_protect_sensitivity(self):
        for event in self:
            # Every engagement and attendee counts, whoever triggers the compute.
            # sudo (1): the marking is decided, never shown.
            meeting = event.sudo().with_context(active_test=False)
            markings = set(meeting.protect_engagement_ids.mapped("sensitivity"))
            markings.update(p._protect_marking() for p in meeting.partner_ids)
            marking = highest_marking(markings)
            event.protect_sensitivity = marking if marking != "official" else False

    @api.depends("protect_sensitivity")
    @api.depends_context("uid")
    def _compute_display_name(self):
        """A marked meeting the user does not clear, reached through a visible
        record's link, shows as restricted, not by its subject."""
        hidden = self._protect_display_restricted()
        super(CalendarEvent, self - hidden)._compute_display_name()

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
        attendees = self.partner_ids._filtered_access("read")
        stakeholders = attendees.filtered(lambda p: p.protect_stakeholder)
        marking = max(
            stakeholders.mapped("protect_sensitivity") or ["official"],
            key=SENSITIVITY_RANK.get,
        )
        officers = attendees.user_ids.filtered(
            lambda u: not u.share and marking in u._protect_cleared_sensitivities()
        )
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
            # The meeting is as sensitive as the most sensitive stakeholder it
            # links: an OFFICIAL engagement never carries a SECRET one.
            "default_sensitivity": marking,
            "default_force_area_id": areas.id if len(areas) == 1 else False,
        }
        return self.env["protect.engagement"]._action_log_engagement(context)
