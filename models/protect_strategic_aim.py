from odoo import fields, models

from .protect_engagement_type import STRAND_SELECTION


class ProtectStrategicAim(models.Model):
    """A national strategic aim a regional plan's objectives serve (the Fraud
    Strategy's, the 4P Protect aims): configuration, seeded as data."""

    _name = "protect.strategic.aim"
    _description = "National strategic aim"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    framework = fields.Char(
        help="The national strategy or framework the aim comes from.",
        translate=True,
    )
    strand = fields.Selection(STRAND_SELECTION, string="4P strand")
    description = fields.Text(translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _name_unique = models.UniqueIndex(
        "(name, framework)", "A strategic aim's name must be unique in its framework."
    )
