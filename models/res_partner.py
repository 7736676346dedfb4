import operator as py_operator

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from .protect_sensitivity_mixin import (
    OPEN_MARKING,
    SENSITIVITY_RANK,
    SENSITIVITY_SELECTION,
    highest_marking,
    marking_floor,
    offer_cleared_markings,
)
from .protect_stakeholder_figures import NO_FIGURES

# Comparison operators a figure can be filtered with: Python and SQL forms.
COMPARATORS = {
    "<": (py_operator.lt, SQL("<")),
    "<=": (py_operator.le, SQL("<=")),
    ">": (py_operator.gt, SQL(">")),
    ">=": (py_operator.ge, SQL(">=")),
}

# Values a person inherits from the stakeholder organisation they work for.
INHERITED_FROM_ORGANISATION = (
    "protect_stakeholder",
    "protect_sector_id",
    "protect_force_area_id",
    "protect_owner_id",
    "protect_sensitivity",
)
# The register fields a person takes from their organisation when filed under
# it (_compute_protect_from_organisation), yet may be given or edited.
FROM_ORGANISATION = {
    "compute": "_compute_protect_from_organisation",
    "store": True,
    "readonly": False,
    "precompute": True,
    "tracking": True,
}


class ResPartner(models.Model):
    _inherit = "res.partner"
    _protect_vetted = True
    _protect_marking_field = "protect_sensitivity"

    # Stakeholder register
    protect_stakeholder = fields.Boolean(
        string="Protect stakeholder",
        **FROM_ORGANISATION,
        index=True,
        help="Listed in the Protect stakeholder register.",
    )
    protect_sector_id = fields.Many2one(
        "protect.sector",
        string="Sector",
        **FROM_ORGANISATION,
        index="btree_not_null",
    )
    protect_sector_group_id = fields.Many2one(
        "protect.sector.group",
        string="Sector group",
        compute="_compute_protect_sector_group_id",
        store=True,
        precompute=True,
        index=True,
        ondelete="restrict",
        help="The sector's group; the fallback group (Other) without a sector.",
    )
    protect_force_area_id = fields.Many2one(
        "protect.force.area",
        string="Force area",
        **FROM_ORGANISATION,
        index="btree_not_null",
    )
    protect_owner_id = fields.Many2one(
        "res.users",
        string="Relationship owner",
        **FROM_ORGANISATION,
        index="btree_not_null",
        domain=[("share", "=", False)],
        help="The officer who owns the relationship with this stakeholder.",
    )
    protect_status = fields.Selection(
        [
            ("prospect", "Prospect"),
            ("active", "Active"),
            ("dormant", "Dormant"),
            ("ended", "Ended"),
        ],
        string="Partnership status",
        default="prospect",
        tracking=True,
    )
    protect_power = fields.Integer(
        string="Power",
        default=3,
        help="Influence over fraud protection outcomes, from 1 (low) to 5 (high).",
    )
    protect_interest = fields.Integer(
        string="Interest",
        default=3,
        help="Interest in the Protect agenda, from 1 (low) to 5 (high).",
    )
    protect_health = fields.Selection(
        [("good", "Healthy"), ("attention", "Needs attention"), ("at_risk", "At risk")],
        string="Relationship health",
        default="good",
        tracking=True,
    )
    protect_isa_state = fields.Selection(
        [
            ("none", "None"),
            ("negotiating", "In negotiation"),
            ("signed", "Signed"),
        ],
        string="Information-sharing agreement",
        default="none",
        tracking=True,
    )
    protect_isa_expiry = fields.Date(string="Agreement expiry", tracking=True)
    protect_sensitivity = fields.Selection(
        SENSITIVITY_SELECTION,
        string="Sensitivity",
        **FROM_ORGANISATION,
        help="Protective marking of this stakeholder. Only users whose vetting "
        "clears it can see the stakeholder.",
    )
    protect_marking_floor = fields.Selection(
        SENSITIVITY_SELECTION,
        string="Lowest marking you may set",
        compute="_compute_protect_marking_floor",
        help="The stakeholder's saved marking, unless you are a Protect manager "
        "(who may lower a marking): the marking list offers nothing below it.",
    )

    # Engagement figures, read from protect.engagement.stat (see there)
    protect_engagement_count = fields.Integer(
        string="Engagements",
        compute="_compute_protect_engagement_stats",
        search="_search_protect_engagement_count",
    )
    protect_last_engagement_date = fields.Date(
        string="Last engagement",
        compute="_compute_protect_engagement_stats",
        search="_search_protect_last_engagement_date",
    )
    protect_engagement_ids = fields.Many2many(
        "protect.engagement",
        "protect_engagement_partner_rel",
        "partner_id",
        "engagement_id",
        string="Engagements logged",
        readonly=True,
    )
    protect_membership_ids = fields.One2many(
        "protect.panel.membership", "partner_id", string="Panel memberships"
    )
    protect_membership_count = fields.Integer(
        string="Panels", compute="_compute_protect_membership_count"
    )

    # The stakeholder list opens in res.partner's order (complete_name, id
    # desc). With base's index on complete_name alone, PostgreSQL sorted every
    # stakeholder to show the first page: 57 ms at 100k stakeholders, measured
    # by tools/bench.py; with this index it reads the first 80 in order, ~1 ms.
    _complete_name_id_desc_idx = models.Index("(complete_name, id DESC)")
    # The marking a viewer must clear to see a contact linked to an engagement,
    # exactly as protect.coverage.line computes it (contact_sensitivity) and its
    # vetting rule filters on it. Without statistics on that expression the
    # planner guessed it kept 1% of the contacts (it keeps ~95%) and chose
    # nested loops over the 1.8M engagement links. Measured by tools/bench.py
    # at 1M engagements, with this index (for its statistics): the coverage
    # pivot for a year 9.0 s -> 2.4-2.8 s, the coverage report 48 s -> 20 s.
    _protect_contact_marking_idx = models.Index(
        "((CASE WHEN protect_stakeholder THEN protect_sensitivity ELSE 'official' END))"
    )

    # ------------------------------------------------------------------ register

    @api.depends("parent_id")
    def _compute_protect_from_organisation(self):
        """A person filed under a stakeholder organisation, and not in the
        register yet, takes its register fields (INHERITED_FROM_ORGANISATION):
        on the form as the organisation is chosen, and on creation for those
        not given. The marking is floored again on saving, see
        _protect_inherit_from_organisation. Anyone else keeps their values, or
        starts at OFFICIAL. An organisation the user may not read gives
        nothing: the form would otherwise show its values."""
        # sudo (3): the organisations the user may read, and their values
        # whatever the user may read of those (their owner, say).
        readable, _hidden = self._protect_read_past_rules("parent_id")
        for partner in self:
            organisation = partner.sudo().parent_id
            if organisation.id not in readable.ids:
                organisation = organisation.browse()
            if (
                organisation.protect_stakeholder
                and not partner._origin.protect_stakeholder
            ):
                for field_name in INHERITED_FROM_ORGANISATION:
                    partner[field_name] = organisation[field_name]
            elif not partner.protect_sensitivity:
                partner.protect_sensitivity = "official"

    @api.depends("protect_sensitivity")
    @api.depends_context("uid")
    def _compute_protect_marking_floor(self):
        for partner in self:
            saved = partner._origin.protect_sensitivity if partner._origin.id else False
            partner.protect_marking_floor = marking_floor(self.env.user, saved)

    @api.model
    def fields_get(self, allfields=None, attributes=None):
        """Offer in the stakeholder's marking list only the markings the user's
        vetting clears."""
        descriptions = super().fields_get(allfields, attributes)
        offer_cleared_markings(self.env, descriptions, "protect_sensitivity")
        return descriptions

    # ------------------------------------------------------------------ figures

    @api.depends("protect_sector_id.group_id")
    def _compute_protect_sector_group_id(self):
        # The one place deciding that a stakeholder without a sector counts
        # under the fallback group ("Other").
        fallback = self.env["protect.sector.group"]._fallback()
        for partner in self:
            partner.protect_sector_group_id = (
                partner.protect_sector_id.group_id or fallback
            )

    @api.depends_context("uid")
    def _compute_protect_engagement_stats(self):
        figures = self.env["protect.stakeholder.figures"]._all_time(self)
        for partner in self:
            count, last = figures.get(partner._origin.id, NO_FIGURES)
            partner.protect_engagement_count = count
            partner.protect_last_engagement_date = last

    def _protect_stat_filter(self, aggregate, compare):
        """Domain on the stakeholders whose all-time ``aggregate`` satisfies
        ``compare`` (an SQL condition, and whether "no figures" satisfies it)."""
        condition, matches_none = compare
        return self.env["protect.stakeholder.figures"]._all_time_domain(
            aggregate, condition, matches_none
        )

    def _search_protect_engagement_count(self, operator, value):
        if operator in COMPARATORS:
            number = int(value)
            python_op, sql_op = COMPARATORS[operator]
            compare = (
                lambda agg: SQL("%s %s %s", agg, sql_op, number),
                python_op(0, number),
            )
        elif operator == "in":
            numbers = tuple(int(v or 0) for v in value)
            compare = (lambda agg: SQL("%s IN %s", agg, numbers), 0 in numbers)
        else:
            return NotImplemented
        return self._protect_stat_filter(SQL("SUM(engagement_count)"), compare)

    def _search_protect_last_engagement_date(self, operator, value):
        if operator in COMPARATORS:
            day = fields.Date.to_date(value)
            sql_op = COMPARATORS[operator][1]
            compare = (lambda agg: SQL("%s %s %s", agg, sql_op, day), False)
        elif operator == "in":
            days = tuple(fields.Date.to_date(v) for v in value if v)
            never = len(days) < len(value)
            if days:
                compare = (lambda agg: SQL("%s IN %s", agg, days), never)
            else:
                compare = (lambda agg: SQL("FALSE"), never)
        else:
            return NotImplemented
        return self._protect_stat_filter(SQL("MAX(last_date)"), compare)

    @api.depends_context("uid")
    def _compute_protect_membership_count(self):
        counts = dict(
            self.env["protect.panel.membership"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.protect_membership_count = counts.get(partner, 0)

    # ------------------------------------------------------------------ checks

    @api.constrains("protect_power", "protect_interest")
    def _check_protect_power_interest(self):
        labels = {
            "protect_power": self.env._("Power"),
            "protect_interest": self.env._("Interest"),
        }
        for partner in self:
            for field_name, label in labels.items():
                value = partner[field_name]
                if not 1 <= value <= 5:
                    raise ValidationError(
                        self.env._(
                            "%(field)s: %(partner)s is rated %(value)s; use 1 (low) to "
                            "5 (high).",
                            field=label,
                            partner=partner.display_name,
                            value=value,
                        )
                    )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_protect_engagements(self):
        # sudo (1): whether the contact is in use, whoever may see it.
        engaged = self.env["protect.engagement"].sudo().with_context(active_test=False)
        if engaged.search_count([("partner_ids", "in", self.ids)], limit=1):
            raise ValidationError(
                self.env._(
                    "Stakeholders: engagements were logged with this contact. "
                    "Archive it instead of deleting it, so the record stays whole."
                )
            )
        # sudo (1): same, for panel memberships.
        memberships = self.env["protect.panel.membership"].sudo()
        if memberships.search_count([("partner_id", "in", self.ids)], limit=1):
            raise ValidationError(
                self.env._(
                    "Stakeholders: this contact sits on a panel. End the membership "
                    "and archive the contact instead of deleting it."
                )
            )

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        self._protect_check_links(vals_list)
        guard = self.env["protect.sensitivity.mixin"]
        for vals in vals_list:
            self._protect_inherit_from_organisation(vals)
            if vals.get("protect_stakeholder"):
                self.browse().check_access("create")
                guard._protect_check_sensitivity_change(
                    vals.get("protect_sensitivity", "official"),
                    label=self._protect_label(),
                )
        return super().create(vals_list)

    def write(self, vals):
        self._protect_check_links([vals], self)
        marking_fields = {"protect_stakeholder", "protect_sensitivity", "parent_id"}
        if marking_fields & vals.keys():
            # What a person inherits depends on their own organisation: one
            # write each, with the values completed for that partner.
            guard = self.env["protect.sensitivity.mixin"]
            if len(self) > 1:
                for partner in self:
                    partner.write(vals)
                return True
            own_vals = dict(vals)
            self._protect_inherit_from_organisation(own_vals, self)
            guard._protect_check_sensitivity_change(
                self._protect_marking_of(own_vals, self),
                self._protect_marking() if self else None,
                label=self._protect_label(),
            )
            vals = own_vals
        # Filed under another organisation, or becoming one's own: the
        # organisation the person's engagements count for changes. Marked
        # differently: who may count their engagements changes.
        moved = bool(
            {"parent_id", "is_company", "protect_stakeholder", "protect_sensitivity"}
            & vals.keys()
        )
        before = self.commercial_partner_id if moved else None
        result = super().write(vals)
        if marking_fields & vals.keys():
            self._protect_cascade_marking()
            # sudo (1): panels they chair show their name: checked again at
            # their marking, whoever may see the panels.
            chaired = (
                self.env["protect.panel"].sudo().search([("chair_id", "in", self.ids)])
            )
            chaired._check_chair_marking()
        if moved:
            # An organisation's figures include its people's engagements.
            self.env["protect.engagement.stat"]._refresh(self | before)
        return result

    def _protect_record_markings(self):
        """A stakeholder carries its marking; an ordinary contact none."""
        # sudo (1): the marking of a contact the user may not read.
        return {
            partner.id: (partner.protect_sensitivity or OPEN_MARKING)
            if partner.protect_stakeholder
            else None
            for partner in self.sudo()
        }

    def _protect_marking(self):
        """The marking a viewer must clear to see this contact: its own when it
        is a stakeholder; an ordinary contact needs none (OFFICIAL)."""
        self.ensure_one()
        return self._protect_record_markings()[self.id] or OPEN_MARKING

    @api.model
    def _protect_marking_of(self, vals, partner):
        """The marking ``partner`` would have once ``vals`` are written."""
        stakeholder = vals.get("protect_stakeholder", partner.protect_stakeholder)
        if not stakeholder:
            return "official"
        # sudo (1): the marking floor, whatever the user may read.
        return vals.get("protect_sensitivity", partner.sudo().protect_sensitivity)

    def _protect_cascade_marking(self):
        """A stakeholder's people are stakeholders marked at least as high.

        A person's name shows their organisation's (complete name, parent name,
        address), so a person marked below their organisation would reveal it.
        Raising an organisation's marking, or listing it, carries down to the
        people filed under it.
        """
        # sudo (2): the marking carries down, see the docstring.
        organisations = self.sudo().filtered("protect_stakeholder")
        if not organisations:
            return
        # sudo (2): upkeep the organisation's change implies; its editor may not see
        # every person under it (one marked above their vetting stays so).
        people = (
            self.sudo()
            .with_context(active_test=False)
            .search([("id", "child_of", organisations.ids), ("id", "not in", self.ids)])
        )
        for person in people:
            parent = person.parent_id
            marking = highest_marking(
                [parent._protect_marking(), person._protect_marking()]
            )
            if not person.protect_stakeholder or (
                person.protect_sensitivity != marking
            ):
                person.write(
                    {
                        "protect_stakeholder": True,
                        "protect_sensitivity": marking,
                    }
                )

    def _protect_label(self):
        return self._fields["protect_sensitivity"]._description_string(self.env)

    @api.depends("protect_stakeholder", "protect_sensitivity", "parent_id")
    @api.depends_context("uid")
    def _compute_display_name(self):
        """A stakeholder above the viewer's vetting shows as restricted, and a
        visible person never reveals a restricted organisation's name."""
        restricted = self._protect_display_restricted()
        visible = self - restricted
        super(ResPartner, visible)._compute_display_name()
        # sudo (1): which organisation a person works for decides the name only.
        parents = visible.sudo().parent_id
        hidden_parents = parents.with_env(self.env)._protect_restricted()
        for partner in visible:
            as_sudo = partner.sudo()
            if as_sudo.parent_id in hidden_parents:
                partner.display_name = as_sudo.name or self.env._("Restricted")

    @api.model
    def _protect_inherit_from_organisation(self, vals, partner=None):
        """A person filed under a stakeholder organisation is a stakeholder, marked
        no lower than it (its sector, area and owner come with
        _compute_protect_from_organisation).

        ``vals`` are the values of a new person, or written on ``partner``;
        they are completed in place. Marking a person below their organisation
        is refused.
        """
        # sudo (1): the organisation's marking is the floor, seen or not.
        if partner is not None and "parent_id" not in vals:
            organisation = partner.sudo().parent_id
        else:
            organisation = self.sudo().browse(vals.get("parent_id") or [])
        if not organisation.protect_stakeholder:
            return
        floor = organisation._protect_marking()
        own = vals.get(
            "protect_sensitivity",
            # sudo (1): the person's current marking, for the floor.
            partner.sudo().protect_sensitivity if partner else floor,
        )
        if "protect_stakeholder" in vals and not vals["protect_stakeholder"]:
            raise ValidationError(
                self.env._(
                    "%(field)s: a person filed under a stakeholder organisation is "
                    "a stakeholder too.",
                    field=self._fields["protect_stakeholder"]._description_string(
                        self.env
                    ),
                )
            )
        if "protect_sensitivity" in vals and (
            SENSITIVITY_RANK[own or "official"] < SENSITIVITY_RANK[floor]
        ):
            raise ValidationError(
                self.env._(
                    "%(field)s: a person cannot be marked lower than the "
                    "organisation they are filed under (%(marking)s).",
                    field=self._protect_label(),
                    marking=dict(
                        self._fields["protect_sensitivity"]._description_selection(
                            self.env
                        )
                    )[floor],
                )
            )
        vals["protect_stakeholder"] = True
        vals["protect_sensitivity"] = highest_marking([own, floor])

    # ------------------------------------------------------------------ actions

    def action_protect_view_engagements(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "protect_engagement.protect_engagement_action"
        )
        people = self.search(
            [("commercial_partner_id", "=", self.commercial_partner_id.id)]
        )
        targets = people if self.is_company else self
        action["domain"] = [("partner_ids", "in", targets.ids)]
        action["context"] = self._protect_engagement_defaults()
        return action

    def action_protect_log_engagement(self):
        """Open a new engagement with this stakeholder, its area and the officer."""
        self.ensure_one()
        return self.env["protect.engagement"]._action_log_engagement(
            self._protect_engagement_defaults()
        )

    def action_protect_view_memberships(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "protect_engagement.protect_panel_membership_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def _protect_engagement_defaults(self):
        force_area = (
            self.protect_force_area_id
            or self.commercial_partner_id.protect_force_area_id
        )
        return {
            "default_partner_ids": [self.id],
            "default_force_area_id": force_area.id,
            "default_user_id": self.env.user.id,
            "default_name": self.env._("Meeting with %(name)s", name=self.display_name),
            # The subject names the stakeholder: marked at least as high.
            "default_sensitivity": self._protect_marking(),
        }
