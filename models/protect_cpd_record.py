import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain
from odoo.tools import format_date

# Settings (ir.config_parameter), see res.config.settings
START_MONTH_PARAM = "protect_engagement.cpd_year_start_month"
TARGET_HOURS_PARAM = "protect_engagement.cpd_target_hours"
DEFAULT_START_MONTH = 4  # the UK financial year: 1 April to 31 March
DEFAULT_TARGET_HOURS = 30.0
# Most hours one CPD entry can carry: a few weeks of full-time study. More is a
# typing slip (or an attempt to meet the target at once); a longer course is
# logged as several entries, one per module or month.
MAX_CPD_HOURS = 250.0

CPD_STATE_SELECTION = [
    ("draft", "Draft"),
    ("submitted", "Awaiting approval"),
    ("approved", "Approved"),
    ("refused", "Refused"),
]
_YEAR_LABEL_RE = re.compile(r"^(\d{4})(?:/(\d{2}))?$")


@dataclass(frozen=True)
class CpdYear:
    """One CPD year: twelve months from the first day of the configured month.

    It is named after the calendar year it starts in, with the next year's last
    two digits when it straddles two calendar years: "2025/26" runs from
    1 April 2025 to 31 March 2026 when the year starts in April, "2025" from
    1 January to 31 December 2025 when it starts in January.
    """

    start: date
    end: date

    @classmethod
    def from_start_year(cls, start_year, start_month):
        start = date(start_year, start_month, 1)
        return cls(start, start + relativedelta(years=1) - timedelta(days=1))

    @classmethod
    def containing(cls, day, start_month):
        year = day.year if day.month >= start_month else day.year - 1
        return cls.from_start_year(year, start_month)

    @classmethod
    def from_label(cls, label, start_month):
        """The CPD year a label names, or None when it names none."""
        match = _YEAR_LABEL_RE.match(label or "")
        if not match:
            return None
        year = cls.from_start_year(int(match[1]), start_month)
        return year if year.label == label else None

    @property
    def label(self):
        if self.start.month == 1:
            return str(self.start.year)
        return f"{self.start.year}/{(self.start.year + 1) % 100:02d}"

    @property
    def days(self):
        return (self.end - self.start).days + 1

    def elapsed_fraction(self, today):
        """Share of the year gone by before ``today``: 0 on its first day, 1 once
        it has ended. Today itself is not counted as gone: nobody is behind on
        the morning the year starts."""
        if today <= self.start:
            return 0.0
        if today > self.end:
            return 1.0
        return (today - self.start).days / self.days

    def __contains__(self, day):
        return self.start <= day <= self.end


