from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.ir_actions_report import PRINT_IDS_KEY
from ..models.protect_sensitivity_mixin import (
    SENSITIVITY_RANK,
    SENSITIVITY_SELECTION,
    highest_marking,
)
from ..models.res_users import PRINT_MARKING_KEY

BRIEF_REPORT = "protect_engagement.protect_engagement_report_brief"


class ProtectPrintBriefWizard(models.TransientModel):
    """Print engagement briefs to share with someone cleared lower than the
    printing user: whatever is marked above the chosen marking is left out of
    the briefs, as if the user's vetting cleared only that marking, and the PDF
    is marked at it."""

    _name = "protect.print.brief.wizard"
    _inherit = ["protect.report.preview.mixin"]
    _description = "Print engagement briefs for sharing"
    # The path of the server action protect_print_brief_wizard_action_preview.
    _protect_preview_path = "protect-brief-preview"

    engagement_ids = fields.Many2many(
        "protect.engagement",
        "protect_print_brief_wizard_engagement_rel",
        "wizard_id",
        "engagement_id",
        string="Engagements",
        required=True,
        default=lambda self: self._default_engagement_ids(),
    )
    print_marking = fields.Selection(
        selection="_selection_print_marking",
        string="Print at",
        required=True,
        default=lambda self: self._default_print_marking(),
        help="The marking of whoever the briefs are for: stakeholders, attendees "
        "and panels marked above it are left out, and the PDF is marked at it.",
    )

    @api.model
    def _selection_print_marking(self):
        """The markings a user may print at: those their own vetting clears."""
        cleared = self.env.user._protect_cleared_sensitivities()
        return [(key, label) for key, label in SENSITIVITY_SELECTION if key in cleared]

    @api.model
    def _default_engagement_ids(self):
        context = self.env.context
        if context.get("active_model") != "protect.engagement":
            return self.env["protect.engagement"]
        ids = context.get("active_ids") or []
        return self.env["protect.engagement"].browse(ids)._filtered_access("read")

    @api.model
    def _default_print_marking(self):
        """The highest marking of the engagements: none of them is left out."""
        cleared = self.env.user._protect_cleared_sensitivities()
        marking = highest_marking(self._default_engagement_ids().mapped("sensitivity"))
        return marking if marking in cleared else None

    def _field_label(self, field_name):
        return self._fields[field_name]._description_string(self.env)

    def action_print(self):
        """The briefs as one PDF, printed at the chosen marking."""
        self.ensure_one()
        marking = self.print_marking
        label = self._field_label("print_marking")
        if marking not in self.env.user._protect_cleared_sensitivities():
            raise UserError(
                self.env._(
                    "%(field)s: your vetting does not clear this marking.",
                    field=label,
                )
            )
        engagements = self.engagement_ids
        if not engagements:
            raise UserError(
                self.env._(
                    "%(field)s: choose at least one engagement.",
                    field=self._field_label("engagement_ids"),
                )
            )
        above = engagements.filtered(
            lambda e: SENSITIVITY_RANK[e.sensitivity] > SENSITIVITY_RANK[marking]
        )
        if above:
            raise UserError(
                self.env._(
                    "%(field)s: %(names)s marked above %(marking)s cannot be printed "
                    "at it. Leave them out or print at a higher marking.",
                    field=label,
                    names=", ".join(above.mapped("display_name")),
                    marking=dict(self._selection_print_marking())[marking],
                )
            )
        report = self.env.ref(BRIEF_REPORT)
        data = {PRINT_MARKING_KEY: marking, PRINT_IDS_KEY: engagements.ids}
        return report.report_action(engagements, data=data, config=False)
