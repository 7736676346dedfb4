from odoo import api, models

from ..models.protect_stakeholder_figures import quadrant_of
from . import protect_stakeholder_map_svg as map_svg
from .protect_report_common import (
    format_period,
    highest_marking,
    printed_on,
    report_marking_key,
    wizard_report_values,
)

# Stakeholders read for one map, and rows printed per quadrant list: beyond
# that a map stops being readable; the export has everyone.
MAP_LIMIT = 2000
LIST_LIMIT = 150
MAP_WIDTH_PERCENT = 84
STAKEHOLDER_FIELDS = [
    "name",
    "parent_id",
    "is_company",
    "protect_power",
    "protect_interest",
    "protect_sector_group_id",
    "protect_force_area_id",
    "protect_status",
    "protect_owner_id",
    "protect_sensitivity",
]


class ReportProtectEngagementReportStakeholderMap(models.AbstractModel):
    """The power/interest grid of the stakeholders the filters select, each
    placed by its power and interest, coloured by sector group and sized by
    its engagements in the period; then each quadrant's list."""

    _name = "report.protect_engagement.report_stakeholder_map"
    _description = "Stakeholder map report"

    @api.model
    def _get_report_values(self, docids, data=None):
        return wizard_report_values(
            self.env,
            docids,
            data,
            group="protect_engagement.group_officer",
            refusal=self.env._("Stakeholder map: only Protect officers can print it."),
            key="stakeholder_map",
            build=self._stakeholder_map,
        )

    @api.model
    def _stakeholders(self, filters):
        """(stakeholders, how many match) as the user sees them."""
        partners = self.env["res.partner"]
        domain = filters.organisation_domain()
        if filters.include_people:
            domain |= filters.people_domain()
        stakeholders = partners.search_fetch(
            domain, STAKEHOLDER_FIELDS, order="name, id", limit=MAP_LIMIT
        )
        total = len(stakeholders)
        if total == MAP_LIMIT:
            total = partners.search_count(domain)
        return stakeholders, total

    @api.model
    def _stakeholder_map(self, filters):
        env = self.env
        stakeholders, total = self._stakeholders(filters)
        counts, markings = env["protect.stakeholder.figures"]._in_period(
            stakeholders, filters.period_domain()
        )
        legend = self._legend()
        statuses = dict(
            env["res.partner"]._fields["protect_status"]._description_selection(env)
        )
        points = []
        rows = {key: [] for key in map_svg.QUADRANTS}
        for partner in stakeholders:
            group = partner.protect_sector_group_id
            point = map_svg.MapPoint(
                key=str(partner.id),
                label=partner.display_name,
                power=partner.protect_power,
                interest=partner.protect_interest,
                group=str(group.id),
                engagements=counts.get(partner.id, 0),
            )
            points.append(point)
            rows[quadrant_of(point.power, point.interest)].append(
                {
                    "name": point.label,
                    "person": bool(partner.parent_id and not partner.is_company),
                    "group": group.name or "",
                    "area": partner.protect_force_area_id.display_name or "",
                    "status": statuses.get(partner.protect_status, ""),
                    "power": partner.protect_power,
                    "interest": partner.protect_interest,
                    "engagements": point.engagements,
                    "owner": partner.protect_owner_id.name or "",
                }
            )
        svg, placed = map_svg.render(points, legend, self._map_texts())
        quadrant_texts = self._quadrant_texts()
        quadrants = []
        for key, (title, description) in quadrant_texts.items():
            quadrant_rows = sorted(
                rows[key],
                key=lambda r: (
                    -r["power"] - r["interest"],
                    -r["engagements"],
                    r["name"],
                ),
            )
            quadrants.append(
                {
                    "key": key,
                    "title": title,
                    "description": description,
                    "rows": quadrant_rows[:LIST_LIMIT],
                    "count": len(quadrant_rows),
                    "more": max(len(quadrant_rows) - LIST_LIMIT, 0),
                }
            )
        markings |= set(stakeholders.mapped("protect_sensitivity"))
        marking = highest_marking(env, markings)
        return {
            "heading": {
                "title": env._("Stakeholder map"),
                "subtitle": env._(
                    "Engagements counted %(period)s · %(filters)s",
                    period=format_period(env, filters.date_from, filters.date_to),
                    filters=self._describe_filters(filters),
                ),
                "marking": marking,
                "printed_by": env.user.name,
                "printed_on": printed_on(env),
            },
            "columns": [
                {"label": env._("Stakeholder"), "width": 25},
                {"label": env._("Sector group"), "width": 15},
                {"label": env._("Force area"), "width": 13},
                {"label": env._("Status"), "width": 9},
                {"label": env._("Power"), "width": 7, "num": True},
                {"label": env._("Interest"), "width": 7, "num": True},
                {"label": env._("Engagements"), "width": 10, "num": True},
                {"label": env._("Relationship owner"), "width": 14},
            ],
            "svg": svg,
            # Share of the page width the map takes, and its height as a share
            # of the same width (for the aspect-ratio box that holds it).
            "width": MAP_WIDTH_PERCENT,
            "height": round(MAP_WIDTH_PERCENT * map_svg.ASPECT_PERCENT / 100, 3),
            "layout": placed,
            "points": points,
            "quadrants": quadrants,
            "count": len(stakeholders),
            "total": total,
            "marking": marking,
            "protect_marking": report_marking_key(markings),
        }

    @api.model
    def _legend(self):
        """{group key: (label, colour)} of every sector group, in order; the
        drawing shows those its points use (archived ones included, as
        stakeholders may still count under them)."""
        groups = self.env["protect.sector.group"].search(
            [("active", "in", (True, False))]
        )
        return {str(group.id): (group.name, group.color) for group in groups}

    @api.model
    def _map_texts(self):
        env = self.env
        return {
            "quadrants": {
                key: title for key, (title, _d) in self._quadrant_texts().items()
            },
            "interest": env._("Interest in the Protect agenda"),
            "power": env._("Power over fraud-protection outcomes"),
            "none": env._("no engagement in the period"),
            "count": lambda count: (
                env._("%(count)s engagements", count=count)
                if count != 1
                else env._("1 engagement")
            ),
        }

    @api.model
    def _quadrant_texts(self):
        env = self.env
        return {
            "manage_closely": (
                env._("Manage closely"),
                env._("High power, high interest: involve fully and engage often."),
            ),
            "keep_satisfied": (
                env._("Keep satisfied"),
                env._("High power, less interest: consult on what matters to them."),
            ),
            "keep_informed": (
                env._("Keep informed"),
                env._(
                    "Less power, high interest: keep informed, draw on their support."
                ),
            ),
            "monitor": (
                env._("Monitor"),
                env._(
                    "Less power, less interest: light-touch contact, watch for change."
                ),
            ),
        }

    @api.model
    def _describe_filters(self, filters):
        env = self.env
        parts = []
        if filters.sector_group_ids:
            parts.append(", ".join(filters.groups(env).mapped("name")))
        else:
            parts.append(env._("all sector groups"))
        if filters.force_area_ids:
            parts.append(", ".join(filters.force_areas(env).mapped("name")))
        else:
            parts.append(env._("all force areas"))
        if filters.statuses:
            statuses = dict(
                env["res.partner"]._fields["protect_status"]._description_selection(env)
            )
            parts.append(", ".join(statuses[code] for code in filters.statuses))
        if filters.include_people:
            parts.append(env._("organisations and people"))
        return "; ".join(parts)
