from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from .protect_cpd_record import MAX_CPD_HOURS

# Changing any of these may start or undo someone's attendance.
ATTENDANCE_FIELDS = {"state", "partner_id", "active", "event_id"}
# Who marks attendance at a CPD event (and so puts approved hours on a CPD
# record): the event's organisers, not the registration desk.
ATTENDANCE_GROUP = "event.group_event_user"


class EventRegistration(models.Model):
    _inherit = "event.registration"
    # Registrations of stakeholders above the user's vetting are hidden by rule.
    _protect_vetted = True

    protect_is_cpd = fields.Boolean(related="event_id.protect_is_cpd")
    protect_cpd_hours = fields.Float(
        string="CPD hours",
        digits=(6, 2),
        compute="_compute_protect_cpd_hours",
        store=True,
        readonly=False,
        precompute=True,
        help="CPD hours this attendee gets: the event's, or fewer for partial "
        "attendance. Changing them updates the attendee's CPD record.",
    )

    protect_can_mark_attendance = fields.Boolean(
        compute="_compute_protect_can_mark_attendance",
        help="Whether the current user may mark this registration attended (or "
        "undo it): at a CPD event officers mark anyone's, others only their own "
        "(which their manager then confirms).",
    )

    @api.depends_context("uid")
    @api.depends("protect_is_cpd", "partner_id")
    def _compute_protect_can_mark_attendance(self):
        for registration in self:
            registration.protect_can_mark_attendance = registration._protect_may_mark(
                registration.partner_id.id
            )

    def _protect_may_mark(self, partner_id):
        """Whether the current user may mark ``partner_id`` attended here."""
        self.ensure_one()
        return (
            not self.protect_is_cpd
            or partner_id == self.env.user.partner_id.id
            or self.env.user.has_group(ATTENDANCE_GROUP)
        )

    @api.depends("event_id.protect_cpd_hours")
    def _compute_protect_cpd_hours(self):
        # Attended registrations keep their hours when the event's change.
        for registration in self:
            if registration.state != "done" or not registration.protect_cpd_hours:
                registration.protect_cpd_hours = registration.event_id.protect_cpd_hours

    @api.constrains("protect_cpd_hours", "event_id")
    def _check_protect_cpd_hours(self):
        for registration in self:
            event = registration.event_id
            if not event.protect_is_cpd:
                continue
            if registration.protect_cpd_hours <= 0:
                raise ValidationError(
                    self.env._(
                        "CPD hours: %(attendee)s needs a positive number of CPD hours "
                        "for '%(event)s'.",
                        attendee=registration.display_name,
                        event=event.name,
                    )
                )
            if registration.protect_cpd_hours > MAX_CPD_HOURS:
                raise ValidationError(
                    self.env._(
                        "CPD hours: %(attendee)s cannot get %(hours)s hours of CPD "
                        "from '%(event)s'; one CPD entry carries at most %(max)s "
                        "hours.",
                        attendee=registration.display_name,
                        hours=f"{registration.protect_cpd_hours:g}",
                        event=event.name,
                        max=f"{MAX_CPD_HOURS:g}",
                    )
                )
            duration = event._protect_duration_hours()
            if registration.protect_cpd_hours > duration + 1e-6:
                raise ValidationError(
                    self.env._(
                        "CPD hours: '%(event)s' lasted %(duration)s hours, so "
                        "%(attendee)s cannot get %(hours)s hours of CPD from it.",
                        event=event.name,
                        duration=f"{duration:.4g}",
                        attendee=registration.display_name,
                        hours=f"{registration.protect_cpd_hours:g}",
                    )
                )

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        registrations = super().create(vals_list)
        attended = registrations.filtered(lambda r: r.state == "done")
        if attended:
            attended._protect_check_attendance_rights()
            self._protect_resync(attended._protect_pairs())
        return registrations

    def write(self, vals):
        if "protect_cpd_hours" in vals and not self.env.su:
            self._protect_check_cpd_hours_unlocked(vals["protect_cpd_hours"])
        self._protect_check_attendance_change(vals)
        before = self._protect_pairs() if ATTENDANCE_FIELDS & vals.keys() else None
        result = super().write(vals)
        if before is not None:
            self._protect_resync(before + self._protect_pairs())
        elif "protect_cpd_hours" in vals:
            self._protect_sync_cpd_hours()
        return result

    def unlink(self):
        before = self._protect_pairs()
        result = super().unlink()
        self._protect_resync(before)
        return result

    # ------------------------------------------------------------ CPD and engagement

    def _protect_pairs(self):
        # sudo (2): which event and partner each registration is about, to
        # keep CPD records and engagements in step.
        return [(r.event_id.id, r.partner_id.id) for r in self.sudo() if r.partner_id]

    def _protect_sync_cpd(self):
        self._protect_resync(self._protect_pairs())

    @api.model
    def _protect_resync(self, pairs):
        """Bring CPD records and engagements in line with attendance, for the
        (event id, partner id) ``pairs`` whose attendance may have changed."""
        if not pairs:
            return
        # sudo (2): the upkeep reads the events and partners of the attendance
        # the user was allowed to change, whatever their own rights on them.
        events = self.env["event.event"].sudo().browse({e for e, _p in pairs}).exists()
        partners = (
            self.env["res.partner"].sudo().browse({p for _e, p in pairs}).exists()
        )
        self._protect_sync_cpd_records(events, partners)
        events.filtered(
            lambda e: e.protect_delivered_by_team or e.protect_engagement_id
        )._protect_sync_engagement()

    @api.model
    def _protect_sync_cpd_records(self, events, partners):
        """One CPD record per staff member marked attended at a CPD event.

        Attended without a record: the record is created, approved by whoever
        marked the attendance, or awaiting approval when they marked their own.
        A record without attendance any more: an event record is removed, a
        self-logged one for the same event only loses its registration.
        """
        events = events.filtered("protect_is_cpd")
        staff = self.env["hr.employee"]._protect_by_partner(partners)
        if not events or not staff:
            return
        # sudo (2): attendees' CPD follows their attendance.
        employees = self.env["hr.employee"].sudo().concat(*staff.values())
        attended = (
            self.env["event.registration"]
            .sudo()
            .search(
                [
                    ("event_id", "in", events.ids),
                    ("partner_id", "in", list(staff)),
                    ("state", "=", "done"),
                ],
                order="id",
            )
        )
        registrations_by_key = defaultdict(list)
        for registration in attended:
            employee = staff[registration.partner_id.id]
            registrations_by_key[registration.event_id.id, employee.id].append(
                registration
            )
        # sudo (2): the attendees' CPD records, whoever marks the attendance.
        records = (
            self.env["protect.cpd.record"]
            .sudo()
            .search(
                [("event_id", "in", events.ids), ("employee_id", "in", employees.ids)]
            )
        )
        records_by_key = {(r.event_id.id, r.employee_id.id): r for r in records}

        vals_list = []
        # sudo (2): records dropped with the attendance that gave them.
        obsolete = self.env["protect.cpd.record"].sudo()
        for key in registrations_by_key.keys() | records_by_key.keys():
            registrations = registrations_by_key.get(key)
            record = records_by_key.get(key)
            if registrations and not record:
                # sudo (2): the employee the new CPD record is for.
                employee = self.env["hr.employee"].sudo().browse(key[1])
                vals_list.append(registrations[0]._protect_cpd_record_values(employee))
            elif registrations and record.registration_id not in registrations:
                record.registration_id = registrations[0]
            elif not registrations and record.source == "event":
                obsolete |= record
            elif not registrations and record.registration_id:
                record.registration_id = False
        obsolete.unlink()
        if vals_list:
            # sudo (2): CPD records are written from attendance, not by hand.
            self.env["protect.cpd.record"].sudo().create(vals_list)

    def _protect_cpd_record_values(self, employee):
        self.ensure_one()
        # sudo (2): the event's CPD details copied onto the attendee's record.
        event = self.event_id.sudo()
        values = {
            "name": event.name,
            "employee_id": employee.id,
            "source": "event",
            "event_id": event.id,
            "registration_id": self.id,
            "date": event._protect_local_date(),
            "hours": self.protect_cpd_hours or event.protect_cpd_hours,
            "category_id": event.protect_cpd_category_id.id,
            "provider": event.protect_cpd_provider,
            "accrediting_body": event.protect_cpd_accrediting_body,
        }
        # Marking one's own attendance is no approval: the manager confirms it.
        # Attendance recorded by the system (imports, demo) is the organiser's.
        approver = self.env.user
        if approver._is_superuser() and event.user_id:
            approver = event.user_id
        if approver == employee.user_id:
            values["state"] = "submitted"
        else:
            values.update(
                state="approved",
                approved_by_id=approver.id,
                approved_on=fields.Datetime.now(),
            )
        return values

    def _protect_check_attendance_change(self, vals):
        """Refuse ``vals`` where they would mark a CPD registration attended,
        undo its attendance, or move an attended one to another person, event or
        number of hours, for a user who may not mark that attendance."""
        names = ATTENDANCE_FIELDS | {"protect_cpd_hours"}
        if self.env.su or not names & vals.keys():
            return

        def moves_attendance(registration):
            if vals.get("state", registration.state) == "done" != registration.state:
                return True  # marked attended
            return registration.state == "done" and any(
                name in vals
                and registration._fields[name].convert_to_write(
                    registration[name], registration
                )
                != vals[name]
                for name in names
            )

        changed = self.filtered(moves_attendance)
        changed._protect_check_attendance_rights()
        if "partner_id" in vals:
            changed._protect_check_attendance_rights(vals["partner_id"])

    def _protect_check_attendance_rights(self, partner_id=None):
        """Refuse unless the current user may mark the attendance of these
        registrations' attendees (or of ``partner_id``, the one they move to)."""
        if self.env.su:
            return
        refused = self.filtered(
            lambda r: not r._protect_may_mark(partner_id or r.partner_id.id)
        )
        if refused:
            raise AccessError(
                self.env._(
                    "Attendance: at a CPD event you can mark only your own "
                    "attendance (your manager then confirms it); officers mark "
                    "the other attendees. Ask the organiser of '%(event)s'.",
                    event=refused[0].event_id.name,
                )
            )

    def _protect_check_cpd_hours_unlocked(self, hours):
        """Changing the hours changes the attendee's CPD record: refuse it where
        the record refuses it, on one's own approved CPD (the record's lock)."""
        # Attendees' CPD records are personal: find them past the record rules,
        # then apply the record's own lock for the current user. sudo (1).
        records = (
            self.env["protect.cpd.record"]
            .sudo()
            .search([("registration_id", "in", self.ids), ("source", "=", "event")])
        )
        # In sudo the current user is still the one asking: the lock is theirs.
        locked = records.filtered(lambda r: r.hours != hours)._locked_for_user()
        if locked:
            raise ValidationError(
                self.env._(
                    "CPD hours: your CPD record for '%(event)s' is approved, so "
                    "only your manager can change its hours.",
                    event=locked[0].event_id.name,
                )
            )

    def _protect_sync_cpd_hours(self):
        # sudo (2): the hours of the event carried to its attendees' records.
        records = (
            self.env["protect.cpd.record"]
            .sudo()
            .search([("registration_id", "in", self.ids), ("source", "=", "event")])
        )
        for record in records:
            if record.hours != record.registration_id.protect_cpd_hours:
                record.hours = record.registration_id.protect_cpd_hours
