from odoo import api, fields, models

from ..models.protect_periods import financial_quarters
from ..models.protect_plan_progress import RAG_COLOURS, RAG_SELECTION

LEVELS = [("objective", "Objective"), ("measure", "Measure")]


class ProtectPlanProgress(models.TransientModel):
    """A delivery plan's progress as one reader counts it, laid out for the
    pivot, graph and kanban views: a row per measure, quarter and force area
    with the figure counted there, and a row per objective with its status.
    Progress is never stored for everyone (what a figure counts depends on the
    reader's vetting): the rows are made when the reader opens the analysis,
    from what they may count, and only they read them."""

    _name = "protect.plan.progress"
    _description = "Delivery plan progress (for one reader)"
    _order = "objective_sequence, objective_id, measure_id, quarter, force_area_id"
    _protect_vetted = True
    _protect_marking_field = "sensitivity"
    _transient_max_hours = 2.0

    plan_id = fields.Many2one(
        "protect.delivery.plan", required=True, index=True, ondelete="cascade"
    )
    # The plan's marking when the rows were made. Odoo does not recompute a
    # transient model's stored field when the plan changes, so the vetting
    # rule reads the plan's current marking instead.
    sensitivity = fields.Selection(
        related="plan_id.sensitivity", store=True, string="Marking"
    )
    level = fields.Selection(LEVELS, required=True, default="measure")
    objective_id = fields.Many2one(
        "protect.plan.objective", required=True, ondelete="cascade"
    )
    objective_sequence = fields.Integer()
    aim_id = fields.Many2one("protect.strategic.aim", string="National aim")
    measure_id = fields.Many2one("protect.plan.measure", ondelete="cascade")
    quarter = fields.Char(help="The financial quarter the figure was counted in.")
    force_area_id = fields.Many2one("protect.force.area", string="Force area")
    actual = fields.Float(string="Figure", digits=(12, 0), aggregator="sum")
    rag = fields.Selection(RAG_SELECTION, string="Status")
    measure_count = fields.Integer(string="Measures", aggregator="sum")
    green_count = fields.Integer(string="Green", aggregator="sum")
    amber_count = fields.Integer(string="Amber", aggregator="sum")
    red_count = fields.Integer(string="Red", aggregator="sum")
    color = fields.Integer(compute="_compute_color")

    @api.model_create_multi
    def create(self, vals_list):
        # Rows link only what the reader may read: a hidden plan, objective or
        # measure is answered as one that does not exist.
        self._protect_check_links(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._protect_check_links([vals], self)
        return super().write(vals)

    @api.depends("rag")
    def _compute_color(self):
        for row in self:
            row.color = RAG_COLOURS.get(row.rag, 0)

    @api.model
    def _protect_build(self, plans):
        """Replace the reader's rows of ``plans`` with fresh ones, counted as
        the reader's vetting lets them: per plan, one set of grouped queries
        per quarter gone by (``protect.plan.measure._protect_actuals``)."""
        self.search([("plan_id", "in", plans.ids)]).unlink()
        today = fields.Date.context_today(self)
        values = []
        for plan in plans:
            measures = plan.measure_ids
            for objective in plan.objective_ids:
                own = objective.measure_ids
                statuses = own.mapped("rag")
                values.append(
                    {
                        **self._protect_objective_values(objective),
                        "level": "objective",
                        "rag": objective.rag,
                        "measure_count": len(own),
                        "green_count": statuses.count("green"),
                        "amber_count": statuses.count("amber"),
                        "red_count": statuses.count("red"),
                    }
                )
            for first, last, label in financial_quarters(
                plan.date_from, plan.date_to, today
            ):
                actuals = measures._protect_actuals((first, last), by_area=True)
                for measure in measures:
                    areas = actuals.get(measure.id) or {False: 0.0}
                    values.extend(
                        {
                            **self._protect_objective_values(measure.objective_id),
                            "measure_id": measure.id,
                            "quarter": label,
                            "force_area_id": area,
                            "actual": figure,
                            "rag": measure.rag,
                        }
                        for area, figure in areas.items()
                    )
        return self.create(values)

    @api.model
    def _protect_objective_values(self, objective):
        return {
            "plan_id": objective.plan_id.id,
            "objective_id": objective.id,
            "objective_sequence": objective.sequence,
            "aim_id": objective.aim_id.id,
        }

    def action_open_objective(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "protect.plan.objective",
            "res_id": self.objective_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
