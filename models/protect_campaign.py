from odoo import api, fields, models
from odoo.exceptions import ValidationError

CAMPAIGN_STATES = [
    ("planned", "Planned"),
    ("live", "Live"),
    ("finished", "Finished"),
    ("cancelled", "Cancelled"),
]


class ProtectCampaignAgency(models.Model):
    """A national agency whose campaigns the team promotes: configuration."""

    _name = "protect.campaign.agency"
    _description = "Campaign source agency"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    short_name = fields.Char(help="The agency's usual abbreviation.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)


class ProtectCampaignBrand(models.Model):
    """A national campaign brand (its public name), run by an agency."""

    _name = "protect.campaign.brand"
    _description = "National campaign brand"
    _order = "name, id"

    name = fields.Char(required=True)
    agency_id = fields.Many2one("protect.campaign.agency")
    description = fields.Text()
    active = fields.Boolean(default=True)


class ProtectCampaignChannel(models.Model):
    """A channel a campaign runs through (events, social media, press...)."""

    _name = "protect.campaign.channel"
    _description = "Campaign channel"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)


class ProtectCampaign(models.Model):
    """A campaign the team delivers: a national one promoted from a national
    agency, or the team's own regional one. Its engagements and the reach
    figures entered on it show what it achieved."""

    _name = "protect.campaign"
    _description = "Protect campaign"
    _inherit = ["protect.mail.guard", "protect.sensitivity.mixin"]
    _order = "date_start desc, id desc"

    name = fields.Char(required=True, tracking=True)
    scope = fields.Selection(
        [("national", "National"), ("regional", "Regional")],
        required=True,
        default="regional",
        tracking=True,
    )
    agency_id = fields.Many2one(
        "protect.campaign.agency",
        string="Source agency",
        tracking=True,
        help="The national agency a national campaign comes from.",
    )
    brand_id = fields.Many2one(
        "protect.campaign.brand",
        string="National brand",
        help="The national campaign it promotes.",
    )
    state = fields.Selection(
        CAMPAIGN_STATES,
        string="Stage",
        required=True,
        default="planned",
        index=True,
        tracking=True,
        group_expand=True,
    )
    date_start = fields.Date(string="Start", required=True, tracking=True)
    date_end = fields.Date(string="End", tracking=True)
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        default=lambda self: self.env.user,
        tracking=True,
        domain=[("share", "=", False)],
    )
    objective_ids = fields.Many2many(
        "protect.plan.objective",
        "protect_campaign_objective_rel",
        "campaign_id",
        "objective_id",
        string="Objectives",
        help="The delivery-plan objectives it serves: its engagements are tagged "
        "to them by default.",
    )
    sector_group_ids = fields.Many2many("protect.sector.group", string="Audiences")
    channel_ids = fields.Many2many("protect.campaign.channel", string="Channels")
    force_area_ids = fields.Many2many(
        "protect.force.area", string="Force areas taking part"
    )
    description = fields.Html()
    engagement_ids = fields.One2many(
        "protect.engagement", "campaign_id", string="Engagements"
    )
    reach_ids = fields.One2many(
        "protect.campaign.reach", "campaign_id", string="Reach figures"
    )
    color = fields.Integer()
    active = fields.Boolean(default=True, tracking=True)

    # Reach, counted for the reader
    engagement_count = fields.Integer(
        string="Engagements done", compute="_compute_reach"
    )
    people_reached = fields.Integer(compute="_compute_reach")
    organisation_count = fields.Integer(
        string="Organisations engaged", compute="_compute_reach"
    )
    reach_total = fields.Float(
        string="Reach entered",
        digits=(12, 0),
        compute="_compute_reach",
        help="The sum of the reach figures entered (impressions, press items...).",
    )

    @api.depends_context("uid")
    def _compute_reach(self):
        engagements = {
            campaign: (count, audience)
            for campaign, count, audience in self.env["protect.engagement"]._read_group(
                [("campaign_id", "in", self.ids), ("state", "=", "done")],
                ["campaign_id"],
                ["__count", "audience_count:sum"],
            )
        }
        organisations = dict(
            self.env["protect.coverage.line"]._read_group(
                [("campaign_id", "in", self.ids)],
                ["campaign_id"],
                ["partner_id:count_distinct"],
            )
        )
        reach = dict(
            self.env["protect.campaign.reach"]._read_group(
                [("campaign_id", "in", self.ids)], ["campaign_id"], ["figure:sum"]
            )
        )
        for campaign in self:
            count, audience = engagements.get(campaign, (0, 0))
            campaign.engagement_count = count
            campaign.people_reached = audience
            campaign.organisation_count = organisations.get(campaign, 0)
            campaign.reach_total = reach.get(campaign, 0.0)

    def write(self, vals):
        result = super().write(vals)
        if "sensitivity" in vals:
            self._protect_raise_engagements()
        return result

    def _protect_raise_engagements(self):
        """A campaign's engagements and reviews show the campaign: raising its
        marking raises theirs."""
        self._protect_raise_linked("protect.engagement", "campaign_id")
        self._protect_raise_linked("protect.review", "campaign_id")

    def action_view_engagements(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "protect_engagement.protect_engagement_action"
        )
        action["domain"] = [("campaign_id", "=", self.id)]
        action["context"] = {"default_campaign_id": self.id}
        return action

    def _protect_open_objectives(self):
        """Its objectives whose plans are not closed (those an engagement of
        the campaign may be tagged to), as far as the user may see them."""
        return self.objective_ids.filtered(lambda o: o.plan_id.state != "closed")

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for campaign in self:
            if campaign.date_end and campaign.date_end < campaign.date_start:
                raise ValidationError(
                    self.env._(
                        "End: the campaign '%(campaign)s' cannot end before it starts.",
                        campaign=campaign.name,
                    )
                )

    @api.constrains("scope", "agency_id")
    def _check_agency(self):
        for campaign in self:
            if campaign.scope == "national" and not campaign.agency_id:
                raise ValidationError(
                    self.env._(
                        "Source agency: the national campaign '%(campaign)s' needs "
                        "the agency it comes from.",
                        campaign=campaign.name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        # sudo (1): whether any engagement, even a hidden one, points at it.
        used = self.sudo().with_context(active_test=False).engagement_ids
        if used:
            raise ValidationError(
                self.env._(
                    "Engagements are linked to this campaign: archive it instead "
                    "of deleting it."
                )
            )


class ProtectCampaignReach(models.Model):
    """A reach figure for a campaign entered by hand (impressions, press items,
    newsletter recipients), with its channel, date and source."""

    _name = "protect.campaign.reach"
    _description = "Campaign reach figure"
    _order = "date desc, id desc"
    _protect_vetted = True
    _protect_marking_field = "sensitivity"

    campaign_id = fields.Many2one(
        "protect.campaign", required=True, index=True, ondelete="cascade"
    )
    sensitivity = fields.Selection(
        related="campaign_id.sensitivity", store=True, index=True, string="Marking"
    )
    channel_id = fields.Many2one("protect.campaign.channel", required=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    figure = fields.Float(digits=(12, 0), required=True)
    unit = fields.Char(help="What the figure counts: impressions, press items...")
    source = fields.Char(required=True)

    @api.model_create_multi
    def create(self, vals_list):
        self._protect_check_links(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._protect_check_links([vals], self)
        return super().write(vals)

    @api.constrains("figure")
    def _check_figure(self):
        for reach in self:
            if reach.figure < 0:
                raise ValidationError(
                    self.env._("Figure: a reach figure cannot be negative.")
                )
