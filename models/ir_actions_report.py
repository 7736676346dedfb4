"""The protective marking stamped on every page of every Protect PDF.

Why stamp the finished PDF rather than use wkhtmltopdf's headers and footers:
Debian's wkhtmltopdf is built against unpatched Qt and ignores
``--header-html``/``--footer-html``, so the marking could only be printed in
the page body, at the top of the first page and the end of the last. A page
printed from the middle of a long report then carried no marking at all. Once
wkhtmltopdf has produced the PDF, the number of pages and the size of each
(portrait, landscape) are known, so a band is drawn with reportlab at the top
and bottom of each page, in the margins the paper formats leave free, and
merged onto it. That works whatever wkhtmltopdf build is installed, and it
gives "Page X of Y" and the disclosure reference on every page too.

One document, one marking: a PDF of several records (forty engagement briefs
printed together) is stamped on every page with the highest marking of all
it contains. A bundle is classified at its most sensitive content: the pages
travel together, and a page taken out of it must not claim less than the
bundle. Each brief still shows its own marking in its heading.
"""

import io
import logging
import os
from datetime import datetime

import pytz
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.pdfgen import canvas as pdf_canvas

from odoo import api, fields, models
from odoo.tools.pdf import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    PdfFileReader,
    PdfFileWriter,
    generic,
)

from odoo.addons.base.models.ir_actions_report import _wkhtml

from .protect_sensitivity_mixin import SENSITIVITY_RANK, highest_marking
from .res_users import PRINT_MARKING_KEY, protect_print_cap

_logger = logging.getLogger(__name__)

# Reports of this addon, the ones stamped.
PROTECT_REPORT_PREFIX = "protect_engagement."
# Where a report's "protect_marking" is kept between its rendering and the
# stamping: the cursor's cache belongs to one request (one thread), and the
# entry is removed once the PDF is stamped.
MARKING_CAPTURE_KEY = "protect_engagement.pdf_markings"
DEFAULT_TZ = "Europe/London"
# In a report's data, the records a print at a lower marking is of, for a
# report printed from its records (the brief): data-driven report URLs carry
# no record ids of their own.
PRINT_IDS_KEY = "protect_print_ids"

# Layout of the bands, in millimetres from the page's top or bottom edge.
TOP_BASELINE_MM = 8.5
BOTTOM_MARKING_BASELINE_MM = 13.0
BOTTOM_FOOTER_BASELINE_MM = 8.5
BOTTOM_CAVEAT_BASELINE_MM = 4.5
SIDE_MM = 10.0
MARKING_SIZE = 10
FOOTER_SIZE = 7
CAVEAT_SIZE = 6.5

# DejaVu Sans covers accented and most European names; Helvetica (built into
# every PDF reader) covers Latin-1 only, the fallback when DejaVu is absent.
DEJAVU_DIRS = (
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/usr/share/fonts/TTF",
)
_FONTS = {}


def _stamp_fonts():
    """(regular, bold) font names for reportlab, registered once per process."""
    if _FONTS:
        return _FONTS["regular"], _FONTS["bold"]
    regular, bold = "Helvetica", "Helvetica-Bold"
    for folder in DEJAVU_DIRS:
        paths = (
            os.path.join(folder, "DejaVuSans.ttf"),
            os.path.join(folder, "DejaVuSans-Bold.ttf"),
        )
        if all(os.path.isfile(path) for path in paths):
            try:
                pdfmetrics.registerFont(TTFont("ProtectDejaVuSans", paths[0]))
                pdfmetrics.registerFont(TTFont("ProtectDejaVuSans-Bold", paths[1]))
            except (OSError, TTFError):  # a broken font file: use Helvetica
                _logger.warning("Cannot load DejaVu Sans from %s", folder)
                continue
            regular, bold = "ProtectDejaVuSans", "ProtectDejaVuSans-Bold"
            break
    _FONTS.update(regular=regular, bold=bold)
    return regular, bold


