"""Write the stakeholder map to files: XLSX, CSV (zip), GraphML, GEXF, JSON.

Pure Python, no ORM: each writer takes iterators of rows, nodes and edges and
writes them to a binary file object as they come, so an export of any size
never sits in memory whole (xlsxwriter's constant-memory mode, the zip
module's streaming entries, lxml's incremental XML writer, JSON by items).

A table is ``Table(name, title, columns, rows)``: ``columns`` a list of
``Column(key, header, kind, width)`` with ``kind`` in text, int, float, date;
``rows`` an iterator of dicts. A graph attribute is ``(name, kind)`` with
``kind`` in string, int, double; nodes and edges are dicts (missing or None
attributes are left out).
"""

import csv
import io
import json
import re
import zipfile
from collections import namedtuple
from datetime import date, datetime

import xlsxwriter
from lxml import etree

Table = namedtuple("Table", "name title columns rows")
Column = namedtuple("Column", "key header kind width", defaults=("text", 16))

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
GEXF_NS = "http://www.gexf.net/1.2draft"
GRAPHML_TYPES = {"string": "string", "int": "int", "double": "double"}
GEXF_TYPES = {"string": "string", "int": "integer", "double": "double"}
# XML 1.0 refuses most control characters: drop them from any text written.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value):
    if value is None or value is False:
        return ""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return _XML_INVALID.sub("", str(value))


def marking_line(marking, reference=""):
    """The marking as printed on a file, with the disclosure reference when
    there is one: "OFFICIAL-SENSITIVE — Ref PE-2026-000123"."""
    if marking and reference:
        return f"{marking} \u2014 Ref {reference}"
    return marking or (f"Ref {reference}" if reference else "")


# ---------------------------------------------------------------------- tables


def write_xlsx(fileobj, tables, marking="", title="", reference=""):
    """One sheet per table: bold header row, autofilter, frozen header row and
    first column, the protective marking in the printed header and footer,
    the disclosure reference in the footer and the file's properties."""
    workbook = xlsxwriter.Workbook(
        fileobj, {"constant_memory": True, "strings_to_urls": False}
    )
    workbook.set_properties(
        {
            "title": title,
            "subject": marking,
            "keywords": marking,
            "comments": marking_line(marking, reference),
        }
    )
    # "&" starts a code in a printed header or footer: "&&" prints one.
    footer_reference = f"&L{reference.replace('&', '&&')}" if reference else ""
    header = workbook.add_format(
        {
            "bold": True,
            "font_color": "#FFFFFF",
            "bg_color": "#1F3A5F",
            "text_wrap": True,
        }
    )
    formats = {
        "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
        "float": workbook.add_format({"num_format": "0.0"}),
    }
    for table in tables:
        sheet = workbook.add_worksheet(table.title[:31])
        if marking:
            sheet.set_header(f"&C&B{marking}")
            sheet.set_footer(f"{footer_reference}&C&B{marking}&R&P / &N")
        elif footer_reference:
            sheet.set_footer(f"{footer_reference}&R&P / &N")
        for index, column in enumerate(table.columns):
            sheet.set_column(index, index, column.width)
        sheet.set_row(0, 30)
        for index, column in enumerate(table.columns):
            sheet.write_string(0, index, column.header, header)
        last_row = 0
        for last_row, row in enumerate(table.rows, 1):
            for index, column in enumerate(table.columns):
                _write_cell(
                    sheet, last_row, index, column, row.get(column.key), formats
                )
        sheet.autofilter(0, 0, last_row, len(table.columns) - 1)
        sheet.freeze_panes(1, 1)
    workbook.close()


def _write_cell(sheet, row, col, column, value, formats):
    if value is None or value is False or value == "":
        sheet.write_blank(row, col, None)
    elif column.kind == "date" and isinstance(value, (date, datetime)):
        sheet.write_datetime(row, col, value, formats["date"])
    elif column.kind in ("int", "float") and isinstance(value, (int, float)):
        sheet.write_number(row, col, value, formats.get(column.kind))
    else:
        sheet.write_string(row, col, _text(value))


