from odoo import api, models
from odoo.exceptions import ValidationError
from odoo.fields import Command, Domain
from odoo.tools import SQL

from .protect_sensitivity_mixin import highest_marking

# Operators whose value is a list of ids (or one id) of the field's comodel.
ID_OPERATORS = {"in": "any", "=": "any", "not in": "not any", "!=": "not any"}


class Base(models.AbstractModel):
    """Vetting on the paths Odoo opens *through* a link to a hidden record.

    Record rules hide a record above the user's vetting when it is searched or
    read. Three other paths reach it through a visible record that links to it,
    and would otherwise bypass the rules:

    - ordering a visible list by a many2one sorts by the linked record's name
      (read past the rules in a JOIN): with a probe, a user recovers the name
      letter by letter;
    - a domain naming ids, ``('partner_ids', 'in', [id])``, is answered from
      the link table without the linked model's rules: an existence oracle;
    - creating or writing a link to an id one cannot read: the link then shows
      what the ORM computes from it as superuser (names, addresses).

    Models whose records vetting hides set ``_protect_vetted = True``; the
    mechanism below uses their own record rules, so it follows whatever those
    rules say, for any model that sets the flag.
    """

    _inherit = "base"

    # Records of this model are hidden by vetting rules.
    _protect_vetted = False
    # Records of this model carry a marking that e-mail about them must respect.
    _protect_marked_mail = False
    # The field holding each record's own protective marking, if any.
    _protect_marking_field = None

    # ------------------------------------------------------------ past the rules
    #
    # When this addon may use sudo() (see doc/security.md):
    # 1. to decide, not to show: a marking floor, whether a record is used
    #    before it is deleted, whether a link exists. The outcome is a refusal
    #    or a marking, never a hidden record's name or values;
    # 2. to keep bookkeeping in step with a change the user was allowed to make
    #    (CPD records from attendance, attendance lines, the stat table, logs);
    # 3. to show related records: only through ``_protect_read_past_rules``,
    #    which hands back what the reader may read, in the reader's environment,
    #    and the rest for counting and marking only ("Restricted").
    # Each sudo() carries a comment saying which of the three it is.

    def _protect_record_markings(self):
        """{id: marking key, or None when the record carries none} of these
        records, read past the rules: a marking decides what the user is shown,
        it is never shown itself."""
        field_name = self._protect_marking_field
        if not field_name:
            return dict.fromkeys(self._ids)
        # sudo (1): the marking of a record the user may not read.
        return {record.id: record[field_name] or None for record in self.sudo()}

    def _protect_restricted(self):
        """Those of these records whose marking the user's vetting does not
        clear: they show as "Restricted", never by name. A record without a
        marking is never restricted by it. Judged for the real user even in a
        sudo'ed environment, so a name read as superuser is still the user's."""
        if not self._protect_marking_field:
            return self.browse()
        cleared = set(self.env.user._protect_cleared_sensitivities())
        markings = self._protect_record_markings()
        return self.filtered(
            lambda record: markings[record.id] and markings[record.id] not in cleared
        )

    def _protect_read_past_rules(self, field_name=None):
        """The one guarded way to show records read past the record rules.

        Follows ``field_name`` from these records as superuser (or takes these
        records themselves) and returns ``(shown, hidden)``: ``shown``, the
        linked records the current user may read, in the user's environment
        (read them as usual: their fields obey the user's rights); ``hidden``,
        the others, as superuser, to count them and to mark the document
        (``_protect_record_markings``), never to print their names or values.
        Judged for the real user even in a sudo'ed environment (a stored
        compute runs as superuser, yet fills the user's form).
        """
        # sudo (3): the links themselves may pass through records the user
        # cannot read; what comes back is split by the user's own access.
        linked = self.sudo().mapped(field_name) if field_name else self.sudo()
        shown = linked.with_env(self.env(su=False))._filtered_access("read")
        return shown, linked - shown.sudo()

    def _protect_display_restricted(self):
        """The records to name "Restricted" in ``_compute_display_name``; the
        caller names the others as usual."""
        restricted = self._protect_restricted()
        for record in restricted:
            record.display_name = self.env._("Restricted")
        return restricted

    # ------------------------------------------------------------ the rule as SQL

    def _protect_visible_sql(self, alias, query):
        """SQL condition, on the row of this model at ``alias``, that the
        current user's vetting lets them see it; None when vetting hides none."""
        domain = self.env["ir.rule"]._protect_vetting_domain(self._name)
        # sudo (1): the rule is compiled to SQL as is; it is evaluated for the
        # user already, no other rule may narrow it here.
        self_sudo = self.sudo().with_context(active_test=False)
        domain = domain.optimize_full(self_sudo)
        if domain.is_true():
            return None
        if domain.is_false():
            return SQL("FALSE")
        return domain._to_sql(self_sudo, alias, query)

    # ------------------------------------------------------------ ordering

    def _order_field_to_sql(self, alias, field_name, direction, nulls, query):
        """Order a linked record the user may not read as if it were empty.

        When a list is ordered by a many2one, Odoo orders by the linked model's
        own order in a JOIN (``alias`` is then not the model's table). For a
        vetted model every ordering value read there is kept only where the
        user's rules let them read the row; hidden rows sort as NULL, together.
        The condition also holds for the further many2one hops from that row.
        """
        guards = getattr(query, "_protect_order_guards", None)
        if guards is None:
            guards = query._protect_order_guards = {}
        conditions = list(guards.get(alias, ()))
        if self._protect_vetted and alias != self._table and not self.env.su:
            visible = self._protect_visible_sql(alias, query)
            if visible is not None and visible not in conditions:
                conditions.append(visible)
                guards[alias] = tuple(conditions)
        field = self._fields.get(field_name.split(".")[0])
        if field and field.type == "many2one" and conditions:
            # The hop's own ordering values, read in its JOIN, keep the guard.
            guards[query.make_alias(alias, field.name)] = tuple(conditions)
        if not conditions or (field and field.type == "many2one"):
            return super()._order_field_to_sql(
                alias, field_name, direction, nulls, query
            )
        sql_field = self._field_to_sql(alias, field_name, query)
        if field and field.type == "boolean":
            sql_field = SQL("COALESCE(%s, FALSE)", sql_field)
        guarded = SQL(
            "(CASE WHEN %s THEN %s END)", SQL(" AND ").join(conditions), sql_field
        )
        query._order_groupby.append(guarded)
        return SQL("%s %s %s", guarded, direction, nulls)

    # ------------------------------------------------------------ ids in domains

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, **kwargs):
        if not (self.env.su or kwargs.get("bypass_access")):
            domain = self._protect_hide_linked_ids(Domain(domain))
        return super()._search(
            domain, offset=offset, limit=limit, order=order, **kwargs
        )

    @api.model
    def _protect_hide_linked_ids(self, domain):
        """Treat ids of hidden records in a domain as ids that do not exist.

        ``(link, 'in', ids)`` on a field linking to a vetted model becomes
        ``(link, 'any!', vetting & [('id', 'in', ids)])``: the linked model's
        vetting rules apply, in the same SQL query, and none of its other
        rules (what else a user may search by is Odoo's to say).
        """

        def guard(condition):
            field = self._fields.get(condition.field_expr)
            if (
                condition.operator not in ID_OPERATORS
                or not field
                or not field.relational
                or not self.env[field.comodel_name]._protect_vetted
            ):
                return condition
            value = condition.value
            values = value if isinstance(value, list | tuple | set) else [value]
            positive = ID_OPERATORS[condition.operator] == "any"
            vetting = self.env["ir.rule"]._protect_vetting_domain(field.comodel_name)
            exists, missing = ("any!", "not any!")
            if list(values) == [False]:
                # "Has a link" counts only links the user may see.
                return Domain(field.name, missing if positive else exists, vetting)
            ids = [v for v in values if isinstance(v, int) and not isinstance(v, bool)]
            empties = sum(1 for v in values if v is False)
            if not ids or len(ids) != len(values) - empties:
                return condition  # not plain ids (names, queries, records)
            linked = Domain(
                field.name,
                exists if positive else missing,
                vetting & Domain("id", "in", ids),
            )
            if empties:
                empty = Domain(field.name, missing if positive else exists, vetting)
                return (empty | linked) if positive else (empty & linked)
            return linked

        return domain.map_conditions(guard)

    # ------------------------------------------------------------ e-mail

    def _protect_mail_marking(self):
        """The marking e-mail about these records would carry: nothing above
        OFFICIAL leaves the system by e-mail (see mail.mail)."""
        return highest_marking(self._protect_record_markings().values())

    # ------------------------------------------------------------ writing links

    @api.model
    def _protect_check_links(self, vals_list, records=None):
        """Refuse to link a record the user may not read (``vals_list`` of a
        create, or the values written on ``records``).

        Only links being added are checked: a link that is already there (a
        stakeholder above the editor's vetting on a shared engagement) stays.
        Ids that do not exist and ids that are hidden get the same answer.
        """
        if self.env.su:
            return
        wanted = {}
        for vals in vals_list:
            for name, value in vals.items():
                field = self._fields.get(name)
                if (
                    field
                    and field.relational
                    and value
                    and self.env[field.comodel_name]._protect_vetted
                ):
                    wanted.setdefault(field, set()).update(_linked_ids(field, value))
        for field, ids in wanted.items():
            if records is not None and field.type != "many2one":
                # Already linked: kept as they are. sudo (1): which links exist.
                ids -= set(records.sudo().mapped(field.name).ids)
            if not ids:
                continue
            comodel = self.env[field.comodel_name].with_context(active_test=False)
            readable = set(comodel.search([("id", "in", list(ids))]).ids)
            if records is not None and field.type == "many2one":
                # sudo (1): the link already there may be kept.
                readable |= set(records.sudo().mapped(field.name).ids)
            if ids - readable:
                raise ValidationError(
                    self.env._(
                        "%(field)s: you can only link records your vetting lets "
                        "you see.",
                        field=field._description_string(self.env),
                    )
                )

    # ------------------------------------------------------------ list exports

    def export_data(self, fields_to_export):
        """Log in the disclosure log a list export (the web client's Export,
        CSV or XLSX: both call this) of Protect records, of records vetting
        hides, and of partners when a Protect stakeholder is among them.

        The file is built afterwards by the web client's controller, so the
        log keeps the SHA-256 of the exported rows (as JSON), not of the file.
        """
        result = super().export_data(fields_to_export)
        logged = self._name.startswith("protect.") or self._protect_vetted
        if logged and self._name == "res.partner":
            # sudo (1): whether a stakeholder is among them; a yes or no.
            logged = bool(
                self.sudo()
                .with_context(active_test=False)
                .search_count(
                    [("id", "in", self.ids), ("protect_stakeholder", "=", True)],
                    limit=1,
                )
            )
        if logged and self:
            self.env["protect.disclosure.log"]._protect_record(
                "list_export",
                self._description,
                content=result.get("datas", []),
                res_model=self._name,
                res_ids=self.ids,
                filters={"fields": list(fields_to_export)},
                marking=highest_marking(self._protect_record_markings().values()),
            )
        return result


def _linked_ids(field, value):
    """The ids a create/write value links through ``field``."""
    if field.type == "many2one":
        return {value} if isinstance(value, int) else set()
    ids = set()
    for command in value:
        if isinstance(command, int):
            ids.add(command)
        elif isinstance(command, list | tuple) and command:
            if command[0] == Command.LINK:
                ids.add(command[1])
            elif command[0] == Command.SET:
                ids.update(command[2] or ())
    return ids
