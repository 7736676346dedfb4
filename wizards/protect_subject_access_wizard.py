import base64
import json
from datetime import UTC, date, datetime

from odoo import api, fields, models

SAR_REPORT = "protect_engagement.report_subject_access"


def _iso(value):
    """JSON for the values a subject-access content holds: ISO dates."""
    if isinstance(value, datetime):
        # Stored as naive UTC.
        return value.replace(microsecond=0, tzinfo=UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


class ProtectSubjectAccessWizard(models.TransientModel):
    """Everything the addon holds about one person, as one PDF and one JSON
    file (UK GDPR article 15), for an administrator cleared for all of it."""

    _name = "protect.subject.access.wizard"
    _description = "Subject access request"

    partner_id = fields.Many2one(
        "res.partner",
        string="Person",
        required=True,
        readonly=True,
        ondelete="cascade",
    )
    state = fields.Selection(
        [("draft", "To produce"), ("done", "Produced")],
        default="draft",
        readonly=True,
    )
    item_count = fields.Integer(string="Items", readonly=True)
    pdf_file = fields.Binary(string="PDF", readonly=True, attachment=False)
    pdf_filename = fields.Char(readonly=True)
    json_file = fields.Binary(string="JSON", readonly=True, attachment=False)
    json_filename = fields.Char(readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        for wizard in wizards:
            wizard.partner_id._protect_check_person()
        return wizards

    def action_produce(self):
        """Produce the two files, attach them here and log both."""
        self.ensure_one()
        partner = self.partner_id
        content = partner._protect_subject_access_content()
        marking = partner._protect_subject_access_marking()
        document = self.env[
            "report.protect_engagement.report_subject_access"
        ]._sar_document(partner, content, marking)
        json_bytes = json.dumps(
            document, default=_iso, indent=2, ensure_ascii=False
        ).encode()
        pdf_bytes, _kind = self.env["ir.actions.report"]._render_qweb_pdf(
            SAR_REPORT, [partner.id]
        )
        count = document["item_count"]
        # The PDF was logged as it was stamped, under the reference printed on
        # it (the report logs as a subject-access response); the JSON here.
        self.env["protect.disclosure.log"]._protect_record(
            "subject_access",
            self.env._("Subject access (JSON)"),
            content=json_bytes,
            res_model=partner._name,
            res_ids=partner.ids,
            record_count=count,
            marking=marking,
        )
        stem = self.env._("Subject access %(id)s", id=partner.id)
        self.write(
            {
                "state": "done",
                "item_count": count,
                "pdf_file": base64.b64encode(pdf_bytes),
                "pdf_filename": f"{stem}.pdf",
                "json_file": base64.b64encode(json_bytes),
                "json_filename": f"{stem}.json",
            }
        )
        return self._reopen()

    def action_download_pdf(self):
        return self._download("pdf_file", "pdf_filename")

    def action_download_json(self):
        return self._download("json_file", "json_filename")

    def _download(self, field_name, filename_field):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": (
                f"/web/content/?model={self._name}&id={self.id}&field={field_name}"
                f"&filename_field={filename_field}&download=true"
            ),
            "target": "self",
        }

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Subject access"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }
