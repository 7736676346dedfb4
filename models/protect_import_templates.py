"""Importing into the Protect registers from the import screen.

Officers bring their spreadsheets: the import screen of the stakeholder
register and of the engagements offers a template whose column headers are the
Protect fields' labels, so that every column is matched without mapping by hand.
The templates are CSV files under static/xls/ (they open in any spreadsheet).

An imported row goes through the same checks as a form: a marking above the
importer's vetting is refused, and the whole file is then left unwritten.
"""

from odoo import api, models

TEMPLATE_PATH = "/protect_engagement/static/xls/%s"


class RowByRowImport(Exception):
    """A batch of imported rows holds one the importer may not mark.

    Odoo's import creates rows in batches and, when a batch fails with a user
    error, reports that error against the batch's first row as well. Raising
    this instead (not a UserError) makes it retry the batch row by row without
    that extra message, so each refusal is reported against its own row only.
    """


def _check_import_markings(model, data_list):
    """Raise RowByRowImport when a batch of several rows holds a marking the
    user's vetting does not clear (each row is then refused on its own)."""
    if model.env.su or len(data_list) < 2:
        return
    field = model._protect_marking_field
    cleared = model.env.user._protect_cleared_sensitivities()
    if any(
        data["values"].get(field) and data["values"][field] not in cleared
        for data in data_list
    ):
        raise RowByRowImport


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def get_import_templates(self):
        templates = super().get_import_templates()
        protect_user = self.env.user.has_group("protect_engagement.group_liaison")
        if not (protect_user and self.has_access("create")):
            return templates
        return [
            {
                "label": self.env._("Import template for Protect stakeholders"),
                "template": TEMPLATE_PATH % "protect_stakeholders_import_template.csv",
            },
            {
                "label": self.env._("Import template for people at stakeholders"),
                "template": TEMPLATE_PATH % "protect_people_import_template.csv",
            },
            *templates,
        ]

    def _load_records(self, data_list, update=False):
        _check_import_markings(self, data_list)
        return super()._load_records(data_list, update=update)


class ProtectEngagement(models.Model):
    _inherit = "protect.engagement"

    @api.model
    def get_import_templates(self):
        return [
            {
                "label": self.env._("Import template for engagements"),
                "template": TEMPLATE_PATH % "protect_engagements_import_template.csv",
            }
        ]

    def _load_records(self, data_list, update=False):
        _check_import_markings(self, data_list)
        return super()._load_records(data_list, update=update)
