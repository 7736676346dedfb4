import pytz
from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError

from .protect_cpd_record import MAX_CPD_HOURS
from .protect_sensitivity_mixin import SENSITIVITY_RANK


class EventEvent(models.Model):
    _inherit = "event.event"

    # CPD
    protect_is_cpd = fields.Boolean(
        string="CPD event",
        index=True,
        tracking=True,
        help="Attendance counts as continuing professional development: marking a "
        "registration attended gives the attendee a CPD record.",
    )
    protect_cpd_hours = fields.Float(
        string="CPD hours",
        digits=(6, 2),
        compute="_compute_protect_cpd_hours",
        store=True,
        readonly=False,
        tracking=True,
        help="Hours each attendee gets; change an attendee's own hours on their "
        "registration for partial attendance.",
    )
    protect_cpd_category_id = fields.Many2one(
        "protect.cpd.category",
        string="CPD category",
        index="btree_not_null",
        ondelete="restrict",
        groups="protect_engagement.group_liaison",
    )
    # Typed, never copied from the organiser: a name copied into text escapes
    # the vetting that guards the organiser's record. Views and CPD records
    # show the organiser through its link (organizer_id) when this is empty.
    protect_cpd_provider = fields.Char(
        string="Provider",
        help="Who delivers the training, when not the organiser.",
    )
    protect_cpd_accrediting_body = fields.Char(string="Accrediting body")
    protect_cpd_learning_outcomes = fields.Html(string="Learning outcomes")
    protect_cpd_record_count = fields.Integer(
        string="CPD records",
        compute="_compute_protect_cpd_record_count",
        groups="protect_engagement.group_liaison",
    )

    protect_attendee_count = fields.Integer(
        string="Visible attendees",
        compute="_compute_protect_attendee_count",
        help="Registered and attended people you may see: attendees above your "
        "vetting are not counted.",
    )

    # Engagement with the partners who attend
    protect_delivered_by_team = fields.Boolean(
        string="Delivered by the Protect team",
        help="Partners (attendees who are not staff) who attend count as an "
        "engagement with them, logged on the event's engagement.",
    )
    protect_engagement_type_id = fields.Many2one(
        "protect.engagement.type",
        string="Engagement type",
        ondelete="restrict",
        groups="protect_engagement.group_liaison",
        default=lambda self: self.env.ref(
            "protect_engagement.protect_engagement_type_awareness_event",
            raise_if_not_found=False,
        ),
    )
    protect_engagement_id = fields.Many2one(
        "protect.engagement",
        string="Engagement",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        groups="protect_engagement.group_liaison",
    )

    # The current user's team (their reports in the employee hierarchy)
    protect_team_missing_user_ids = fields.Many2many(
        "res.users",
        string="Team not registered",
        compute="_compute_protect_team_registration",
        groups="protect_engagement.group_liaison",
        help="People who report to you and have not registered.",
    )
    protect_team_registered_count = fields.Integer(
        string="Team registered",
        compute="_compute_protect_team_registration",
        groups="protect_engagement.group_liaison",
    )

    # ------------------------------------------------------------------ defaults

    @api.model
    def default_get(self, fields):  # pylint: disable=redefined-outer-name
        # A default is written with the new event and read back as the user:
        # for a user who may not read the engagement type (an event manager
        # outside Protect), the default would refuse them their own event.
        field = self._fields["protect_engagement_type_id"]
        if not self.env.su and not self._has_field_access(field, "read"):
            fields = [name for name in fields if name != field.name]
        return super().default_get(fields)

    # ------------------------------------------------------------------ helpers

    def _protect_duration_hours(self):
        self.ensure_one()
        if not (self.date_begin and self.date_end):
            return 0.0
        return max((self.date_end - self.date_begin).total_seconds() / 3600.0, 0.0)

    def _protect_local_date(self):
        """The day the event starts, in the event's time zone."""
        self.ensure_one()
        tz = pytz.timezone(self.date_tz or "UTC")
        return pytz.utc.localize(self.date_begin).astimezone(tz).date()

    # ------------------------------------------------------------------ computes

    @api.depends("protect_is_cpd", "date_begin", "date_end")
    def _compute_protect_cpd_hours(self):
        """The event's length up to a working day of seven hours; several days
        give seven hours each. Only filled in when empty or above the length."""
        for event in self:
            if not event.protect_is_cpd or not (event.date_begin and event.date_end):
                continue
            duration = event._protect_duration_hours()
            if event.protect_cpd_hours and event.protect_cpd_hours <= duration:
                continue
            if duration <= 8:
                event.protect_cpd_hours = round(duration, 2)
            else:
                days = (event.date_end.date() - event.date_begin.date()).days + 1
                event.protect_cpd_hours = min(
                    7.0 * days, round(duration, 2), MAX_CPD_HOURS
                )

    def _compute_protect_cpd_record_count(self):
        records = self.env["protect.cpd.record"]
        counts = {}
        if records.has_access("read"):
            counts = dict(
                records._read_group(
                    [("event_id", "in", self.ids)], ["event_id"], ["__count"]
                )
            )
        for event in self:
            event.protect_cpd_record_count = counts.get(event, 0)

    @api.depends("registration_ids.state", "registration_ids.partner_id")
    @api.depends_context("uid")
    def _compute_protect_attendee_count(self):
        # Counted as the user: the registration rule leaves out attendees above
        # their vetting (the core seat counts include them).
        counts = {}
        registrations = self.env["event.registration"]
        if self.ids and registrations.has_access("read"):
            counts = dict(
                registrations._read_group(
                    [("event_id", "in", self.ids), ("state", "in", ("open", "done"))],
                    ["event_id"],
                    ["__count"],
                )
            )
        for event in self:
            event.protect_attendee_count = counts.get(event, 0)

    @api.depends("registration_ids.state", "registration_ids.partner_id")
    @api.depends_context("uid")
    def _compute_protect_team_registration(self):
        team = self.env["hr.employee"]._protect_reports().filtered("user_id")
        missing = self._protect_cpd_unregistered(team, events=self)
        for event in self:
            lacking = missing[event]
            event.protect_team_missing_user_ids = lacking.user_id
            event.protect_team_registered_count = len(team) - len(lacking)

    @api.model
    def _protect_cpd_unregistered(self, employees, events=None, after=None):
        """Who among ``employees`` has not registered for each CPD event.

        ``events`` are the upcoming CPD events when not given: those starting
        after ``after`` (now by default), by date. Returns {event: employees not
        registered} in the events' order, the employees in sudo. A cancelled
        registration does not count. The one place the team screen, the team
        report and the event form learn who still has to register.
        """
        # sudo (4): the team screen shows the team's employees, which HR's
        # rights alone would not let every manager read.
        employees = employees.sudo()
        if events is None:
            # sudo (4): every upcoming CPD event is open to the team: the events
            # are listed whatever the reader's own access, as they always were.
            events = self.sudo().search(
                [
                    ("protect_is_cpd", "=", True),
                    ("date_begin", ">", after or fields.Datetime.now()),
                ],
                order="date_begin, id",
            )
        contacts = {
            employee.id: employee._protect_contacts().ids for employee in employees
        }
        registered = set()
        if employees and events._origin:
            # sudo (1): whether a colleague registered, not who else did: their
            # own registrations, counted whatever the reader's access to them.
            groups = (
                self.env["event.registration"]
                .sudo()
                ._read_group(
                    [
                        ("event_id", "in", events._origin.ids),
                        ("state", "!=", "cancel"),
                        ("partner_id", "in", employees._protect_contacts().ids),
                    ],
                    ["event_id", "partner_id"],
                )
            )
            registered = {(event.id, partner.id) for event, partner in groups}
        return {
            event: employees.filtered(
                lambda employee, event_id=event._origin.id: (
                    not any(
                        (event_id, partner_id) in registered
                        for partner_id in contacts[employee.id]
                    )
                )
            )
            for event in events
        }

    # ------------------------------------------------------------------ constraints

    @api.constrains("protect_is_cpd", "protect_cpd_hours", "date_begin", "date_end")
    def _check_protect_cpd_hours(self):
        for event in self:
            if event.protect_cpd_hours < 0 or (
                event.protect_is_cpd and not event.protect_cpd_hours
            ):
                raise ValidationError(
                    self.env._(
                        "CPD hours: '%(event)s' is a CPD event, so it needs a positive "
                        "number of CPD hours.",
                        event=event.name,
                    )
                )
            duration = event._protect_duration_hours()
            if event.protect_is_cpd and event.protect_cpd_hours > MAX_CPD_HOURS:
                raise ValidationError(
                    self.env._(
                        "CPD hours: '%(event)s' gives %(hours)s hours of CPD; one "
                        "CPD entry carries at most %(max)s hours. Split a longer "
                        "course into several events, one per module or month.",
                        event=event.name,
                        hours=f"{event.protect_cpd_hours:g}",
                        max=f"{MAX_CPD_HOURS:g}",
                    )
                )
            if event.protect_is_cpd and event.protect_cpd_hours > duration + 1e-6:
                raise ValidationError(
                    self.env._(
                        "CPD hours: '%(event)s' lasts %(duration)s hours, so it cannot "
                        "give %(hours)s hours of CPD.",
                        event=event.name,
                        duration=f"{duration:.4g}",
                        hours=f"{event.protect_cpd_hours:g}",
                    )
                )

    @api.constrains("protect_is_cpd", "protect_cpd_category_id")
    def _check_protect_cpd_category(self):
        # sudo (1): the category is required whatever the user may read of it.
        for event in self.sudo():
            if event.protect_is_cpd and not event.protect_cpd_category_id:
                raise ValidationError(
                    self.env._(
                        "CPD category: '%(event)s' is a CPD event, so it needs a "
                        "CPD category.",
                        event=event.name,
                    )
                )

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        # An organiser or venue above the user's vetting would show on the event.
        self._protect_check_links(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._protect_check_links([vals], self)
        if vals.get("protect_is_cpd") is False:
            self._protect_check_can_stop_cpd()
        result = super().write(vals)
        if "protect_is_cpd" in vals:
            self.registration_ids._protect_sync_cpd()
        if {"protect_delivered_by_team", "protect_engagement_type_id"} & vals.keys():
            self._protect_sync_engagement()
        return result

    def _protect_check_can_stop_cpd(self):
        # sudo (1): whether anyone has CPD from the event, whoever's it is.
        records = self.env["protect.cpd.record"].sudo()
        attended = records.search(
            [("event_id", "in", self.ids), ("source", "=", "event")], limit=1
        )
        if attended:
            raise ValidationError(
                self.env._(
                    "CPD event: attendees of '%(event)s' already have CPD from it. "
                    "Undo their attendance first if it was not CPD.",
                    event=attended.event_id.name,
                )
            )

    # ------------------------------------------------------------------ engagement

    def _protect_sync_engagement(self):
        """Keep each event's engagement in step with the partners who attended.

        An event the team delivered, once partners (attendees who are neither
        staff nor internal users) are marked attended, has one done engagement
        with them, linked from the event. Undoing attendance drops the partner
        from it; with no partner left, the engagement goes. The engagement is
        written as the superuser: it is upkeep following an attendance change
        the user was allowed to make, whatever their own vetting.
        """
        # sudo (2): upkeep of the attendance change, see the docstring.
        # sudo (2): the engagement follows attendance the user may change.
        engagements = self.env["protect.engagement"].sudo()
        for event in self.sudo():
            engagement = event.protect_engagement_id
            partners = event._protect_attending_partners()
            if not (event.protect_delivered_by_team and partners):
                if engagement:
                    event.protect_engagement_id = False
                    engagements.browse(engagement.id).unlink()
                continue
            values = {
                "partner_ids": [Command.set(partners.ids)],
                "audience_count": len(partners),
            }
            sensitivity = max(
                [*partners.mapped("protect_sensitivity"), "official"],
                key=lambda s: SENSITIVITY_RANK.get(s, 0),
            )
            if engagement:
                if (
                    SENSITIVITY_RANK[sensitivity]
                    > SENSITIVITY_RANK[engagement.sensitivity]
                ):
                    values["sensitivity"] = sensitivity
                engagements.browse(engagement.id).write(values)
                continue
            areas = partners.commercial_partner_id.protect_force_area_id
            lead = event.user_id if event.user_id and not event.user_id.share else None
            engagement = engagements.create(
                {
                    **values,
                    "name": event.name,
                    "engagement_type_id": event.protect_engagement_type_id.id
                    or engagements._default_engagement_type_id().id,
                    "date_start": event.date_begin,
                    "duration": event._protect_duration_hours(),
                    "user_id": (lead or self.env.user).id,
                    "force_area_id": areas.id if len(areas) == 1 else False,
                    "sensitivity": sensitivity,
                    "outcome": Markup("<p>%s</p>")
                    % self.env._(
                        "Partners who attended the event %(event)s.", event=event.name
                    ),
                }
            )
            event.protect_engagement_id = engagement

    def _protect_attending_partners(self):
        """Attendees marked attended who are partners, not staff."""
        self.ensure_one()
        attended = self.registration_ids.filtered(
            lambda r: r.state == "done"
        ).partner_id
        staff = self.env["hr.employee"]._protect_by_partner(attended)
        return attended.filtered(
            lambda p: (
                p.id not in staff and not p.user_ids.filtered(lambda u: not u.share)
            )
        )

    # ------------------------------------------------------------------ actions

    def action_protect_open_cpd_records(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "protect_engagement.protect_cpd_record_action"
        )
        action["domain"] = [("event_id", "=", self.id)]
        action["context"] = {"default_event_id": self.id}
        return action

    def action_protect_open_engagement(self):
        self.ensure_one()
        return self.protect_engagement_id.get_formview_action()
