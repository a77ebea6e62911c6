"""The dashboards' SVG charts. The drawing lives in the platform core (`odco.charts`) so that
apps below monitoring (the pitch deck of `coaching`) draw the same charts; this module keeps
the public names the dashboards import."""

from odco.charts import (  # noqa: F401 - re-exported
    NO_DATA,
    PALETTE,
    SCALE,
    TILES,
    Figure,
    bar_chart,
    fmt,
    line_chart,
    tile_map,
)

__all__ = ["NO_DATA", "PALETTE", "SCALE", "TILES", "Figure", "bar_chart", "fmt", "line_chart", "tile_map"]
