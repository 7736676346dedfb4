from dataclasses import dataclass
from datetime import timedelta

from odoo import api, models
from odoo.fields import Domain

from .protect_report_common import (
    day_start,
    format_change,
    format_number,
    format_period,
    format_uk_date,
    highest_marking,
    period_noun,
    printed_on,
    report_marking_key,
    wizard_report_values,
)

# Rows of the cold-relationships table printed; the report says how many more.
COLD_LIMIT = 40
# Cells, rows and columns of the matrix as grouping sets: (sector group, force area).
MATRIX_SETS = [
    ["sector_group_id", "force_area_id"],
    ["sector_group_id"],
    ["force_area_id"],
    [],
]
MARKING_SETS = [
    ["engagement_sensitivity"],
    ["partner_sensitivity"],
    ["contact_sensitivity"],
]


@dataclass
class CoverageFigures:
    """The figures of one cell, row total, column total or grand total."""

    engagements: int = 0
    reached: int = 0
    last_date: object = None
    engagements_prev: int = 0
    reached_prev: int = 0
    last_date_prev: object = None
    active: int = 0
    days: int | None = None
    days_prev: int | None = None

    @property
    def gap(self):
        """No engagement in the period: the cell stands out."""
        return not self.engagements

    def settle(self, reference, previous_reference):
        if self.last_date:
            self.days = (reference - self.last_date).days
        if self.last_date_prev:
            self.days_prev = (previous_reference - self.last_date_prev).days

    def lines(self, env):
        """(value, label, change) lines the template prints in the cell; no
        change is shown where there was nothing either time."""

        def change(now, before):
            return format_change(env, now, before) if now or before else ""

        if self.days is None:
            last = (env._("never"), env._("engaged"), "")
        else:
            last = (
                env._("%s d", self.days),
                env._("since last"),
                ""
                if self.days_prev is None
                else format_change(env, self.days, self.days_prev),
            )
        return [
            (
                format_number(env, self.engagements),
                env._("eng."),
                change(self.engagements, self.engagements_prev),
            ),
            (
                format_number(env, self.reached),
                env._("reached"),
                change(self.reached, self.reached_prev),
            ),
            (format_number(env, self.active), env._("active"), ""),
            last,
        ]