def _page_box(page):
    """(x, y, width, height) of a page's media box (PyPDF2 1.x, 2.x, pypdf)."""
    box = getattr(page, "mediabox", None) or page.mediaBox
    left, bottom, right, top = (float(value) for value in box)
    return (
        min(left, right),
        min(bottom, top),
        abs(right - left),
        abs(top - bottom),
    )


def _fit(canvas, text, font, size, width):
    """``text`` shortened with an ellipsis to fit ``width`` points."""
    if canvas.stringWidth(text, font, size) <= width:
        return text
    while text and canvas.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def stamp_pdf(content, marking, footer, caveat=""):
    """``content`` (PDF bytes) with ``marking`` in bold, centred, at the top and
    bottom of every page; under the bottom one ``footer(page, pages)`` (a
    line of text) and ``caveat`` when there is one. Returns the new bytes."""
    regular, bold = _stamp_fonts()
    reader = PdfFileReader(io.BytesIO(content), strict=False)
    pages = list(reader.pages)
    total = len(pages)

    overlay_stream = io.BytesIO()
    overlay = pdf_canvas.Canvas(overlay_stream)
    for number, page in enumerate(pages, 1):
        x, y, width, height = _page_box(page)
        overlay.setPageSize((x + width, y + height))
        centre = x + width / 2
        room = width - 2 * SIDE_MM * mm
        overlay.setFillColorRGB(0, 0, 0)
        overlay.setFont(bold, MARKING_SIZE)
        label = _fit(overlay, marking, bold, MARKING_SIZE, room)
        overlay.drawCentredString(centre, y + height - TOP_BASELINE_MM * mm, label)
        overlay.drawCentredString(centre, y + BOTTOM_MARKING_BASELINE_MM * mm, label)
        overlay.setFont(regular, FOOTER_SIZE)
        overlay.drawCentredString(
            centre,
            y + BOTTOM_FOOTER_BASELINE_MM * mm,
            _fit(overlay, footer(number, total), regular, FOOTER_SIZE, room),
        )
        if caveat:
            overlay.setFont(bold, CAVEAT_SIZE)
            overlay.drawCentredString(
                centre,
                y + BOTTOM_CAVEAT_BASELINE_MM * mm,
                _fit(overlay, caveat, bold, CAVEAT_SIZE, room),
            )
        overlay.showPage()
    overlay.save()

    stamps = PdfFileReader(io.BytesIO(overlay_stream.getvalue()), strict=False)
    writer = PdfFileWriter()
    add = getattr(writer, "add_page", None) or writer.addPage
    for number, (page, stamp) in enumerate(zip(pages, stamps.pages, strict=True), 1):
        if "/Resources" in page:
            _lay_stamp(writer, page, stamp, f"/ProtectStamp{number}")
        else:  # resources inherited from the page tree: the library's merge
            merge = getattr(page, "merge_page", None) or page.mergePage
            merge(stamp)
        add(page)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _lay_stamp(writer, page, stamp, name):
    """Draw ``stamp`` (a page of the overlay) over ``page`` without parsing the
    page's own content: the stamp becomes a form XObject with its own
    resources (so its font names cannot clash with the page's), and the page's
    content streams are wrapped in q/Q (restoring the graphics state the
    page leaves, e.g. wkhtmltopdf's scaling) and followed by one drawing of
    the form. Merging page by page instead re-parses every content stream,
    which costs about a second per dense page (the coverage table)."""
    new_object = getattr(writer, "_add_object", None) or writer._addObject
    x, y, width, height = _page_box(stamp)
    form = DecodedStreamObject()
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(
                generic.FloatObject(value) for value in (x, y, x + width, y + height)
            ),
            NameObject("/Resources"): stamp["/Resources"],
        }
    )
    form.set_data(_content_bytes(stamp))
    resources = page["/Resources"].get_object()
    xobjects = resources.get("/XObject")
    if xobjects is None:
        xobjects = DictionaryObject()
        resources[NameObject("/XObject")] = xobjects
    xobjects.get_object()[NameObject(name)] = new_object(form)

    def stream(data):
        content = DecodedStreamObject()
        content.set_data(data)
        return new_object(content)

    contents = page.get("/Contents")
    original = contents.get_object() if contents is not None else ArrayObject()
    if not isinstance(original, ArrayObject):
        original = ArrayObject([contents])
    page[NameObject("/Contents")] = ArrayObject(
        [stream(b"q\n"), *original, stream(b"\nQ\nq " + name.encode() + b" Do Q\n")]
    )


