from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

REVIEW_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
]
# The overall rating of what was reviewed, from best to worst.
RATING_SELECTION = [
    ("effective", "Effective: clear evidence it worked"),
    ("promising", "Promising: some evidence it worked"),
    ("unclear", "Unclear: not enough evidence either way"),
    ("not_effective", "Not effective: no change seen"),
    ("harmful", "Counter-productive: made things worse"),
]
# What may still change on a submitted review: the manager's comment.
SUBMITTED_WRITABLE = {"manager_comment"}


class ProtectReview(models.Model):
    """An effectiveness review of a delivery plan, a campaign or another
    initiative over a period: its outputs counted from the register, the
    evidence of its outcomes set out by EMMIE (Effect, Mechanism, Moderators,
    Implementation, Economic cost: the College of Policing's What Works
    framework), a rating, recommendations and lessons. A manager approves it;
    an approved review is locked."""

    _name = "protect.review"
    _description = "Effectiveness review"
    _inherit = [
        "protect.mail.guard",
        "protect.sensitivity.mixin",
        "protect.approval.mixin",
    ]
    _order = "date_to desc, id desc"
    # Status changes go through the review's buttons, which pass this key.
    _protect_transition_key = "protect_review_transition"

    name = fields.Char(required=True, tracking=True)
    subject = fields.Selection(
        [
            ("plan", "Delivery plan"),
            ("campaign", "Campaign"),
            ("initiative", "Other initiative"),
        ],
        string="Review of",
        required=True,
        default="plan",
    )
    plan_id = fields.Many2one(
        "protect.delivery.plan", index="btree_not_null", ondelete="restrict"
    )
    campaign_id = fields.Many2one(
        "protect.campaign", index="btree_not_null", ondelete="restrict"
    )
    initiative = fields.Char(help="What was reviewed, when not a plan or campaign.")
    date_from = fields.Date(string="From", required=True)
    date_to = fields.Date(string="To", required=True)
    user_id = fields.Many2one(
        "res.users",
        string="Reviewer",
        required=True,
        index=True,
        default=lambda self: self.env.user,
        tracking=True,
        domain=[("share", "=", False)],
    )
    state = fields.Selection(
        REVIEW_STATES,
        string="Status",
        required=True,
        default="draft",
        index=True,
        tracking=True,
        copy=False,
    )
    manager_comment = fields.Text(
        string="Manager's comment",
        copy=False,
        help="Why the review is returned, or the manager's remarks on approval.",
    )

    # EMMIE
    effect = fields.Html(
        help="What changed, with the outcome figures and where they come from "
        "(pre/post surveys of partners, uplift in reporting...).",
    )
    mechanism = fields.Html(help="How it is thought to have worked.")
    moderators = fields.Html(
        help="Where and for whom it worked, or did not (force areas, sectors).",
    )
    implementation = fields.Html(help="What helped and what hindered delivery.")
    cost_hours = fields.Float(
        string="Staff hours", digits=(10, 1), help="Officer time it took."
    )
    cost_spend = fields.Monetary(
        string="Spend", currency_field="currency_id", help="Money spent on it."
    )
    currency_id = fields.Many2one(
        "res.currency", default=lambda self: self.env.company.currency_id
    )
    economic_note = fields.Text(
        string="Economic cost", help="What the cost bought, and what it saved."
    )
    rating = fields.Selection(RATING_SELECTION, string="Overall rating", tracking=True)
    recommendations = fields.Html()
    lessons = fields.Html(string="Lessons learnt")

    # Outputs, counted for the reader
    outputs = fields.Html(
        compute="_compute_outputs",
        sanitize=False,
        help="What was delivered in the period against the target, counted from "
        "the register as far as your vetting lets you see it.",
    )
    active = fields.Boolean(default=True)

    # ------------------------------------------------------------------ outputs

    @api.depends_context("uid")
    @api.depends("subject", "plan_id", "campaign_id", "date_from", "date_to")
    def _compute_outputs(self):
        for review in self:
            review.outputs = self.env["ir.qweb"]._render(
                "protect_engagement.protect_review_outputs",
                {"lines": review._protect_outputs(), "review": review},
            )

    def _protect_outputs(self):
        """What was delivered in the review's period against the target: for a
        plan, each measure (its target pro rata to the period); for a campaign,
        its engagements, people reached, organisations and reach entered."""
        self.ensure_one()
        if not (self.date_from and self.date_to):
            return []
        if self.subject == "plan" and self.plan_id:
            return self._protect_plan_outputs()
        if self.subject == "campaign" and self.campaign_id:
            return self._protect_campaign_outputs()
        return []

    def _protect_plan_outputs(self):
        plan = self.plan_id
        measures = plan.measure_ids
        actuals = measures._protect_actuals((self.date_from, self.date_to))
        plan_days = (plan.date_to - plan.date_from).days + 1
        days = (self.date_to - self.date_from).days + 1
        share = min(days / plan_days, 1.0) if plan_days > 0 else 0.0
        return [
            {
                "sequence": index,
                "name": measure.name,
                "objective": measure.objective_id.name,
                "target": measure.target * share,
                "actual": actuals.get(measure.id, 0.0),
            }
            for index, measure in enumerate(measures)
        ]

    def _protect_campaign_outputs(self):
        campaign = self.campaign_id
        domain = [
            ("campaign_id", "=", campaign.id),
            ("state", "=", "done"),
            ("date_start", ">=", self.date_from),
            ("date_start", "<", fields.Date.add(self.date_to, days=1)),
        ]
        [(count, audience)] = self.env["protect.engagement"]._read_group(
            domain, [], ["__count", "audience_count:sum"]
        )
        [(organisations,)] = self.env["protect.coverage.line"]._read_group(
            [
                ("campaign_id", "=", campaign.id),
                ("date", ">=", self.date_from),
                ("date", "<=", self.date_to),
            ],
            [],
            ["partner_id:count_distinct"],
        )
        [(reach,)] = self.env["protect.campaign.reach"]._read_group(
            [
                ("campaign_id", "=", campaign.id),
                ("date", ">=", self.date_from),
                ("date", "<=", self.date_to),
            ],
            [],
            ["figure:sum"],
        )
        figures = [
            (self.env._("Engagements done"), count),
            (self.env._("People reached"), audience or 0),
            (self.env._("Organisations engaged"), organisations or 0),
            (self.env._("Reach entered"), reach or 0),
        ]
        return [
            {
                "sequence": index,
                "name": name,
                "objective": campaign.name,
                "actual": value,
            }
            for index, (name, value) in enumerate(figures)
        ]

    # ------------------------------------------------------------------ checks

    @api.constrains("date_from", "date_to", "plan_id", "campaign_id", "subject")
    def _check_period(self):
        for review in self:
            if review.date_to < review.date_from:
                raise ValidationError(
                    self.env._(
                        "Period: the review '%(review)s' cannot end before it starts.",
                        review=review.name,
                    )
                )
            # sudo (1): the plan's period, to refuse; nothing is shown.
            plan = review.sudo().plan_id
            if (
                review.subject == "plan"
                and plan
                and (review.date_from < plan.date_from or review.date_to > plan.date_to)
            ):
                raise ValidationError(
                    self.env._(
                        "Period: the review '%(review)s' must fall within its "
                        "plan's period.",
                        review=review.name,
                    )
                )
            subject = {"plan": review.plan_id, "campaign": review.campaign_id}.get(
                review.subject, review.initiative
            )
            if not subject:
                raise ValidationError(
                    self.env._(
                        "Review of: say which %(subject)s the review '%(review)s' "
                        "is of.",
                        subject=dict(
                            self._fields["subject"]._description_selection(self.env)
                        )[review.subject].lower(),
                        review=review.name,
                    )
                )

    @api.constrains("plan_id", "campaign_id", "sensitivity")
    def _check_subject_marking(self):
        """A review shows its plan or campaign: it is marked at least as high."""
        self._protect_check_marked_as_high_as("plan_id", "campaign_id")

    def write(self, vals):
        if not self._protect_in_transition():
            if "state" in vals:
                raise UserError(
                    self.env._(
                        "Status: change a review's status with its buttons (Submit, "
                        "Approve, Return)."
                    )
                )
            self._protect_check_unlocked(vals)
        return super().write(vals)

    def _protect_check_unlocked(self, vals):
        approved = self.filtered(lambda r: r.state == "approved")
        submitted = self.filtered(lambda r: r.state == "submitted")
        # Archiving is how a kept review leaves the lists: always allowed.
        changed = set(vals) - {"message_main_attachment_id", "active"}
        if approved and changed:
            raise UserError(
                self.env._(
                    "%(field)s: the review '%(review)s' is approved and locked.",
                    field=self._fields[sorted(changed)[0]]._description_string(
                        self.env
                    ),
                    review=approved[0].name,
                )
            )
        if submitted and changed - SUBMITTED_WRITABLE:
            raise UserError(
                self.env._(
                    "%(field)s: the review '%(review)s' is with the manager; it "
                    "changes again once returned.",
                    field=self._fields[
                        sorted(changed - SUBMITTED_WRITABLE)[0]
                    ]._description_string(self.env),
                    review=submitted[0].name,
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if self.filtered(lambda r: r.state != "draft"):
            raise UserError(
                self.env._(
                    "A submitted or approved review is kept: archive it instead."
                )
            )

    # ------------------------------------------------------------------ workflow

    def _check_manager(self):
        self._protect_check_approver(
            self.env._("Only a Protect manager approves or returns a review."),
            self.env._(
                "Approved by: you wrote the review '%(name)s'; another manager "
                "approves it."
            ),
        )

    def _check_state(self, state, message):
        self._protect_check_state((state,), message)

    def action_submit(self):
        self._check_state(
            "draft", self.env._("Status: the review '%(name)s' is not a draft.")
        )
        missing = self.filtered(lambda r: not r.rating)
        if missing:
            raise UserError(
                self.env._(
                    "Overall rating: rate the review '%(review)s' before submitting "
                    "it.",
                    review=missing[0].name,
                )
            )
        self._transition({"state": "submitted", "manager_comment": False})
        for review in self:
            review.message_post(body=self.env._("Submitted for approval."))
        return True

    def action_approve(self):
        self._check_manager()
        self._check_state(
            "submitted",
            self.env._("Status: the review '%(name)s' has not been submitted."),
        )
        return self._protect_approve(self.env._("Review approved by %(user)s."))

    def action_return(self):
        """Send a submitted review back to its reviewer, with the manager's
        comment saying why."""
        self._check_manager()
        self._check_state(
            "submitted",
            self.env._("Status: the review '%(name)s' has not been submitted."),
        )
        missing = self.filtered(lambda r: not (r.manager_comment or "").strip())
        if missing:
            raise UserError(
                self.env._(
                    "Manager's comment: say why the review '%(review)s' goes back.",
                    review=missing[0].name,
                )
            )
        for review in self:
            review.message_post(
                body=self.env._(
                    "Returned by %(user)s: %(comment)s",
                    user=self.env.user.name,
                    comment=review.manager_comment,
                )
            )
        return self._transition({"state": "draft"})
