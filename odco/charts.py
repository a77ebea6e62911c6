"""Small server-side SVG charts: bar, line and a tile map of the 12 regions (platform core:
the dashboards of `monitoring` and the pitch deck of `coaching` draw with them).

Each builder returns a `Figure`: the SVG (safe markup, no `style` attribute, colours as SVG
presentation attributes) and the table behind it (header and rows) that the page shows to
screen readers and that the Excel export writes. The same figures serve the pages and the
PDF reports. Every text put into the SVG is escaped here.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#0b6e4f", "#f0ad4e", "#3c7dd9", "#b02a37", "#6f42c1", "#20c997")
# Light to dark, for the tile map; grey means "no data".
SCALE = ("#e3f1ea", "#b5dcc8", "#7cbf9f", "#3f9a72", "#0b6e4f")
NO_DATA = "#e9ecef"

# Tile positions (column, row) of the regions, roughly as on a map of Morocco.
TILES = {
    "01": (2, 0),
    "02": (3, 1),
    "03": (2, 1),
    "04": (1, 1),
    "05": (2, 2),
    "06": (1, 2),
    "07": (1, 3),
    "08": (2, 3),
    "09": (1, 4),
    "10": (0, 5),
    "11": (0, 6),
    "12": (0, 7),
}


@dataclass
class Figure:
    key: str
    title: str
    header: list[str]
    rows: list[list]
    svg: SafeString = field(default_factory=lambda: mark_safe(""))
    note: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.rows


def fmt(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        value = Decimal(str(round(value, 2)))
    if isinstance(value, Decimal):
        value = (
            value.quantize(Decimal("1"))
            if value == value.to_integral_value()
            else value.quantize(Decimal("0.1"))
        )
    return number_format(value, force_grouping=True)


def _num(value) -> float:
    return float(value) if value is not None else 0.0


# Text is drawn at FONT_SIZE user units (set on the <svg>, so that neither the page's nor the
# PDF's font size changes it) and room for it is measured with text_width(): labels are
# never truncated, and no label runs out of the drawing or into its neighbour.
FONT_SIZE = 12
_WIDE = set("MWmw@%ÆŒæœ")
_NARROW = set(" .,:;'!|iljfrtI()[]-")


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """A generous estimate of `text`'s width in user units (wider than DejaVu Sans and Amiri)."""
    total = 0.0
    for ch in str(text):
        if ch in _WIDE:
            total += 0.95
        elif ch in _NARROW:
            total += 0.4
        elif ch.isupper():
            total += 0.75
        else:
            total += 0.62
    return total * size


def wrap(text: str, width: float, size: float = FONT_SIZE) -> list[str]:
    """`text` in lines no wider than `width`, broken at spaces and after hyphens (a single
    word longer than that keeps a line of its own)."""
    lines: list[str] = []
    for token in re.findall(r"[^\s-]*-|[^\s-]+\s*|\s+", str(text)):
        if lines and text_width((lines[-1] + token).rstrip(), size) <= width:
            lines[-1] += token
        elif token.strip():
            lines.append(token)
    return [line.strip() for line in lines] or [""]


def _text(x, y, content, cls: str, anchor: str = "start", size: float | None = None) -> str:
    font = f' font-size="{size:g}"' if size else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{font} class="{cls}">{escape(content)}</text>'
    )


def _svg(width: float, height: float, title: str, body: list[str]) -> SafeString:
    # Every piece of text in `body` went through escape(); numbers are formatted here.
    # direction="ltr": the geometry is computed left to right, also inside an Arabic page.
    return mark_safe(  # noqa: S308
        f'<svg class="chart-svg" viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
        f'aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMinYMin meet" '
        f'font-size="{FONT_SIZE}" direction="ltr">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def bar_chart(
    *, key: str, title: str, labels: list[str], series: list[tuple[str, list]], label_header: str = ""
) -> Figure:
    """Horizontal grouped bars: one group per label, one bar per series."""
    header = [label_header, *(name for name, _ in series)]
    rows = [[label, *(values[i] for _, values in series)] for i, label in enumerate(labels)]
    if not labels:
        return Figure(key, title, header, rows)
    bar, gap, plot = 15, 10, 470
    # The labels' column is as wide as the widest label (long names wrap on two lines).
    lines = [wrap(label, 260) for label in labels]
    left = 12 + max(max(text_width(line) for line in label_lines) for label_lines in lines)
    values_room = 12 + max(text_width(fmt(v)) for _, values in series for v in values)
    width = left + plot + values_room + 10
    group = max(bar * len(series), 15 * max(len(label_lines) for label_lines in lines)) + gap
    top = 10
    peak = max((_num(v) for _, values in series for v in values), default=0) or 1.0
    body = []
    for i, label_lines in enumerate(lines):
        y0 = top + i * group
        first = y0 + (bar * len(series) - 15 * len(label_lines)) / 2 + 11
        for n, line in enumerate(label_lines):
            body.append(_text(left - 6, first + 15 * n, line, "chart-label", "end"))
        for s, (name, values) in enumerate(series):
            value = values[i]
            length = plot * max(_num(value), 0) / peak
            y = y0 + s * bar
            tip = f"{escape(name)}: {escape(fmt(value))}"
            body.append(
                f'<rect x="{left:.1f}" y="{y}" width="{length:.1f}" height="{bar - 2}" '
                f'fill="{PALETTE[s % len(PALETTE)]}"><title>{tip}</title></rect>'
                + _text(left + length + 4, y + bar - 3, fmt(value), "chart-value")
            )
    legend, legend_height = _legend(series, 10, top + group * len(labels) + 4, width - 20)
    body.extend(legend)
    height = top + group * len(labels) + legend_height + 6
    return Figure(key, title, header, rows, _svg(width, height, title, body))