class ProtectCpdRecord(models.Model):
    _name = "protect.cpd.record"
    _description = "CPD record"
    _inherit = ["mail.thread", "mail.activity.mixin", "protect.official.marking"]
    _order = "date desc, id desc"

    # What
    name = fields.Char(string="Activity", required=True, tracking=True)
    category_id = fields.Many2one(
        "protect.cpd.category",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
    )
    source = fields.Selection(
        [("event", "Event attendance"), ("self", "Self-logged")],
        required=True,
        default="self",
        readonly=True,
        index=True,
        help="Event attendance: created when a registration to a CPD event is "
        "marked attended. Self-logged: CPD done elsewhere, recorded by the person.",
    )
    event_id = fields.Many2one(
        "event.event",
        index="btree_not_null",
        ondelete="restrict",
        tracking=True,
        domain=[("protect_is_cpd", "=", True)],
    )
    registration_id = fields.Many2one(
        "event.registration",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        copy=False,
    )
    provider = fields.Char(
        tracking=True,
        help="Who delivered the training, when not the event's organiser.",
    )
    # The organiser through its link, so that vetting governs its name (a
    # restricted stakeholder shows as restricted); never copied into text.
    event_organizer_id = fields.Many2one(
        related="event_id.organizer_id", string="Organiser"
    )
    accrediting_body = fields.Char(
        string="Accrediting body",
        tracking=True,
        help="Who accredits the hours, if anyone.",
    )
    learning_outcomes = fields.Html(
        related="event_id.protect_cpd_learning_outcomes",
        string="Event learning outcomes",
    )
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "protect_cpd_record_ir_attachment_rel",
        "record_id",
        "attachment_id",
        string="Evidence",
        copy=False,
        help="Certificates, attendance confirmations, notes.",
    )
    reflection = fields.Html(
        help="What you learned and how you will use it: accrediting bodies ask for it."
    )

    # Who and when
    employee_id = fields.Many2one(
        "hr.employee",
        required=True,
        index=True,
        ondelete="cascade",
        tracking=True,
        default=lambda self: self.env.user.employee_id,
    )
    user_id = fields.Many2one(
        related="employee_id.user_id", string="User", store=True, index="btree_not_null"
    )
    manager_id = fields.Many2one(related="employee_id.parent_id", string="Manager")
    company_id = fields.Many2one(
        related="employee_id.company_id", store=True, index=True
    )
    date = fields.Date(
        required=True, index=True, tracking=True, default=fields.Date.context_today
    )
    cpd_year = fields.Char(
        string="CPD year",
        compute="_compute_cpd_year",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        tracking=True,
        help="The CPD year the hours count towards. It follows the date; when set "
        "explicitly, the date must fall within it.",
    )
    hours = fields.Float(digits=(6, 2), required=True, tracking=True)

    # Approval
    state = fields.Selection(
        CPD_STATE_SELECTION,
        string="Status",
        required=True,
        default="draft",
        index=True,
        tracking=True,
        copy=False,
        help="Only approved CPD counts. Attendance at a CPD event is approved when "
        "marked; self-logged CPD needs the person's manager to approve it.",
    )
    approved_by_id = fields.Many2one(
        "res.users", string="Approved by", readonly=True, copy=False
    )
    approved_on = fields.Datetime(string="Approved on", readonly=True, copy=False)
    can_approve = fields.Boolean(compute="_compute_can_approve")
    is_mine = fields.Boolean(compute="_compute_is_mine")

    # Backs up _check_one_record_per_event, which says it in words first.
    _employee_event_unique = models.UniqueIndex(
        "(employee_id, event_id) WHERE event_id IS NOT NULL",
        "Event: a person has one CPD record per event.",
    )
    _employee_date_idx = models.Index("(employee_id, date)")

    # ------------------------------------------------------------------ CPD years

    @api.model
    def _cpd_start_month(self):
        """The month CPD years start in (Settings), April by default."""
        # sudo (1): a setting every user's CPD year follows.
        value = self.env["ir.config_parameter"].sudo().get_param(START_MONTH_PARAM)
        try:
            month = int(value)
        except (TypeError, ValueError):
            return DEFAULT_START_MONTH
        return month if 1 <= month <= 12 else DEFAULT_START_MONTH

    @api.model
    def _cpd_default_target(self):
        """Annual hours target of anyone without their own (Settings)."""
        # sudo (1): a setting every user's target follows.
        value = self.env["ir.config_parameter"].sudo().get_param(TARGET_HOURS_PARAM)
        try:
            return max(float(value), 0.0) if value else DEFAULT_TARGET_HOURS
        except (TypeError, ValueError):
            return DEFAULT_TARGET_HOURS

    @api.model
    def _cpd_year(self, day=None):
        """The CpdYear containing ``day`` (today by default)."""
        day = day or fields.Date.context_today(self)
        return CpdYear.containing(day, self._cpd_start_month())

    @api.model
    def _cpd_year_from_label(self, label):
        return CpdYear.from_label(label, self._cpd_start_month())

    @api.model
    def _cpd_hours_by_category(self, employees, years, states=("approved",)):
        """{(employee, CPD year, category, state): hours} of ``employees`` in
        ``years``, for records in ``states``: one grouped query, under the
        rules of the environment's user. Every report of hours by category
        reads them here."""
        groups = self._read_group(
            [
                ("employee_id", "in", employees.ids),
                ("cpd_year", "in", list(years)),
                ("state", "in", list(states)),
            ],
            ["employee_id", "cpd_year", "category_id", "state"],
            ["hours:sum"],
        )
        return {
            (employee, year, category, state): hours
            for employee, year, category, state, hours in groups
        }

    @api.model
    def _recompute_cpd_years(self):
        """Re-file every record under the CPD year its date now falls in.

        CPD years are stored so that lists, pivots and the team screen group and
        filter on them; they only change when the start month changes in the
        Settings, which calls this. One UPDATE per distinct year.
        """
        month = self._cpd_start_month()
        # sudo (2): every record is re-filed after the administrator's change.
        records = self.sudo().with_context(active_test=False).search_fetch([], ["date"])
        by_label = defaultdict(list)
        for record in records:
            by_label[CpdYear.containing(record.date, month).label].append(record.id)
        for label, ids in by_label.items():
            self.sudo().browse(ids).with_context(tracking_disable=True).write(
                {"cpd_year": label}
            )

    # ------------------------------------------------------------------ computes

    @api.depends("date")
    def _compute_cpd_year(self):
        month = self._cpd_start_month()
        for record in self:
            record.cpd_year = (
                record.date and CpdYear.containing(record.date, month).label
            )

    @api.depends("state", "user_id")
    @api.depends_context("uid")
    def _compute_can_approve(self):
        is_manager = self.env.user.has_group("protect_engagement.group_manager")
        for record in self:
            record.can_approve = (
                is_manager
                and record.state == "submitted"
                and record.user_id != self.env.user
            )

    @api.depends("user_id")
    @api.depends_context("uid")
    def _compute_is_mine(self):
        for record in self:
            record.is_mine = record.user_id == self.env.user

    # ------------------------------------------------------------------ onchanges

    @api.onchange("event_id")
    def _onchange_event_id(self):
        event = self.event_id
        if not event:
            return
        self.name = self.name or event.name
        self.category_id = self.category_id or event.protect_cpd_category_id
        self.provider = self.provider or event.protect_cpd_provider
        self.accrediting_body = (
            self.accrediting_body or event.protect_cpd_accrediting_body
        )
        self.hours = self.hours or event.protect_cpd_hours
        self.date = event._protect_local_date()

    # ------------------------------------------------------------------ constraints

    @api.constrains("hours", "event_id")
    def _check_hours(self):
        for record in self:
            if record.hours <= 0:
                raise ValidationError(
                    self.env._(
                        "Hours: '%(name)s' needs a positive number of hours.",
                        name=record.name,
                    )
                )
            if record.hours > MAX_CPD_HOURS:
                raise ValidationError(
                    self.env._(
                        "Hours: '%(name)s' logs %(hours)s hours; one CPD entry "
                        "carries at most %(max)s hours. Log a longer course as "
                        "several entries, one per module or month.",
                        name=record.name,
                        hours=f"{record.hours:g}",
                        max=f"{MAX_CPD_HOURS:g}",
                    )
                )
            # sudo (1): the event's length bounds the hours, whoever may read it.
            event = record.event_id.sudo()
            if event and record.hours > event._protect_duration_hours() + 1e-6:
                raise ValidationError(
                    self.env._(
                        "Hours: '%(name)s' logs %(hours)s hours, but '%(event)s' "
                        "lasted only %(duration)s hours.",
                        name=record.name,
                        hours=f"{record.hours:g}",
                        event=event.name,
                        duration=f"{event._protect_duration_hours():.4g}",
                    )
                )

    @api.constrains("date", "cpd_year")
    def _check_cpd_year(self):
        month = self._cpd_start_month()
        for record in self:
            year = CpdYear.from_label(record.cpd_year, month)
            if not year:
                example = CpdYear.containing(record.date, month).label
                raise ValidationError(
                    self.env._(
                        "CPD year: '%(year)s' is not a CPD year; write it as "
                        "%(example)s.",
                        year=record.cpd_year or "",
                        example=example,
                    )
                )
            if record.date not in year:
                raise ValidationError(
                    self.env._(
                        "Date: '%(name)s' is dated %(date)s, outside CPD year %(year)s "
                        "(%(start)s to %(end)s).",
                        name=record.name,
                        date=format_date(self.env, record.date),
                        year=year.label,
                        start=format_date(self.env, year.start),
                        end=format_date(self.env, year.end),
                    )
                )

    @api.constrains("date", "source")
    def _check_date_not_in_future(self):
        today = fields.Date.context_today(self)
        for record in self:
            if record.source == "self" and record.date > today:
                raise ValidationError(
                    self.env._(
                        "Date: '%(name)s' is dated in the future; log CPD once it "
                        "is done.",
                        name=record.name,
                    )
                )

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                if vals.get("source", "self") != "self" or vals.get("registration_id"):
                    raise ValidationError(
                        self.env._(
                            "Source: only marking an event registration attended "
                            "creates event CPD; log your own CPD as self-logged."
                        )
                    )
        default_employee = (
            self.env.context.get("default_employee_id") or self.env.user.employee_id.id
        )
        if not default_employee and not all(v.get("employee_id") for v in vals_list):
            raise ValidationError(
                self.env._(
                    "Employee: CPD belongs to an employee, and your user has none "
                    "in this company. Ask HR to link your user to your employee."
                )
            )
        self._check_one_record_per_event(
            [
                (vals.get("employee_id", default_employee), vals["event_id"])
                for vals in vals_list
                if vals.get("event_id")
            ]
        )
        records = super().create(vals_list)
        if not self.env.su:
            records.filtered(lambda r: r.state == "approved")._check_can_approve()
            records._check_evidence(self.env["ir.attachment"])
        records._link_evidence()
        records.filtered(lambda r: r.state == "submitted")._request_approval()
        return records

    def write(self, vals):
        if not self.env.su:
            self._check_write_allowed(vals)
        if vals.get("event_id") or (
            vals.get("employee_id") and self.filtered("event_id")
        ):
            self._check_one_record_per_event(
                [
                    (
                        vals.get("employee_id", r.employee_id.id),
                        vals.get("event_id", r.event_id.id),
                    )
                    for r in self
                    if vals.get("event_id", r.event_id.id)
                ],
                exclude=self,
            )
        # sudo (1): the files attached before, to judge only the new ones.
        evidence_before = (
            self.sudo().attachment_ids
            if "attachment_ids" in vals and not self.env.su
            else None
        )
        result = super().write(vals)
        if "attachment_ids" in vals:
            if evidence_before is not None:
                self._check_evidence(evidence_before)
            self._link_evidence()
        return result

    def _check_evidence(self, known):
        """Refuse evidence other than the user's own uploads that belong to no
        other record: linking an attachment id would otherwise hand the user
        (and the record's readers) someone else's file. ``known`` are the
        attachments the records had already."""
        user = self.env.user
        for record in self:
            # sudo (1): read past the attachment rules to judge each file by its
            # owner and its record, whatever the user may read of it.
            for attachment in record.sudo().attachment_ids - known.sudo():
                own = attachment.create_uid == user
                loose = not attachment.res_id or (
                    attachment.res_model == self._name
                    and attachment.res_id == record.id
                )
                if not (own and loose):
                    raise ValidationError(
                        self.env._(
                            "Evidence: '%(name)s' takes only files you upload to "
                            "it yourself; file %(file)s was uploaded by someone "
                            "else or belongs to another record.",
                            name=record.name,
                            file=attachment.id,
                        )
                    )

    def _link_evidence(self):
        """Attach uploaded evidence to its record, so that whoever may read the
        record (the manager approving it) may read the files too. What may be
        attached is checked first (_check_evidence)."""
        for record in self:
            # sudo (2): the files' owner is the uploader; the record's readers
            # need them.
            loose = record.sudo().attachment_ids.filtered(lambda a: not a.res_id)
            if loose:
                loose.write({"res_model": self._name, "res_id": record.id})

    def _check_one_record_per_event(self, pairs, exclude=None):
        """Refuse a second CPD record of one person for one event, before the
        unique index does, with a message that says so."""
        if len(set(pairs)) < len(pairs):
            employee_id, event_id = next(p for p in pairs if pairs.count(p) > 1)
        else:
            domain = Domain.OR(
                [("employee_id", "=", employee), ("event_id", "=", event)]
                for employee, event in pairs
            )
            if exclude:
                domain &= Domain("id", "not in", exclude.ids)
            # sudo (1): a duplicate is refused whoever may see it.
            duplicate = pairs and self.sudo().search(domain, limit=1)
            if not duplicate:
                return
            employee_id, event_id = duplicate.employee_id.id, duplicate.event_id.id
        raise ValidationError(
            self.env._(
                "Event: %(employee)s already has a CPD record for '%(event)s'. "
                "Change that record instead of adding another.",
                # sudo (4): the person and event of the user's own CPD entry.
                employee=self.env["hr.employee"].sudo().browse(employee_id).name,
                event=self.env["event.event"].sudo().browse(event_id).name,
            )
        )

    def _check_write_allowed(self, vals):
        """What a user may change, beyond what access rules let them touch."""
        if {"source", "registration_id"} & vals.keys():
            raise ValidationError(
                self.env._("Source: only event attendance links CPD to a registration.")
            )
        if "employee_id" in vals and any(
            r.employee_id.id != vals["employee_id"] for r in self
        ):
            raise ValidationError(
                self.env._(
                    "Employee: CPD belongs to one person; log a new record for "
                    "someone else instead of moving this one."
                )
            )
        if vals.get("state") in ("approved", "refused") or vals.get("approved_by_id"):
            self._check_can_approve()
        locked = self._locked_for_user()
        if locked:
            raise ValidationError(
                self.env._(
                    "Status: '%(name)s' is approved, so only your manager can "
                    "change it.",
                    name=locked[0].name,
                )
            )

    def _locked_for_user(self):
        """The records the current user may no longer change: their own, once
        approved (their manager, or anyone who may approve, still can)."""
        return self.filtered(
            lambda r: r.state == "approved" and r.user_id == self.env.user
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_approved_or_attended(self):
        if self.env.su:
            return
        for record in self:
            if record.source == "event" and record.registration_id:
                raise ValidationError(
                    self.env._(
                        "Source: '%(name)s' comes from attendance at '%(event)s'; undo "
                        "the attendance on the event instead.",
                        name=record.name,
                        # sudo (4): the event the user's own CPD entry came from.
                        event=record.event_id.sudo().name,
                    )
                )
            if record._locked_for_user():
                raise ValidationError(
                    self.env._(
                        "Status: '%(name)s' is approved, so only your manager can "
                        "delete it.",
                        name=record.name,
                    )
                )

    # ------------------------------------------------------------------ approval

    def _check_can_approve(self):
        """Managers approve their team's CPD (access rules say whose); nobody
        approves their own, administrators included."""
        if not self or self.env.su:
            return
        user = self.env.user
        if not user.has_group("protect_engagement.group_manager"):
            raise ValidationError(
                self.env._("Status: only a Protect manager can approve or refuse CPD.")
            )
        # sudo (1): whether the CPD is the approver's own.
        own = self.filtered(lambda r: r.sudo().employee_id.user_id == user)
        if own:
            raise ValidationError(
                self.env._(
                    "Status: you cannot approve or refuse your own CPD ('%(name)s'); "
                    "your manager does.",
                    name=own[0].name,
                )
            )

    def _request_approval(self):
        """Ask each person's manager, by an activity, to approve their CPD."""
        activity_type = self.env.ref(
            "protect_engagement.mail_activity_type_cpd_approval",
            raise_if_not_found=False,
        )
        # sudo (2): upkeep of the submission: the manager's to-do.
        for record in self.sudo():
            manager = record.employee_id.parent_id.user_id
            if not manager or not activity_type:
                continue
            record.activity_schedule(
                activity_type_id=activity_type.id,
                summary=self.env._("Approve CPD: %(name)s", name=record.name),
                note=self.env._(
                    "%(person)s logged %(hours)s hours of CPD and asks for your "
                    "approval.",
                    person=record.employee_id.name,
                    hours=f"{record.hours:g}",
                ),
                date_deadline=fields.Date.context_today(self) + timedelta(days=7),
                user_id=manager.id,
            )

    def _close_approval_requests(self, feedback=None):
        activity_type = self.env.ref(
            "protect_engagement.mail_activity_type_cpd_approval",
            raise_if_not_found=False,
        )
        # sudo (2): upkeep of the decision: the manager's to-do is closed.
        activities = self.sudo().activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type
        )
        if not activities:
            return
        if feedback:
            activities.action_feedback(feedback=feedback)
        else:
            activities.unlink()

    def action_submit(self):
        states = dict(self._fields["state"]._description_selection(self.env))
        for record in self:
            if record.state not in ("draft", "refused"):
                raise ValidationError(
                    self.env._(
                        "Status: '%(name)s' is %(state)s; only draft or refused CPD "
                        "can be submitted.",
                        name=record.name,
                        state=states[record.state],
                    )
                )
        self.write({"state": "submitted"})
        self._request_approval()

    def action_approve(self):
        self._check_can_approve()
        to_approve = self.filtered(lambda r: r.state != "approved")
        to_approve.write(
            {
                "state": "approved",
                "approved_by_id": self.env.user.id,
                "approved_on": fields.Datetime.now(),
            }
        )
        to_approve._close_approval_requests(feedback=self.env._("Approved"))

    def action_refuse(self):
        self._check_can_approve()
        self.write({"state": "refused", "approved_by_id": False, "approved_on": False})
        self._close_approval_requests(feedback=self.env._("Refused"))

    def action_reset_draft(self):
        approved = self.filtered(lambda r: r.state == "approved")
        if approved:
            approved._check_can_approve()
            approved.write({"approved_by_id": False, "approved_on": False})
        self.write({"state": "draft"})
        self._close_approval_requests()

    def action_open_event(self):
        self.ensure_one()
        return self.event_id.get_formview_action()
