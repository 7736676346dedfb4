"""Period, filter and formatting helpers shared by the Protect reports and exports.

Reports receive their options as a plain dict (``data['filters']``): from the
report wizard, from the export wizard, or from a URL. ``ReportFilters`` parses
and checks that dict, so bad input gets the same clear message on every path.
"""

from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tools.image import image_data_uri
from odoo.tools.misc import format_date, formatLang

from ..models.protect_sensitivity_mixin import (
    DATE_MAX_YEAR,
    DATE_MIN_YEAR,
    SENSITIVITY_RANK,
)
from ..models.protect_sensitivity_mixin import highest_marking as highest_marking_key

DEFAULT_COLD_DAYS = 90
# The time zone dates are printed in for a user who has set none.
DEFAULT_TZ = "Europe/London"
# Input bounds shared by the report and export wizards and by options read from
# a URL: dates outside them would overflow date arithmetic (periods, "days
# since"), a number of days beyond ten years means nothing to a report.
DATE_MIN = date(DATE_MIN_YEAR, 1, 1)
DATE_MAX = date(DATE_MAX_YEAR, 12, 31)
COLD_DAYS_MAX = 3660


# ---------------------------------------------------------------------- periods


def last_full_quarter(today):
    """First and last day of the last calendar quarter that has ended by ``today``."""
    quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    end = quarter_start - timedelta(days=1)
    return end.replace(day=1) - relativedelta(months=2), end


def whole_months(start, end):
    """Number of calendar months the period spans exactly, or 0 if it does not."""
    if start.day != 1 or (end + timedelta(days=1)).day != 1:
        return 0
    return (end.year - start.year) * 12 + end.month - start.month + 1


def previous_period(start, end):
    """The period of the same length just before [start, end].

    A period of whole calendar months is compared with the same number of
    months before it (a quarter with the previous quarter, a month with the
    previous month); any other period with the same number of days before it.
    """
    months = whole_months(start, end)
    if months:
        return start - relativedelta(months=months), start - timedelta(days=1)
    days = (end - start).days + 1
    return start - timedelta(days=days), start - timedelta(days=1)


def period_noun(start, end):
    """'quarter', 'month' or 'year' when the period is exactly one, else ''."""
    months = whole_months(start, end)
    if months == 3 and start.month in (1, 4, 7, 10):
        return "quarter"
    if months == 1:
        return "month"
    if months == 12 and start.month == 1:
        return "year"
    return ""


def day_start(day):
    """Midnight (UTC, as engagements store it) at the start of ``day``."""
    return datetime.combine(day, time.min)


def date_out_of_range(env, label, day):
    """The message refusing ``day`` outside DATE_MIN..DATE_MAX for field ``label``."""
    return env._(
        "%(field)s: %(day)s is out of range; choose a date from %(min)s to %(max)s.",
        field=label,
        day=day.isoformat(),
        min=format_date(env, DATE_MIN),
        max=format_date(env, DATE_MAX),
    )


def cold_days_out_of_range(env):
    return env._(
        "Cold after (days): use a number of days from 1 to %(max)s.",
        max=COLD_DAYS_MAX,
    )


# ---------------------------------------------------------------------- filters


