from odoo import api, fields, models
from odoo.tools import SQL

from .protect_sensitivity_mixin import SENSITIVITY_RANK, SENSITIVITY_SELECTION


def _rank_of(marking):
    """SQL: the rank (1 = OFFICIAL) of the marking in SQL ``marking``; an
    empty marking ranks as OFFICIAL."""
    return SQL(
        "COALESCE(CASE %s %s END, 1)",
        marking,
        SQL(" ").join(
            SQL("WHEN %s THEN %s", key, rank) for key, rank in SENSITIVITY_RANK.items()
        ),
    )


class ProtectEngagementStat(models.Model):
    """Per-stakeholder engagement figures, one row per marking to clear.

    A stakeholder list shows each partner's engagement count and last engagement
    date, and officers filter on them. Counting a million engagements at every
    read is too slow, and the figures must only count what the viewer may see.
    This table keeps, for each stakeholder and each marking, the number of done
    engagements a viewer must clear that marking to count, and the latest date;
    ``protect.stakeholder.figures`` sums the rows the viewer's vetting clears.

    The marking of an engagement for a stakeholder is the higher of the
    engagement's and the linked contact's (the stakeholder itself, or for an
    organisation one of its people): the lowest such marking over its links,
    so that each engagement counts once per stakeholder. It is maintained in
    SQL whenever an engagement's stakeholders, state, date, marking or archive
    flag change, or a contact's marking, and is never edited by users.
    """

    _name = "protect.engagement.stat"
    _description = "Stakeholder engagement figures by sensitivity"
    _log_access = False

    partner_id = fields.Many2one(
        "res.partner", required=True, ondelete="cascade", index=True
    )
    sensitivity = fields.Selection(SENSITIVITY_SELECTION, required=True)
    engagement_count = fields.Integer(required=True)
    last_date = fields.Date(required=True)

    _partner_sensitivity_unique = models.UniqueIndex("(partner_id, sensitivity)")
    # Filtering stakeholders on "last engagement before/after" scans this index.
    _sensitivity_last_date_idx = models.Index("(sensitivity, last_date, partner_id)")

    @api.model
    def _refresh(self, partners):
        """Recompute the rows of ``partners`` and of their organisations."""
        # sudo (2): the figures follow a change the user was allowed to make.
        partners = partners.sudo().exists()
        if partners:
            targets = set(partners.ids) | set(partners.commercial_partner_id.ids)
            self._refresh_ids(tuple(targets))

    @api.model
    def _refresh_ids(self, partner_ids):
        if partner_ids:
            self._execute(
                SQL(
                    "DELETE FROM protect_engagement_stat WHERE partner_id IN %s",
                    partner_ids,
                ),
                self._insert_sql(partner_ids),
            )

    @api.model
    def _drop(self, partners):
        """Delete the rows of ``partners``; ``_refresh`` counts them again."""
        if partners:
            self._execute(
                SQL(
                    "DELETE FROM protect_engagement_stat WHERE partner_id IN %s",
                    tuple(partners.ids),
                )
            )

    @api.model
    def _add_engagements(self, engagements):
        """Add the figures of new ``engagements`` to their stakeholders' rows.

        A new engagement only adds to the figures, so its stakeholders' rows
        get its count added and their last date raised, rather than a recount
        of their whole history as ``_refresh`` does. Measured by tools/bench.py
        at 1M engagements: the recount took 0.63 s for each batch of 500 new
        engagements (it joined every done engagement to the stakeholders'
        links); the addition, which reads only the new engagements' links,
        0.04 s.
        """
        # sudo (2): the figures follow the engagements the user created.
        engagements = engagements.sudo().exists()
        if engagements:
            self._execute(
                self._insert_sql(engagement_ids=tuple(engagements.ids), add=True)
            )

    @api.model
    def _rebuild_all(self):
        """Rebuild the whole table, e.g. after a bulk import made in SQL."""
        self._execute(SQL("TRUNCATE protect_engagement_stat"), self._insert_sql())

    @api.model
    def _execute(self, *queries):
        """Run ``queries`` on the figures' sources as the ORM holds them, then
        drop the figures the ORM cached for stakeholders."""
        self.env["protect.engagement"].flush_model(
            ["partner_ids", "state", "date_start", "sensitivity", "active"]
        )
        self.env["res.partner"].flush_model(
            ["commercial_partner_id", "protect_stakeholder", "protect_sensitivity"]
        )
        for query in queries:
            self.env.cr.execute(query)
        self.env["res.partner"].invalidate_model(
            ["protect_engagement_count", "protect_last_engagement_date"]
        )

    @api.model
    def _insert_sql(self, partner_ids=None, engagement_ids=None, add=False):
        """INSERT the figures of ``partner_ids`` (all stakeholders when None),
        counting only ``engagement_ids`` if given; ``add`` adds them to the
        existing rows instead of replacing those."""
        direct = indirect = SQL("TRUE")
        if partner_ids is not None:
            direct = SQL("r.partner_id IN %s", partner_ids)
            indirect = SQL("p.commercial_partner_id IN %s", partner_ids)
        if engagement_ids is not None:
            direct = indirect = SQL("r.engagement_id IN %s", engagement_ids)
        update = SQL(
            """engagement_count = EXCLUDED.engagement_count,
                   last_date = EXCLUDED.last_date"""
        )
        if add:
            update = SQL(
                """engagement_count = protect_engagement_stat.engagement_count
                                      + EXCLUDED.engagement_count,
                   last_date = GREATEST(protect_engagement_stat.last_date,
                                        EXCLUDED.last_date)"""
            )
        return SQL(
            """
            INSERT INTO protect_engagement_stat
                        (partner_id, sensitivity, engagement_count, last_date)
            SELECT per_engagement.partner_id,
                   (%(keys)s)[per_engagement.marking_rank],
                   count(*), max(per_engagement.day)
              FROM (
                    SELECT link.partner_id, e.id,
                           e.date_start::date AS day,
                           MIN(GREATEST(%(engagement_rank)s, %(contact_rank)s))
                               AS marking_rank
                      FROM (
                            SELECT r.engagement_id, r.partner_id,
                                   r.partner_id AS contact_id
                              FROM protect_engagement_partner_rel r
                             WHERE %(direct)s
                             UNION
                            SELECT r.engagement_id, p.commercial_partner_id,
                                   r.partner_id
                              FROM protect_engagement_partner_rel r
                              JOIN res_partner p ON p.id = r.partner_id
                             WHERE %(indirect)s
                           ) AS link
                      JOIN protect_engagement e ON e.id = link.engagement_id
                      JOIN res_partner contact ON contact.id = link.contact_id
                     WHERE e.state = 'done' AND e.active
                     GROUP BY link.partner_id, e.id
                   ) AS per_engagement
             GROUP BY per_engagement.partner_id, per_engagement.marking_rank
            -- Two transactions refreshing one stakeholder: the later one fails
            -- to serialise here and Odoo retries it, rather than a key error.
                ON CONFLICT (partner_id, sensitivity) DO UPDATE
               SET %(update)s
            """,
            keys=SQL(
                "ARRAY[%s]",
                SQL(", ").join(SQL("%s", key) for key in SENSITIVITY_RANK),
            ),
            engagement_rank=_rank_of(SQL("e.sensitivity")),
            # A contact who is not a stakeholder carries no marking.
            contact_rank=SQL(
                "CASE WHEN contact.protect_stakeholder THEN %s ELSE 1 END",
                _rank_of(SQL("contact.protect_sensitivity")),
            ),
            direct=direct,
            indirect=indirect,
            update=update,
        )
