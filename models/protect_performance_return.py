from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .protect_engagement_type import STRAND_SELECTION
from .protect_periods import (
    elapsed_fraction,
    financial_quarter_label,
    previous_quarter,
)
from .protect_plan_progress import rag_status
from .protect_sensitivity_mixin import (
    SENSITIVITY_RANK,
    SENSITIVITY_SELECTION,
    highest_marking,
)

MARKING_LABELS = dict(SENSITIVITY_SELECTION)

RETURN_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
]
# The commentary sections, in the order the return prints them.
COMMENT_FIELDS = (
    "comment_summary",
    "comment_plan",
    "comment_campaigns",
    "comment_engagements",
    "comment_reviews",
)


class ProtectPerformanceReturn(models.Model):
    """The quarterly performance return to management and national leads: plan
    objectives and progress, campaigns and their reach, engagements by strand,
    sector group and force area, approved reviews, and the officer's comment on
    each. Counted live for the reader while a draft; frozen at submission (the
    figures as submitted, marked as high as the most sensitive record they
    count), so the next quarter compares with what was sent."""

    _name = "protect.performance.return"
    _description = "Quarterly performance return"
    _inherit = [
        "protect.mail.guard",
        "protect.sensitivity.mixin",
        "protect.approval.mixin",
    ]
    _order = "date_to desc, id desc"
    # Status changes go through the return's buttons, which pass this key.
    _protect_transition_key = "protect_return_transition"

    name = fields.Char(
        required=True,
        tracking=True,
        compute="_compute_name",
        store=True,
        readonly=False,
        precompute=True,
    )
    date_from = fields.Date(
        string="From",
        required=True,
        default=lambda self: previous_quarter(fields.Date.context_today(self))[0],
    )
    date_to = fields.Date(
        string="To",
        required=True,
        default=lambda self: previous_quarter(fields.Date.context_today(self))[1],
    )
    force_area_ids = fields.Many2many(
        "protect.force.area",
        string="Force areas",
        help="The return's scope. Empty: the whole region.",
    )
    plan_id = fields.Many2one(
        "protect.delivery.plan",
        index="btree_not_null",
        ondelete="restrict",
        help="The delivery plan it reports on.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Prepared by",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
        domain=[("share", "=", False)],
    )
    state = fields.Selection(
        RETURN_STATES,
        string="Status",
        required=True,
        default="draft",
        index=True,
        tracking=True,
        copy=False,
    )
    submitted_on = fields.Datetime(string="Submitted on", readonly=True, copy=False)

    # The necessary comment and interpretation, one per section
    comment_summary = fields.Html(string="Summary")
    comment_plan = fields.Html(string="Comment on the plan")
    comment_campaigns = fields.Html(string="Comment on campaigns")
    comment_engagements = fields.Html(string="Comment on engagement")
    comment_reviews = fields.Html(string="Comment on reviews")

    figures_frozen = fields.Json(
        readonly=True,
        copy=False,
        help="The figures as submitted; a draft counts them live.",
    )
    previous_id = fields.Many2one(
        "protect.performance.return",
        string="Previous return",
        compute="_compute_previous_id",
        help="The last submitted return before this one, for the same force "
        "areas: the return compares with its figures.",
    )
    figures_html = fields.Html(
        string="Figures",
        compute="_compute_figures_html",
        sanitize=False,
        help="Counted live for you while a draft; as submitted afterwards.",
    )
    active = fields.Boolean(default=True)

    @api.depends_context("uid")
    @api.depends("date_from", "date_to", "force_area_ids", "plan_id", "figures_frozen")
    def _compute_figures_html(self):
        for record in self:
            if not (record.date_from and record.date_to):
                record.figures_html = False
                continue
            figures = record._protect_figures()
            record.figures_html = self.env["ir.qweb"]._render(
                "protect_engagement.protect_performance_return_figures",
                {
                    "figures": figures,
                    "record": record,
                    "previous": record.previous_id._protect_figures()
                    if record.previous_id
                    else None,
                    "counted_up_to": MARKING_LABELS.get(figures["counted_up_to"]),
                },
            )

    @api.depends("date_from")
    def _compute_name(self):
        for record in self:
            if record.date_from:
                record.name = self.env._(
                    "Performance return %(quarter)s",
                    quarter=financial_quarter_label(record.date_from),
                )

    @api.depends("date_from", "force_area_ids")
    @api.depends_context("uid")
    def _compute_previous_id(self):
        for record in self:
            if not record.date_from:
                record.previous_id = False
                continue
            candidates = self.search(
                [
                    ("state", "in", ("submitted", "approved")),
                    ("date_to", "<", record.date_from),
                    ("id", "!=", record._origin.id or 0),
                ],
                order="date_to desc, id desc",
            )
            scope = set(record.force_area_ids.ids)
            record.previous_id = next(
                (c for c in candidates if set(c.force_area_ids.ids) == scope), False
            )

    # ------------------------------------------------------------------ figures

    def _protect_figures(self):
        """The return's figures: frozen ones once submitted, else counted now
        for the reader."""
        self.ensure_one()
        if self.figures_frozen:
            return self.figures_frozen
        return self._protect_count()[0]

    def _protect_count(self):
        """(figures, the highest marking among what they count) for the
        period, the scope and the reader's vetting, in a few grouped queries."""
        self.ensure_one()
        env = self.env
        start = datetime.combine(self.date_from, time.min)
        end = datetime.combine(self.date_to + timedelta(days=1), time.min)
        areas = self.force_area_ids
        engagement_domain = [
            ("state", "=", "done"),
            ("date_start", ">=", start),
            ("date_start", "<", end),
        ]
        if areas:
            engagement_domain.append(("force_area_id", "in", areas.ids))
        engagements = env["protect.engagement"]
        markings = [
            marking
            for [marking] in engagements._read_group(engagement_domain, ["sensitivity"])
        ]
        [(count, people)] = engagements._read_group(
            engagement_domain, [], ["__count", "audience_count:sum"]
        )
        strands = dict(STRAND_SELECTION)
        by_strand = [
            [strands.get(strand, strand), number]
            for strand, number in engagements._read_group(
                engagement_domain, ["strand"], ["__count"], order="strand"
            )
        ]
        by_area = [
            [area.display_name or env._("No force area"), number, audience or 0]
            for area, number, audience in engagements._read_group(
                engagement_domain,
                ["force_area_id"],
                ["__count", "audience_count:sum"],
            )
        ]
        line_domain = [("date", ">=", self.date_from), ("date", "<=", self.date_to)]
        if areas:
            line_domain.append(("force_area_id", "in", areas.ids))
        lines = env["protect.coverage.line"]
        by_group = [
            [group.display_name or env._("Other"), number]
            for group, number in lines._read_group(
                line_domain, ["sector_group_id"], ["engagement_id:count_distinct"]
            )
        ]
        [(organisations,)] = lines._read_group(
            line_domain, [], ["partner_id:count_distinct"]
        )
        figures = {
            "totals": {
                "engagements": count,
                "people": people or 0,
                "organisations": organisations or 0,
            },
            "by_strand": by_strand,
            "by_force_area": by_area,
            "by_sector_group": by_group,
            "plan": self._protect_plan_figures(markings),
            "campaigns": self._protect_campaign_figures(markings),
            "reviews": self._protect_review_figures(markings),
            "counted_up_to": highest_marking(env.user._protect_cleared_sensitivities()),
        }
        return figures, highest_marking(markings)

    def _protect_plan_figures(self, markings):
        plan = self.plan_id
        if not plan:
            return None
        markings.append(plan.sensitivity)
        measures = plan.measure_ids
        to_date = measures._protect_actuals((plan.date_from, self.date_to))
        quarter = measures._protect_actuals((self.date_from, self.date_to))
        by_area = measures._protect_actuals(
            (self.date_from, self.date_to), by_area=True
        )
        columns = self._protect_area_columns(by_area)
        rags = dict(self.env["protect.plan.measure"]._fields["rag"].selection)
        # The status as at the end of the return's period, not today.
        share = elapsed_fraction(plan.date_from, plan.date_to, self.date_to)
        rows = []
        for measure in measures:
            done = to_date.get(measure.id, 0.0)
            rows.append(
                {
                    "objective": measure.objective_id.name,
                    "name": measure.name,
                    "target": measure.target,
                    "quarter": quarter.get(measure.id, 0.0),
                    "to_date": done,
                    "rag": rags.get(rag_status(done, measure.target * share), ""),
                    "by_area": [
                        by_area.get(measure.id, {}).get(area_id, 0.0)
                        for area_id, _code, _name in columns
                    ],
                }
            )
        return {
            "name": plan.name,
            "measures": rows,
            "areas": [[code, name] for _area_id, code, name in columns],
        }

    def _protect_area_columns(self, by_area):
        """(force area id or False, code, name) of the columns of the measures
        by force area: the return's scope, or every area with a figure, in the
        areas' order; then figures held by no area (partner CPD events,
        campaign reach)."""
        counted = {area for figures in by_area.values() for area in figures}
        areas = self.force_area_ids or self.env["protect.force.area"].browse(
            counted - {False}
        )
        columns = [(area.id, area.code, area.name) for area in areas.sorted()]
        if False in counted:
            columns.append(
                (False, self.env._("Other"), self.env._("not held by a force area"))
            )
        return columns

    def _protect_campaign_figures(self, markings):
        campaigns = self.env["protect.campaign"].search(
            [
                ("date_start", "<=", self.date_to),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", self.date_from),
            ],
            order="date_start, id",
        )
        markings.extend(campaigns.mapped("sensitivity"))
        return [
            {
                "name": campaign.name,
                "scope": dict(campaign._fields["scope"].selection)[campaign.scope],
                "engagements": campaign.engagement_count,
                "people": campaign.people_reached,
                "organisations": campaign.organisation_count,
                "reach": campaign.reach_total,
            }
            for campaign in campaigns
        ]

    def _protect_review_figures(self, markings):
        reviews = self.env["protect.review"].search(
            [
                ("state", "=", "approved"),
                ("date_to", ">=", self.date_from),
                ("date_to", "<=", self.date_to),
            ],
            order="date_to, id",
        )
        markings.extend(reviews.mapped("sensitivity"))
        ratings = dict(reviews._fields["rating"].selection)
        return [
            {"name": review.name, "rating": ratings.get(review.rating, "")}
            for review in reviews
        ]

    # ------------------------------------------------------------------ checks

    @api.constrains("plan_id", "sensitivity")
    def _check_plan_marking(self):
        """A return shows its plan: it is marked at least as high."""
        self._protect_check_marked_as_high_as("plan_id")

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for record in self:
            if record.date_to < record.date_from:
                raise ValidationError(
                    self.env._(
                        "To: the return '%(name)s' cannot end before it starts.",
                        name=record.name,
                    )
                )

    def write(self, vals):
        if not self._protect_in_transition():
            if "state" in vals or "figures_frozen" in vals:
                raise UserError(
                    self.env._("Status: submit or approve a return with its buttons.")
                )
            sent = self.filtered(lambda r: r.state != "draft")
            # Archiving is how a kept return leaves the lists: always allowed.
            changed = set(vals) - {"active", "message_main_attachment_id"}
            if sent and changed:
                raise UserError(
                    self.env._(
                        "%(field)s: the return '%(name)s' has been submitted and is "
                        "kept as it was sent.",
                        field=self._fields[sorted(changed)[0]]._description_string(
                            self.env
                        ),
                        name=sent[0].name,
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if self.filtered(lambda r: r.state != "draft"):
            raise UserError(
                self.env._("A submitted return is kept: archive it instead.")
            )

    # ------------------------------------------------------------------ workflow

    def action_submit(self):
        """Freeze the figures as the submitter counts them, and mark the return
        at least as high as the most sensitive record they count."""
        for record in self:
            if record.state != "draft":
                raise UserError(
                    self.env._(
                        "Status: the return '%(name)s' has been submitted already.",
                        name=record.name,
                    )
                )
            figures, counted = record._protect_count()
            marking = max(record.sensitivity, counted, key=SENSITIVITY_RANK.__getitem__)
            record._transition(
                {
                    "state": "submitted",
                    "submitted_on": fields.Datetime.now(),
                    "figures_frozen": figures,
                    "sensitivity": marking,
                }
            )
        self._protect_attach_pdf()
        return True

    def _protect_attach_pdf(self):
        """Keep the PDF as submitted on the return's chatter."""
        report = self.env.ref("protect_engagement.protect_report_performance_return")
        for record in self:
            content, _kind = report._render_qweb_pdf(report.report_name, record.ids)
            record.message_post(
                body=self.env._("Return submitted; the PDF as sent is attached."),
                attachments=[(f"{record.name}.pdf", content)],
            )

    def action_approve(self):
        self._protect_check_approver(
            self.env._("Only a Protect manager approves a return."),
            self.env._(
                "Approved by: you prepared the return '%(name)s'; another "
                "manager approves it."
            ),
        )
        self._protect_check_state(
            ("submitted",),
            self.env._("Status: the return '%(name)s' has not been submitted."),
        )
        return self._protect_approve(self.env._("Return approved by %(user)s."))
