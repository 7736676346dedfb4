from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .protect_sensitivity_mixin import SENSITIVITY_RANK


class ProtectPanel(models.Model):
    _name = "protect.panel"
    _description = "Panel or forum"
    _inherit = ["protect.mail.guard", "protect.sensitivity.mixin"]
    _order = "name, id"

    # Identity
    name = fields.Char(required=True, tracking=True)
    panel_type = fields.Selection(
        [
            ("sa_call", "Situational-awareness call"),
            ("panel", "Panel"),
            ("workshop", "Workshop"),
            ("forum", "Forum"),
            ("board", "Board"),
        ],
        string="Type",
        required=True,
        default="panel",
        tracking=True,
    )
    scope = fields.Selection(
        [("force", "Force"), ("regional", "Regional"), ("national", "National")],
        required=True,
        default="regional",
        tracking=True,
    )
    force_area_id = fields.Many2one(
        "protect.force.area", string="Force area", index=True, tracking=True
    )
    chair_id = fields.Many2one(
        "res.partner",
        tracking=True,
        help="Who chairs the panel: a stakeholder contact or an officer.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Protect lead",
        default=lambda self: self.env.user,
        tracking=True,
        help="The officer who looks after the team's seat on this panel.",
    )
    cadence = fields.Selection(
        [
            ("weekly", "Weekly"),
            ("fortnightly", "Fortnightly"),
            ("monthly", "Monthly"),
            ("bimonthly", "Every two months"),
            ("quarterly", "Quarterly"),
            ("biannual", "Twice a year"),
            ("annual", "Annual"),
            ("ad_hoc", "As needed"),
        ],
        default="quarterly",
    )
    description = fields.Html()
    color = fields.Integer()
    active = fields.Boolean(default=True, tracking=True)

    # Members and meetings
    membership_ids = fields.One2many(
        "protect.panel.membership", "panel_id", string="Members"
    )
    current_member_count = fields.Integer(
        string="Current members", compute="_compute_current_member_count"
    )
    meeting_ids = fields.One2many("protect.engagement", "panel_id", string="Meetings")
    meeting_count = fields.Integer(compute="_compute_meeting_stats")
    last_meeting_date = fields.Datetime(compute="_compute_meeting_stats")

    @api.depends_context("uid")
    def _compute_current_member_count(self):
        today = fields.Date.context_today(self)
        counts = dict(
            self.env["protect.panel.membership"]._read_group(
                [
                    ("panel_id", "in", self.ids),
                    ("date_start", "<=", today),
                    "|",
                    ("date_end", "=", False),
                    ("date_end", ">=", today),
                ],
                ["panel_id"],
                ["__count"],
            )
        )
        for panel in self:
            panel.current_member_count = counts.get(panel, 0)

    @api.depends_context("uid")
    def _compute_meeting_stats(self):
        stats = {
            panel: (count, last)
            for panel, count, last in self.env["protect.engagement"]._read_group(
                [("panel_id", "in", self.ids), ("state", "=", "done")],
                ["panel_id"],
                ["__count", "date_start:max"],
            )
        }
        for panel in self:
            panel.meeting_count, panel.last_meeting_date = stats.get(panel, (0, False))

    def write(self, vals):
        result = super().write(vals)
        if "sensitivity" in vals:
            self._protect_raise_meetings()
        return result

    def _protect_raise_meetings(self):
        """A panel's meetings show the panel: raising its marking raises theirs."""
        self._protect_raise_linked("protect.engagement", "panel_id")

    @api.constrains("chair_id", "sensitivity")
    def _check_chair_marking(self):
        """A panel shows its chair's name: it is marked at least as high."""
        labels = dict(self._fields["sensitivity"]._description_selection(self.env))
        for panel in self:
            # The chair's marking, even where the user may not see the chair.
            # sudo (1).
            marking = (
                panel.sudo().chair_id._protect_marking() if panel.chair_id else None
            )
            if (
                marking
                and SENSITIVITY_RANK[panel.sensitivity] < SENSITIVITY_RANK[marking]
            ):
                raise ValidationError(
                    self.env._(
                        "Chair: the chair of %(panel)s is marked %(marking)s; the "
                        "panel cannot be marked lower than its chair.",
                        panel=panel.name,
                        marking=labels[marking],
                    )
                )

    @api.constrains("scope", "force_area_id")
    def _check_force_area(self):
        for panel in self:
            if panel.scope == "force" and not panel.force_area_id:
                raise ValidationError(
                    self.env._(
                        "Force area: a force-level panel (%(panel)s) needs its "
                        "force area.",
                        panel=panel.name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_has_meetings(self):
        # sudo (1): whether any meeting, hidden or not, belongs to the panel.
        used = (
            self.env["protect.engagement"]
            .sudo()
            .with_context(active_test=False)
            .search_count([("panel_id", "in", self.ids)], limit=1)
        )
        if used:
            raise ValidationError(
                self.env._(
                    "Panel: engagements record meetings of this panel. "
                    "Archive it instead of deleting it."
                )
            )

    def action_view_meetings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "protect_engagement.protect_engagement_action"
        )
        action["domain"] = [("panel_id", "=", self.id)]
        action["context"] = self._protect_meeting_defaults()
        return action

    def action_log_meeting(self):
        """Log a meeting of this panel in the "Log engagement" dialog, with the
        panel, the type Panel meeting and the sitting members filled in."""
        self.ensure_one()
        action = self.env["protect.engagement"]._action_log_engagement(
            self._protect_meeting_defaults()
        )
        action["name"] = self.env._("Log meeting of %(panel)s", panel=self.name)
        return action

    def _protect_meeting_defaults(self):
        """Context defaults of a new meeting of this panel."""
        meeting_type = self.env.ref(
            "protect_engagement.protect_engagement_type_panel_meeting",
            raise_if_not_found=False,
        )
        return {
            "default_panel_id": self.id,
            "default_force_area_id": self.force_area_id.id,
            "default_engagement_type_id": meeting_type.id if meeting_type else False,
            "default_name": self.name,
            # The meeting carries the panel's name and members: its marking too.
            "default_sensitivity": self.sensitivity,
        }