@dataclass(frozen=True)
class ReportFilters:
    """What a report or export covers. Empty tuples mean "all"."""

    date_from: date
    date_to: date
    force_area_ids: tuple = ()
    sector_group_ids: tuple = ()
    statuses: tuple = ()
    cold_days: int = DEFAULT_COLD_DAYS
    include_people: bool = False

    # -------------------------------------------------------------- parsing

    @classmethod
    def default(cls, env):
        start, end = last_full_quarter(fields.Date.context_today(env.user))
        return cls(start, end)

    @classmethod
    def from_data(cls, env, data):
        """Parse and check ``data['filters']`` (missing: the defaults)."""
        raw = (data or {}).get("filters")
        if not raw:
            return cls.default(env)
        labels = {
            "date_from": env._("Period start"),
            "date_to": env._("Period end"),
            "cold_days": env._("Cold after (days)"),
        }
        try:
            start = fields.Date.to_date(raw.get("date_from"))
            end = fields.Date.to_date(raw.get("date_to"))
        except ValueError as error:
            raise UserError(
                env._(
                    "%(field)s: not a date (%(error)s).",
                    field=labels["date_from"],
                    error=error,
                )
            ) from error
        for key, value in (("date_from", start), ("date_to", end)):
            if not value:
                raise UserError(env._("%(field)s: choose a date.", field=labels[key]))
        try:
            filters = cls(
                start,
                end,
                force_area_ids=tuple(int(i) for i in raw.get("force_area_ids") or ()),
                sector_group_ids=tuple(
                    int(i) for i in raw.get("sector_group_ids") or ()
                ),
                statuses=tuple(str(s) for s in raw.get("statuses") or ()),
                cold_days=int(raw.get("cold_days") or DEFAULT_COLD_DAYS),
                include_people=bool(raw.get("include_people")),
            )
        except (TypeError, ValueError, OverflowError) as error:
            raise UserError(
                env._("Report options: they cannot be read (%(error)s).", error=error)
            ) from error
        filters.check(env)
        return filters

    def check(self, env):
        for label, day in (
            (env._("Period start"), self.date_from),
            (env._("Period end"), self.date_to),
        ):
            if not DATE_MIN <= day <= DATE_MAX:
                raise UserError(date_out_of_range(env, label, day))
        if self.date_to < self.date_from:
            raise UserError(
                env._(
                    "Period end: %(end)s is before the period start, %(start)s.",
                    end=format_date(env, self.date_to),
                    start=format_date(env, self.date_from),
                )
            )
        if not 1 <= self.cold_days <= COLD_DAYS_MAX:
            raise UserError(cold_days_out_of_range(env))

    def to_data(self):
        values = asdict(self)
        values["date_from"] = fields.Date.to_string(self.date_from)
        values["date_to"] = fields.Date.to_string(self.date_to)
        return {
            key: list(v) if isinstance(v, tuple) else v for key, v in values.items()
        }

    # -------------------------------------------------------------- periods

    @property
    def previous(self):
        return previous_period(self.date_from, self.date_to)

    def reference_day(self, env, end=None):
        """The day "days since" counts to: the period's end, or today if sooner."""
        today = fields.Date.context_today(env.user)
        return min(end or self.date_to, today)

    # -------------------------------------------------------------- choices

    def force_areas(self, env):
        """The chosen force areas the user may read, or all active ones."""
        areas = env["protect.force.area"]
        if self.force_area_ids:
            return areas.with_context(active_test=False).search(
                [("id", "in", list(self.force_area_ids))]
            )
        return areas.search([])

    def groups(self, env):
        """The chosen active sector groups, or all active ones, in their order."""
        domain = Domain.TRUE
        if self.sector_group_ids:
            domain = Domain("id", "in", list(self.sector_group_ids))
        return env["protect.sector.group"].search(domain)

    def status_codes(self, env):
        if self.statuses:
            return list(self.statuses)
        return [
            code
            for code, _label in env["res.partner"]._fields["protect_status"].selection
        ]

    # -------------------------------------------------------------- domains

    def sector_group_domain(self):
        """Stakeholders in the chosen sector groups."""
        if not self.sector_group_ids:
            return Domain.TRUE
        return Domain("protect_sector_group_id", "in", list(self.sector_group_ids))

    def organisation_domain(self, statuses=None):
        """Stakeholder organisations (commercial entities) the filters select."""
        domain = Domain("protect_stakeholder", "=", True) & (
            Domain("is_company", "=", True) | Domain("parent_id", "=", False)
        )
        domain &= self.sector_group_domain()
        if self.force_area_ids:
            domain &= Domain("protect_force_area_id", "in", list(self.force_area_ids))
        if statuses is None:
            statuses = self.statuses
        if statuses:
            domain &= Domain("protect_status", "in", list(statuses))
        return domain

    def people_domain(self):
        """Stakeholder people who work for a selected organisation."""
        return (
            Domain("protect_stakeholder", "=", True)
            & Domain("is_company", "=", False)
            & Domain("parent_id", "!=", False)
            & Domain("commercial_partner_id", "any", self.organisation_domain())
        )

    def period_domain(self, field_name="date_start", start=None, end=None):
        start = start or self.date_from
        end = end or self.date_to
        return Domain(field_name, ">=", day_start(start)) & Domain(
            field_name, "<", day_start(end + timedelta(days=1))
        )


# ---------------------------------------------------------------------- marking