def _legend(series, x: float, y: float, room: float) -> tuple[list[str], float]:
    """The series' colour keys from `y` down, as many on a row as fit in `room` (measured, so
    that long or Arabic names never run into each other). Returns the items and their height."""
    if len(series) < 2:
        return [], 0
    items, left, row = [], x, 0
    for s, (name, _values) in enumerate(series):
        wide = 14 + text_width(name) + 16
        if left > x and left + wide > x + room:
            left, row = x, row + 1
        top = y + row * 18
        items.append(
            f'<rect x="{left:.1f}" y="{top:.1f}" width="10" height="10" '
            f'fill="{PALETTE[s % len(PALETTE)]}"></rect>'
            + _text(left + 14, top + 10, name, "chart-legend")
        )
        left += wide
    return items, (row + 1) * 18


def line_chart(*, key: str, title: str, x_labels: list[str], series: list[tuple[str, list]]) -> Figure:
    """One line per series over `x_labels` (periods); missing points break nothing."""
    header = ["", *(name for name, _ in series)]
    rows = [[x, *(values[i] for _, values in series)] for i, x in enumerate(x_labels)]
    if not x_labels:
        return Figure(key, title, header, rows)
    peak = max((_num(v) for _, values in series for v in values if v is not None), default=0) or 1.0
    ticks = [fmt(peak * tick / 4) for tick in range(5)]
    # Room on the left for the widest tick and half the first period, on the right for half the last.
    left = 10 + max(60, *(text_width(t) for t in ticks), text_width(x_labels[0]) / 2)
    right = max(16, text_width(x_labels[-1]) / 2 + 4)
    width, height, top, bottom = left + 554 + right, 260, 14, 56
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(x_labels) - 1, 1)
    body = []
    for tick, label in enumerate(ticks):
        y = top + plot_h - plot_h * tick / 4
        body.append(
            f'<line x1="{left:.1f}" y1="{y:.1f}" x2="{width - right:.1f}" y2="{y:.1f}" '
            'stroke="#dee2e6"></line>'
            + _text(left - 6, y + 4, label, "chart-tick", "end")
        )
    every = max(1, len(x_labels) // 8)
    for i, x_label in enumerate(x_labels):
        if i % every == 0 or i == len(x_labels) - 1:
            body.append(
                f'<text x="{left + i * step:.1f}" y="{top + plot_h + 18}" text-anchor="middle" '
                f'class="chart-tick">{escape(str(x_label))}</text>'
            )
    for s, (name, values) in enumerate(series):
        colour = PALETTE[s % len(PALETTE)]
        points = [
            (left + i * step, top + plot_h - plot_h * _num(v) / peak, v)
            for i, v in enumerate(values)
            if v is not None
        ]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _v in points)
            dash = ' stroke-dasharray="5 4"' if s else ""
            body.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash}></polyline>'
            )
        for x, y, v in points:
            label = f"{escape(name)}: {escape(fmt(v))}"
            body.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"><title>{label}</title></circle>'
            )
    legend, legend_height = _legend(series, left, height - 24, width - left - 16)
    body.extend(legend)
    return Figure(key, title, header, rows, _svg(width, height - 24 + legend_height + 4, title, body))


def tile_map(
    *, key: str, title: str, tiles: list[tuple[str, str, object]], measure: str, link=None
) -> Figure:
    """The 12 regions as tiles (code, name, value), darker for higher values.

    `link(code)` gives each tile's URL (the regional dashboard), or None for no links.
    """
    header = ["", measure]
    rows = [[name, value] for _code, name, value in tiles]
    size, pad = 92, 6
    width, height = 4 * (size + pad) + pad, 8 * (size + pad) + pad
    values = [_num(v) for _c, _n, v in tiles if v is not None]
    peak = max(values, default=0)
    body = []
    for code, name, value in tiles:
        col, row = TILES.get(code, (3, 7))
        x, y = pad + col * (size + pad), pad + row * (size + pad)
        if value is None:
            fill = NO_DATA
        else:
            level = min(int(_num(value) / peak * len(SCALE)), len(SCALE) - 1) if peak else 0
            fill = SCALE[level]
        dark = fill in SCALE[3:]
        text_class = "tile-text tile-text-light" if dark else "tile-text"
        tile = (
            f'<rect x="{x}" y="{y}" width="{size}" height="{size}" rx="6" fill="{fill}" stroke="#ffffff">'
            f"<title>{escape(name)}: {escape(fmt(value))}</title></rect>"
            + _text(x + size / 2, y + 24, code, f"{text_class} tile-code", "middle")
            + _text(x + size / 2, y + 46, fmt(value), f"{text_class} tile-value", "middle")
            + "".join(
                _text(x + size / 2, y + 64 + 11 * n, line, f"{text_class} tile-name", "middle", size=10)
                for n, line in enumerate(wrap(name, size - 8, 10)[:3])
            )
        )
        if link is not None and link(code):
            tile = f'<a href="{escape(link(code))}">{tile}</a>'
        body.append(tile)
    return Figure(key, title, header, rows, _svg(width, height, title, body))
