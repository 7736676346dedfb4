from odoo import api, fields, models

# Ordered from least to most sensitive; the rank is what vetting levels compare.
SENSITIVITY_SELECTION = [
    ("official", "OFFICIAL"),
    ("official_sensitive", "OFFICIAL-SENSITIVE"),
    ("secret", "SECRET"),
]
SENSITIVITY_RANK = {key: rank for rank, (key, _label) in enumerate(SENSITIVITY_SELECTION, 1)}


def sensitivities_up_to(max_sensitivity):
    """Return the sensitivity keys cleared by a clearance of ``max_sensitivity``."""
    if not max_sensitivity:
        return []
    limit = SENSITIVITY_RANK[max_sensitivity]
    return [key for key, rank in SENSITIVITY_RANK.items() if rank <= limit]


class ProtectSensitivityMixin(models.AbstractModel):
    """Protective marking shared by every Protect record that vetting guards."""

    _name = "protect.sensitivity.mixin"
    _description = "Protect sensitivity marking"

    sensitivity = fields.Selection(
        SENSITIVITY_SELECTION,
        string="Sensitivity",
        required=True,
        default="official",
        index=True,
        tracking=True,
        help="Protective marking. Only users whose current vetting clears this "
        "marking can see the record.",
    )

    @api.model
    def _protect_sensitivity_rank(self, sensitivity):
        return SENSITIVITY_RANK.get(sensitivity, 0)
