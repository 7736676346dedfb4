from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Ordered from least to most sensitive; the rank is what vetting levels compare.
SENSITIVITY_SELECTION = [
    ("official", "OFFICIAL"),
    ("official_sensitive", "OFFICIAL-SENSITIVE"),
    ("secret", "SECRET"),
]
# The marking of a record that carries none: anyone in Protect may see it.
OPEN_MARKING = "official"
SENSITIVITY_RANK = {
    key: rank for rank, (key, _label) in enumerate(SENSITIVITY_SELECTION, 1)
}

# What the register keeps: dates from 1900 to 2999, an engagement of at most
# four weeks. Beyond, an end computed from them would overflow the calendar.
DATE_MIN_YEAR = 1900
DATE_MAX_YEAR = 2999
MAX_DURATION_HOURS = 672


def sensitivities_up_to(max_sensitivity):
    """Return the sensitivity keys cleared by a clearance of ``max_sensitivity``."""
    if not max_sensitivity:
        return []
    limit = SENSITIVITY_RANK[max_sensitivity]
    return [key for key, rank in SENSITIVITY_RANK.items() if rank <= limit]


def highest_marking(markings):
    """The most sensitive of ``markings`` (keys; empty values ignored), OFFICIAL
    when there is none: the marking a document printing them all carries."""
    ranked = [m for m in markings if m]
    return max(ranked, key=SENSITIVITY_RANK.__getitem__) if ranked else OPEN_MARKING


class ProtectSensitivityMixin(models.AbstractModel):
    """Protective marking shared by every Protect record that vetting guards."""

    _name = "protect.sensitivity.mixin"
    _description = "Protect sensitivity marking"
    _protect_vetted = True
    _protect_marked_mail = True
    _protect_marking_field = "sensitivity"

    sensitivity = fields.Selection(
        SENSITIVITY_SELECTION,
        required=True,
        default="official",
        index=True,
        tracking=True,
        help="Protective marking. Only users whose current vetting clears this "
        "marking can see the record.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        # Access rights first: a user who may not create at all is told so.
        self.browse().check_access("create")
        self._protect_check_links(vals_list)
        for vals in vals_list:
            self._protect_check_sensitivity_change(vals.get("sensitivity", "official"))
        return super().create(vals_list)

    def write(self, vals):
        self._protect_check_links([vals], self)
        if "sensitivity" in vals:
            for record in self:
                self._protect_check_sensitivity_change(
                    vals["sensitivity"], record.sensitivity
                )
        return super().write(vals)

    @api.depends("sensitivity")
    @api.depends_context("uid")
    def _compute_display_name(self):
        hidden = self._protect_display_restricted()
        super(ProtectSensitivityMixin, self - hidden)._compute_display_name()

    @api.model
    def _protect_check_sensitivity_change(self, new, old=None, label=None):
        """Refuse a marking above the user's vetting, or a lowering by a non-manager.

        Code running as superuser (``sudo()``: installs, scheduled jobs, the
        upkeep a permitted change causes) is exempt; no sudo() path of this
        addon writes a marking a user typed (see doc/security.md).
        """
        user = self.env.user
        if self.env.su or new == old:
            return
        label = label or self.env._("Sensitivity")
        if not new:
            raise ValidationError(
                self.env._("%(field)s: a marking is required.", field=label)
            )
        if new not in user._protect_cleared_sensitivities():
            raise ValidationError(
                self.env._(
                    "%(field)s: your vetting does not clear %(marking)s, so you cannot "
                    "mark a record %(marking)s.",
                    field=label,
                    marking=dict(
                        self.env["protect.sensitivity.mixin"]
                        ._fields["sensitivity"]
                        ._description_selection(self.env)
                    )[new],
                )
            )
        if (
            old
            and SENSITIVITY_RANK[new] < SENSITIVITY_RANK[old]
            and not user.has_group("protect_engagement.group_manager")
        ):
            raise ValidationError(
                self.env._(
                    "%(field)s: only a Protect manager can lower a record's marking.",
                    field=label,
                )
            )
