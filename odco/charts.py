"""Small server-side SVG charts: bar, line and a tile map of the 12 regions (platform core:
the dashboards of `monitoring` and the pitch deck of `coaching` draw with them).

Each builder returns a `Figure`: the SVG (safe markup, no `style` attribute, colours as SVG
presentation attributes) and the table behind it (header and rows) that the page shows to
screen readers and that the Excel export writes. The same figures serve the pages and the
PDF reports. Every text put into the SVG is escaped here.
"""

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


def _text(x, y, content, cls: str, anchor: str = "start") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" class="{cls}">{escape(content)}</text>'


def _svg(width: int, height: int, title: str, body: list[str]) -> SafeString:
    # Every piece of text in `body` went through escape(); numbers are formatted here.
    return mark_safe(  # noqa: S308
        f'<svg class="chart-svg" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMinYMin meet">'
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
    bar, gap, left, width = 14, 10, 170, 640
    group = bar * len(series) + gap
    height = group * len(labels) + 30
    peak = max((_num(v) for _, values in series for v in values), default=0) or 1.0
    body = []
    for i, label in enumerate(labels):
        y0 = 10 + i * group
        body.append(
            f'<text x="{left - 6}" y="{y0 + bar * len(series) / 2 + 4:.0f}" text-anchor="end" '
            f'class="chart-label">{escape(str(label)[:28])}</text>'
        )
        for s, (name, values) in enumerate(series):
            value = values[i]
            length = (width - left - 70) * _num(value) / peak
            y = y0 + s * bar
            tip = f"{escape(name)}: {escape(fmt(value))}"
            body.append(
                f'<rect x="{left}" y="{y}" width="{max(length, 0):.1f}" height="{bar - 2}" '
                f'fill="{PALETTE[s % len(PALETTE)]}"><title>{tip}</title></rect>'
                + _text(left + length + 4, y + bar - 4, fmt(value), "chart-value")
            )
    body.extend(_legend(series, 10, height - 14))
    return Figure(key, title, header, rows, _svg(width, height, title, body))


def _legend(series, x: int, y: int) -> list[str]:
    if len(series) < 2:
        return []
    items = []
    for s, (name, _values) in enumerate(series):
        items.append(
            f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{PALETTE[s % len(PALETTE)]}"></rect>'
            f'<text x="{x + 14}" y="{y}" class="chart-legend">{escape(name)}</text>'
        )
        x += 14 + 8 * len(str(name)) + 16
    return items


def line_chart(*, key: str, title: str, x_labels: list[str], series: list[tuple[str, list]]) -> Figure:
    """One line per series over `x_labels` (periods); missing points break nothing."""
    header = ["", *(name for name, _ in series)]
    rows = [[x, *(values[i] for _, values in series)] for i, x in enumerate(x_labels)]
    if not x_labels:
        return Figure(key, title, header, rows)
    width, height, left, top, bottom = 640, 260, 70, 14, 56
    plot_w, plot_h = width - left - 16, height - top - bottom
    peak = max((_num(v) for _, values in series for v in values if v is not None), default=0) or 1.0
    step = plot_w / max(len(x_labels) - 1, 1)
    body = []
    for tick in range(5):
        value = peak * tick / 4
        y = top + plot_h - plot_h * tick / 4
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - 16}" y2="{y:.1f}" stroke="#dee2e6"></line>'
            + _text(left - 6, y + 4, fmt(value), "chart-tick", "end")
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
    body.extend(_legend(series, left, height - 8))
    return Figure(key, title, header, rows, _svg(width, height, title, body))


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
            + _text(x + size / 2, y + 30, code, f"{text_class} tile-code", "middle")
            + _text(x + size / 2, y + 56, fmt(value), f"{text_class} tile-value", "middle")
            + _text(x + size / 2, y + 76, str(name)[:14], f"{text_class} tile-name", "middle")
        )
        if link is not None and link(code):
            tile = f'<a href="{escape(link(code))}">{tile}</a>'
        body.append(tile)
    return Figure(key, title, header, rows, _svg(width, height, title, body))
