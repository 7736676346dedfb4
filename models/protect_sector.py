from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ProtectSector(models.Model):
    _name = "protect.sector"
    _description = "Stakeholder sector"
    _parent_store = True
    _rec_name = "complete_name"
    _order = "complete_name, id"

    name = fields.Char(required=True, translate=True)
    complete_name = fields.Char(
        compute="_compute_complete_name", store=True, recursive=True, index=True
    )
    parent_id = fields.Many2one(
        "protect.sector", string="Parent sector", index=True, ondelete="restrict"
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("protect.sector", "parent_id", string="Sub-sectors")
    group_id = fields.Many2one(
        "protect.sector.group",
        string="Sector group",
        required=True,
        index=True,
        ondelete="restrict",
        default=lambda self: self.env["protect.sector.group"]._fallback(),
        help="The row this sector counts under in coverage reports.",
    )
    is_headline = fields.Boolean(related="group_id.is_headline")
    description = fields.Text()
    color = fields.Integer()
    active = fields.Boolean(default=True)
    stakeholder_count = fields.Integer(compute="_compute_stakeholder_count")

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for sector in self:
            if sector.parent_id:
                sector.complete_name = (
                    f"{sector.parent_id.complete_name} / {sector.name}"
                )
            else:
                sector.complete_name = sector.name

    @api.depends_context("uid")
    def _compute_stakeholder_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("protect_sector_id", "in", self.ids)],
                ["protect_sector_id"],
                ["__count"],
            )
        )
        for sector in self:
            sector.stakeholder_count = counts.get(sector, 0)

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if self._has_cycle():
            raise ValidationError(
                self.env._("Parent sector: a sector cannot be its own ancestor.")
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        # sudo (1): whether any stakeholder, even one above the user's vetting,
        # is filed under the sector; the answer is only a refusal.
        used = (
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=False)
            .search_count([("protect_sector_id", "in", self.ids)], limit=1)
        )
        if used:
            raise ValidationError(
                self.env._(
                    "Sector: stakeholders are filed under this sector. "
                    "Archive it instead of deleting it."
                )
            )
