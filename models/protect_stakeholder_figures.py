from collections import namedtuple

from odoo import api, models
from odoo.fields import Domain
from odoo.tools import SQL

# Power and interest run from 1 to 5; 4 or 5 is "high". The quadrant of the
# power/interest grid a stakeholder sits in: (high power, high interest) -> key.
HIGH_FROM = 4
QUADRANT_OF = {
    (True, True): "manage_closely",
    (True, False): "keep_satisfied",
    (False, True): "keep_informed",
    (False, False): "monitor",
}


def quadrant_of(power, interest):
    """The power/interest quadrant of a stakeholder rated ``power``,
    ``interest`` (1 to 5)."""
    return QUADRANT_OF[(power or 0) >= HIGH_FROM, (interest or 0) >= HIGH_FROM]


# A stakeholder's engagement figures as one viewer may know them.
StakeholderFigures = namedtuple("StakeholderFigures", ["engagements", "last_date"])
NO_FIGURES = StakeholderFigures(0, False)


class ProtectStakeholderFigures(models.AbstractModel):
    """The one reader of a stakeholder's engagement figures.

    The register's columns and filters, the stakeholder map (PDF and exports)
    and anything else that says how much a stakeholder was engaged with read
    their figures here, and all count the same thing:

    - an engagement counts for a stakeholder when it is done and not archived,
      and links the stakeholder itself or, for an organisation, one of its
      people;
    - it counts for a viewer only when the viewer's vetting clears the
      engagement *and* the stakeholder it links (for an organisation, at least
      one of its people linked, or itself): an engagement reached only through a
      person the viewer may not see does not count, else the figure would tell
      that a hidden person of that organisation was engaged with.

    All-time figures come from the figures table ``protect.engagement.stat``
    (kept per stakeholder and per marking a viewer must clear, so that a
    register of thousands reads in one query); figures for a period come from
    ``protect.coverage.line``, whose rule applies the same condition.
    """

    _name = "protect.stakeholder.figures"
    _description = "Stakeholder engagement figures"

    # ------------------------------------------------------------ all time

    @api.model
    def _all_time(self, partners):
        """{partner id: StakeholderFigures} of ``partners`` since records
        began, for the current user; one query for the batch."""
        cleared = self.env.user._protect_cleared_sensitivities()
        ids = tuple(partners._origin.ids)
        if not ids or not cleared:
            return {}
        rows = self.env.execute_query(
            SQL(
                """
                SELECT partner_id, SUM(engagement_count), MAX(last_date)
                  FROM protect_engagement_stat
                 WHERE partner_id IN %s AND sensitivity IN %s
                 GROUP BY partner_id
                """,
                ids,
                tuple(cleared),
            )
        )
        return {
            partner_id: StakeholderFigures(count, last)
            for partner_id, count, last in rows
        }

    @api.model
    def _all_time_domain(self, aggregate, condition, matches_none):
        """Domain on res.partner: the stakeholders whose all-time figure
        (``aggregate``: SQL over the viewer's cleared rows) satisfies the SQL
        ``condition``; ``matches_none`` says whether a stakeholder with no
        engagement the viewer may count satisfies it too."""
        cleared = tuple(self.env.user._protect_cleared_sensitivities()) or ("",)
        having = condition(aggregate)
        if matches_none:
            # Stakeholders with no cleared rows match too: exclude those failing.
            having = SQL("NOT (%s)", having)
        rows = SQL(
            """
            SELECT partner_id FROM protect_engagement_stat
             WHERE sensitivity IN %s
             GROUP BY partner_id HAVING %s
            """,
            cleared,
            having,
        )
        return [("id", "not any!" if matches_none else "any!", rows)]

    # ------------------------------------------------------------ in a period

    @api.model
    def _in_period(self, partners, period_domain):
        """Engagements of each of ``partners`` among coverage lines matching
        ``period_domain``, and the markings of what was counted:
        ({partner id: count}, {marking}). Two grouped queries."""
        lines = self.env["protect.coverage.line"]
        organisations = partners.filtered(lambda p: p.is_company or not p.parent_id)
        people = partners - organisations
        counts, markings = {}, set()
        for field_name, targets in (
            ("partner_id", organisations),
            ("contact_id", people),
        ):
            if not targets:
                continue
            per_partner, *per_marking = lines._read_grouping_sets(
                Domain(period_domain) & Domain(field_name, "in", targets.ids),
                [[field_name], ["engagement_sensitivity"], ["contact_sensitivity"]],
                ["engagement_id:count_distinct"],
            )
            counts.update((partner.id, count) for partner, count in per_partner)
            markings.update(key for rows in per_marking for key, _count in rows)
        return counts, markings
