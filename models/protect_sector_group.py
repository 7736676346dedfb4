import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

HEX_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")


class ProtectSectorGroup(models.Model):
    """A row of the coverage reports: the sector group sectors count under.

    Administrators keep the list; every report, export and view reads it from
    here. One group is the fallback ("Other"): stakeholders with no sector
    count under it and new sectors start in it, so it can be neither archived
    nor deleted.
    """

    _name = "protect.sector.group"
    _description = "Sector group"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    color = fields.Char(
        string="Colour",
        required=True,
        default="#8C8C8C",
        help="Hexadecimal colour of the group on printed maps, e.g. #1F77B4.",
    )
    is_headline = fields.Boolean(
        string="Headline",
        help="Headline groups lead the coverage reports and are named in their "
        "summary when a force area has no engagement with them.",
    )
    is_fallback = fields.Boolean(
        string="Fallback group",
        readonly=True,
        copy=False,
        help="Stakeholders without a sector count under this group, and new "
        "sectors start in it. There is exactly one.",
    )
    active = fields.Boolean(default=True)
    sector_ids = fields.One2many("protect.sector", "group_id", string="Sectors")
    sector_count = fields.Integer(compute="_compute_sector_count")

    _one_fallback = models.UniqueIndex(
        "(is_fallback) WHERE is_fallback",
        "Fallback group: there is already one.",
    )

    @api.depends("sector_ids")
    def _compute_sector_count(self):
        counts = dict(
            self.env["protect.sector"]._read_group(
                [("group_id", "in", self.ids)], ["group_id"], ["__count"]
            )
        )
        for group in self:
            group.sector_count = counts.get(group, 0)

    @api.constrains("color")
    def _check_color(self):
        for group in self:
            if not HEX_COLOUR.fullmatch(group.color or ""):
                raise ValidationError(
                    self.env._(
                        "Colour: %(colour)s is not a hexadecimal colour; write "
                        "it as # and six digits 0-9 or A-F, e.g. #1F77B4.",
                        colour=group.color or "",
                    )
                )

    @api.constrains("active", "is_fallback")
    def _check_fallback_active(self):
        if self.filtered(lambda group: group.is_fallback and not group.active):
            raise ValidationError(
                self.env._(
                    "Active: the fallback sector group counts every stakeholder "
                    "without a sector; it cannot be archived."
                )
            )

    def write(self, vals):
        if "is_fallback" in vals and any(
            group.is_fallback != bool(vals["is_fallback"]) for group in self
        ):
            raise ValidationError(
                self.env._(
                    "Fallback group: it is set once, when the addon is installed, "
                    "and cannot be moved to another group."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_fallback_or_used(self):
        if self.filtered("is_fallback"):
            raise ValidationError(
                self.env._(
                    "Fallback group: it counts every stakeholder without a sector "
                    "and cannot be deleted."
                )
            )
        used = (
            self.env["protect.sector"]
            .with_context(active_test=False)
            .search_count([("group_id", "in", self.ids)], limit=1)
        )
        if used:
            raise ValidationError(
                self.env._(
                    "Sectors: sectors count under this group. Move them to another "
                    "group first, or archive the group instead of deleting it."
                )
            )

    @api.model
    def _fallback(self):
        """The fallback group ("Other"), in this environment."""
        # sudo (2): anyone may create a contact, whose stored sector group
        # needs the fallback group: find it whatever the user's Protect access.
        fallback = self.sudo().search([("is_fallback", "=", True)], limit=1)
        return fallback.with_env(self.env)

    @api.model
    def _fill_stakeholder_groups(self):
        """Store every contact's sector group in one statement: its sector's
        group, else the fallback group. For installation and upgrades, when
        contacts exist before the groups do."""
        fallback = self._fallback()
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner p
                   SET protect_sector_group_id = COALESCE(sector.group_id, %s)
                  FROM res_partner q
                  LEFT JOIN protect_sector sector ON sector.id = q.protect_sector_id
                 WHERE q.id = p.id
                   AND p.protect_sector_group_id IS DISTINCT FROM
                       COALESCE(sector.group_id, %s)
                """,
                fallback.id,
                fallback.id,
            )
        )
        self.env["res.partner"].invalidate_model(["protect_sector_group_id"])
