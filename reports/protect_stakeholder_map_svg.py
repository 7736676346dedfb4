"""Draw the power/interest stakeholder map as SVG.

Pure Python (lxml builds the document, so every label is escaped); no ORM.

Power and interest are whole numbers from 1 to 5, so many stakeholders share a
point. Each (power, interest) pair owns a cell of the grid, and the cell's
stakeholders are laid out in it in slots: one row per stakeholder, a marker
then its label, in up to ``MAX_COLUMNS`` columns, labels shortened to the
column's width. Slots never overlap and never leave their cell, so every label
reads; the order (most engaged first, then by name) makes the drawing the same
every time for the same data. A cell with more stakeholders than slots shows
"+N more" in its last slot; the quadrant lists under the map name everyone.

"High" power or interest means 4 or 5: a stakeholder rated 3 (the default, or
unassessed) sits with the low ones.
"""

import math
from dataclasses import dataclass, field

from lxml import etree
from markupsafe import Markup

from ..models.protect_stakeholder_figures import HIGH_FROM

SVG_NS = "http://www.w3.org/2000/svg"

WIDTH, HEIGHT = 1000, 590
PLOT_LEFT, PLOT_TOP, PLOT_RIGHT, PLOT_BOTTOM = 64, 8, 992, 490
ASPECT_PERCENT = round(100.0 * HEIGHT / WIDTH, 3)
LEVELS = 5

FONT = "DejaVu Sans, Arial, Helvetica, sans-serif"
FONT_SIZE = 9.2
ROW_HEIGHT = 12.6
CELL_PADDING = 3.0
TITLE_STRIP = 15.0  # the top cells of each quadrant carry its title
MARKER_SPACE = 15.0  # marker column width within a slot
MIN_RADIUS, MAX_RADIUS = 2.4, 5.2
MAX_COLUMNS = 2

QUADRANTS = {
    # key (see quadrant_of): (title, fill, title colour)
    "manage_closely": ("Manage closely", "#fbe1e1", "#9d1c1c"),
    "keep_satisfied": ("Keep satisfied", "#fdf0d5", "#8a5a00"),
    "keep_informed": ("Keep informed", "#e1edf9", "#1d4f86"),
    "monitor": ("Monitor", "#eeeeee", "#4d4d4d"),
}

# Groups and their colours come from the caller (protect.sector.group); a
# point whose group the caller did not describe is drawn in this grey.
UNKNOWN_GROUP_COLOUR = "#8C8C8C"


@dataclass
class MapPoint:
    key: str
    label: str
    power: int
    interest: int
    group: str
    engagements: int = 0


@dataclass
class Slot:
    """Where one stakeholder (or the '+N more' note) is drawn."""

    x: float
    y: float
    width: float
    height: float
    text: str
    point: MapPoint | None = None
    radius: float = 0.0

    @property
    def box(self):
        return (self.x, self.y, self.x + self.width, self.y + self.height)


@dataclass
class MapLayout:
    slots: list = field(default_factory=list)
    cells: dict = field(default_factory=dict)  # (power, interest) -> cell box
    hidden: int = 0  # stakeholders summed up in "+N more"


def _clamp(value):
    return min(max(int(value or 1), 1), LEVELS)


def cell_box(power, interest):
    """(x0, y0, x1, y1) of the grid cell of ``power`` and ``interest``."""
    width = (PLOT_RIGHT - PLOT_LEFT) / LEVELS
    height = (PLOT_BOTTOM - PLOT_TOP) / LEVELS
    x0 = PLOT_LEFT + (interest - 1) * width
    y0 = PLOT_BOTTOM - power * height
    return (x0, y0, x0 + width, y0 + height)


def _has_title(power, interest):
    """The top-left cell of each quadrant holds the quadrant's title."""
    return power in (LEVELS, HIGH_FROM - 1) and interest in (1, HIGH_FROM)