def _content_bytes(page):
    """The decoded content of a page (one stream or several)."""
    contents = page["/Contents"].get_object()
    if isinstance(contents, ArrayObject):
        return b"\n".join(part.get_object().get_data() for part in contents)
    return contents.get_data()


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    # ------------------------------------------------------------ rendering

    def _get_rendering_context(self, report, docids, data):
        values = super()._get_rendering_context(report, docids, data)
        # Long tables print as one table whose headings repeat on every page
        # where wkhtmltopdf can (its patched-Qt build, the one Odoo recommends);
        # otherwise as one block per row, so no row is split across pages
        # (report_protect_block_table).
        values.setdefault("protect_paged_tables", self._protect_paged_tables())
        captured = self.env.cr.cache.get(MARKING_CAPTURE_KEY, {}).get(
            report.report_name
        )
        if captured is not None:
            captured.append(values.get("protect_marking"))
        return values

    @api.model
    def _protect_paged_tables(self):
        """Whether the PDF engine repeats table headings on each page and keeps
        rows whole (wkhtmltopdf built with patched Qt)."""
        return _wkhtml().is_patched_qt

    def _render_qweb_html(self, report_ref, docids, data=None):
        report = self._get_report(report_ref)
        if not (report.report_name or "").startswith(PROTECT_REPORT_PREFIX):
            return super()._render_qweb_html(report_ref, docids, data=data)
        capped, docids = self._protect_print_capped(docids, data)
        return super(IrActionsReport, capped)._render_qweb_html(
            report_ref, docids, data=data
        )

    def _render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        report = self._get_report(report_ref)
        if not (report.report_name or "").startswith(PROTECT_REPORT_PREFIX):
            return super()._render_qweb_pdf(report_ref, res_ids=res_ids, data=data)
        if isinstance(res_ids, int):
            res_ids = [res_ids]
        capped, res_ids = self._protect_print_capped(res_ids, data)
        if capped is not self:
            return capped._render_qweb_pdf(report_ref, res_ids=res_ids, data=data)
        store = self.env.cr.cache.setdefault(MARKING_CAPTURE_KEY, {})
        outer = store.get(report.report_name)
        captured = store[report.report_name] = []
        try:
            content, kind = super()._render_qweb_pdf(
                report_ref, res_ids=res_ids, data=data
            )
        finally:
            if outer is None:
                store.pop(report.report_name, None)
            else:
                store[report.report_name] = outer
        if kind != "pdf":
            # The HTML stand-in of test runs: nothing is printed, nothing logged.
            return content, kind
        marking = self._protect_pdf_marking(report, captured)
        log = self.env["protect.disclosure.log"]
        reference = log._protect_next_reference()
        content = self._protect_stamp(content, marking, reference)
        # A report may log under its own kind (the subject-access response).
        report_model = self.env.get(f"report.{report.report_name}")
        log._protect_record(
            getattr(report_model, "_protect_disclosure_kind", "pdf"),
            report.name,
            content=content,
            reference=reference,
            res_model=report.model,
            res_ids=res_ids or (),
            filters=(data or {}).get("filters"),
            marking=marking,
        )
        return content, kind

    # ------------------------------------------------------------ lower marking

    def report_action(self, docids, data=None, config=True):
        """A Protect wizard that prints at a lower marking (it has
        ``_protect_print_marking``) sends its choice with the report's data:
        the data travels in the report's URL, the action's context does not
        always (a PDF of records is downloaded with the user's context)."""
        marking = None
        if isinstance(docids, models.BaseModel) and hasattr(
            docids, "_protect_print_marking"
        ):
            marking = docids._protect_print_marking()
        if marking:
            data = dict(data or {}, **{PRINT_MARKING_KEY: marking})
        return super().report_action(docids, data=data, config=config)

    def _protect_print_capped(self, res_ids, data):
        """(this model capped at the lowest print marking asked for by the
        context or the report's data, the records to print).

        Either may come from any client; the cap only lowers the printing
        user's clearance (res.users._protect_cleared_sensitivities), so
        whatever it says can hide records, never show one. The records of a
        capped print of records come in the data when the URL has none."""
        asked = [
            cap
            for cap in (
                protect_print_cap(self.env.context),
                protect_print_cap(data or {}),
            )
            if cap is not None
        ]
        if not asked:
            return self, res_ids
        if not res_ids and (data or {}).get(PRINT_IDS_KEY):
            res_ids = [int(res_id) for res_id in data[PRINT_IDS_KEY]]
        cap = min(asked, key=lambda key: SENSITIVITY_RANK.get(key, 0))
        if self.env.context.get(PRINT_MARKING_KEY) == cap:
            return self, res_ids
        return self.with_context(**{PRINT_MARKING_KEY: cap}), res_ids

    # ------------------------------------------------------------ marking

    @api.model
    def _protect_pdf_marking(self, report, captured):
        """The marking KEY a Protect PDF is stamped with: the highest of what
        its renderings declared (a document rendered in parts declares once
        per part). A report that declares none, or an unknown value, is
        stamped at the printing user's highest cleared marking, never lower
        than what it may contain, and the omission is logged."""
        declared = [key for key in captured if key in SENSITIVITY_RANK]
        # A print at a lower marking is marked at the level chosen, even when
        # what it shows is marked lower still; a level the user's own vetting
        # does not clear (asked by a client) changes nothing.
        cap = protect_print_cap(self.env.context)
        user = self.env.user.with_context(**{PRINT_MARKING_KEY: None})
        chosen = [cap] if cap in user._protect_cleared_sensitivities() else []
        if captured and len(declared) == len(captured):
            return highest_marking([*declared, *chosen])
        fallback = highest_marking(self.env.user._protect_cleared_sensitivities())
        _logger.warning(
            "Report %s does not set protect_marking (got %r): stamped %s, the "
            "highest marking %s is cleared for.",
            report.report_name,
            captured,
            fallback,
            self.env.user.login,
        )
        return highest_marking([*declared, fallback, *chosen])

    @api.model
    def _protect_marking_label(self, marking):
        return dict(
            self.env["protect.engagement"]
            ._fields["sensitivity"]
            ._description_selection(self.env)
        )[marking]

    @api.model
    def _protect_printed_on(self):
        """Now, as 'dd/mm/yyyy HH:MM' in the printing user's time zone."""
        tz_name = self.env.user.tz or DEFAULT_TZ
        try:
            tz = pytz.timezone(tz_name)
        except pytz.UnknownTimeZoneError:
            tz = pytz.timezone(DEFAULT_TZ)
        now = pytz.utc.localize(fields.Datetime.now()).astimezone(tz)
        return datetime.strftime(now, "%d/%m/%Y %H:%M")

    @api.model
    def _protect_stamp(self, content, marking, reference):
        """``content`` stamped on every page with ``marking`` (a key), the
        footer line with ``reference`` and the marking's handling caveat."""
        env = self.env
        printed = env._(
            "Printed for %(user)s on %(when)s",
            user=env.user.name,
            when=self._protect_printed_on(),
        )
        # sudo (1): the caveat is configuration the document must carry, read
        # to decide what to print whatever the printing user's rights.
        caveat = env["protect.marking.caveat"].sudo()._protect_caveat(marking)

        def footer(page, pages):
            return "   ·   ".join(
                (
                    reference,
                    printed,
                    env._("Page %(page)s of %(pages)s", page=page, pages=pages),
                )
            )

        return stamp_pdf(content, self._protect_marking_label(marking), footer, caveat)
