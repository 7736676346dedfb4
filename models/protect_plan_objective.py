from odoo import api, fields, models
from odoo.exceptions import UserError

from .protect_plan_progress import RAG_COLOURS, RAG_SELECTION, worst_rag


def check_plan_draft(records, plans):
    """Refuse to change the objectives or measures of ``plans`` unless they
    are drafts: an approved plan's targets are what the manager approved."""
    if records.env.su:
        return
    # sudo (1): the status of the plans, to refuse; nothing is shown.
    fixed = plans.sudo().filtered(lambda p: p.state != "draft")
    if fixed:
        raise UserError(
            records.env._(
                "Plan: '%(plan)s' is no longer a draft; a manager sends it back "
                "to draft before its objectives and measures change.",
                plan=fixed[0].with_env(records.env).display_name,
            )
        )


class ProtectPlanObjective(models.Model):
    """One objective of a delivery plan: the national aim it serves, what it
    targets (threats, force areas, sector groups) and its measures. Seen by
    whoever may see its plan; marked as its plan is."""

    _name = "protect.plan.objective"
    _description = "Delivery plan objective"
    _order = "plan_id, sequence, id"
    _protect_vetted = True
    _protect_marked_mail = True
    _protect_marking_field = "sensitivity"

    plan_id = fields.Many2one(
        "protect.delivery.plan",
        required=True,
        index=True,
        ondelete="cascade",
    )
    sensitivity = fields.Selection(
        related="plan_id.sensitivity", store=True, index=True, string="Marking"
    )
    plan_state = fields.Selection(related="plan_id.state", string="Plan status")
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Objective", required=True)
    aim_id = fields.Many2one(
        "protect.strategic.aim",
        string="National aim",
        required=True,
        ondelete="restrict",
        help="The national strategic aim this objective serves.",
    )
    threat_type_ids = fields.Many2many("protect.threat.type", string="Threat types")
    force_area_ids = fields.Many2many(
        "protect.force.area",
        string="Force areas",
        help="Where it is delivered; its measures count these areas unless they "
        "name their own. Empty: every area.",
    )
    sector_group_ids = fields.Many2many(
        "protect.sector.group",
        string="Sector groups",
        help="Who it is for; its measures count these sector groups unless they "
        "name their own. Empty: every sector.",
    )
    description = fields.Text()
    campaign_ids = fields.Many2many(
        "protect.campaign",
        "protect_campaign_objective_rel",
        "objective_id",
        "campaign_id",
        string="Campaigns",
    )
    measure_ids = fields.One2many(
        "protect.plan.measure", "objective_id", string="Measures", copy=True
    )
    rag = fields.Selection(
        RAG_SELECTION,
        string="Progress",
        compute="_compute_rag",
        help="The worst of its measures' statuses against their pro-rata targets.",
    )
    color = fields.Integer(compute="_compute_rag")

    @api.model_create_multi
    def create(self, vals_list):
        self._protect_check_links(vals_list)
        plans = self.env["protect.delivery.plan"].browse(
            {vals.get("plan_id") for vals in vals_list} - {None, False}
        )
        check_plan_draft(self, plans)
        return super().create(vals_list)

    def write(self, vals):
        self._protect_check_links([vals], self)
        plans = self.plan_id
        if vals.get("plan_id"):
            plans |= plans.browse(vals["plan_id"])
        if set(vals) - {"campaign_ids"}:
            check_plan_draft(self, plans)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_in_draft_plans(self):
        check_plan_draft(self, self.plan_id)

    @api.depends_context("uid")
    def _compute_rag(self):
        # Reading one measure's status computes all those of these objectives
        # together (they are prefetched as one batch).
        for objective in self:
            objective.rag = worst_rag(objective.measure_ids.mapped("rag"))
            objective.color = RAG_COLOURS.get(objective.rag, 0)

    @api.depends("name", "plan_id")
    @api.depends_context("uid")
    def _compute_display_name(self):
        hidden = self._protect_display_restricted()
        for objective in self - hidden:
            objective.display_name = objective.name or ""