class ReportProtectEngagementReportCoverage(models.AbstractModel):
    """Partnership coverage: sector groups by force area, for one period.

    Figures come from ``protect.coverage.line`` (see its counting rules) and
    from the stakeholder register, read as the printing user so that vetting
    applies; four grouped queries, whatever the volume.
    """

    _name = "report.protect_engagement.report_coverage"
    _description = "Partnership coverage report"

    @api.model
    def _get_report_values(self, docids, data=None):
        return wizard_report_values(
            self.env,
            docids,
            data,
            group="protect_engagement.group_manager",
            refusal=self.env._(
                "Partnership coverage: only Protect managers can print this report."
            ),
            key="coverage",
            build=self._coverage,
        )

    # ------------------------------------------------------------------ figures

    @api.model
    def _coverage(self, filters):
        env = self.env
        areas = filters.force_areas(env)
        groups = filters.groups(env)
        start, end = filters.date_from, filters.date_to
        previous_start, previous_end = filters.previous
        reference = filters.reference_day(env)
        previous_reference = filters.reference_day(env, previous_end)

        figures, markings = self._engagement_figures(filters, areas, groups)
        markings |= self._add_active_stakeholders(figures, filters, areas)
        for cell in figures.values():
            cell.settle(reference, previous_reference)

        def figure(group=None, area=None):
            return figures.setdefault((group, area), CoverageFigures())

        rows = [
            {
                "group": group,
                "label": group.name,
                "headline": group.is_headline,
                "cells": [figure(group.id, area.id) for area in areas],
                "total": figure(group.id),
            }
            for group in groups
        ]
        cold = self._cold_relationships(filters, areas, reference)
        noun = period_noun(start, end)
        coverage = {
            "title": env._("Partnership coverage"),
            "period": format_period(env, start, end),
            "previous_period": format_period(env, previous_start, previous_end),
            "reference": format_uk_date(env, reference),
            "areas": areas,
            "rows": rows,
            "columns": [figure(area=area.id) for area in areas],
            "total": figure(),
            "cold": cold,
            "cold_days": filters.cold_days,
            "cold_columns": [
                {"label": env._("Stakeholder"), "width": 28},
                {"label": env._("Sector group"), "width": 18},
                {"label": env._("Force area"), "width": 15},
                {"label": env._("Relationship owner"), "width": 17},
                {"label": env._("Last engagement"), "width": 14},
                {"label": env._("Days"), "width": 8, "num": True},
            ],
            "marking": highest_marking(env, markings | cold["markings"]),
            "protect_marking": report_marking_key(markings | cold["markings"]),
            "printed_by": env.user.name,
            "printed_on": printed_on(env),
        }
        coverage["summary"] = self._summary(coverage, noun)
        coverage["heading"] = {
            "title": coverage["title"],
            "subtitle": env._(
                "%(period)s, compared with %(previous)s",
                period=coverage["period"],
                previous=coverage["previous_period"],
            ),
            "marking": coverage["marking"],
            "printed_by": coverage["printed_by"],
            "printed_on": coverage["printed_on"],
        }
        return coverage

    @api.model
    def _engagement_figures(self, filters, areas, groups):
        """Engagements, people reached and last engagement of every cell and
        total, for the period and the previous one: three grouped queries."""
        lines = self.env["protect.coverage.line"]
        scope = Domain("sector_group_id", "in", groups.ids) & Domain(
            "force_area_id", "in", areas.ids
        )
        previous_start, previous_end = filters.previous
        aggregates = ["engagement_id:count_distinct", "audience_count:sum", "date:max"]
        current = lines._read_grouping_sets(
            scope & filters.period_domain(), MATRIX_SETS + MARKING_SETS, aggregates
        )
        previous = lines._read_grouping_sets(
            scope & filters.period_domain(start=previous_start, end=previous_end),
            MATRIX_SETS + MARKING_SETS,
            aggregates,
        )
        earlier = lines._read_grouping_sets(
            scope & Domain("date_start", "<", day_start(previous_start)),
            MATRIX_SETS + MARKING_SETS,
            ["date:max"],
        )
        figures = {}
        for result, suffix in ((current, ""), (previous, "_prev")):
            for groupby, rows in zip(MATRIX_SETS, result, strict=False):
                for row in rows:
                    key, (count, reached, last) = self._cell_key(groupby, row)
                    cell = figures.setdefault(key, CoverageFigures())
                    setattr(cell, "engagements" + suffix, count)
                    setattr(cell, "reached" + suffix, reached)
                    setattr(cell, "last_date" + suffix, last or None)
        for groupby, rows in zip(MATRIX_SETS, earlier, strict=False):
            for row in rows:
                key, (last,) = self._cell_key(groupby, row)
                cell = figures.setdefault(key, CoverageFigures())
                cell.last_date_prev = max(
                    filter(None, (cell.last_date_prev, last)), default=None
                )
        for cell in figures.values():
            cell.last_date = max(
                filter(None, (cell.last_date, cell.last_date_prev)), default=None
            )
        markings = {
            row[0]
            for result in (current, previous, earlier)
            for rows in result[len(MATRIX_SETS) :]
            for row in rows
        }
        return figures, markings

    @staticmethod
    def _cell_key(groupby, row):
        """((group id, area id), aggregates) of a grouping-set row."""
        values = dict(zip(groupby, row, strict=False))
        group = values.get("sector_group_id")
        area = values.get("force_area_id")
        return (
            group.id if group else None,
            area.id if area else None,
        ), row[len(groupby) :]

    @api.model
    def _add_active_stakeholders(self, figures, filters, areas):
        """Active stakeholder organisations of each cell and total, as the
        register stands (status has no history): one grouped query."""
        partners = self.env["res.partner"]
        domain = filters.organisation_domain(statuses=["active"]) & Domain(
            "protect_force_area_id", "in", areas.ids
        )
        group_path = "protect_sector_group_id"
        sets = [
            [group_path, "protect_force_area_id"],
            [group_path],
            ["protect_force_area_id"],
            [],
        ]
        result = partners._read_grouping_sets(
            domain, [*sets, ["protect_sensitivity"]], ["__count"]
        )
        for groupby, rows in zip(sets, result, strict=False):
            for row in rows:
                values = dict(zip(groupby, row, strict=False))
                area = values.get("protect_force_area_id")
                group = values.get(group_path)
                cell = figures.setdefault(
                    (group.id if group else None, area.id if area else None),
                    CoverageFigures(),
                )
                cell.active += row[-1]
        return {row[0] for row in result[-1]}

    @api.model
    def _cold_relationships(self, filters, areas, reference):
        """Active partnerships with no engagement for ``cold_days`` up to the
        reference day: those engaged before, oldest first, then those with
        none on record."""
        env = self.env
        lines = env["protect.coverage.line"]
        partners = env["res.partner"]
        cutoff = reference - timedelta(days=filters.cold_days)
        organisations = filters.organisation_domain(statuses=["active"]) & Domain(
            "protect_force_area_id", "in", areas.ids
        )
        until = Domain("partner_id", "any", organisations) & Domain(
            "date_start", "<", day_start(reference + timedelta(days=1))
        )
        engaged = lines._read_group(
            until,
            ["partner_id"],
            ["date:max"],
            having=[("date:max", "<=", cutoff)],
            order="date:max asc",
        )
        query = lines._search(until)
        ever = query.subselect(lines._field_to_sql(lines._table, "partner_id", query))
        never_domain = organisations & Domain("id", "not any!", ever)
        never = partners.search_fetch(
            never_domain,
            [
                "name",
                "protect_sector_group_id",
                "protect_force_area_id",
                "protect_owner_id",
            ],
            limit=COLD_LIMIT,
            order="name, id",
        )
        never_count = (
            partners.search_count(never_domain)
            if len(never) == COLD_LIMIT
            else len(never)
        )

        def row(partner, last):
            return {
                "name": partner.display_name,
                "group": partner.protect_sector_group_id.name or "",
                "area": partner.protect_force_area_id.display_name or "",
                "owner": partner.protect_owner_id.name or "",
                "last": format_uk_date(env, last) if last else env._("Never engaged"),
                "days": (reference - last).days if last else None,
            }

        rows = [row(partner, None) for partner in never]
        rows += [
            row(partner, last) for partner, last in engaged[: COLD_LIMIT - len(rows)]
        ]
        shown = never | partners.concat(
            *(partner for partner, _last in engaged[:COLD_LIMIT])
        )
        return {
            "rows": rows,
            "count": never_count + len(engaged),
            "never_count": never_count,
            "more": never_count + len(engaged) - len(rows),
            "markings": set(shown.mapped("protect_sensitivity")),
        }

    # ------------------------------------------------------------------ summary

    @api.model
    def _summary(self, coverage, noun):
        """Plain-English sentences written from the figures."""
        env = self.env
        total = coverage["total"]
        areas = coverage["areas"]
        rows = coverage["rows"]
        when = {
            "quarter": env._("this quarter"),
            "month": env._("this month"),
            "year": env._("this year"),
        }.get(noun, env._("in this period"))
        before = {
            "quarter": env._("the previous quarter"),
            "month": env._("the previous month"),
            "year": env._("the previous year"),
        }.get(noun, env._("the previous period"))
        sentences = [
            env._(
                "%(count)s engagements reached %(people)s people %(when)s, against "
                "%(count_before)s engagements and %(people_before)s people in "
                "%(before)s.",
                count=format_number(env, total.engagements),
                people=format_number(env, total.reached),
                when=when,
                count_before=format_number(env, total.engagements_prev),
                people_before=format_number(env, total.reached_prev),
                before=before,
            )
        ]
        sentences += self._summary_gaps(coverage, when)
        sentences += self._summary_changes(rows, before)
        busiest = max(
            zip(areas, coverage["columns"], strict=False),
            key=lambda pair: pair[1].engagements,
            default=None,
        )
        if busiest and busiest[1].engagements:
            sentences.append(
                env._(
                    "%(area)s saw the most engagement (%(count)s).",
                    area=busiest[0].name,
                    count=format_number(env, busiest[1].engagements),
                )
            )
        sentences += self._summary_cold(coverage["cold"], coverage["cold_days"])
        return sentences

    @api.model
    def _summary_cold(self, cold, days):
        """The sentence on relationships going cold, none when there is none."""
        env = self.env
        count, never = cold["count"], cold["never_count"]
        if not count:
            return []
        values = {
            "count": format_number(env, count),
            "days": days,
            "never": format_number(env, never),
        }
        if not never:
            sentence = env._(
                "%(count)s active partnerships have had no engagement for "
                "%(days)s days or more.",
                **values,
            )
        elif never == count:
            sentence = env._(
                "%(count)s active partnerships have never had an engagement on record.",
                **values,
            )
        else:
            sentence = env._(
                "%(count)s active partnerships have had no engagement for "
                "%(days)s days or more; %(never)s of them have never had one on "
                "record.",
                **values,
            )
        return [sentence]

    @api.model
    def _summary_gaps(self, coverage, when):
        """A sentence for each headline sector group with no engagement in a
        force's area; one count for every other empty cell."""
        env = self.env
        areas = coverage["areas"]
        forces = [area for area in areas if area.kind == "force"]
        sentences = []
        others = 0
        for row in coverage["rows"]:
            cells = dict(zip(areas, row["cells"], strict=True))
            gaps = [area for area in areas if cells[area].gap]
            named = [area for area in gaps if row["headline"] and area in forces]
            others += len(gaps) - len(named)
            if named and len(named) == len(forces) > 1:
                sentences.append(
                    env._(
                        "%(group)s had no engagement in any force area %(when)s.",
                        group=row["label"],
                        when=when,
                    )
                )
                continue
            for area in named:
                if cells[area].days is None:
                    tail = env._("none is on record.")
                else:
                    tail = env._(
                        "the last was %(days)s days before %(reference)s.",
                        days=cells[area].days,
                        reference=coverage["reference"],
                    )
                sentences.append(
                    env._(
                        "%(group)s in %(area)s had no engagement %(when)s; %(tail)s",
                        group=row["label"],
                        area=area.name,
                        when=when,
                        tail=tail,
                    )
                )
        if others:
            sentences.append(
                env._(
                    "%(count)s other cells (other sectors, or areas beyond the forces) "
                    "had no engagement %(when)s.",
                    count=others,
                    when=when,
                )
            )
        return sentences

    @api.model
    def _summary_changes(self, rows, before):
        """The sector groups whose engagement rose and fell the most."""
        env = self.env
        changes = [
            (row["total"].engagements - row["total"].engagements_prev, row)
            for row in rows
        ]
        sentences = []
        rises = [change for change in changes if change[0] > 0]
        falls = [change for change in changes if change[0] < 0]
        if rises:
            _delta, row = max(rises, key=lambda change: change[0])
            sentences.append(
                env._(
                    "%(group)s: engagement rose the most, to %(now)s from %(then)s "
                    "in %(before)s.",
                    group=row["label"],
                    now=row["total"].engagements,
                    then=row["total"].engagements_prev,
                    before=before,
                )
            )
        if falls:
            _delta, row = min(falls, key=lambda change: change[0])
            sentences.append(
                env._(
                    "%(group)s: engagement fell the most, to %(now)s from %(then)s.",
                    group=row["label"],
                    now=row["total"].engagements,
                    then=row["total"].engagements_prev,
                )
            )
        return sentences
