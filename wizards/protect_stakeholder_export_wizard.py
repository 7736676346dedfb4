from odoo import fields, models
from odoo.exceptions import UserError

from ..reports import protect_export_writers as writers
from ..reports.protect_stakeholder_map_data import (
    BATCH_SIZE,
    EDGE_ATTRIBUTES,
    NODE_ATTRIBUTES,
    StakeholderMapData,
)

FORMATS = {
    # format: (file extension, mimetype)
    "xlsx": (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "csv": ("zip", "application/zip"),
    "graphml": ("graphml", "application/graphml+xml"),
    "gexf": ("gexf", "application/gexf+xml"),
    "json": ("json", "application/json"),
}


class ProtectStakeholderExportWizard(models.TransientModel):
    """Export the stakeholder map to a spreadsheet, CSV tables or a network
    file. The file is written as the user (vetting applies), in batches, and
    streamed to the browser by the controller
    ``/protect_engagement/stakeholder_export/<wizard id>``."""

    _name = "protect.stakeholder.export.wizard"
    _inherit = ["protect.report.filter.mixin"]
    _description = "Export the stakeholder map"

    export_format = fields.Selection(
        [
            ("xlsx", "Spreadsheet (XLSX)"),
            ("csv", "CSV tables (zip)"),
            ("graphml", "GraphML network (yEd, Gephi, Cytoscape)"),
            ("gexf", "GEXF network (Gephi)"),
            ("json", "JSON graph"),
        ],
        string="Format",
        default="xlsx",
    )

    def _check_format(self):
        if self.export_format not in FORMATS:
            raise UserError(
                self.env._("Format: choose the file format to export the map to.")
            )

    def action_export(self):
        """Check the choices, then download the file; when nothing matches,
        say so and download a valid empty file all the same."""
        self.ensure_one()
        self._check_format()
        filters = self._report_filters()
        download = {
            "type": "ir.actions.act_url",
            "url": f"/protect_engagement/stakeholder_export/{self.id}",
            "target": "download",
        }
        if StakeholderMapData(self.env, filters).count():
            return download
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning",
                "title": self.env._("Nothing to export"),
                "message": self.env._(
                    "No stakeholder you can see matches these filters: the file "
                    "is empty."
                ),
                "next": download,
            },
        }

    def _export_filename(self):
        extension = FORMATS[self.export_format][0]
        return f"stakeholder-map-{self.date_from}-{self.date_to}.{extension}"

    def _export_mimetype(self):
        return FORMATS[self.export_format][1]

    def _write_export(self, fileobj, batch_size=BATCH_SIZE):
        """Write the export to the binary file object ``fileobj`` (readable
        too: what was written is hashed for the disclosure log) and log it
        once the file is whole. Returns the log row. A writer that fails
        half-way logs nothing: the file never left."""
        self.ensure_one()
        self._check_format()
        filters = self._report_filters()
        data = StakeholderMapData(self.env, filters, batch_size=batch_size)
        marking_key = data.marking_key()
        marking = data.marking(marking_key)
        log = self.env["protect.disclosure.log"]
        reference = log._protect_next_reference()
        start = fileobj.tell()
        if self.export_format == "xlsx":
            writers.write_xlsx(
                fileobj,
                data.tables(),
                marking=marking,
                title=self.env._("Stakeholder map"),
                reference=reference,
            )
        elif self.export_format == "csv":
            writers.write_csv_zip(
                fileobj, data.tables(), marking=marking, reference=reference
            )
        else:
            write = {
                "graphml": writers.write_graphml,
                "gexf": writers.write_gexf,
                "json": writers.write_json,
            }[self.export_format]
            node_attributes, edge_attributes = NODE_ATTRIBUTES, EDGE_ATTRIBUTES
            if self.export_format == "gexf":
                # GEXF has its own node label and edge weight.
                node_attributes = [a for a in NODE_ATTRIBUTES if a[0] != "label"]
                edge_attributes = [a for a in EDGE_ATTRIBUTES if a[0] != "weight"]
            write(
                fileobj,
                node_attributes,
                edge_attributes,
                data.nodes(),
                data.edges(),
                data.info(marking, reference=reference),
            )
        end = fileobj.tell()
        # The file as written, from where it started: read back, hashed.
        fileobj.seek(start)
        stakeholder_ids = data.stakeholder_ids()
        row = log._protect_record(
            "export",
            self.export_format,
            content=fileobj,
            reference=reference,
            res_model="res.partner",
            res_ids=stakeholder_ids,
            filters={"format": self.export_format, **filters.to_data()},
            record_count=len(stakeholder_ids),
            marking=marking_key,
        )
        fileobj.seek(end)
        return row