# A spreadsheet program reads a cell starting with one of these as a formula
# (or as the start of one): names and notes typed by anyone, or arriving by
# e-mail, must never run as formulas on the reader's machine.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_text(value):
    """Text as a CSV cell: what a spreadsheet program would take for a formula
    goes behind a quote mark, which makes it plain text."""
    text = _text(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _csv_cell(column, value):
    """A value as a CSV cell: numbers of number columns as they are (a negative
    number is no formula), anything else as text."""
    if (
        column.kind in ("int", "float")
        and isinstance(value, (int, float))
        and not isinstance(value, bool)
    ):
        return str(value)
    return _csv_text(value)


def write_csv_zip(fileobj, tables, marking="", reference=""):
    """A zip of one UTF-8 CSV per table (with a byte-order mark, so that
    spreadsheet programs read accents and the pound sign right). Each file
    starts with the protective marking (and the disclosure reference) on a
    line of its own, then the header row."""
    first_line = marking_line(marking, reference)
    with zipfile.ZipFile(fileobj, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for table in tables:
            with archive.open(f"{table.name}.csv", "w") as raw:
                text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
                writer = csv.writer(text)
                if first_line:
                    writer.writerow([first_line])
                writer.writerow([_csv_text(column.header) for column in table.columns])
                for row in table.rows:
                    writer.writerow(
                        [
                            _csv_cell(column, row.get(column.key))
                            for column in table.columns
                        ]
                    )
                text.flush()
                text.detach()


# ---------------------------------------------------------------------- graphs


def _present(attributes, item):
    return [
        (index, name, item[name])
        for index, (name, _kind) in enumerate(attributes)
        if item.get(name) not in (None, False, "")
    ]


def write_graphml(fileobj, node_attributes, edge_attributes, nodes, edges, info):
    """GraphML (yEd, Gephi, Cytoscape, networkx): a directed multigraph."""
    with etree.xmlfile(fileobj, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element(f"{{{GRAPHML_NS}}}graphml", nsmap={None: GRAPHML_NS}):
            xf.write("\n")
            for prefix, scope, attributes in (
                ("n", "node", node_attributes),
                ("e", "edge", edge_attributes),
            ):
                for index, (name, kind) in enumerate(attributes):
                    xf.write(
                        etree.Element(
                            f"{{{GRAPHML_NS}}}key",
                            {
                                "id": f"{prefix}{index}",
                                "for": scope,
                                "attr.name": name,
                                "attr.type": GRAPHML_TYPES[kind],
                            },
                            nsmap={None: GRAPHML_NS},
                        )
                    )
                    xf.write("\n")
            for index, name in enumerate(info):
                xf.write(
                    etree.Element(
                        f"{{{GRAPHML_NS}}}key",
                        {
                            "id": f"g{index}",
                            "for": "graph",
                            "attr.name": name,
                            "attr.type": "string",
                        },
                        nsmap={None: GRAPHML_NS},
                    )
                )
                xf.write("\n")
            with xf.element(
                f"{{{GRAPHML_NS}}}graph", id="stakeholder_map", edgedefault="directed"
            ):
                xf.write("\n")
                for index, value in enumerate(info.values()):
                    with xf.element(f"{{{GRAPHML_NS}}}data", key=f"g{index}"):
                        xf.write(_text(value))
                    xf.write("\n")
                for node in nodes:
                    with xf.element(f"{{{GRAPHML_NS}}}node", id=node["id"]):
                        for index, _name, value in _present(node_attributes, node):
                            with xf.element(f"{{{GRAPHML_NS}}}data", key=f"n{index}"):
                                xf.write(_text(value))
                    xf.write("\n")
                for edge in edges:
                    with xf.element(
                        f"{{{GRAPHML_NS}}}edge",
                        id=edge["id"],
                        source=edge["source"],
                        target=edge["target"],
                    ):
                        for index, _name, value in _present(edge_attributes, edge):
                            with xf.element(f"{{{GRAPHML_NS}}}data", key=f"e{index}"):
                                xf.write(_text(value))
                    xf.write("\n")


def write_gexf(fileobj, node_attributes, edge_attributes, nodes, edges, info):
    """GEXF 1.2 (Gephi, networkx): a directed graph; parallel edges keep ids.
    A node's ``label`` and an edge's ``weight`` use GEXF's own attributes."""
    with etree.xmlfile(fileobj, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element(
            f"{{{GEXF_NS}}}gexf", {"version": "1.2"}, nsmap={None: GEXF_NS}
        ):
            xf.write("\n")
            meta = etree.Element(
                f"{{{GEXF_NS}}}meta",
                lastmodifieddate=date.today().isoformat(),
                nsmap={None: GEXF_NS},
            )
            etree.SubElement(
                meta, f"{{{GEXF_NS}}}creator"
            ).text = "Protect Engagement (Odoo)"
            etree.SubElement(meta, f"{{{GEXF_NS}}}description").text = _text(
                "; ".join(f"{key}: {value}" for key, value in info.items())
            )
            xf.write(meta)
            xf.write("\n")
            with xf.element(
                f"{{{GEXF_NS}}}graph", mode="static", defaultedgetype="directed"
            ):
                xf.write("\n")
                for scope, attributes in (
                    ("node", node_attributes),
                    ("edge", edge_attributes),
                ):
                    block = etree.Element(
                        f"{{{GEXF_NS}}}attributes",
                        {"class": scope, "mode": "static"},
                        nsmap={None: GEXF_NS},
                    )
                    for index, (name, kind) in enumerate(attributes):
                        etree.SubElement(
                            block,
                            f"{{{GEXF_NS}}}attribute",
                            id=str(index),
                            title=name,
                            type=GEXF_TYPES[kind],
                        )
                    xf.write(block)
                    xf.write("\n")
                with xf.element(f"{{{GEXF_NS}}}nodes"):
                    xf.write("\n")
                    for node in nodes:
                        with xf.element(
                            f"{{{GEXF_NS}}}node",
                            id=node["id"],
                            label=_text(node.get("label")),
                        ):
                            _gexf_values(xf, node_attributes, node)
                        xf.write("\n")
                with xf.element(f"{{{GEXF_NS}}}edges"):
                    xf.write("\n")
                    for edge in edges:
                        attributes = {
                            "id": edge["id"],
                            "source": edge["source"],
                            "target": edge["target"],
                        }
                        if edge.get("weight") is not None:
                            attributes["weight"] = _text(edge["weight"])
                        with xf.element(f"{{{GEXF_NS}}}edge", attributes):
                            _gexf_values(xf, edge_attributes, edge)
                        xf.write("\n")


def _gexf_values(xf, attributes, item):
    values = _present(attributes, item)
    if not values:
        return
    with xf.element(f"{{{GEXF_NS}}}attvalues"):
        for index, _name, value in values:
            xf.write(
                etree.Element(
                    f"{{{GEXF_NS}}}attvalue",
                    {"for": str(index), "value": _text(value)},
                    nsmap={None: GEXF_NS},
                )
            )


def write_json(fileobj, node_attributes, edge_attributes, nodes, edges, info):
    """The graph as JSON in networkx's node-link layout (see the README):
    ``networkx.node_link_graph(data, edges="edges")`` reads it back."""
    out = io.TextIOWrapper(fileobj, encoding="utf-8", newline="\n")
    head = {
        "format": "protect-stakeholder-map",
        "version": 1,
        **info,
        "directed": True,
        "multigraph": True,
        "graph": {"name": "stakeholder_map", **info},
        "node_attributes": dict(node_attributes),
        "edge_attributes": dict(edge_attributes),
    }
    out.write(json.dumps(head, ensure_ascii=False, indent=1, default=_text)[:-2])
    for key, items, attributes in (
        ("nodes", nodes, node_attributes),
        ("edges", edges, edge_attributes),
    ):
        out.write(f',\n "{key}": [')
        fixed = ("id",) if key == "nodes" else ("id", "source", "target")
        for position, item in enumerate(items):
            values = {name: item[name] for name in fixed}
            if key == "edges":
                values["key"] = item["id"]
            values.update((name, item.get(name)) for name, _kind in attributes)
            out.write(
                ("\n  " if position == 0 else ",\n  ")
                + json.dumps(values, ensure_ascii=False, default=_text)
            )
        out.write("\n ]")
    out.write("\n}\n")
    out.flush()
    out.detach()
