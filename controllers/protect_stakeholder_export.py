import tempfile

from werkzeug.wsgi import wrap_file

from odoo import http
from odoo.http import content_disposition, request


class ProtectStakeholderExport(http.Controller):
    @http.route(
        "/protect_engagement/stakeholder_export/<int:wizard_id>",
        type="http",
        auth="user",
        methods=["GET"],
    )
    def stakeholder_export(self, wizard_id, **kwargs):
        """Stream the export the user asked for in their wizard.

        The file is written batch by batch to a temporary file on disk, then
        streamed from it: neither the records nor the file sit in memory whole.
        Once whole, and before it is streamed, the file is recorded in the
        disclosure log by ``_write_export`` (hashed from the spool); a file
        that fails half-way is never streamed nor logged.
        """
        # Someone else's wizard (record rules hide it) is as good as missing:
        # no sign that it exists.
        wizard = (
            request.env["protect.stakeholder.export.wizard"]
            .browse(wizard_id)
            .exists()
            ._filtered_access("read")
        )
        if not wizard or wizard.create_uid != request.env.user:
            raise request.not_found()
        spool = tempfile.TemporaryFile(prefix="protect_export_")
        try:
            wizard._write_export(spool)
            size = spool.tell()
            spool.seek(0)
        except Exception:
            spool.close()
            raise
        headers = [
            ("Content-Type", wizard._export_mimetype()),
            ("Content-Length", str(size)),
            ("Content-Disposition", content_disposition(wizard._export_filename())),
            ("X-Content-Type-Options", "nosniff"),
            ("Cache-Control", "no-store"),
        ]
        body = wrap_file(request.httprequest.environ, spool)
        response = request.make_response(body, headers)
        response.direct_passthrough = True
        return response
