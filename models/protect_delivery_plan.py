from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .protect_periods import financial_year
from .protect_plan_progress import RAG_SELECTION, worst_rag

PLAN_STATES = [
    ("draft", "Draft"),
    ("approved", "Approved"),
    ("active", "Active"),
    ("closed", "Closed"),
]


class ProtectDeliveryPlan(models.Model):
    """A regional Protect delivery plan for a period (a financial year by
    default): objectives serving national strategic aims, each with measures
    and targets whose progress is computed from the register."""

    _name = "protect.delivery.plan"
    _description = "Regional delivery plan"
    _inherit = [
        "protect.mail.guard",
        "protect.sensitivity.mixin",
        "protect.approval.mixin",
    ]
    _order = "date_from desc, id desc"
    # Status changes go through the plan's buttons, which pass this key.
    _protect_transition_key = "protect_plan_transition"

    name = fields.Char(required=True, tracking=True)
    date_from = fields.Date(
        string="From",
        required=True,
        tracking=True,
        default=lambda self: financial_year(fields.Date.context_today(self))[0],
    )
    date_to = fields.Date(
        string="To",
        required=True,
        tracking=True,
        default=lambda self: financial_year(fields.Date.context_today(self))[1],
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
    )
    state = fields.Selection(
        PLAN_STATES,
        string="Status",
        required=True,
        default="draft",
        index=True,
        tracking=True,
        copy=False,
        help="Draft, approved by a manager, active (being delivered), closed.",
    )
    description = fields.Html(
        string="Context", help="The regional picture and priorities behind the plan."
    )
    objective_ids = fields.One2many(
        "protect.plan.objective", "plan_id", string="Objectives", copy=True
    )
    measure_ids = fields.One2many("protect.plan.measure", "plan_id", string="Measures")
    objective_count = fields.Integer(compute="_compute_counts")
    measure_count = fields.Integer(compute="_compute_counts")
    rag = fields.Selection(
        RAG_SELECTION,
        string="Progress",
        compute="_compute_rag",
        help="The worst of its measures' statuses against their pro-rata targets.",
    )
    active = fields.Boolean(default=True, tracking=True)

    @api.depends("objective_ids", "measure_ids")
    def _compute_counts(self):
        for plan in self:
            plan.objective_count = len(plan.objective_ids)
            plan.measure_count = len(plan.measure_ids)

    @api.depends_context("uid")
    def _compute_rag(self):
        # Reading one measure's status computes all those of these plans
        # together (they are prefetched as one batch).
        for plan in self:
            plan.rag = worst_rag(plan.measure_ids.mapped("rag"))

    # ------------------------------------------------------------------ checks

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for plan in self:
            if plan.date_to < plan.date_from:
                raise ValidationError(
                    self.env._(
                        "To: the plan '%(plan)s' cannot end before it starts.",
                        plan=plan.name,
                    )
                )

    def write(self, vals):
        if "state" in vals and not self._protect_in_transition():
            raise UserError(
                self.env._(
                    "Status: change a plan's status with its buttons (Approve, "
                    "Start delivery, Close)."
                )
            )
        locked = {"date_from", "date_to"} & vals.keys()
        if locked and not self.env.su:
            started = self.filtered(lambda p: p.state in ("active", "closed"))
            if started:
                raise UserError(
                    self.env._(
                        "%(field)s: the plan '%(plan)s' is being delivered or "
                        "closed; its period no longer changes.",
                        field=self._fields[sorted(locked)[0]]._description_string(
                            self.env
                        ),
                        plan=started[0].name,
                    )
                )
        result = super().write(vals)
        if "sensitivity" in vals:
            # A plan's reviews and returns show the plan: they are marked at
            # least as high.
            self._protect_raise_linked("protect.review", "plan_id")
            self._protect_raise_linked("protect.performance.return", "plan_id")
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        used = self.filtered(lambda p: p.state != "draft")
        if used:
            raise UserError(
                self.env._(
                    "The plan '%(plan)s' has been approved: archive it instead of "
                    "deleting it.",
                    plan=used[0].name,
                )
            )

    # ------------------------------------------------------------------ analysis

    def _protect_progress_action(self, xmlid, level):
        """Count the plans' progress for the reader and open ``xmlid`` (an
        action on protect.plan.progress) on the rows made of ``level``."""
        self.check_access("read")
        self.env["protect.plan.progress"]._protect_build(self)
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("plan_id", "in", self.ids), ("level", "=", level)]
        if len(self) == 1:
            action["display_name"] = self.env._(
                "%(action)s: %(plan)s", action=action["name"], plan=self.name
            )
        return action

    def action_open_progress(self):
        """The progress pivot and graph: figures by measure, quarter and
        force area."""
        return self._protect_progress_action(
            "protect_engagement.protect_plan_progress_action", "measure"
        )

    def action_open_objective_status(self):
        """The objectives as a kanban, by status."""
        return self._protect_progress_action(
            "protect_engagement.protect_plan_objective_status_action", "objective"
        )

    # ------------------------------------------------------------------ workflow

    def _check_states(self, allowed, action):
        self._protect_check_state(
            allowed,
            self.env._(
                "Status: the plan '%(name)s' is %(state)s, so it cannot be %(action)s."
            ),
            action=action,
        )

    def action_approve(self):
        """A manager approves a draft plan someone else owns."""
        self._protect_check_approver(
            self.env._("Only a Protect manager approves a plan."),
            self.env._(
                "Approved by: you own the plan '%(name)s'; another manager approves it."
            ),
        )
        self._check_states(("draft",), self.env._("approved"))
        empty = self.filtered(lambda p: not p.measure_ids)
        if empty:
            raise UserError(
                self.env._(
                    "Objectives: the plan '%(plan)s' needs at least one "
                    "objective with a measure before it is approved.",
                    plan=empty[0].name,
                )
            )
        return self._protect_approve(self.env._("Plan approved by %(user)s."))

    def action_activate(self):
        self._check_states(("approved",), self.env._("started"))
        return self._transition({"state": "active"})

    def action_close(self):
        self._check_states(("approved", "active"), self.env._("closed"))
        return self._transition({"state": "closed"})

    def action_reset_draft(self):
        """A manager sends a plan back to draft (to change it); it must be
        approved again."""
        if not self.env.user.has_group("protect_engagement.group_manager"):
            raise AccessError(
                self.env._("Only a Protect manager sends a plan back to draft.")
            )
        self._check_states(("approved", "active"), self.env._("sent back to draft"))
        return self._transition(
            {"state": "draft", "approved_by_id": False, "approved_on": False}
        )
