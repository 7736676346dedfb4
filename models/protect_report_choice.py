from odoo import api, fields, models
from odoo.tools import SQL

# The selections a report or export filter offers as ticks, and where each
# kind's values come from. The ids are stable: kind offset + position.
# (Sector groups are records of protect.sector.group, ticked directly.)
CHOICE_SOURCES = {
    "partnership_status": (100, "res.partner", "protect_status"),
}


class ProtectReportChoice(models.Model):
    """One value of a selection that report and export filters choose among.

    Partnership statuses are a selection in code, not records, yet a wizard
    wants to tick several of them. This read-only model lists them
    as records (built from the selections themselves, no table) so that a
    wizard offers them in a many2many field. Labels follow the user's language.
    """

    _name = "protect.report.choice"
    _description = "Report filter choice"
    _auto = False
    _log_access = False
    _order = "kind, sequence, id"

    kind = fields.Selection(
        [("partnership_status", "Partnership status")],
        readonly=True,
    )
    code = fields.Char(readonly=True)
    name = fields.Char(readonly=True)
    sequence = fields.Integer(readonly=True)

    @property
    def _table_query(self):
        rows = []
        for kind, (offset, model_name, field_name) in CHOICE_SOURCES.items():
            selection = self._choice_selection(model_name, field_name)
            rows += [
                SQL(
                    "(%s, %s, %s, %s, %s)",
                    offset + position,
                    kind,
                    code,
                    label,
                    position,
                )
                for position, (code, label) in enumerate(selection, 1)
            ]
        return SQL(
            "SELECT * FROM (VALUES %s) AS choice(id, kind, code, name, sequence)",
            SQL(", ").join(rows),
        )

    def _choice_selection(self, model_name, field_name):
        return self.env[model_name]._fields[field_name].selection

    @api.depends("kind", "code")
    @api.depends_context("lang")
    def _compute_display_name(self):
        labels = {}
        for kind, (_offset, model_name, field_name) in CHOICE_SOURCES.items():
            field = self.env[model_name]._fields[field_name]
            labels[kind] = dict(field._description_selection(self.env))
        for choice in self:
            choice.display_name = labels.get(choice.kind, {}).get(
                choice.code, choice.name
            )
