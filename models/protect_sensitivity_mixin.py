from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Values of a view's readonly attribute that already make a field read-only.
ALWAYS_READONLY = {"1", "True", "true"}

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


def marking_floor(user, saved):
    """The lowest marking ``user`` may give a record marked ``saved`` (False
    for a new record): a Protect manager may lower a marking, nobody else."""
    if user.has_group("protect_engagement.group_manager"):
        return OPEN_MARKING
    return saved or OPEN_MARKING


def offer_cleared_markings(env, descriptions, field_name):
    """Leave in the ``fields_get`` description of marking ``field_name`` only
    the markings the user's vetting clears: one above it would be refused."""
    marking = descriptions.get(field_name)
    if marking and "selection" in marking and not env.su:
        cleared = set(env.user._protect_cleared_sensitivities())
        marking["selection"] = [
            option for option in marking["selection"] if option[0] in cleared
        ]


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
    protect_can_edit = fields.Boolean(
        string="Editable by you",
        compute="_compute_protect_can_edit",
        help="Whether your role and the record rules let you change this record: "
        "its form opens read-only when they do not.",
    )

    protect_marking_floor = fields.Selection(
        SENSITIVITY_SELECTION,
        string="Lowest marking you may set",
        compute="_compute_protect_marking_floor",
        help="The record's saved marking, unless you are a Protect manager (who "
        "may lower a marking): the marking list offers nothing below it.",
    )

    @api.depends_context("uid")
    def _compute_protect_can_edit(self):
        # A record being edited in a form is a new record whose origin is the
        # saved one: what may be written is decided on the saved record.
        saved = self._origin.filtered("id")
        writable = saved._filtered_access("write")
        may_create = self.browse().has_access("create")
        for record in self:
            origin = record._origin
            record.protect_can_edit = origin in writable if origin.id else may_create

    @api.depends("sensitivity")
    @api.depends_context("uid")
    def _compute_protect_marking_floor(self):
        for record in self:
            saved = record._origin.sensitivity if record._origin.id else False
            record.protect_marking_floor = marking_floor(self.env.user, saved)

    @api.model
    def _get_view(self, view_id=None, view_type="form", **options):
        arch, view = super()._get_view(view_id, view_type, **options)
        if view_type == "form":
            self._protect_readonly_unless_editable(arch)
        return arch, view

    @api.model
    def _protect_readonly_unless_editable(self, arch):
        """Make every field of the form's own record read-only where the user
        may not change the record (``protect_can_edit``): a record they may only
        read opens as a read-only form instead of a form whose save is refused.
        Fields of lines (inside an x2many) follow their x2many field."""
        for node in arch.xpath("//field[not(ancestor::field)]"):
            readonly = (node.get("readonly") or "").strip()
            if readonly in ALWAYS_READONLY:
                continue
            condition = "not protect_can_edit"
            if readonly and readonly not in {"0", "False", "false"}:
                condition = f"({readonly}) or {condition}"
            node.set("readonly", condition)

    @api.model
    def fields_get(self, allfields=None, attributes=None):
        """Offer in the marking's list only the markings the user's vetting
        clears: a marking above it would be refused on save."""
        descriptions = super().fields_get(allfields, attributes)
        offer_cleared_markings(self.env, descriptions, "sensitivity")
        return descriptions

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

    def _protect_check_marked_as_high_as(self, *field_names, messages=None):
        """Refuse a record marked lower than a record it links to by one of
        ``field_names`` (it shows that record, so it is marked at least as
        high). ``messages`` may word the refusal for a field (with %(name)s
        and %(marking)s)."""
        labels = dict(self._fields["sensitivity"]._description_selection(self.env))
        for record in self:
            for field_name in field_names:
                # sudo (1): the linked record's marking, even where the user
                # may not see it.
                linked = record.sudo()[field_name]
                if not linked or (
                    SENSITIVITY_RANK[record.sensitivity]
                    >= SENSITIVITY_RANK[linked.sensitivity]
                ):
                    continue
                values = {
                    "name": record.display_name,
                    "marking": labels[linked.sensitivity],
                }
                if messages and field_name in messages:
                    raise ValidationError(messages[field_name] % values)
                raise ValidationError(
                    self.env._(
                        "Sensitivity: '%(name)s' shows a %(linked)s marked "
                        "%(marking)s; mark it at least as high.",
                        linked=linked._description.lower(),
                        **values,
                    )
                )

    def _protect_raise_linked(self, model_name, field_name):
        """Records of ``model_name`` linked to these by ``field_name`` show
        them, so they are marked at least as high: raise those marked lower.

        Upkeep of the change of marking, so done as superuser: the editor
        clears the new marking, and linked records they could not see are
        raised too."""
        for record in self:
            rank = SENSITIVITY_RANK[record.sensitivity]
            # sudo (2): every linked record is raised with it, hidden or not.
            linked = (
                self.env[model_name]
                .sudo()
                .with_context(active_test=False)
                .search([(field_name, "=", record.id)])
                .filtered(lambda r, rank=rank: SENSITIVITY_RANK[r.sensitivity] < rank)
            )
            if linked:
                linked.write({"sensitivity": record.sensitivity})

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


class ProtectOfficialMarking(models.AbstractModel):
    """Records handled at OFFICIAL whatever they hold (officers' own CPD): a
    constant marking, which their forms show as a band like marked records'."""

    _name = "protect.official.marking"
    _description = "Protect record handled at OFFICIAL"

    protect_marking = fields.Selection(
        SENSITIVITY_SELECTION,
        string="Marking",
        compute="_compute_protect_marking",
        help="Handled at OFFICIAL: seen by who the record's own rules allow.",
    )

    def _compute_protect_marking(self):
        self.protect_marking = OPEN_MARKING
