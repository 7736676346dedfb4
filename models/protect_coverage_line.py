from odoo import fields, models
from odoo.tools import SQL

from .protect_engagement_type import STRAND_SELECTION
from .protect_sensitivity_mixin import SENSITIVITY_SELECTION

# "People reached" adds each engagement's audience once per group of lines:
# SUM(DISTINCT engagement_id * SHIFT + audience) keeps one term per engagement
# (the pair is unique to it), and the remainder modulo SHIFT is the sum of the
# audiences, exact as long as it stays below SHIFT (about 1.1 million million).
AUDIENCE_SHIFT = 2**40


class ProtectCoverageLine(models.Model):
    """Who was engaged with, where and when: the figures behind coverage reports.

    A read-only SQL view with one line per done, unarchived engagement and per
    stakeholder linked to it. Counting rules:

    - a line counts under the sector group of the stakeholder's organisation
      (its commercial entity; see ``res.partner.protect_sector_group_id``) and
      under the engagement's force area, or the organisation's when the
      engagement has none;
    - an engagement counts once in every (sector group, force area) cell its
      stakeholders place it in, and once in any total: totals are distinct
      counts, not sums of cells (see ``engagement_id:count_distinct``);
    - people reached is the engagement's audience, added once per engagement
      in every cell and total (see ``_read_group_select``);
    - a line is visible only to a user whose vetting clears the engagement, the
      organisation and the linked contact (rule ``protect_coverage_line_rule_vetting``),
      so every figure is the viewer's own count.

    Reports aggregate it with ``_read_group``/``_read_grouping_sets``: one SQL
    query per figure set, whatever the number of engagements.
    """

    _name = "protect.coverage.line"
    _description = "Engagement coverage line"
    _auto = False
    _log_access = False
    _order = "date desc, id desc"
    _depends = {
        "protect.engagement": [
            "partner_ids",
            "date_start",
            "state",
            "active",
            "audience_count",
            "force_area_id",
            "sensitivity",
            "user_id",
            "engagement_type_id",
            "strand",
            "campaign_id",
        ],
        "res.partner": [
            "commercial_partner_id",
            "protect_stakeholder",
            "protect_sensitivity",
            "protect_sector_id",
            "protect_sector_group_id",
            "protect_force_area_id",
        ],
    }

    # What and when
    engagement_id = fields.Many2one(
        "protect.engagement",
        readonly=True,
        aggregator="count_distinct",
    )
    date_start = fields.Datetime(string="Start", readonly=True)
    date = fields.Date(readonly=True, help="The engagement's start date (UTC).")
    audience_count = fields.Integer(
        string="People reached",
        readonly=True,
        help="The engagement's audience, counted once per engagement in any total.",
    )
    user_id = fields.Many2one("res.users", string="Lead officer", readonly=True)
    engagement_type_id = fields.Many2one(
        "protect.engagement.type", string="Type", readonly=True
    )
    strand = fields.Selection(STRAND_SELECTION, string="4P strand", readonly=True)
    campaign_id = fields.Many2one("protect.campaign", readonly=True)

    # With whom and where
    contact_id = fields.Many2one(
        "res.partner", string="Stakeholder linked", readonly=True, help="As linked."
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Organisation",
        readonly=True,
        help="The commercial entity of the stakeholder linked.",
    )
    sector_id = fields.Many2one("protect.sector", readonly=True)
    sector_group_id = fields.Many2one(
        "protect.sector.group", string="Sector group", readonly=True
    )
    force_area_id = fields.Many2one(
        "protect.force.area", string="Force area", readonly=True
    )

    # Markings the viewer's vetting must clear
    engagement_sensitivity = fields.Selection(SENSITIVITY_SELECTION, readonly=True)
    partner_sensitivity = fields.Selection(SENSITIVITY_SELECTION, readonly=True)
    contact_sensitivity = fields.Selection(SENSITIVITY_SELECTION, readonly=True)

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT r.engagement_id::bigint * 2147483648 + r.partner_id AS id,
                   r.engagement_id,
                   e.date_start,
                   e.date_start::date AS date,
                   COALESCE(e.audience_count, 0) AS audience_count,
                   e.user_id,
                   e.engagement_type_id,
                   e.strand,
                   e.campaign_id,
                   r.partner_id AS contact_id,
                   org.id AS partner_id,
                   org.protect_sector_id AS sector_id,
                   org.protect_sector_group_id AS sector_group_id,
                   COALESCE(e.force_area_id, org.protect_force_area_id)
                       AS force_area_id,
                   e.sensitivity AS engagement_sensitivity,
                   org.protect_sensitivity AS partner_sensitivity,
                   CASE WHEN contact.protect_stakeholder
                        THEN contact.protect_sensitivity
                        ELSE 'official' END AS contact_sensitivity
              FROM protect_engagement_partner_rel r
              JOIN protect_engagement e ON e.id = r.engagement_id
              JOIN res_partner contact ON contact.id = r.partner_id
              JOIN res_partner org ON org.id = contact.commercial_partner_id
             WHERE e.state = 'done' AND e.active AND org.protect_stakeholder
            """
        )

    def _read_group_select(self, aggregate_spec, query):
        """``audience_count:sum`` adds each engagement's audience once per group,
        however many of its stakeholders fall in the group."""
        if aggregate_spec != "audience_count:sum":
            return super()._read_group_select(aggregate_spec, query)
        return SQL(
            "(MOD(COALESCE(SUM(DISTINCT %s::numeric * %s + %s), 0), %s))::bigint",
            self._field_to_sql(self._table, "engagement_id", query),
            AUDIENCE_SHIFT,
            self._field_to_sql(self._table, "audience_count", query),
            AUDIENCE_SHIFT,
        )
