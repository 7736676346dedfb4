from datetime import datetime, time, timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain
from odoo.tools import format_date

from .protect_sensitivity_mixin import (
    SENSITIVITY_RANK,
    SENSITIVITY_SELECTION,
    highest_marking,
)
from .res_partner import COMPARATORS

# Changing these changes what a membership's chatter and marking are about.
RELINK_FIELDS = ("partner_id", "panel_id")


class ProtectPanelMembership(models.Model):
    _name = "protect.panel.membership"
    _description = "Panel membership"
    # Who sat on a panel, and when, is history: its changes are tracked in the
    # chatter, which the mail guard keeps to those cleared for the membership.
    _inherit = ["protect.mail.guard"]
    _order = "panel_id, role_sequence, date_start desc, id"
    _protect_vetted = True
    _protect_marked_mail = True
    _protect_marking_field = "sensitivity"

    panel_id = fields.Many2one(
        "protect.panel", required=True, index=True, ondelete="cascade"
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Member",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        help="A stakeholder contact, or an officer's own contact.",
    )
    # What the record rule asks of a reader: the panel's marking and the
    # member's. Computed, never stored: it follows both as they change. The
    # mail guard (followers, activities, e-mail) reads it.
    sensitivity = fields.Selection(
        SENSITIVITY_SELECTION,
        string="Marking",
        compute="_compute_sensitivity",
        help="The higher of the panel's marking and the member's: only users "
        "whose vetting clears it see the membership and its chatter.",
    )
    member_kind = fields.Selection(
        [("officer", "Officer"), ("stakeholder", "Stakeholder")],
        compute="_compute_member_kind",
    )
    organisation_id = fields.Many2one(
        "res.partner",
        related="partner_id.commercial_partner_id",
        string="Organisation",
        store=True,
        index="btree_not_null",
    )
    role = fields.Selection(
        [
            ("chair", "Chair"),
            ("secretariat", "Secretariat"),
            ("core", "Core member"),
            ("competent", "Competent member"),
            ("observer", "Observer"),
        ],
        required=True,
        default="core",
        tracking=True,
    )
    role_sequence = fields.Integer(compute="_compute_role_sequence", store=True)
    date_start = fields.Date(
        string="Start", required=True, default=fields.Date.context_today, tracking=True
    )
    date_end = fields.Date(string="End", tracking=True)
    is_current = fields.Boolean(
        string="Current", compute="_compute_is_current", search="_search_is_current"
    )
    notes = fields.Text()

    # Attendance at the panel's meetings during the membership
    attendance_ids = fields.One2many("protect.panel.attendance", "membership_id")
    # Counted over the meetings the viewer may see, so never stored: a stored
    # figure would count meetings above some viewers' vetting.
    meetings_held = fields.Integer(
        compute="_compute_attendance", search="_search_meetings_held"
    )
    meetings_attended = fields.Integer(
        compute="_compute_attendance", search="_search_meetings_attended"
    )
    attendance_rate = fields.Float(
        string="Attendance (%)",
        compute="_compute_attendance",
        search="_search_attendance_rate",
        digits=(5, 1),
    )

    @api.depends("partner_id.user_ids.share")
    def _compute_member_kind(self):
        for membership in self:
            # Whether the member is staff is no secret, but the member may be a
            # stakeholder above the viewer's vetting: read the link as sudo.
            internal = membership.partner_id.sudo().user_ids.filtered(
                lambda u: not u.share
            )
            membership.member_kind = "officer" if internal else "stakeholder"

    @api.depends(
        "panel_id.sensitivity",
        "partner_id.protect_stakeholder",
        "partner_id.protect_sensitivity",
    )
    def _compute_sensitivity(self):
        for membership in self:
            membership.sensitivity = highest_marking(
                membership._protect_markings_of(
                    membership.panel_id, membership.partner_id
                )
            )

    @api.model
    def _protect_markings_of(self, panel, partner):
        """(panel marking, member marking) of ``panel`` and ``partner``, read
        past the rules: they decide who is told, they are never shown."""
        # sudo (1): the markings of a panel or member the user may not read.
        panel, partner = panel.sudo(), partner.sudo()
        return (
            panel.sensitivity or None,
            partner._protect_marking() if partner else None,
        )

    @api.depends("role")
    def _compute_role_sequence(self):
        order = {
            key: rank
            for rank, (key, _label) in enumerate(self._fields["role"].selection)
        }
        for membership in self:
            membership.role_sequence = order.get(membership.role, 99)

    @api.depends("date_start", "date_end")
    def _compute_is_current(self):
        today = fields.Date.context_today(self)
        for membership in self:
            membership.is_current = bool(
                membership.date_start
                and membership.date_start <= today
                and (not membership.date_end or membership.date_end >= today)
            )

    def _search_is_current(self, operator, value):
        if operator != "in":
            return NotImplemented
        today = fields.Date.context_today(self)
        current = Domain("date_start", "<=", today) & (
            Domain("date_end", "=", False) | Domain("date_end", ">=", today)
        )
        wanted = {bool(v) for v in value}
        if wanted == {True, False}:
            return Domain.TRUE
        return current if True in wanted else ~current

    @api.depends("attendance_ids.status", "attendance_ids.engagement_id.state")
    @api.depends_context("uid")
    def _compute_attendance(self):
        figures = self._attendance_figures([("membership_id", "in", self._origin.ids)])
        for membership in self:
            held, attended = figures.get(membership._origin.id, (0, 0))
            membership.meetings_held = held
            membership.meetings_attended = attended
            membership.attendance_rate = 100.0 * attended / held if held else 0.0

    @api.model
    def _attendance_figures(self, domain):
        """{membership id: (meetings held, meetings attended)} over the done
        meetings the current user may see, for attendance lines in ``domain``:
        one grouped query, under the user's rules."""
        rows = self.env["protect.panel.attendance"]._read_group(
            Domain(domain) & Domain("engagement_id.state", "=", "done"),
            ["membership_id", "status"],
            ["__count"],
        )
        figures = {}
        for membership, status, count in rows:
            held, attended = figures.get(membership.id, (0, 0))
            figures[membership.id] = (
                held + count,
                attended + (count if status == "present" else 0),
            )
        return figures

    def _attendance_in_period(self, date_from, date_to):
        """Attendance of these memberships at the done meetings held from
        ``date_from`` to ``date_to`` (dates, both included) that the current
        user may see: ({membership id: (meetings held, attended)}, the set of
        markings of the meetings counted). Two grouped queries, under the
        user's rules; the panel report and the stakeholder map read it here."""
        # Engagements store their start in UTC: the period runs from midnight
        # on its first day to midnight after its last.
        in_period = Domain(
            "date_start", ">=", datetime.combine(date_from, time.min)
        ) & Domain(
            "date_start", "<", datetime.combine(date_to + timedelta(days=1), time.min)
        )
        domain = Domain("membership_id", "in", self.ids) & Domain(
            "engagement_id", "any", in_period
        )
        figures = self._attendance_figures(domain)
        per_marking = self.env["protect.panel.attendance"]._read_group(
            domain & Domain("engagement_id.state", "=", "done"),
            ["engagement_id.sensitivity"],
            ["__count"],
        )
        return figures, {marking for marking, _count in per_marking if marking}

    def _search_attendance_figure(self, figure, operator, value):
        if operator not in COMPARATORS:
            return NotImplemented
        compare = COMPARATORS[operator][0]
        figures = self._attendance_figures([])
        values = {
            membership_id: {
                "held": held,
                "attended": attended,
                "rate": 100.0 * attended / held if held else 0.0,
            }[figure]
            for membership_id, (held, attended) in figures.items()
        }
        matching = [i for i, v in values.items() if compare(v, value)]
        if compare(0, value):
            # Memberships with no meeting seen match too.
            return Domain("id", "not in", [i for i in values if i not in matching])
        return Domain("id", "in", matching)

    def _search_meetings_held(self, operator, value):
        return self._search_attendance_figure("held", operator, value)

    def _search_meetings_attended(self, operator, value):
        return self._search_attendance_figure("attended", operator, value)

    def _search_attendance_rate(self, operator, value):
        return self._search_attendance_figure("rate", operator, value)

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for membership in self:
            if membership.date_end and membership.date_end < membership.date_start:
                raise ValidationError(
                    self.env._(
                        "End: %(member)s's membership of %(panel)s cannot end "
                        "before it starts.",
                        member=membership.partner_id.display_name,
                        panel=membership.panel_id.display_name,
                    )
                )

    @api.constrains("panel_id", "partner_id", "date_start", "date_end")
    def _check_overlap(self):
        # One search for the whole batch: any other membership of the same
        # person on the same panel whose period meets this one (an open end
        # runs on for ever).
        overlapping = Domain.OR(
            Domain("panel_id", "=", membership.panel_id.id)
            & Domain("partner_id", "=", membership.partner_id.id)
            & Domain("id", "!=", membership.id)
            & (
                Domain("date_end", "=", False)
                | Domain("date_end", ">=", membership.date_start)
            )
            & (
                Domain("date_start", "<=", membership.date_end)
                if membership.date_end
                else Domain.TRUE
            )
            for membership in self
        )
        # sudo (1): a membership the user may not see (on a panel above their
        # vetting) clashes all the same; the message names only the user's own.
        other = self.sudo().search(overlapping, limit=1)
        if other:
            clash = self.filtered(
                lambda m: (
                    m.panel_id == other.panel_id and m.partner_id == other.partner_id
                )
            )[:1]
            raise ValidationError(
                self.env._(
                    "Member: %(member)s already holds a membership of %(panel)s "
                    "for part of this period. End the earlier membership first.",
                    member=clash.partner_id.display_name,
                    panel=clash.panel_id.display_name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._protect_check_links(vals_list)
        memberships = super().create(vals_list)
        memberships._protect_note_on_panels(
            {membership: [("joined", None)] for membership in memberships}
        )
        return memberships

    def write(self, vals):
        self._protect_check_links([vals], self)
        if set(RELINK_FIELDS) & vals.keys():
            self._protect_check_relink_marking(vals)
        before = {}
        if {"role", "date_end"} & vals.keys():
            before = {m: (m.role, m.date_end) for m in self}
        result = super().write(vals)
        changes = {}
        for membership, (role, date_end) in before.items():
            if "role" in vals and membership.role != role:
                changes.setdefault(membership, []).append(("role", role))
            if "date_end" in vals and membership.date_end != date_end:
                changes.setdefault(membership, []).append(("date_end", date_end))
        self._protect_note_on_panels(changes)
        return result

    def _protect_check_relink_marking(self, vals):
        """Refuse to move a membership to a member or panel that lowers its
        marking, unless a Protect manager does it: its chatter names the
        previous member and panel, and a lower marking shows that history to
        people not cleared for them (as lowering any record's marking does)."""
        if self.env.su or self.env.user.has_group("protect_engagement.group_manager"):
            return
        labels = dict(self._fields["sensitivity"]._description_selection(self.env))
        panels = self.env["protect.panel"]
        partners = self.env["res.partner"]
        for membership in self:
            new = highest_marking(
                self._protect_markings_of(
                    panels.browse(vals.get("panel_id", membership.panel_id.id)),
                    partners.browse(vals.get("partner_id", membership.partner_id.id)),
                )
            )
            old = membership.sensitivity
            if SENSITIVITY_RANK[new] < SENSITIVITY_RANK[old]:
                field = next(f for f in RELINK_FIELDS if f in vals)
                raise ValidationError(
                    self.env._(
                        "%(field)s: this change would lower the membership's "
                        "marking from %(old)s to %(new)s, and its history names "
                        "who and what it was about. Only a Protect manager can "
                        "lower a marking; or end this membership and add a new "
                        "one.",
                        field=self._fields[field]._description_string(self.env),
                        old=labels[old],
                        new=labels[new],
                    )
                )

    def _protect_note_on_panels(self, changes):
        """Tell each panel's chatter who joined, left or changed role.

        ``changes``: {membership: [(what, old value)]}, ``what`` one of
        "joined", "role", "date_end". A panel's chatter is read by everyone
        cleared for the panel, so it must never name a member more sensitive
        than the panel: such a member's change stays in the membership's own
        (tracked) chatter, which only those cleared for both can read.
        """
        roles = dict(self._fields["role"]._description_selection(self.env))
        lines_by_panel = {}
        for membership, whats in changes.items():
            panel_marking, member_marking = self._protect_markings_of(
                membership.panel_id, membership.partner_id
            )
            if SENSITIVITY_RANK[member_marking] > SENSITIVITY_RANK[panel_marking]:
                continue
            member = membership.partner_id.display_name
            for what, old in whats:
                lines_by_panel.setdefault(membership.panel_id, []).append(
                    membership._protect_panel_note_line(what, old, member, roles)
                )
        for panel, lines in lines_by_panel.items():
            # Logged, not posted: a record of the change, nobody is notified.
            # Odoo logs it as superuser: the user changed the membership, and
            # the panel's chatter follows, even if they may not edit the panel.
            panel._message_log(body=Markup("<br/>").join(lines))

    def _protect_panel_note_line(self, what, old, member, roles):
        self.ensure_one()

        def day(value):
            return format_date(self.env, value, date_format="dd/MM/yyyy")

        if what == "joined":
            return self.env._(
                "%(member)s joined as %(role)s from %(date)s.",
                member=member,
                role=roles.get(self.role, ""),
                date=day(self.date_start),
            )
        if what == "role":
            return self.env._(
                "%(member)s's role changed from %(old)s to %(new)s.",
                member=member,
                old=roles.get(old, ""),
                new=roles.get(self.role, ""),
            )
        if self.date_end:
            return self.env._(
                "%(member)s left on %(date)s.", member=member, date=day(self.date_end)
            )
        return self.env._(
            "%(member)s's membership no longer has an end date.", member=member
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_attendance_recorded(self):
        # sudo (1): attendance at meetings the user cannot see
        # counts too, and the answer is the same whether or not there are any.
        attended = self.env["protect.panel.attendance"].sudo()
        if attended.search_count([("membership_id", "in", self.ids)], limit=1):
            raise ValidationError(
                self.env._(
                    "Member: attendance at the panel's meetings is recorded for "
                    "this membership. Set its end date instead of deleting it."
                )
            )

    @api.depends("partner_id", "panel_id", "role")
    def _compute_display_name(self):
        roles = dict(self._fields["role"]._description_selection(self.env))
        for membership in self:
            membership.display_name = self.env._(
                "%(member)s, %(role)s of %(panel)s",
                member=membership.partner_id.display_name or "",
                role=roles.get(membership.role, ""),
                panel=membership.panel_id.display_name or "",
            )
