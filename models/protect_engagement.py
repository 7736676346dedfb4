from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import email_normalize, email_normalize_all, html2plaintext

from odoo.addons.mail.tools.alias_error import AliasError

from .base import _linked_ids
from .protect_engagement_type import STRAND_SELECTION
from .protect_sensitivity_mixin import (
    DATE_MAX_YEAR,
    DATE_MIN_YEAR,
    MAX_DURATION_HOURS,
    highest_marking,
)

# Changing any of these changes a stakeholder's engagement count or last date.
STAT_FIELDS = {"partner_ids", "state", "date_start", "sensitivity", "active"}


class ProtectEngagement(models.Model):
    _name = "protect.engagement"
    _description = "Engagement activity"
    _inherit = ["protect.mail.guard", "protect.sensitivity.mixin"]
    _order = "date_start desc, id desc"

    # What happened
    name = fields.Char(string="Subject", required=True, tracking=True)
    engagement_type_id = fields.Many2one(
        "protect.engagement.type",
        string="Type",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        default=lambda self: self._default_engagement_type_id(),
    )
    is_panel_meeting = fields.Boolean(related="engagement_type_id.is_panel_meeting")
    strand = fields.Selection(
        STRAND_SELECTION,
        string="4P strand",
        required=True,
        compute="_compute_strand",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        tracking=True,
        help="Follows the type's default strand when the type changes.",
    )
    threat_type_ids = fields.Many2many("protect.threat.type", string="Threat types")
    state = fields.Selection(
        [("planned", "Planned"), ("done", "Done"), ("cancelled", "Cancelled")],
        string="Status",
        required=True,
        index=True,
        tracking=True,
        copy=False,
        compute="_compute_state",
        store=True,
        readonly=False,
        precompute=True,
        help="A new engagement is Done when it starts in the past and Planned when "
        "it starts in the future.",
    )

    # When
    date_start = fields.Datetime(
        string="Start",
        required=True,
        index=True,
        default=fields.Datetime.now,
        tracking=True,
    )
    duration = fields.Float(
        default=1.0,
        digits=(6, 2),
        help="Length in hours. Moving the start keeps the length; the end follows.",
    )
    date_end = fields.Datetime(
        string="End",
        compute="_compute_date_end",
        inverse="_inverse_date_end",
        store=True,
        readonly=False,
    )

    # Who and where
    user_id = fields.Many2one(
        "res.users",
        string="Lead officer",
        required=True,
        index=True,
        default=lambda self: self.env.user,
        tracking=True,
        domain=[("share", "=", False)],
    )
    officer_ids = fields.Many2many(
        "res.users",
        "protect_engagement_officer_rel",
        "engagement_id",
        "user_id",
        string="Other officers",
        domain=[("share", "=", False)],
    )
    partner_ids = fields.Many2many(
        "res.partner",
        "protect_engagement_partner_rel",
        "engagement_id",
        "partner_id",
        string="Stakeholders",
        help="Stakeholder organisations and people engaged with.",
    )
    organisation_count = fields.Integer(compute="_compute_organisation_count")
    panel_id = fields.Many2one(
        "protect.panel", index="btree_not_null", ondelete="restrict"
    )
    force_area_id = fields.Many2one(
        "protect.force.area", string="Force area", index=True, tracking=True
    )
    calendar_event_id = fields.Many2one(
        "calendar.event",
        string="Calendar meeting",
        index="btree_not_null",
        ondelete="set null",
        copy=False,
    )
    attendance_ids = fields.One2many(
        "protect.panel.attendance", "engagement_id", copy=False
    )

    # What it was for
    campaign_id = fields.Many2one(
        "protect.campaign",
        index="btree_not_null",
        ondelete="restrict",
        tracking=True,
    )
    objective_ids = fields.Many2many(
        "protect.plan.objective",
        "protect_engagement_objective_rel",
        "engagement_id",
        "objective_id",
        string="Plan objectives",
        help="The delivery-plan objectives it served; the campaign's by default.",
    )

    # Outcome
    audience_count = fields.Integer(
        string="Audience reached",
        help="People reached: attendees, listeners, recipients.",
    )
    outcome = fields.Html()
    key_learning = fields.Html(string="Key learning")
    color = fields.Integer()
    active = fields.Boolean(default=True)

    # ------------------------------------------------------------------ defaults

    @api.model
    def _default_engagement_type_id(self):
        return self.env.ref(
            "protect_engagement.protect_engagement_type_partner_meeting",
            raise_if_not_found=False,
        )

    # ------------------------------------------------------------------ computes

    @api.depends("date_start")
    def _compute_state(self):
        for engagement in self:
            if engagement.state and (
                engagement._origin or engagement.state == "cancelled"
            ):
                continue  # a saved engagement keeps its status when re-dated
            engagement.state = self._state_at(engagement.date_start)

    @api.model
    def _state_at(self, start):
        """Status of a new engagement starting at ``start`` (default: now)."""
        now = fields.Datetime.now()
        start = fields.Datetime.to_datetime(start) or now
        return "done" if start <= now else "planned"

    @api.depends("date_start", "duration")
    def _compute_date_end(self):
        for engagement in self:
            if engagement.date_start and engagement._dates_in_range():
                hours = max(engagement.duration, 0.0)
                engagement.date_end = engagement.date_start + timedelta(hours=hours)
            else:
                engagement.date_end = False

    def _inverse_date_end(self):
        for engagement in self:
            if engagement.date_start and engagement.date_end:
                delta = engagement.date_end - engagement.date_start
                engagement.duration = delta.total_seconds() / 3600.0

    @api.depends("engagement_type_id")
    def _compute_strand(self):
        for engagement in self:
            engagement.strand = self._strand_of(
                engagement.engagement_type_id, engagement.strand
            )

    @api.model
    def _strand_of(self, engagement_type, strand=False):
        """The strand an engagement of ``engagement_type`` takes: the type's
        default, else the one it has, else Protect."""
        return engagement_type.default_strand or strand or "protect"

    @api.depends("partner_ids")
    def _compute_organisation_count(self):
        for engagement in self:
            engagement.organisation_count = len(
                engagement.partner_ids.commercial_partner_id
            )

    # ------------------------------------------------------------------ onchanges

    @api.model
    def default_get(self, fields):  # pylint: disable=redefined-outer-name
        """A day clicked in the calendar's month view is a meeting at 10:00 for
        the default length, not the calendar's 07:00-19:00 "whole day" (it marks
        such a click with ``default_allday``, a field engagements do not have)."""
        defaults = super().default_get(fields)
        if self.env.context.get("default_allday"):
            defaults.pop("date_end", None)
            if defaults.get("date_start"):
                defaults["date_start"] = self._calendar_day_start(
                    defaults["date_start"]
                )
        return defaults

    @api.model
    def _calendar_day_start(self, moment):
        """10:00 in the user's time zone on the day of ``moment``, in UTC."""
        local = fields.Datetime.context_timestamp(
            self, fields.Datetime.to_datetime(moment)
        )
        start = local.replace(hour=10, minute=0, second=0, microsecond=0)
        return start.replace(tzinfo=None) - start.utcoffset()

    @api.onchange("panel_id")
    def _onchange_panel_id(self):
        if self.panel_id and not self.force_area_id:
            self.force_area_id = self.panel_id.force_area_id

    @api.onchange("partner_ids")
    def _onchange_partner_ids(self):
        if not self.force_area_id:
            areas = self.partner_ids.commercial_partner_id.protect_force_area_id
            if len(areas) == 1:
                self.force_area_id = areas

    @api.onchange("panel_id", "engagement_type_id", "date_start")
    def _onchange_panel_attendance(self):
        """A new panel meeting lists its sitting members as soon as its panel
        and date are set, before the first save, keeping the statuses already
        given. Only the members the user may see: saving adds a line for the
        others (_sync_panel_attendance), as it does for a saved meeting."""
        if self._origin:
            return
        sitting = self.env["protect.panel.membership"]
        if self.panel_id and self.is_panel_meeting and self.date_start:
            day = fields.Date.to_date(self.date_start)
            sitting = sitting.search(
                [
                    ("panel_id", "=", self.panel_id.id),
                    ("date_start", "<=", day),
                    "|",
                    ("date_end", "=", False),
                    ("date_end", ">=", day),
                ]
            )
        given = {line.membership_id: line.status for line in self.attendance_ids}
        if set(given) == set(sitting):
            return
        self.attendance_ids = [fields.Command.clear()] + [
            fields.Command.create(
                {"membership_id": member.id, "status": given.get(member, "present")}
            )
            for member in sitting
        ]
        self._onchange_attendance_ids()

    @api.onchange("attendance_ids")
    def _onchange_attendance_ids(self):
        """On a new meeting, the stakeholder members present are engaged with
        and those away are not, as saving makes them (_sync_attendees): the
        form shows what is saved, and saving links nobody again (a link made
        while the meeting is created would count it twice in the figures)."""
        if self._origin:
            return
        lines = self.attendance_ids.filtered(
            lambda a: a.membership_id.member_kind == "stakeholder"
        )
        present = lines.filtered(lambda a: a.status == "present")
        away = (lines - present).membership_id.partner_id
        linked = self.partner_ids._origin
        partners = (linked - away) | present.membership_id.partner_id
        if partners != linked:
            self.partner_ids = partners

    # ------------------------------------------------------------------ constraints

    def _dates_in_range(self):
        """Whether the start and length are within what the register keeps
        (an end computed from others would overflow the calendar)."""
        self.ensure_one()
        start = self.date_start
        in_years = not start or DATE_MIN_YEAR <= start.year <= DATE_MAX_YEAR
        # A negative length is an end before the start: _check_dates says so.
        return in_years and (self.duration or 0) <= MAX_DURATION_HOURS

    @api.constrains("date_start", "date_end", "duration")
    def _check_dates(self):
        for engagement in self:
            if not engagement._dates_in_range():
                raise ValidationError(
                    self.env._(
                        "Start: '%(name)s' must start between %(first)s and "
                        "%(last)s and last at most %(hours)s hours.",
                        name=engagement.name,
                        first=DATE_MIN_YEAR,
                        last=DATE_MAX_YEAR,
                        hours=MAX_DURATION_HOURS,
                    )
                )
            ends_early = (
                engagement.date_end and engagement.date_end < engagement.date_start
            )
            if ends_early or engagement.duration < 0:
                raise ValidationError(
                    self.env._(
                        "End: '%(name)s' cannot end before it starts.",
                        name=engagement.name,
                    )
                )

    @api.constrains("user_id", "officer_ids", "sensitivity")
    def _check_officers_cleared(self):
        """Officers named on an engagement read it and follow it: their vetting
        must clear its marking."""
        labels = dict(self._fields["sensitivity"]._description_selection(self.env))
        for engagement in self:
            # sudo (1): every officer named must clear the marking.
            officers = engagement.sudo().user_id | engagement.sudo().officer_ids
            uncleared = officers.filtered(
                lambda u, e=engagement: (
                    e.sensitivity not in u._protect_cleared_sensitivities()
                )
            )
            if uncleared:
                raise ValidationError(
                    self.env._(
                        "Other officers: the vetting of %(names)s does not clear "
                        "%(marking)s, the marking of '%(name)s'.",
                        names=", ".join(uncleared.mapped("name")),
                        marking=labels[engagement.sensitivity],
                        name=engagement.name,
                    )
                )

    @api.constrains("panel_id", "sensitivity")
    def _check_panel_marking(self):
        """A meeting shows its panel: it is marked at least as high."""
        self._protect_check_marked_as_high_as(
            "panel_id",
            messages={
                "panel_id": self.env._(
                    "Sensitivity: '%(name)s' is a meeting of a panel marked "
                    "%(marking)s; mark it at least as high."
                )
            },
        )

    @api.constrains("campaign_id", "sensitivity")
    def _check_campaign_marking(self):
        """An engagement shows its campaign: it is marked at least as high."""
        self._protect_check_marked_as_high_as(
            "campaign_id",
            messages={
                "campaign_id": self.env._(
                    "Sensitivity: '%(name)s' is part of a campaign marked "
                    "%(marking)s; mark it at least as high."
                )
            },
        )

    @api.constrains("audience_count")
    def _check_audience_count(self):
        for engagement in self:
            if engagement.audience_count < 0:
                raise ValidationError(
                    self.env._(
                        "Audience reached: '%(name)s' cannot reach a negative number "
                        "of people.",
                        name=engagement.name,
                    )
                )

    @api.constrains("state", "date_start")
    def _check_done_not_in_future(self):
        # A little slack for clocks and for a meeting logged as it ends.
        horizon = fields.Datetime.now() + timedelta(minutes=5)
        for engagement in self:
            if engagement.state == "done" and engagement.date_start > horizon:
                raise ValidationError(
                    self.env._(
                        "Status: '%(name)s' starts in the future, so it cannot be "
                        "done yet. Keep it planned.",
                        name=engagement.name,
                    )
                )

    @api.constrains("panel_id", "engagement_type_id")
    def _check_panel_meeting_has_panel(self):
        for engagement in self:
            if (
                engagement.engagement_type_id.is_panel_meeting
                and not engagement.panel_id
            ):
                raise ValidationError(
                    self.env._(
                        "Panel: '%(name)s' is a panel meeting, so it needs its panel.",
                        name=engagement.name,
                    )
                )

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # The status is precomputed; given here, the ORM does not build a
            # draft record per engagement to compute it, a draft that reads
            # its stakeholders again one engagement at a time. Measured by
            # tools/bench.py: 2,000 engagements logged in 150 queries instead
            # of 1,080, and at 1M engagements 395 a second instead of 250.
            if "state" not in vals:
                vals["state"] = self._state_at(vals.get("date_start"))
        # The same for the strand (precomputed from the type): given, no draft
        # record is built per engagement. Measured: a batch of 500 in 19
        # queries instead of 90 (tools/bench.py, SCALE=small).
        types = self.env["protect.engagement.type"].browse(
            {vals.get("engagement_type_id") for vals in vals_list} - {None, False}
        )
        types.fetch(["default_strand"])
        for vals in vals_list:
            if "strand" not in vals and "engagement_type_id" in vals:
                vals["strand"] = self._strand_of(
                    types.browse(vals.get("engagement_type_id") or [])
                )
        # Attendance lines given in the values (an import, a form saved with
        # its lines) link their present stakeholders, which recounts them in
        # full; written after the new engagements' figures are added, so that
        # nobody is counted twice.
        attendance = [vals.pop("attendance_ids", None) for vals in vals_list]
        self._protect_default_objectives(vals_list)
        self._protect_check_open_objectives(vals_list)
        engagements = super().create(vals_list)
        # Before the attendance: a stakeholder it links afterwards is
        # recounted in full by write().
        self.env["protect.engagement.stat"]._add_engagements(engagements)
        for engagement, commands in zip(engagements, attendance, strict=True):
            if commands:
                engagement.write({"attendance_ids": commands})
        engagements._sync_panel_attendance()
        return engagements

    def write(self, vals):
        self._protect_check_open_objectives([vals], self)
        touches_stats = bool(STAT_FIELDS & vals.keys())
        before = self.partner_ids if touches_stats else None
        result = super().write(vals)
        if {"panel_id", "engagement_type_id", "date_start"} & vals.keys():
            self._sync_panel_attendance()
        if touches_stats:
            self._refresh_stakeholder_stats(before)
        return result

    def unlink(self):
        partners = self.partner_ids
        result = super().unlink()
        self.env["protect.engagement.stat"]._refresh(partners)
        return result

    # ------------------------------------------------------------------ objectives

    @api.onchange("campaign_id")
    def _onchange_campaign_id(self):
        if self.campaign_id and not self.objective_ids:
            self.objective_ids = self.campaign_id._protect_open_objectives()

    @api.model
    def _protect_default_objectives(self, vals_list):
        """An engagement of a campaign created without objectives serves the
        campaign's (those of plans not closed)."""
        wanted = {
            vals["campaign_id"]
            for vals in vals_list
            if vals.get("campaign_id") and "objective_ids" not in vals
        }
        if not wanted:
            return
        campaigns = self.env["protect.campaign"].browse(wanted)
        for vals in vals_list:
            if vals.get("campaign_id") in wanted and "objective_ids" not in vals:
                objectives = campaigns.browse(
                    vals["campaign_id"]
                )._protect_open_objectives()
                if objectives:
                    vals["objective_ids"] = [Command.set(objectives.ids)]

    @api.model
    def _protect_check_open_objectives(self, vals_list, records=None):
        """Refuse to tag an engagement to an objective of a closed plan (a
        link already there stays)."""
        field = self._fields["objective_ids"]
        ids = set()
        for vals in vals_list:
            if vals.get("objective_ids"):
                ids |= _linked_ids(field, vals["objective_ids"])
        if records is not None and ids:
            # sudo (1): which links are already there.
            ids -= set(records.sudo().objective_ids.ids)
        if not ids:
            return
        # Only objectives the user may see: a hidden one gets the answer of any
        # record one may not link (_protect_check_links), never its plan's status.
        readable = self.env["protect.plan.objective"].search([("id", "in", list(ids))])
        closed = readable.filtered(lambda o: o.plan_id.state == "closed")
        if closed:
            raise ValidationError(
                self.env._(
                    "Plan objectives: the plan of an objective you chose is "
                    "closed; tag engagements to objectives of open plans."
                )
            )

    def _refresh_stakeholder_stats(self, extra_partners=None):
        partners = self.partner_ids
        if extra_partners:
            partners |= extra_partners
        self.env["protect.engagement.stat"]._refresh(partners)

    def _sync_panel_attendance(self):
        """Keep one attendance line per member sitting on the meeting's panel at
        its date: add the missing ones, drop those of another panel or period."""
        stale = self.env["protect.panel.attendance"]
        vals_list = []
        meetings = self.filtered(
            lambda e: e.panel_id and e.engagement_type_id.is_panel_meeting
        )
        # sudo (2): attendance lines follow the meeting, for every member.
        memberships = (
            self.env["protect.panel.membership"]
            .sudo()
            .search([("panel_id", "in", meetings.panel_id.ids)])
        )
        by_panel = memberships.grouped("panel_id")
        for engagement in self:
            lines = engagement.attendance_ids
            if engagement not in meetings:
                stale |= lines
                continue
            day = fields.Date.to_date(engagement.date_start)
            # sudo (2): the members sitting at the meeting's date, all of them.
            sitting = (
                self.env["protect.panel.membership"]
                .sudo()
                .concat(
                    *(
                        m
                        for m in by_panel.get(engagement.panel_id.sudo(), [])
                        if m.date_start <= day and (not m.date_end or m.date_end >= day)
                    )
                )
            )
            stale |= lines.filtered(
                lambda a, sitting=sitting: a.membership_id not in sitting
            )
            vals_list += [
                {
                    "engagement_id": engagement.id,
                    "membership_id": m.id,
                    "status": "present",
                }
                # sudo (2): the members already with a line, all of them.
                for m in sitting - lines.membership_id.sudo()
            ]
        if stale:
            # sudo (2): upkeep that follows an allowed change of the meeting.
            stale.sudo().unlink()
        if vals_list:
            # sudo (2): every member sitting at the meeting's date gets a
            # line, members above the user's vetting too (hidden from them).
            self.env["protect.panel.attendance"].sudo().create(vals_list)

    # ------------------------------------------------------------------ documents

    def _protect_printable_links(self):
        """What a document about these engagements may show the current user of
        the records they link to: (stakeholders, attendance lines, panels).

        Checked against the rules, not read from the cache: values computed as
        superuser earlier in the transaction are cached for everyone.
        """
        return tuple(
            self._protect_read_past_rules(field_name)[0]
            for field_name in ("partner_ids", "attendance_ids", "panel_id")
        )

    def _protect_printed_marking(self):
        """The marking a document about these engagements carries: the highest
        of everything it shows the current user (the engagements, their
        stakeholders and attendees, their panels)."""
        partners, attendance, panels = self._protect_printable_links()
        people = partners | attendance.partner_id
        markings = set(self.mapped("sensitivity")) | set(panels.mapped("sensitivity"))
        markings.update(person._protect_marking() for person in people)
        return highest_marking(markings)

    # ------------------------------------------------------------------ actions

    @api.model
    def _action_log_engagement(self, defaults):
        """The form of a new engagement, pre-filled with ``defaults``, in a
        dialog: only its Save button logs the engagement (leaving the page does
        not), and a reload returns to the record it was opened from."""
        view = self.env.ref("protect_engagement.protect_engagement_view_form_log")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Log engagement"),
            "res_model": "protect.engagement",
            "view_mode": "form",
            "views": [(view.id, "form")],
            "target": "new",
            "context": defaults,
        }

    def action_mark_done(self):
        self.write({"state": "done"})

    def action_cancel(self):
        self.write({"state": "cancelled"})

    def action_reset_planned(self):
        self.write({"state": "planned"})

    def action_refresh_attendance(self):
        self._sync_panel_attendance()

    # ------------------------------------------------------------------ mail

    def _alias_get_error(self, message, message_dict, alias):
        """A new engagement by e-mail comes from a Protect user only: the alias
        bounces anyone else, another team's employee or a stakeholder alike."""
        error = super()._alias_get_error(message, message_dict, alias)
        if error or self.ids:
            return error
        email = email_normalize(message_dict.get("email_from") or "", strict=False)
        # sudo (1): whether the sender is a Protect user decides the bounce;
        # nothing of the users is shown.
        senders = (
            self.env["res.users"]
            .sudo()
            .search([("email_normalized", "=", email), ("share", "=", False)])
            if email
            else self.env["res.users"]
        )
        if any(user.has_group("protect_engagement.group_liaison") for user in senders):
            return False
        return AliasError(
            "error_protect_not_a_protect_user",
            self.env._("restricted to Protect users"),
        )

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """Meeting notes forwarded to the engagement alias become a done engagement.

        The sender, if an officer, leads it; other addressees and the sender's own
        contact that are stakeholders are linked as the people engaged with.
        """
        values = dict(custom_values or {})
        values.setdefault(
            "name", msg_dict.get("subject") or self.env._("Meeting notes")
        )
        author = self.env["res.partner"].browse(msg_dict.get("author_id") or [])
        officer = author.user_ids.filtered(lambda u: not u.share)[:1]
        if officer:
            values.setdefault("user_id", officer.id)
        addresses = ",".join(
            msg_dict.get(key) or "" for key in ("to", "cc", "email_from")
        )
        emails = email_normalize_all(addresses)
        stakeholders = self.env["res.partner"]
        if emails:
            stakeholders = self.env["res.partner"].search(
                [("protect_stakeholder", "=", True), ("email_normalized", "in", emails)]
            )
        if stakeholders:
            values.setdefault("partner_ids", [fields.Command.set(stakeholders.ids)])
            # The notes name them: marked at least as high as the most sensitive.
            values.setdefault(
                "sensitivity",
                highest_marking(p._protect_marking() for p in stakeholders),
            )
            areas = stakeholders.commercial_partner_id.protect_force_area_id
            if len(areas) == 1:
                values.setdefault("force_area_id", areas.id)
        if msg_dict.get("date"):
            values.setdefault("date_start", msg_dict["date"])
        body = msg_dict.get("body")
        if body and html2plaintext(body).strip():
            values.setdefault("outcome", body)
        return super().message_new(msg_dict, custom_values=values)
