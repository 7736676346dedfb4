from odoo import api, fields, models
from odoo.exceptions import ValidationError

# The 4P strands of the counter-terrorism strategy: an engagement's strand and
# the one its type suggests.
STRAND_SELECTION = [
    ("pursue", "Pursue"),
    ("prevent", "Prevent"),
    ("protect", "Protect"),
    ("prepare", "Prepare"),
]


class ProtectEngagementType(models.Model):
    _name = "protect.engagement.type"
    _description = "Engagement type"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    is_panel_meeting = fields.Boolean(
        string="Panel meeting",
        help="Engagements of this type are meetings of a panel or forum and "
        "record attendance per member.",
    )
    default_strand = fields.Selection(
        STRAND_SELECTION,
        default="protect",
        required=True,
    )
    color = fields.Integer()
    description = fields.Text()
    active = fields.Boolean(default=True)

    _code_unique = models.UniqueIndex(
        "(code)", "An engagement type's code must be unique."
    )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        # sudo (1): whether the type is in use, whoever may see the engagements.
        engagements = (
            self.env["protect.engagement"].sudo().with_context(active_test=False)
        )
        used = engagements.search_count(
            [("engagement_type_id", "in", self.ids)], limit=1
        )
        if used:
            raise ValidationError(
                self.env._(
                    "Engagement type: engagements of this type exist. "
                    "Archive it instead of deleting it."
                )
            )
