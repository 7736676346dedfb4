from odoo import api, models
from odoo.fields import Domain

from .protect_report_common import (
    format_period,
    format_uk_date,
    highest_marking,
    printed_on,
    report_marking_key,
    wizard_report_values,
)

# Force-area kinds that make a member a representative of the region.
REGIONAL_KINDS = ("force", "regional")


class ReportProtectEngagementReportPanelMembership(models.AbstractModel):
    """Panels with their members by role and attendance in the period, and the
    panels on which the region has nobody.

    A member "represents the region" when they are a Protect officer (the
    unit's own seat) or a stakeholder whose organisation sits in one of the
    region's force areas or the regional area. Attendance counts the panel's
    done meetings in the period that the user's vetting clears.
    """

    _name = "report.protect_engagement.report_panel_membership"
    _description = "Panel membership report"

    @api.model
    def _get_report_values(self, docids, data=None):
        return wizard_report_values(
            self.env,
            docids,
            data,
            group="protect_engagement.group_officer",
            refusal=self.env._("Panel membership: only Protect officers can print it."),
            key="panels_report",
            build=self._panel_membership,
        )

    @api.model
    def _memberships(self, filters, panels):
        """Memberships of ``panels`` during the period whose member the user
        may see: a hidden stakeholder is left out, not shown as restricted."""
        memberships = self.env["protect.panel.membership"].search_fetch(
            Domain("panel_id", "in", panels.ids)
            & Domain("date_start", "<=", filters.date_to)
            & (
                Domain("date_end", "=", False)
                | Domain("date_end", ">=", filters.date_from)
            ),
            [
                "panel_id",
                "partner_id",
                "role",
                "role_sequence",
                "date_start",
                "date_end",
            ],
        )
        members, _hidden = memberships._protect_read_past_rules("partner_id")
        return memberships.filtered(lambda m: m.partner_id in members)

    @api.model
    def _panel_membership(self, filters):
        env = self.env
        panel_domain = Domain.TRUE
        if filters.force_area_ids:
            panel_domain = Domain("force_area_id", "in", list(filters.force_area_ids))
        panels = env["protect.panel"].search_fetch(
            panel_domain,
            ["name", "panel_type", "scope", "force_area_id", "user_id", "sensitivity"],
            order="name, id",
        )
        memberships = self._memberships(filters, panels)
        attendance, markings = memberships._attendance_in_period(
            filters.date_from, filters.date_to
        )
        meetings = dict(
            env["protect.engagement"]._read_group(
                Domain("panel_id", "in", panels.ids)
                & Domain("state", "=", "done")
                & filters.period_domain(),
                ["panel_id"],
                ["__count"],
            )
        )
        roles = dict(
            env["protect.panel.membership"]._fields["role"]._description_selection(env)
        )
        types = dict(
            env["protect.panel"]._fields["panel_type"]._description_selection(env)
        )
        scopes = dict(env["protect.panel"]._fields["scope"]._description_selection(env))
        by_panel = memberships.grouped("panel_id")
        sections, unrepresented = [], []
        for panel in panels:
            members = by_panel.get(panel, env["protect.panel.membership"]).sorted(
                lambda m: (m.role_sequence, m.partner_id.display_name or "", m.id)
            )
            rows = [self._member_row(m, roles, attendance) for m in members]
            held = sum(row["held"] for row in rows)
            attended = sum(row["attended"] for row in rows)
            section = {
                "name": panel.display_name,
                "type": types.get(panel.panel_type, ""),
                "scope": scopes.get(panel.scope, ""),
                "area": panel.force_area_id.display_name or "",
                "lead": panel.user_id.name or "",
                "meetings": meetings.get(panel, 0),
                "members": rows,
                "roles": self._role_summary(rows, roles),
                "rate": self._rate(attended, held),
                "regional": any(row["regional"] for row in rows),
            }
            sections.append(section)
            if not section["regional"]:
                unrepresented.append(section)
        markings |= set(panels.mapped("sensitivity"))
        markings |= set(memberships.partner_id.mapped("protect_sensitivity"))
        marking = highest_marking(env, markings)
        return {
            "heading": {
                "title": env._("Panel membership"),
                "subtitle": env._(
                    "Members and attendance, %(period)s",
                    period=format_period(env, filters.date_from, filters.date_to),
                ),
                "marking": marking,
                "printed_by": env.user.name,
                "printed_on": printed_on(env),
            },
            "panel_columns": [
                {"label": env._("Panel"), "width": 30},
                {"label": env._("Type"), "width": 12},
                {"label": env._("Scope"), "width": 16},
                {"label": env._("Members by role"), "width": 24},
                {"label": env._("Meetings"), "width": 9, "num": True},
                {"label": env._("Attendance"), "width": 9, "num": True},
            ],
            "member_columns": [
                {"label": env._("Role"), "width": 13},
                {"label": env._("Member"), "width": 25},
                {"label": env._("Organisation"), "width": 20},
                {"label": env._("Force area"), "width": 13},
                {"label": env._("Since"), "width": 13},
                {"label": env._("Attended"), "width": 9, "num": True},
                {"label": env._("Rate"), "width": 7, "num": True},
            ],
            "panels": sections,
            "unrepresented": unrepresented,
            "marking": marking,
            "protect_marking": report_marking_key(markings),
        }

    @api.model
    def _member_row(self, membership, roles, attendance):
        partner = membership.partner_id
        officer = membership.member_kind == "officer"
        organisation, _hidden = partner._protect_read_past_rules(
            "commercial_partner_id"
        )
        area = organisation.protect_force_area_id if not officer else False
        held, attended = attendance.get(membership.id, (0, 0))
        return {
            "name": partner.name or partner.display_name,
            "organisation": organisation.display_name
            if organisation and organisation != partner
            else "",
            "kind": self.env._("Officer") if officer else self.env._("Stakeholder"),
            "role": roles.get(membership.role, ""),
            "area": area.display_name if area else "",
            "since": format_uk_date(self.env, membership.date_start),
            "until": format_uk_date(self.env, membership.date_end),
            "held": held,
            "attended": attended,
            "rate": self._rate(attended, held),
            "regional": officer or bool(area and area.kind in REGIONAL_KINDS),
        }

    @api.model
    def _role_summary(self, rows, roles):
        counts = {}
        for row in rows:
            counts[row["role"]] = counts.get(row["role"], 0) + 1
        return ", ".join(
            f"{label} {counts[label]}" for label in roles.values() if counts.get(label)
        )

    @staticmethod
    def _rate(attended, held):
        return f"{round(100.0 * attended / held)}%" if held else ""