# Advance widths in em, rounded up from DejaVu Sans (one of the widest common
# sans-serif faces), so a label measured here never overruns its slot.
_NARROW = set("ijl.,;:!|'I")
_SEMI = set("ftr()-/ ")
_WIDE = set("mwMW@%")


def text_width(text, size=FONT_SIZE):
    """Estimated width of ``text`` in SVG units at font ``size``."""
    em = 0.0
    for char in text:
        if char in _NARROW:
            em += 0.32
        elif char in _SEMI:
            em += 0.44
        elif char in _WIDE:
            em += 1.0
        elif char.isupper() or char.isdigit():
            em += 0.72
        else:
            em += 0.61
    return em * size


def shorten(text, width, size=FONT_SIZE):
    """``text``, cut with an ellipsis if needed to fit ``width`` units."""
    text = " ".join((text or "").split())
    if text_width(text, size) <= width:
        return text
    while text and text_width(text + "\u2026", size) > width:
        text = text[:-1]
    return text.rstrip() + "\u2026"


def radius_for(engagements, most):
    if not most:
        return MIN_RADIUS
    return MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * math.sqrt(
        min(engagements, most) / most
    )


def layout(points):
    """Place every point in a slot of its cell. Deterministic."""
    result = MapLayout()
    most = max((p.engagements for p in points), default=0)
    by_cell = {}
    for point in points:
        point.power, point.interest = _clamp(point.power), _clamp(point.interest)
        by_cell.setdefault((point.power, point.interest), []).append(point)
    for (power, interest), members in sorted(by_cell.items()):
        members.sort(key=lambda p: (-p.engagements, p.label.casefold(), p.key))
        x0, y0, x1, y1 = cell_box(power, interest)
        result.cells[(power, interest)] = (x0, y0, x1, y1)
        top = y0 + CELL_PADDING + (TITLE_STRIP if _has_title(power, interest) else 0)
        inner_width = x1 - x0 - 2 * CELL_PADDING
        rows = max(int((y1 - CELL_PADDING - top) // ROW_HEIGHT), 1)
        columns = min(math.ceil(len(members) / rows), MAX_COLUMNS)
        capacity = rows * columns
        shown = members if len(members) <= capacity else members[: capacity - 1]
        column_width = inner_width / columns
        label_width = column_width - MARKER_SPACE - 2
        used_rows = min(len(members), rows) if columns == 1 else rows
        block_top = top + (y1 - CELL_PADDING - top - used_rows * ROW_HEIGHT) / 2
        left = x0 + CELL_PADDING
        if columns == 1:
            # Centre a single column on the cell, as far as its labels allow.
            widest = max(text_width(shorten(p.label, label_width)) for p in shown)
            left += max((label_width - widest) / 2, 0)
        for index, point in enumerate(shown):
            column, row = divmod(index, rows)
            result.slots.append(
                Slot(
                    x=left + column * column_width,
                    y=block_top + row * ROW_HEIGHT,
                    width=column_width
                    if columns > 1
                    else inner_width - (left - x0 - CELL_PADDING),
                    height=ROW_HEIGHT,
                    text=shorten(point.label, label_width),
                    point=point,
                    radius=radius_for(point.engagements, most),
                )
            )
        if len(members) > capacity:
            hidden = len(members) - len(shown)
            result.hidden += hidden
            column, row = divmod(capacity - 1, rows)
            result.slots.append(
                Slot(
                    x=left + column * column_width,
                    y=block_top + row * ROW_HEIGHT,
                    width=column_width,
                    height=ROW_HEIGHT,
                    text=f"+{hidden} more",
                )
            )
    return result


def _el(parent, tag, text=None, **attributes):
    element = etree.SubElement(
        parent,
        f"{{{SVG_NS}}}{tag}",
        {
            key.rstrip("_").replace("_", "-"): _fmt(value)
            for key, value in attributes.items()
        },
    )
    if text is not None:
        element.text = text
    return element


def _fmt(value):
    if isinstance(value, float):
        return f"{value:.1f}".rstrip("0").rstrip(".")
    return str(value)


def default_texts():
    return {
        "quadrants": {key: value[0] for key, value in QUADRANTS.items()},
        "interest": "Interest",
        "power": "Power",
        "none": "no engagement in the period",
        "count": lambda count: f"{count} engagement{'s' if count != 1 else ''}",
    }


def render(points, groups, texts=None):
    """The map as an SVG Markup, and its layout (for checks).

    :param points: MapPoint list
    :param groups: {group key: (label, colour)} of the legend, in order
    :param texts: translated texts, as :func:`default_texts` returns them
    """
    texts = {**default_texts(), **(texts or {})}
    placed = layout(points)
    svg = etree.Element(
        f"{{{SVG_NS}}}svg",
        nsmap={None: SVG_NS},
        attrib={
            "viewBox": f"0 0 {WIDTH} {HEIGHT}",
            # Fills its container: wrap it in a box of the map's aspect ratio
            # (ASPECT_PERCENT), as old WebKit (wkhtmltopdf) ignores CSS sizes.
            "width": "100%",
            "height": "100%",
            "font-family": FONT,
            "class": "o_protect_map_svg",
        },
    )
    _draw_grid(svg, texts)
    colours = {key: colour for key, (_label, colour) in groups.items()}
    for slot in placed.slots:
        _draw_slot(svg, slot, colours)
    _draw_legend(svg, points, groups, texts)
    return Markup(etree.tostring(svg, encoding="unicode")), placed


def _draw_grid(svg, texts):
    quadrant_titles = texts["quadrants"]
    split_x = cell_box(1, HIGH_FROM)[0]
    split_y = cell_box(HIGH_FROM - 1, 1)[1]
    regions = {
        "keep_satisfied": (PLOT_LEFT, PLOT_TOP, split_x, split_y),
        "manage_closely": (split_x, PLOT_TOP, PLOT_RIGHT, split_y),
        "monitor": (PLOT_LEFT, split_y, split_x, PLOT_BOTTOM),
        "keep_informed": (split_x, split_y, PLOT_RIGHT, PLOT_BOTTOM),
    }
    for key, (x0, y0, x1, y1) in regions.items():
        _title, fill, ink = QUADRANTS[key]
        _el(
            svg,
            "rect",
            x=float(x0),
            y=float(y0),
            width=float(x1 - x0),
            height=float(y1 - y0),
            fill=fill,
        )
        _el(
            svg,
            "text",
            quadrant_titles[key].upper(),
            x=float(x0 + 6),
            y=float(y0 + 13),
            font_size=10.5,
            font_weight="bold",
            fill=ink,
            letter_spacing=0.6,
        )
    for level in range(1, LEVELS):
        x = cell_box(1, level + 1)[0]
        y = cell_box(level, 1)[1]
        _el(
            svg,
            "line",
            x1=float(x),
            y1=float(PLOT_TOP),
            x2=float(x),
            y2=float(PLOT_BOTTOM),
            stroke="#ffffff",
            stroke_width=1.2,
        )
        _el(
            svg,
            "line",
            x1=float(PLOT_LEFT),
            y1=float(y),
            x2=float(PLOT_RIGHT),
            y2=float(y),
            stroke="#ffffff",
            stroke_width=1.2,
        )
    _el(
        svg,
        "line",
        x1=float(split_x),
        y1=float(PLOT_TOP),
        x2=float(split_x),
        y2=float(PLOT_BOTTOM),
        stroke="#555555",
        stroke_width=1.6,
    )
    _el(
        svg,
        "line",
        x1=float(PLOT_LEFT),
        y1=float(split_y),
        x2=float(PLOT_RIGHT),
        y2=float(split_y),
        stroke="#555555",
        stroke_width=1.6,
    )
    _el(
        svg,
        "rect",
        x=float(PLOT_LEFT),
        y=float(PLOT_TOP),
        width=float(PLOT_RIGHT - PLOT_LEFT),
        height=float(PLOT_BOTTOM - PLOT_TOP),
        fill="none",
        stroke="#555555",
        stroke_width=1.2,
    )
    for level in range(1, LEVELS + 1):
        x0, y0, x1, y1 = cell_box(level, level)
        _el(
            svg,
            "text",
            str(level),
            x=float((x0 + x1) / 2),
            y=float(PLOT_BOTTOM + 14),
            font_size=10,
            text_anchor="middle",
            fill="#333333",
        )
        _el(
            svg,
            "text",
            str(level),
            x=float(PLOT_LEFT - 8),
            y=float((y0 + y1) / 2 + 3.5),
            font_size=10,
            text_anchor="end",
            fill="#333333",
        )
    _el(
        svg,
        "text",
        f"{texts['interest']} \u2192",
        x=float((PLOT_LEFT + PLOT_RIGHT) / 2),
        y=float(PLOT_BOTTOM + 31),
        font_size=11,
        font_weight="bold",
        text_anchor="middle",
        fill="#222222",
    )
    middle = (PLOT_TOP + PLOT_BOTTOM) / 2
    _el(
        svg,
        "text",
        f"{texts['power']} \u2192",
        x=18.0,
        y=float(middle),
        font_size=11,
        font_weight="bold",
        text_anchor="middle",
        fill="#222222",
        transform=f"rotate(-90 18 {middle:.1f})",
    )


def _draw_slot(svg, slot, colours):
    centre_y = slot.y + slot.height / 2
    if slot.point is None:
        _el(
            svg,
            "text",
            slot.text,
            x=float(slot.x + MARKER_SPACE),
            y=float(centre_y + 3.2),
            font_size=FONT_SIZE,
            font_style="italic",
            fill="#444444",
        )
        return
    colour = colours.get(slot.point.group, UNKNOWN_GROUP_COLOUR)
    engaged = slot.point.engagements > 0
    _el(
        svg,
        "circle",
        cx=float(slot.x + MARKER_SPACE / 2),
        cy=float(centre_y),
        r=float(slot.radius),
        fill=colour if engaged else "#ffffff",
        stroke=colour,
        stroke_width=1.4,
    )
    _el(
        svg,
        "text",
        slot.text,
        x=float(slot.x + MARKER_SPACE),
        y=float(centre_y + 3.2),
        font_size=FONT_SIZE,
        fill="#1d1d1d",
    )


def _draw_legend(svg, points, groups, texts):
    present = {p.group for p in points}
    y = float(PLOT_BOTTOM + 56)
    x = float(PLOT_LEFT)
    for key, (label, colour) in groups.items():
        if key not in present:
            continue
        width = MARKER_SPACE + text_width(label) + 12
        if x + width > PLOT_RIGHT:
            x, y = float(PLOT_LEFT), y + 16
        _el(
            svg,
            "circle",
            cx=x + 5,
            cy=y - 3,
            r=MAX_RADIUS - 0.6,
            fill=colour,
        )
        _el(
            svg,
            "text",
            label,
            x=x + MARKER_SPACE,
            y=y,
            font_size=FONT_SIZE,
            fill="#222222",
        )
        x += width
    y += 18
    x = float(PLOT_LEFT)
    most = max((p.engagements for p in points), default=0)
    sizes = sorted({1, max(most // 2, 1), most} - {0}) if most else []
    for count in sizes:
        radius = radius_for(count, most)
        _el(svg, "circle", cx=x + 5, cy=y - 3, r=radius, fill="#777777")
        text = texts["count"](count)
        _el(
            svg,
            "text",
            text,
            x=x + MARKER_SPACE,
            y=y,
            font_size=FONT_SIZE,
            fill="#222222",
        )
        x += MARKER_SPACE + text_width(text) + 14
    _el(
        svg,
        "circle",
        cx=x + 5,
        cy=y - 3,
        r=MIN_RADIUS + 0.6,
        fill="#ffffff",
        stroke="#777777",
        stroke_width=1.4,
    )
    _el(
        svg,
        "text",
        texts["none"],
        x=x + MARKER_SPACE,
        y=y,
        font_size=FONT_SIZE,
        fill="#222222",
    )
