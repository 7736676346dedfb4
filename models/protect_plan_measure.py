from collections import defaultdict
from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain

from .protect_engagement_type import STRAND_SELECTION
from .protect_periods import elapsed_fraction
from .protect_plan_objective import check_plan_draft
from .protect_plan_progress import RAG_SELECTION, rag_status

MEASURE_KINDS = [
    ("engagements", "Engagements delivered"),
    ("people_reached", "People reached"),
    ("organisations", "Organisations engaged"),
    ("cpd_events", "CPD events delivered to partners"),
    ("campaign_reach", "Campaign reach"),
    ("manual", "Figure entered each quarter"),
]
# Kinds counted from engagements, which the measure's filters narrow.
ENGAGEMENT_KINDS = {"engagements", "people_reached", "organisations"}
# The groups of the one engagement query shared by a plan's measures.
ENGAGEMENT_GROUPS = ["engagement_type_id", "strand", "force_area_id", "campaign_id"]


class ProtectPlanMeasure(models.Model):
    """A measure of an objective: a figure defined over the register (done
    engagements of some types, strand, campaign, in the objective's force areas
    and sector groups; partner CPD events; campaign reach) or entered by hand
    each quarter, with a target for the plan's period. Its progress is computed
    live, for the reader's vetting, in a few grouped queries for all the
    measures on screen (``_protect_fill_progress``)."""

    _name = "protect.plan.measure"
    _description = "Delivery plan measure"
    _order = "plan_id, objective_id, sequence, id"
    _protect_vetted = True
    _protect_marked_mail = True
    _protect_marking_field = "sensitivity"

    objective_id = fields.Many2one(
        "protect.plan.objective",
        required=True,
        index=True,
        ondelete="cascade",
    )
    plan_id = fields.Many2one(
        related="objective_id.plan_id", store=True, index=True, string="Plan"
    )
    sensitivity = fields.Selection(
        related="objective_id.plan_id.sensitivity",
        store=True,
        index=True,
        string="Marking",
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Measure", required=True)
    kind = fields.Selection(
        MEASURE_KINDS,
        string="Counts",
        required=True,
        default="engagements",
    )
    target = fields.Float(
        digits=(12, 0),
        required=True,
        help="The figure to reach over the plan's whole period.",
    )
    engagement_type_ids = fields.Many2many(
        "protect.engagement.type",
        string="Engagement types",
        help="Count only engagements of these types. Empty: every type.",
    )
    strand = fields.Selection(
        STRAND_SELECTION,
        string="4P strand",
        help="Count only engagements of this strand. Empty: every strand.",
    )
    force_area_ids = fields.Many2many(
        "protect.force.area",
        string="Force areas",
        help="Count only these force areas. Empty: the objective's.",
    )
    sector_group_ids = fields.Many2many(
        "protect.sector.group",
        string="Sector groups",
        help="Count only engagements with stakeholders of these sector groups. "
        "Empty: the objective's.",
    )
    campaign_id = fields.Many2one(
        "protect.campaign",
        ondelete="restrict",
        help="Count only this campaign's engagements (or its reach).",
    )
    channel_ids = fields.Many2many(
        "protect.campaign.channel",
        string="Reach channels",
        help="Count only reach figures entered for these channels, so that one "
        "measure adds up one kind of figure (e.g. social media impressions). "
        "Empty: every channel.",
    )
    tagged_only = fields.Boolean(
        string="Tagged engagements only",
        help="Count only engagements tagged to this measure's objective.",
    )
    source = fields.Char(
        help="Where a figure entered by hand comes from (e.g. Action Fraud "
        "reports for the force).",
    )
    entry_ids = fields.One2many(
        "protect.plan.measure.entry", "measure_id", string="Figures entered"
    )

    # Progress, computed for the reader
    actual = fields.Float(
        digits=(12, 0), compute="_compute_progress", help="The figure so far."
    )
    expected = fields.Float(
        string="Pro-rata target",
        digits=(12, 1),
        compute="_compute_progress",
        help="The target times the share of the plan's period gone by.",
    )
    progress = fields.Float(
        string="Progress (%)",
        digits=(6, 0),
        compute="_compute_progress",
        help="The figure so far as a share of the whole target.",
    )
    rag = fields.Selection(RAG_SELECTION, string="Status", compute="_compute_progress")

    @api.constrains("target")
    def _check_target(self):
        for measure in self:
            if measure.target <= 0:
                raise ValidationError(
                    self.env._(
                        "Target: the measure '%(measure)s' needs a target above zero.",
                        measure=measure.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self._protect_check_links(vals_list)
        objectives = self.env["protect.plan.objective"].browse(
            {vals.get("objective_id") for vals in vals_list} - {None, False}
        )
        # sudo (1): the plans of the objectives, to refuse; nothing is shown.
        check_plan_draft(self, objectives.sudo().plan_id)
        return super().create(vals_list)

    def write(self, vals):
        self._protect_check_links([vals], self)
        plans = self.plan_id
        if vals.get("objective_id"):
            # sudo (1): the plan of the new objective, to refuse; nothing shown.
            objective = self.objective_id.browse(vals["objective_id"])
            plans |= objective.sudo().plan_id
        if set(vals) - {"source"}:
            check_plan_draft(self, plans)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_in_draft_plans(self):
        check_plan_draft(self, self.plan_id)

    @api.depends("name")
    @api.depends_context("uid")
    def _compute_display_name(self):
        hidden = self._protect_display_restricted()
        for measure in self - hidden:
            measure.display_name = measure.name or ""

    # ------------------------------------------------------------------ progress

    @api.depends_context("uid")
    @api.depends(
        "kind",
        "target",
        "engagement_type_ids",
        "strand",
        "force_area_ids",
        "sector_group_ids",
        "campaign_id",
        "channel_ids",
        "tagged_only",
        "objective_id",
    )
    def _compute_progress(self):
        self._protect_fill_progress()

    def _protect_fill_progress(self):
        """Fill actual, expected, progress and rag of these measures."""
        today = fields.Date.context_today(self)
        saved = self.filtered("id")
        actuals = saved._protect_actuals()
        for measure in self:
            plan = measure.objective_id.plan_id
            actual = actuals.get(measure.id, 0.0)
            share = (
                elapsed_fraction(plan.date_from, plan.date_to, today)
                if plan.date_from and plan.date_to
                else 0.0
            )
            expected = measure.target * share
            measure.actual = actual
            measure.expected = expected
            measure.progress = (
                100.0 * actual / measure.target if measure.target else 0.0
            )
            measure.rag = rag_status(actual, expected)

    def _protect_actuals(self, period=None, by_area=False):
        """{measure id: figure} for these measures over their plan's period, or
        over ``period`` (first day, last day) when given, as the reader's
        vetting lets them count; with ``by_area``, {measure id: {force area id
        or False: figure}} (False: a figure no force area holds, such as a
        partner CPD event or a campaign's reach). Per plan: one grouped query
        over engagements shared by its plain measures, one for its tagged ones,
        one per set of measures counting the same coverage lines (distinct
        organisations, sector groups), and one each for partner CPD events,
        campaign reach and entered figures."""
        result = {}
        for plan, measures in self.grouped("plan_id").items():
            date_from, date_to = period or (plan.date_from, plan.date_to)
            if not (date_from and date_to):
                continue
            start = datetime.combine(date_from, time.min)
            end = datetime.combine(date_to + timedelta(days=1), time.min)
            engagement_measures = measures.filtered(
                lambda m: m.kind in ENGAGEMENT_KINDS
            )
            shared = engagement_measures.filtered(
                lambda m: m.kind != "organisations" and not m._protect_sector_groups()
            )
            result.update(shared._protect_engagement_figures(start, end))
            # Measures counting the same lines share one query.
            line_measures = (engagement_measures - shared).grouped(
                lambda m: m._protect_line_key()
            )
            for same_lines in line_measures.values():
                result.update(same_lines._protect_line_figures(start, end, by_area))
            by_kind = measures.grouped("kind")
            empty = self.browse()
            result.update(
                by_kind.get("cpd_events", empty)._protect_cpd_events(start, end)
            )
            result.update(
                by_kind.get("campaign_reach", empty)._protect_campaign_reach(
                    date_from, date_to
                )
            )
            result.update(
                by_kind.get("manual", empty)._protect_entered(date_from, date_to)
            )
        if by_area:
            return {
                measure_id: {area: value for area, value in areas.items() if value}
                for measure_id, areas in result.items()
            }
        return {
            measure_id: float(sum(areas.values()))
            for measure_id, areas in result.items()
        }

    # The measure's filters, the objective's scope where the measure has none.

    def _protect_force_areas(self):
        return self.force_area_ids or self.objective_id.force_area_ids

    def _protect_sector_groups(self):
        return self.sector_group_ids or self.objective_id.sector_group_ids

    def _protect_matches(self, engagement_type, strand, force_area, campaign):
        """Whether a group of engagements (by type, strand, force area and
        campaign) counts for this measure."""
        areas = self._protect_force_areas()
        return (
            (
                not self.engagement_type_ids
                or engagement_type in self.engagement_type_ids
            )
            and (not self.strand or strand == self.strand)
            and (not areas or force_area in areas)
            and (not self.campaign_id or campaign == self.campaign_id)
        )

    def _protect_engagement_figures(self, start, end):
        """Figures by force area of measures counting engagements or people
        reached with no sector-group filter: two grouped queries for all of
        them (untagged and tagged), matched to each measure in Python."""
        if not self:
            return {}
        engagements = self.env["protect.engagement"]
        period = Domain(
            [
                ("state", "=", "done"),
                ("date_start", ">=", start),
                ("date_start", "<", end),
            ]
        )
        result = {measure.id: defaultdict(float) for measure in self}
        untagged = self.filtered(lambda m: not m.tagged_only)
        if untagged:
            rows = engagements._read_group(
                period, ENGAGEMENT_GROUPS, ["__count", "audience_count:sum"]
            )
            for measure in untagged:
                for *keys, count, audience in rows:
                    if measure._protect_matches(*keys):
                        result[measure.id][keys[2].id] += (
                            count if measure.kind == "engagements" else audience
                        )
        tagged = self - untagged
        if tagged:
            rows = engagements._read_group(
                period & Domain("objective_ids", "in", tagged.objective_id.ids),
                [*ENGAGEMENT_GROUPS, "objective_ids"],
                ["__count", "audience_count:sum"],
            )
            for measure in tagged:
                for *keys, objective, count, audience in rows:
                    if objective == measure.objective_id and measure._protect_matches(
                        *keys
                    ):
                        result[measure.id][keys[2].id] += (
                            count if measure.kind == "engagements" else audience
                        )
        return result

    def _protect_line_key(self):
        """What picks the coverage lines this measure counts: measures with the
        same key count the same lines."""
        return (
            tuple(self.engagement_type_ids.ids),
            self.strand,
            self.campaign_id.id,
            self.objective_id.id if self.tagged_only else None,
            tuple(self._protect_force_areas().ids),
            tuple(self._protect_sector_groups().ids),
        )

    def _protect_line_figures(self, start, end, by_area=False):
        """Figures of measures that count organisations or filter by sector
        group and share their lines (``_protect_line_key``), from the coverage
        lines (one per engagement and stakeholder): distinct counts, in one
        query for all of them; by force area with ``by_area`` (an organisation
        engaged in two areas counts in each)."""
        first = self[:1]
        domain = [("date_start", ">=", start), ("date_start", "<", end)]
        if first.engagement_type_ids:
            domain.append(("engagement_type_id", "in", first.engagement_type_ids.ids))
        if first.strand:
            domain.append(("strand", "=", first.strand))
        if first.campaign_id:
            domain.append(("campaign_id", "=", first.campaign_id.id))
        if first.tagged_only:
            domain.append(("engagement_id.objective_ids", "in", first.objective_id.ids))
        if areas := first._protect_force_areas():
            domain.append(("force_area_id", "in", areas.ids))
        if groups := first._protect_sector_groups():
            domain.append(("sector_group_id", "in", groups.ids))
        aggregates = {
            "engagements": "engagement_id:count_distinct",
            "people_reached": "audience_count:sum",
            "organisations": "partner_id:count_distinct",
        }
        kinds = sorted(set(self.mapped("kind")))
        rows = self.env["protect.coverage.line"]._read_group(
            domain,
            ["force_area_id"] if by_area else [],
            [aggregates[kind] for kind in kinds],
        )
        result = {measure.id: {} for measure in self}
        for row in rows:
            area = row[0].id if by_area else False
            by_kind = dict(zip(kinds, row[1:] if by_area else row, strict=True))
            for measure in self:
                result[measure.id][area] = float(by_kind[measure.kind] or 0)
        return result

    def _protect_cpd_events(self, start, end):
        """CPD events the team delivered to partners in the period (events
        carry no marking): one query for all these measures."""
        if not self:
            return {}
        [(count,)] = self.env["event.event"]._read_group(
            [
                ("protect_delivered_by_team", "=", True),
                ("date_begin", ">=", start),
                ("date_begin", "<", end),
            ],
            [],
            ["__count"],
        )
        return {measure.id: {False: float(count)} for measure in self}

    def _protect_campaign_reach(self, date_from, date_to):
        """Reach figures entered on campaigns in the period: the measure's
        campaign, or every campaign serving its objective; of the measure's
        channels, if it names any. One query for all these measures."""
        if not self:
            return {}
        rows = self.env["protect.campaign.reach"]._read_group(
            [("date", ">=", date_from), ("date", "<=", date_to)],
            ["campaign_id", "channel_id"],
            ["figure:sum"],
        )
        result = {}
        for measure in self:
            campaigns = measure.campaign_id or measure.objective_id.campaign_ids
            channels = measure.channel_ids
            result[measure.id] = {
                False: sum(
                    figure
                    for campaign, channel, figure in rows
                    if campaign in campaigns and (not channels or channel in channels)
                )
            }
        return result

    def _protect_entered(self, date_from, date_to):
        """Figures entered by hand on these measures in the period, by the
        force area they are for."""
        if not self:
            return {}
        rows = self.env["protect.plan.measure.entry"]._read_group(
            [
                ("measure_id", "in", self.ids),
                ("date", ">=", date_from),
                ("date", "<=", date_to),
            ],
            ["measure_id", "force_area_id"],
            ["value:sum"],
        )
        result = {measure.id: {} for measure in self}
        for measure, area, value in rows:
            result[measure.id][area.id] = value
        return result


class ProtectPlanMeasureEntry(models.Model):
    """A figure entered by hand for a measure (e.g. a quarter's Action Fraud
    reports for a force), with its date and source."""

    _name = "protect.plan.measure.entry"
    _description = "Figure entered for a plan measure"
    _order = "date desc, id desc"
    _protect_vetted = True
    _protect_marking_field = "sensitivity"

    measure_id = fields.Many2one(
        "protect.plan.measure",
        required=True,
        index=True,
        ondelete="cascade",
    )
    sensitivity = fields.Selection(
        related="measure_id.sensitivity", store=True, index=True, string="Marking"
    )
    date = fields.Date(
        required=True,
        default=fields.Date.context_today,
        help="The day (or the end of the quarter) the figure is for.",
    )
    force_area_id = fields.Many2one("protect.force.area", string="Force area")
    value = fields.Float(digits=(12, 0), required=True)
    source = fields.Char(required=True, help="Where the figure comes from.")
    note = fields.Char()

    @api.model_create_multi
    def create(self, vals_list):
        self._protect_check_links(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._protect_check_links([vals], self)
        return super().write(vals)

    @api.constrains("value")
    def _check_value(self):
        for entry in self:
            if entry.value < 0:
                raise ValidationError(
                    self.env._("Value: a figure entered cannot be negative.")
                )
