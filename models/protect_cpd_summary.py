from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL, float_round, format_date

# Red/amber/green, the rule in one place (README, "CPD status"):
#   pro-rata target = annual target x share of the CPD year gone by;
#   green  approved hours >= pro-rata target (and every category minimum on
#          its own pro-rata pace);
#   amber  approved hours >= AMBER_SHARE of the pro-rata target, or on pace
#          overall but behind on a category minimum;
#   red    below that.
AMBER_SHARE = 0.8
RAG_SELECTION = [("green", "On track"), ("amber", "Slightly behind"), ("red", "Behind")]
# Rows are (employee, CPD year); their id packs both, see _table_query.
ID_FACTOR = 10000


class ProtectCpdSummary(models.Model):
    """CPD status of one person for one CPD year: the team screen.

    A row exists for every active employee who is a Protect user, for the
    current CPD year and for every year they have CPD records in. The hours
    are not stored: one grouped query over the CPD records computes them for
    all the rows on screen, so they never go stale when records, targets or
    the date change. Visibility follows the CPD records' own rules: oneself,
    one's reports (employee hierarchy) for managers, everyone for Protect
    administrators.
    """

    _name = "protect.cpd.summary"
    _description = "CPD status per person and CPD year"
    _inherit = ["protect.official.marking"]
    _auto = False
    _rec_name = "employee_id"
    _order = "cpd_year desc, employee_name, employee_id"

    employee_id = fields.Many2one("hr.employee", readonly=True)
    employee_name = fields.Char(string="Name", readonly=True)
    user_id = fields.Many2one("res.users", readonly=True)
    manager_id = fields.Many2one("hr.employee", readonly=True)
    department_id = fields.Many2one("hr.department", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    cpd_year = fields.Char(string="CPD year", readonly=True)

    # Target: the person's own, or the one in the Settings
    own_target = fields.Boolean(
        string="Own target",
        compute="_compute_own_target",
        inverse="_inverse_own_target",
        help="Use this person's own annual target instead of the one in the Settings.",
    )
    own_target_hours = fields.Float(
        string="Own target (hours)",
        digits=(6, 2),
        compute="_compute_own_target",
        inverse="_inverse_own_target",
    )

    # Figures, all computed together from the CPD records
    date_start = fields.Date(string="Year starts", compute="_compute_figures")
    date_end = fields.Date(string="Year ends", compute="_compute_figures")
    is_current_year = fields.Boolean(
        string="Current CPD year",
        compute="_compute_figures",
        search="_search_is_current_year",
    )
    target_hours = fields.Float(
        string="Target", digits=(6, 1), compute="_compute_figures"
    )
    hours_approved = fields.Float(
        string="Hours",
        digits=(6, 1),
        compute="_compute_figures",
        help="Approved CPD hours.",
    )
    hours_pending = fields.Float(
        string="Awaiting approval", digits=(6, 1), compute="_compute_figures"
    )
    expected_hours = fields.Float(
        string="Pro-rata target",
        digits=(6, 1),
        compute="_compute_figures",
        help="The share of the annual target due by today.",
    )
    projected_hours = fields.Float(
        string="Projected year-end",
        digits=(6, 1),
        compute="_compute_figures",
        help="Approved hours so far, extended at the same pace to the end of the year.",
    )
    progress = fields.Float(
        compute="_compute_figures",
        help="Approved hours, in % of target.",
    )
    rag_status = fields.Selection(
        RAG_SELECTION,
        string="Status",
        compute="_compute_figures",
        search="_search_rag_status",
    )
    category_summary = fields.Char(
        string="Hours by category", compute="_compute_figures"
    )
    shortfall_summary = fields.Char(
        string="Category shortfalls",
        compute="_compute_figures",
        help="Categories whose annual minimum is not met yet.",
    )
    upcoming_missing_count = fields.Integer(
        string="Upcoming events not registered",
        compute="_compute_upcoming_missing_count",
        help="Upcoming CPD events this person has not registered for.",
    )
    in_my_team = fields.Boolean(
        string="In my team", compute="_compute_in_my_team", search="_search_in_my_team"
    )

    # ------------------------------------------------------------------ rows

    @property
    def _table_query(self):
        records = self.env["protect.cpd.record"]
        current = records._cpd_year().label
        # sudo (1): which groups make a Protect user, for the rows' query.
        liaison = self.env.ref("protect_engagement.group_liaison").sudo()
        group_ids = tuple((liaison | liaison.all_implied_by_ids).ids)
        return SQL(
            """
            SELECT e.id * %(factor)s + LEFT(years.cpd_year, 4)::int AS id,
                   e.id AS employee_id,
                   e.name AS employee_name,
                   e.user_id AS user_id,
                   e.parent_id AS manager_id,
                   v.department_id AS department_id,
                   e.company_id AS company_id,
                   years.cpd_year AS cpd_year
              FROM hr_employee e
              LEFT JOIN hr_version v ON v.id = e.current_version_id
             CROSS JOIN LATERAL (
                    SELECT %(current)s::varchar AS cpd_year
                     UNION
                    SELECT r.cpd_year
                      FROM protect_cpd_record r
                     WHERE r.employee_id = e.id
                   ) years
             WHERE e.active
               AND EXISTS (
                    SELECT 1 FROM res_groups_users_rel gu
                     WHERE gu.uid = e.user_id AND gu.gid IN %(group_ids)s
                   )
            """,
            factor=ID_FACTOR,
            current=current,
            group_ids=group_ids,
        )

    # ------------------------------------------------------------------ target

    @api.depends(
        "employee_id.protect_cpd_own_target", "employee_id.protect_cpd_target_hours"
    )
    def _compute_own_target(self):
        for row in self:
            # sudo (4): the team screen shows the team's targets.
            employee = row.employee_id.sudo()
            row.own_target = employee.protect_cpd_own_target
            row.own_target_hours = employee.protect_cpd_target_hours

    def _inverse_own_target(self):
        if not self.env.user.has_group("protect_engagement.group_admin"):
            raise AccessError(
                self.env._("Own target: only a Protect administrator sets CPD targets.")
            )
        for row in self:
            # sudo (2): an administrator's change, written on the employee.
            row.employee_id.sudo().write(
                {
                    "protect_cpd_own_target": row.own_target,
                    "protect_cpd_target_hours": row.own_target_hours,
                }
            )

    # ------------------------------------------------------------------ figures

    @api.depends("employee_id", "cpd_year", "own_target", "own_target_hours")
    @api.depends_context("uid")
    def _compute_figures(self):
        records = self.env["protect.cpd.record"]
        today = fields.Date.context_today(self)
        current = records._cpd_year(today)
        default_target = records._cpd_default_target()
        # sudo (1): the category minimums every status is judged against.
        minimums = (
            self.env["protect.cpd.category"]
            .sudo()
            .search([("annual_minimum_hours", ">", 0)])
        )
        hours = self._hours_by_category()
        for row in self:
            year = records._cpd_year_from_label(row.cpd_year) or current
            fraction = year.elapsed_fraction(today)
            by_category = hours.get((row.employee_id.id, row.cpd_year), {})
            approved = sum(
                h for (_c, state), h in by_category.items() if state == "approved"
            )
            pending = sum(
                h for (_c, state), h in by_category.items() if state == "submitted"
            )
            target = row.own_target_hours if row.own_target else default_target
            expected = target * fraction
            per_category = defaultdict(float)
            for (category, state), category_hours in by_category.items():
                if state == "approved":
                    per_category[category] += category_hours
            short = [
                (category, per_category.get(category, 0.0))
                for category in minimums
                if per_category.get(category, 0.0) < category.annual_minimum_hours
            ]
            behind_category = any(
                done < category.annual_minimum_hours * fraction
                for category, done in short
            )
            row.date_start = year.start
            row.date_end = year.end
            row.is_current_year = year == current
            row.target_hours = target
            row.hours_approved = approved
            row.hours_pending = pending
            row.expected_hours = expected
            row.projected_hours = approved / fraction if fraction > 0 else approved
            row.progress = min(100.0, 100.0 * approved / target) if target else 100.0
            row.rag_status = self._rag(approved, expected, behind_category)
            row.category_summary = " · ".join(
                f"{category.name} {_hours(done)}"
                for category, done in sorted(
                    per_category.items(),
                    key=lambda item: (item[0].sequence, item[0].id),
                )
            )
            row.shortfall_summary = " · ".join(
                self.env._(
                    "%(category)s %(done)s of %(minimum)s",
                    category=category.name,
                    done=_hours(done),
                    minimum=_hours(category.annual_minimum_hours),
                )
                for category, done in short
            )

    @api.model
    def _rag(self, approved, expected, behind_category=False):
        if approved < AMBER_SHARE * expected:
            return "red"
        if approved < expected or behind_category:
            return "amber"
        return "green"

    def _hours_by_category(self):
        """{(employee id, CPD year): {(category, state): hours}} for these rows,
        approved and awaiting approval, in one grouped query."""
        if not self:
            return {}
        # sudo (4): the rows are already the user's to see (their rules are the
        # records' rules), so their records are summed without the rules again.
        hours = (
            self.env["protect.cpd.record"]
            .sudo()
            ._cpd_hours_by_category(
                self.employee_id,
                set(self.mapped("cpd_year")),
                states=("approved", "submitted"),
            )
        )
        result = defaultdict(dict)
        for (employee, year, category, state), total in hours.items():
            result[employee.id, year][category, state] = total
        return result

    @api.depends("employee_id", "cpd_year")
    def _compute_upcoming_missing_count(self):
        current_rows = self.filtered("is_current_year")
        (self - current_rows).upcoming_missing_count = 0
        if not current_rows:
            return
        missing = self.env["event.event"]._protect_cpd_unregistered(
            current_rows.employee_id
        )
        for row in current_rows:
            row.upcoming_missing_count = sum(
                row.employee_id in employees for employees in missing.values()
            )

    @api.depends_context("uid")
    def _compute_in_my_team(self):
        team = self.env["hr.employee"]._protect_reports()
        for row in self:
            row.in_my_team = row.employee_id in team

    # ------------------------------------------------------------------ searches

    def _search_in_my_team(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        positive = (operator == "in") == (True in value)
        team = self.env["hr.employee"]._protect_reports()
        return [("employee_id", "in" if positive else "not in", team.ids)]

    def _search_is_current_year(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        current = self.env["protect.cpd.record"]._cpd_year().label
        wanted = True in value
        if (operator == "in") == wanted:
            return [("cpd_year", "=", current)]
        return [("cpd_year", "!=", current)]

    def _search_rag_status(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        # A status is worked out from today and the records, not stored: sort
        # the visible rows (a team, or everyone for administrators) in Python.
        rows = self.search([])  # pylint: disable=no-search-all
        matching = rows.filtered(lambda row: row.rag_status in value)
        return [("id", operator, matching.ids)]

    # ------------------------------------------------------------------ actions

    def action_open_records(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "protect_engagement.protect_cpd_record_action"
        )
        action["domain"] = [
            ("employee_id", "=", self.employee_id.id),
            ("cpd_year", "=", self.cpd_year),
        ]
        action["context"] = {"default_employee_id": self.employee_id.id}
        action["display_name"] = self.env._(
            "CPD of %(name)s, %(year)s", name=self.employee_name, year=self.cpd_year
        )
        return action

    # ------------------------------------------------------------------ reminders

    @api.model
    def _cron_behind_pace_reminder(self):
        """Three months before the CPD year ends, remind whoever is behind pace.

        Each person behind (amber or red) gets a to-do, and so does their
        manager, on the person's contact. A person is reminded once per CPD year:
        the year is remembered on their employee record, so re-runs, daily or
        not, add nothing.
        """
        records = self.env["protect.cpd.record"]
        today = fields.Date.context_today(self)
        year = records._cpd_year(today)
        if today < year.end + relativedelta(days=1, months=-3):
            return
        # sudo (2): the scheduled job reminds everyone behind.
        rows = self.sudo().search([("cpd_year", "=", year.label)])
        behind = rows.filtered(
            lambda row: (
                row.rag_status != "green"
                and row.employee_id.protect_cpd_reminded_year != year.label
            )
        )
        activity_type = self.env.ref("protect_engagement.mail_activity_type_cpd_behind")
        for row in behind:
            employee = row.employee_id
            contact = employee.user_id.partner_id or employee.work_contact_id
            summary = self.env._("CPD behind pace for %(year)s", year=year.label)
            note = self.env._(
                "%(name)s has %(done)s approved CPD hours; %(expected)s were due by "
                "now towards a target of %(target)s by %(end)s (projected: "
                "%(projected)s).",
                name=employee.name,
                done=_hours(row.hours_approved),
                expected=_hours(row.expected_hours),
                target=_hours(row.target_hours),
                end=format_date(self.env, year.end),
                projected=_hours(row.projected_hours),
            )
            for user in employee.user_id | employee.parent_id.user_id:
                contact.activity_schedule(
                    activity_type_id=activity_type.id,
                    summary=summary,
                    note=note,
                    date_deadline=year.end,
                    user_id=user.id,
                )
            employee.protect_cpd_reminded_year = year.label


def _hours(value):
    return f"{float_round(value, precision_digits=1):g} h"