def wizard_report_values(env, docids, data, group, refusal, key, build):
    """The values of a report printed from ``protect.report.wizard``.

    ``group`` may print it, anyone else is refused with ``refusal``; ``build``
    turns the wizard's filters (carried in ``data``) into the figures the
    template reads under ``key``, whose "protect_marking" (a marking key) is
    returned as the report's own.
    """
    if not env.user.has_group(group):
        raise AccessError(refusal)
    filters = ReportFilters.from_data(env, data)
    figures = build(filters)
    return {
        "doc_ids": docids,
        "doc_model": "protect.report.wizard",
        "docs": env["protect.report.wizard"].browse(docids or []),
        "company": env.company,
        "organisation": organisation_header(env),
        key: figures,
        # The marking key the PDF is stamped with (models/ir_actions_report.py).
        "protect_marking": figures.get("protect_marking"),
    }


def report_marking_key(keys):
    """Key of the highest sensitivity among ``keys`` (OFFICIAL when none): the
    ``protect_marking`` a report returns, which its PDF is stamped with."""
    return highest_marking_key(key for key in keys if key in SENSITIVITY_RANK)


def marking_label(env, key):
    """The printed label of the marking ``key`` ('OFFICIAL-SENSITIVE')."""
    return dict(
        env["protect.engagement"]._fields["sensitivity"]._description_selection(env)
    )[key]


def highest_marking(env, keys):
    """Label of the highest sensitivity among ``keys`` (OFFICIAL when none)."""
    return marking_label(env, report_marking_key(keys))


# ---------------------------------------------------------------------- text


def format_number(env, value):
    """A whole number with the user's language's digit grouping."""
    return formatLang(env, value, digits=0)


def format_change(env, current, previous):
    """'+3', '−2' or '=' (a typographic minus reads better in print)."""
    if current is None or previous is None:
        return ""
    delta = current - previous
    if delta > 0:
        return f"+{format_number(env, delta)}"
    if delta < 0:
        return f"\u2212{format_number(env, -delta)}"
    return "="


def format_uk_date(env, day):
    """A date as printed in the reports: DD/MM/YYYY ('' when none)."""
    return format_date(env, day, date_format="dd/MM/yyyy") if day else ""


def format_uk_datetime(env, moment):
    """A UTC datetime as printed in the reports: DD/MM/YYYY HH:MM in the
    printing user's time zone (Europe/London when they have none)."""
    if not moment:
        return ""
    try:
        tz = pytz.timezone(env.user.tz or DEFAULT_TZ)
    except pytz.UnknownTimeZoneError:
        tz = pytz.timezone(DEFAULT_TZ)
    return pytz.utc.localize(moment).astimezone(tz).strftime("%d/%m/%Y %H:%M")


def format_period(env, start, end):
    """'01/04/2026 to 31/03/2027'."""
    return env._(
        "%(start)s to %(end)s",
        start=format_uk_date(env, start),
        end=format_uk_date(env, end),
    )


def printed_on(env):
    """Today in the printing user's time zone, as the headings print it."""
    return format_uk_date(env, fields.Date.context_today(env.user))


# ---------------------------------------------------------------------- layout


def organisation_header(env):
    """What the heading of every Protect PDF prints about the organisation:
    the current company's name, its address on one line and its logo (a data
    URI, empty while the company still has Odoo's placeholder logo)."""
    company = env.company
    address = company.partner_id._display_address(without_company=True)
    return {
        "name": company.name or "",
        "address": ", ".join(
            line.strip() for line in address.splitlines() if line.strip()
        ),
        "logo": "" if company.uses_default_logo else image_data_uri(company.logo),
    }


def column_widths(columns, rows, low=8, high=30):
    """Percent widths of the columns of a printed table, from the length of
    their longest line (clamped between ``low`` and ``high`` characters, so
    one long text cannot squeeze the others) and never narrower than their
    longest word, so that a date or a place name is not cut in two."""
    weights = []
    for index, label in enumerate(columns):
        texts = [str(label)] + [str(row[index]) for row in rows]
        longest_line = max(
            len(line) for text in texts for line in text.splitlines() or [""]
        )
        longest_word = max(len(word) for text in texts for word in text.split() or [""])
        weight = max(min(max(longest_line, low), high), min(longest_word, high))
        # Cell padding counts for about four characters.
        weights.append(weight + 4)
    total = sum(weights) or 1
    return [round(100.0 * weight / total, 2) for weight in weights]
