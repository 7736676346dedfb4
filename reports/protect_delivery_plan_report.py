from collections import Counter
from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools.misc import formatLang

from ..models.protect_plan_progress import AMBER_SHARE
from ..models.protect_sensitivity_mixin import SENSITIVITY_SELECTION, highest_marking
from .protect_report_common import (
    format_number,
    format_period,
    format_uk_date,
    marking_label,
    organisation_header,
    printed_on,
    report_marking_key,
)

HIGHEST_MARKING = SENSITIVITY_SELECTION[-1][0]
# The statuses in the order the summary counts them.
RAG_ORDER = ("green", "amber", "red")


class ReportProtectEngagementReportDeliveryPlan(models.AbstractModel):
    """A delivery plan for the manager: its context, then each objective with
    the national aim it serves, what it targets and its measures' progress
    against their targets, counted now for the printing user's vetting.
    Marked at the higher of the plan's marking and the most sensitive record
    its figures may count (done engagements of its period, its campaigns), as
    a draft performance return is."""

    _name = "report.protect_engagement.report_delivery_plan"
    _description = "Delivery plan"

    @api.model
    def _get_report_values(self, docids, data=None):
        env = self.env
        # Liaison users read plans on screen; printing one is an officer's.
        if not env.user.has_group("protect_engagement.group_officer"):
            raise AccessError(env._("Only Protect officers print a delivery plan."))
        docs = env["protect.delivery.plan"].browse(docids)
        docs.check_access("read")
        # The progress of every measure of every plan printed, computed
        # together: a few grouped queries per plan, none per measure.
        measures = docs.objective_ids.measure_ids
        measures.mapped("rag")
        counted_up_to = highest_marking(env.user._protect_cleared_sensitivities())
        printed = {"printed_by": env.user.name, "printed_on": printed_on(env)}
        plans = {}
        for doc in docs:
            marking = report_marking_key(
                [doc.sensitivity, *self._counted_markings(doc)]
            )
            objectives = [
                self._objective(objective, number)
                for number, objective in enumerate(doc.objective_ids, 1)
            ]
            plans[doc.id] = {
                "marking_key": marking,
                "summary": self._summary(doc, printed["printed_on"]),
                "objectives": objectives,
                "counted_up_to": marking_label(env, counted_up_to),
                # Counted below the highest marking: say what is left out.
                "left_out": counted_up_to != HIGHEST_MARKING,
                "heading": {
                    "kicker": env._("Delivery plan"),
                    "title": doc.name,
                    "subtitle": self._subtitle(doc),
                    "marking": marking_label(env, marking),
                    **printed,
                },
            }
        return {
            "doc_ids": docids,
            "doc_model": "protect.delivery.plan",
            "docs": docs,
            "organisation": organisation_header(env),
            "plans": plans,
            "measure_columns": self._measure_columns(),
            "amber_share": f"{AMBER_SHARE:.0%}",
            **printed,
            "protect_marking": report_marking_key(
                entry["marking_key"] for entry in plans.values()
            ),
        }

    # ------------------------------------------------------------------ parts

    @api.model
    def _counted_markings(self, doc):
        """The markings of what the plan's figures may count for the reader:
        done engagements of its period (one grouped query) and the campaigns
        its objectives and measures name."""
        start = datetime.combine(doc.date_from, time.min)
        end = datetime.combine(doc.date_to + timedelta(days=1), time.min)
        rows = self.env["protect.engagement"]._read_group(
            [
                ("state", "=", "done"),
                ("date_start", ">=", start),
                ("date_start", "<", end),
            ],
            ["sensitivity"],
        )
        campaigns = doc.objective_ids.campaign_ids | doc.measure_ids.campaign_id
        return [marking for [marking] in rows] + campaigns.mapped("sensitivity")

    @api.model
    def _subtitle(self, doc):
        env = self.env
        status = dict(doc._fields["state"]._description_selection(env))[doc.state]
        parts = [format_period(env, doc.date_from, doc.date_to), status]
        parts.append(env._("owned by %(user)s", user=doc.user_id.name))
        if doc.approved_by_id and doc.approved_on:
            day = fields.Datetime.context_timestamp(doc, doc.approved_on).date()
            parts.append(
                env._(
                    "approved by %(user)s on %(day)s",
                    user=doc.approved_by_id.name,
                    day=format_uk_date(env, day),
                )
            )
        return " · ".join(parts)

    @api.model
    def _summary(self, doc, counted_on):
        env = self.env
        statuses = Counter(doc.measure_ids.mapped("rag"))
        labels = self._rag_labels()
        return {
            "objectives": format_number(env, len(doc.objective_ids)),
            "measures": format_number(env, len(doc.measure_ids)),
            "statuses": [
                {
                    "rag": rag,
                    "colour": labels[rag][0],
                    "label": labels[rag][1],
                    "count": format_number(env, statuses[rag]),
                }
                for rag in RAG_ORDER
            ],
            "not_due": statuses[False] and format_number(env, statuses[False]),
            "counted": env._(
                "Progress counted on %(day)s for %(user)s",
                day=counted_on,
                user=env.user.name,
            ),
        }

    @api.model
    def _objective(self, objective, number):
        env = self.env
        labels = self._rag_labels()
        kinds = dict(objective.measure_ids._fields["kind"]._description_selection(env))
        return {
            "title": f"{number}. {objective.name}",
            "aim": objective.aim_id.name or "",
            "threat_types": ", ".join(objective.threat_type_ids.mapped("name"))
            or env._("any threat"),
            "force_areas": ", ".join(objective.force_area_ids.mapped("name"))
            or env._("every area"),
            "sector_groups": ", ".join(objective.sector_group_ids.mapped("name"))
            or env._("every sector"),
            "description": objective.description or "",
            "measures": [
                {
                    "name": measure.name,
                    "kind": kinds.get(measure.kind, ""),
                    "target": format_number(env, measure.target),
                    "expected": self._format_expected(measure.expected),
                    "actual": format_number(env, measure.actual),
                    "progress": f"{format_number(env, measure.progress)}%",
                    "rag": measure.rag or "",
                    "colour": labels[measure.rag][0]
                    if measure.rag
                    else env._("Not due"),
                    "label": labels[measure.rag][1] if measure.rag else "",
                }
                for measure in objective.measure_ids
            ],
        }

    @api.model
    def _format_expected(self, value):
        """The pro-rata target: whole from 100 up, else to one decimal (so that
        early in the year a target of 0.4 does not print as 0)."""
        if value >= 100 or value == int(value):
            return format_number(self.env, value)
        return formatLang(self.env, value, digits=1)

    @api.model
    def _rag_labels(self):
        """{status: (its colour word, its label)}: the colour says it on a
        black-and-white print too."""
        env = self.env
        labels = dict(
            env["protect.plan.measure"]._fields["rag"]._description_selection(env)
        )
        colours = {
            "green": env._("Green"),
            "amber": env._("Amber"),
            "red": env._("Red"),
        }
        return {rag: (colours[rag], labels.get(rag, "")) for rag in RAG_ORDER}

    @api.model
    def _measure_columns(self):
        env = self.env
        return [
            {"label": env._("Measure"), "width": 30},
            {"label": env._("Counts"), "width": 17},
            {"label": env._("Target"), "width": 9, "num": True},
            {"label": env._("Pro-rata target"), "width": 13, "num": True},
            {"label": env._("So far"), "width": 9, "num": True},
            {"label": env._("Progress"), "width": 9, "num": True},
            {"label": env._("Status"), "width": 13},
        ]
