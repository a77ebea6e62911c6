"""Geometry of the progression chart, drawn as inline SVG by a template (no JavaScript).

Each criterion is a line over successive simulations; the y axis runs from 0 to the
rubric's scale. Colours are SVG presentation attributes (allowed by the CSP, unlike `style`).
"""

from dataclasses import dataclass

from django.utils.formats import date_format

# Okabe–Ito palette: tells lines apart for colour-blind readers too.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 36, 16, 12, 36


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    value: object


@dataclass(frozen=True)
class Line:
    label: str
    color: str
    points: str  # "x1,y1 x2,y2 …" for <polyline>
    dots: list[Dot]


def _y(value, scale) -> float:
    plot = HEIGHT - TOP - BOTTOM
    return round(TOP + plot * (1 - float(value) / scale), 1)


def _x(index: int, count: int) -> float:
    plot = WIDTH - LEFT - RIGHT
    if count <= 1:
        return LEFT + plot / 2
    return round(LEFT + plot * index / (count - 1), 1)


def progression_chart(progression) -> dict | None:
    """Template data for `coaching/_chart.html`, or None when there is nothing to draw."""
    if not progression.simulations or progression.rubric is None:
        return None
    scale = progression.rubric.scale
    count = len(progression.simulations)
    lines = []
    for i, (criterion, values) in enumerate(progression.series):
        dots = [
            Dot(_x(j, count), _y(value, scale), value) for j, value in enumerate(values) if value is not None
        ]
        lines.append(
            Line(
                label=criterion.label,
                color=PALETTE[i % len(PALETTE)],
                points=" ".join(f"{d.x},{d.y}" for d in dots),
                dots=dots,
            )
        )
    steps = 5
    grid = [{"y": _y(scale * k / steps, scale), "label": f"{scale * k / steps:g}"} for k in range(steps + 1)]
    xlabels = [
        {"x": _x(j, count), "label": date_format(s.held_on, "d/m")}
        for j, s in enumerate(progression.simulations)
    ]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "baseline": HEIGHT - BOTTOM,
        "label_y": HEIGHT - BOTTOM + 18,
        "grid": grid,
        "xlabels": xlabels,
        "lines": lines,
    }
