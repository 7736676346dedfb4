from odoo import api, models


class ProtectReportPreviewMixin(models.AbstractModel):
    """A print wizard whose report can also be previewed as a web page, at an
    address of its own that shows the same preview again when reloaded.

    The wizard's ``action_print`` gives the report action; its server action
    with ``path`` = ``_protect_preview_path`` (code:
    ``action = model._action_preview_again()``) answers a reload."""

    _name = "protect.report.preview.mixin"
    _description = "Print wizard with a web preview"

    # The path of the wizard's preview server action (kept in step with it).
    _protect_preview_path = None

    def action_preview(self):
        """The report as a web page, at ``/odoo/<wizard id>/<preview path>``.

        The preview replaces the breadcrumbs, so the address never borrows the
        page the wizard was opened from (a record of that page would otherwise
        be opened with the wizard's id)."""
        self.ensure_one()
        action = self.action_print()
        action.update(
            report_type="qweb-html",
            path=self._protect_preview_path,
            target="main",
            context=dict(
                action.get("context") or {},
                active_model=self._name,
                active_id=self.id,
                active_ids=self.ids,
            ),
        )
        return action

    @api.model
    def _action_preview_again(self):
        """A reloaded preview address: the preview of the user's own wizard it
        names, or when that wizard is gone (wizards are cleaned up after a
        while), the wizard to choose again."""
        wizard_id = self.env.context.get("active_id")
        wizard = self.browse()
        if isinstance(wizard_id, int):
            # The wizard's record rule keeps each user to the wizards they opened.
            wizard = self.search([("id", "=", wizard_id)])
        if wizard:
            return wizard.action_preview()
        return {
            "type": "ir.actions.act_window",
            "name": self._protect_preview_title(),
            "res_model": self._name,
            "views": [[False, "form"]],
            "target": "new",
        }

    def _protect_preview_title(self):
        """The title of the wizard opened again from a stale preview address."""
        return self.env["ir.model"]._get(self._name).name
