from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .protect_sensitivity_mixin import SENSITIVITY_SELECTION


class ProtectMarkingCaveat(models.Model):
    """The handling instruction printed under a protective marking on every
    page of a Protect PDF (for example "do not copy"). One per marking at a
    time; a marking without an active caveat, or with an empty one, prints
    none. Administrators edit them under Configuration."""

    _name = "protect.marking.caveat"
    _description = "Handling caveat of a protective marking"
    _order = "marking, id"
    _rec_name = "marking"

    # ------------------------------------------------------------------ fields
    marking = fields.Selection(
        SENSITIVITY_SELECTION,
        required=True,
        help="The protective marking whose documents carry this caveat.",
    )
    caveat = fields.Char(
        help="Printed on every page under the marking. Leave empty for none.",
    )
    active = fields.Boolean(default=True)

    # ------------------------------------------------------------- constraints
    @api.constrains("marking", "active")
    def _check_marking_unique(self):
        active = self.filtered("active")
        if not active:
            return
        counts = dict(
            self._read_group(
                [("marking", "in", active.mapped("marking")), ("active", "=", True)],
                ["marking"],
                ["__count"],
            )
        )
        labels = dict(self._fields["marking"]._description_selection(self.env))
        for marking, count in counts.items():
            if count > 1:
                raise ValidationError(
                    self.env._(
                        "Marking: %(marking)s already has a handling caveat; "
                        "edit that one instead of adding another.",
                        marking=labels[marking],
                    )
                )

    # ----------------------------------------------------------------- helpers
    @api.model
    def _protect_caveat(self, marking):
        """The caveat text printed under ``marking`` ('' when none)."""
        caveat = self.search([("marking", "=", marking)], limit=1)
        return (caveat.caveat or "").strip()
