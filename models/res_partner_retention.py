import logging
from datetime import datetime, time

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.fields import Domain

_logger = logging.getLogger(__name__)

# Retention periods, in months, per kind of person (UK GDPR storage
# limitation). The force's retention schedule decides them; these defaults are
# a starting point: two years after a partnership ended, a year after someone
# was last reached as audience or last attended an event.
RETENTION_ENDED = "ended"
RETENTION_AUDIENCE = "audience"
RETENTION_ATTENDEE = "attendee"
RETENTION_PARAMS = {
    RETENTION_ENDED: ("protect_engagement.retention_ended_months", 24),
    RETENTION_AUDIENCE: ("protect_engagement.retention_audience_months", 12),
    RETENTION_ATTENDEE: ("protect_engagement.retention_attendee_months", 12),
}
# A hundred years: longer is no retention period (and overflows the calendar).
MAX_RETENTION_MONTHS = 1200


class ResPartner(models.Model):
    _inherit = "res.partner"

    protect_status_date = fields.Date(
        string="Status since",
        readonly=True,
        copy=False,
        help="When the partnership status last changed. The retention review "
        "counts the period of an ended partnership from it.",
    )
    protect_retention_due = fields.Boolean(
        string="Past retention period",
        compute="_compute_protect_retention_due",
        search="_search_protect_retention_due",
        help="Past the retention period of their kind (contact of an ended "
        "partnership, audience only, event attendee only), judged on the "
        "engagements and memberships you can see. The daily retention review "
        "asks the relationship owner to review them; nothing is deleted.",
    )

    # ------------------------------------------------------------ status date

    @api.model_create_multi
    def create(self, vals_list):
        today = fields.Date.context_today(self)
        for vals in vals_list:
            vals.setdefault("protect_status_date", today)
        return super().create(vals_list)

    def write(self, vals):
        if "protect_status" not in vals or "protect_status_date" in vals:
            return super().write(vals)
        # Only a real change of status restarts the date: writing the same
        # status again (an import, a mass edit) keeps it.
        changed = self.filtered(lambda p: p.protect_status != vals["protect_status"])
        dated = dict(vals, protect_status_date=fields.Date.context_today(self))
        if changed == self:
            return super().write(dated)
        result = super(ResPartner, self - changed).write(vals)
        if changed:
            super(ResPartner, changed).write(dated)
        return result

    # ------------------------------------------------------------ periods

    @api.model
    def _protect_retention_months(self):
        """{kind: months} from the settings; a missing or unusable value falls
        back to the default (the settings refuse them, an import may not)."""
        # sudo (1): the periods decide the review; only the settings screen
        # (administrators) may change them.
        params = self.env["ir.config_parameter"].sudo()
        periods = {}
        for kind, (key, default) in RETENTION_PARAMS.items():
            try:
                months = int(params.get_param(key, default))
            except (TypeError, ValueError):
                months = default
            periods[kind] = months if 0 < months <= MAX_RETENTION_MONTHS else default
        return periods

    # ------------------------------------------------------------ who is due

    @api.model
    def _protect_retention_domains(self, today=None):
        """{kind: domain of the people past their retention period}.

        Plain domains on res.partner, answered by one SQL query each. Under
        sudo (the review job) they see every engagement and membership; run
        as a user, the engagements and memberships are those the user may see,
        so the filter never tells of a hidden engagement.

        - ``ended``: people filed under an organisation whose partnership
          ended, counted from the later of the status change and the last
          engagement of the person or the organisation. Organisations ended
          before the status date was stored count from their last engagement,
          or, with none, from the organisation's last change (write date):
          never earlier than what the register can show.
        - ``audience``: contacts who are not stakeholders and whose only link
          is being named on engagements, counted from the last one.
        - ``attendee``: contacts who are not stakeholders and whose only link
          is event registrations (and the engagement an event the team
          delivered keeps of its attendees), counted from the last event's end.

        Nobody with a user, an employee record, a panel membership or seat
        that runs within the period, or an event ending within it, is due.
        """
        today = today or self.env["res.users"]._protect_today()
        months = self._protect_retention_months()
        # sudo (1): who is staff (a user, even archived, or an employee) and
        # who registered for events decides whom the review is about; ids only.
        users = self.env["res.users"].sudo().with_context(active_test=False)
        employees = self.env["hr.employee"].sudo().with_context(active_test=False)
        # sudo (1): as above, for event registrations and events.
        registrations = (
            self.env["event.registration"].sudo().with_context(active_test=False)
        )
        events = self.env["event.event"].sudo().with_context(active_test=False)
        staff = Domain(
            "id", "not in", users._search([]).subselect("partner_id")
        ) & Domain(
            "id",
            "not in",
            employees._search([("work_contact_id", "!=", False)]).subselect(
                "work_contact_id"
            ),
        )
        registered = registrations._search([("partner_id", "!=", False)]).subselect(
            "partner_id"
        )
        # The engagement an event the team delivered keeps of its attendees.
        event_engagements = events._search(
            [("protect_engagement_id", "!=", False)]
        ).subselect("protect_engagement_id")
        person = Domain("is_company", "=", False) & staff

        def cutoffs(kind):
            day = today - relativedelta(months=months[kind])
            return day, datetime.combine(day, time.min)

        def quiet_since(day, moment, field="protect_engagement_ids"):
            """No engagement (through ``field``), membership or event since."""
            recent_events = registrations._search(
                [("partner_id", "!=", False), ("event_id.date_end", ">=", moment)]
            ).subselect("partner_id")
            return (
                Domain(field, "not any", [("date_start", ">=", moment)])
                & Domain(
                    "protect_membership_ids",
                    "not any",
                    Domain("date_end", "=", False) | Domain("date_end", ">=", day),
                )
                & Domain("id", "not in", recent_events)
            )

        day, moment = cutoffs(RETENTION_ENDED)
        organisation_quiet = Domain(
            "parent_id.protect_engagement_ids",
            "not any",
            [("date_start", ">=", moment)],
        )
        counted_from_status = Domain("parent_id.protect_status_date", "<", day) | (
            Domain("parent_id.protect_status_date", "=", False)
            & (
                Domain("protect_engagement_ids", "!=", False)
                | Domain("parent_id.protect_engagement_ids", "!=", False)
                | Domain("parent_id.write_date", "<", moment)
            )
        )
        ended = (
            person
            & Domain("parent_id.protect_status", "=", "ended")
            & quiet_since(day, moment)
            & organisation_quiet
            & counted_from_status
        )

        not_stakeholder = person & Domain("protect_stakeholder", "=", False)
        # sudo (1): whether they chair a panel, ids only.
        panels = self.env["protect.panel"].sudo().with_context(active_test=False)
        chairs = panels._search([("chair_id", "!=", False)]).subselect("chair_id")
        no_seat = Domain("protect_membership_ids", "=", False) & Domain(
            "id", "not in", chairs
        )
        day, moment = cutoffs(RETENTION_AUDIENCE)
        audience = (
            not_stakeholder
            & no_seat
            & Domain("protect_engagement_ids", "!=", False)
            & Domain("id", "not in", registered)
            & quiet_since(day, moment)
        )

        day, moment = cutoffs(RETENTION_ATTENDEE)
        attendee = (
            not_stakeholder
            & no_seat
            & Domain("id", "in", registered)
            & Domain(
                "protect_engagement_ids",
                "not any",
                [("id", "not in", event_engagements)],
            )
            & quiet_since(day, moment)
        )
        return {
            RETENTION_ENDED: ended,
            RETENTION_AUDIENCE: audience,
            RETENTION_ATTENDEE: attendee,
        }

    @api.depends_context("uid")
    def _compute_protect_retention_due(self):
        due = self.with_context(active_test=False).search(
            Domain("id", "in", self._origin.ids)
            & Domain.OR(self._protect_retention_domains().values())
        )
        for partner in self:
            partner.protect_retention_due = partner._origin in due

    def _search_protect_retention_due(self, operator, value):
        if operator != "in":
            return NotImplemented
        wanted = {bool(v) for v in value}
        if wanted == {True, False}:
            return Domain.TRUE
        due = Domain.OR(self._protect_retention_domains().values())
        return due if True in wanted else ~due

    # ------------------------------------------------------------ the review

    @api.model
    def _cron_protect_retention_review(self):
        """List the people past their retention period for review.

        One To-Do activity per person, for the relationship owner (or, when
        the owner's vetting does not clear the person, a Protect administrator
        whose does), never a second while one is open. It deletes and
        archives nothing: erasing or anonymising is a person's decision.
        """
        # sudo (1): the job judges every person, whoever's they are; it only
        # schedules activities for people cleared to read the person.
        partners = self.sudo().with_context(active_test=False)
        months = self._protect_retention_months()
        todo = self.env.ref("mail.mail_activity_data_todo")
        prefix = self.env._("Retention review")
        summaries = {
            RETENTION_ENDED: self.env._(
                "%(prefix)s: past the %(months)s-month period for contacts of "
                "ended partnerships",
                prefix=prefix,
                months=months[RETENTION_ENDED],
            ),
            RETENTION_AUDIENCE: self.env._(
                "%(prefix)s: past the %(months)s-month period for people reached "
                "only as audience",
                prefix=prefix,
                months=months[RETENTION_AUDIENCE],
            ),
            RETENTION_ATTENDEE: self.env._(
                "%(prefix)s: past the %(months)s-month period for event attendees",
                prefix=prefix,
                months=months[RETENTION_ATTENDEE],
            ),
        }
        due_by_kind = {
            kind: partners.search(domain)
            for kind, domain in partners._protect_retention_domains().items()
        }
        due = partners.concat(*due_by_kind.values())
        if not due:
            return
        # sudo (1): which of them already have a review open.
        open_reviews = (
            self.env["mail.activity"]
            .sudo()
            ._read_group(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", due.ids),
                    ("activity_type_id", "=", todo.id),
                    ("summary", "=like", f"{prefix}:%"),
                ],
                ["res_id"],
            )
        )
        reviewed = {res_id for (res_id,) in open_reviews}
        admins = self._protect_retention_admins()
        model_id = self.env["ir.model"]._get_id("res.partner")
        today = self.env["res.users"]._protect_today()
        vals_list = []
        for kind, people in due_by_kind.items():
            for person in people:
                if person.id in reviewed:
                    continue
                reviewer = person._protect_retention_reviewer(admins)
                if not reviewer:
                    _logger.warning(
                        "Retention review: no user cleared to read partner %s; "
                        "no activity scheduled.",
                        person.id,
                    )
                    continue
                vals_list.append(
                    {
                        "res_model_id": model_id,
                        "res_id": person.id,
                        "activity_type_id": todo.id,
                        "summary": summaries[kind],
                        "note": Markup("<p>%s</p>")
                        % self.env._(
                            "Under the force's retention schedule, personal data "
                            "of people in this group is kept for %(months)s "
                            "months after their last Protect activity. Review "
                            "whether it is still needed; if not, anonymise or "
                            "erase it. This review deletes and archives nothing.",
                            months=months[kind],
                        ),
                        "date_deadline": today,
                        "user_id": reviewer.id,
                    }
                )
        if vals_list:
            # sudo (2): the job's own bookkeeping. No e-mail: the assignment
            # notice would name the person outside the system; the activity
            # shows in the reviewer's activities.
            self.env["mail.activity"].sudo().with_context(
                mail_activity_quick_update=True
            ).create(vals_list)

    def _protect_retention_reviewer(self, admins):
        """The user to review this person: the relationship owner (the
        person's, else the organisation's) if their vetting lets them read
        the person, else the first of ``admins`` whose does."""
        self.ensure_one()
        # sudo (1): the owner and the person's marking decide who reviews.
        person = self.sudo()
        owner = person.protect_owner_id or person.parent_id.protect_owner_id
        if owner and person._protect_retention_can_review(owner):
            return owner
        return next(
            (u for u in admins if person._protect_retention_can_review(u)),
            admins.browse(),
        )

    def _protect_retention_can_review(self, user):
        """Whether ``user`` may read this person: an active internal user whose
        vetting clears the person's marking (any, for an ordinary contact)."""
        self.ensure_one()
        if not user.active or user.share:
            return False
        marking = self._protect_record_markings()[self.id]
        return not marking or marking in user._protect_cleared_sensitivities()

    @api.model
    def _protect_retention_admins(self):
        """Active internal Protect administrators, oldest first: who reviews a
        person whose owner cannot."""
        admin_group = self.env.ref("protect_engagement.group_admin")
        # sudo (1): who the administrators are decides the reviewer.
        return (
            self.env["res.users"]
            .sudo()
            .search(
                [("all_group_ids", "in", admin_group.ids), ("share", "=", False)],
                order="id",
            )
        )
