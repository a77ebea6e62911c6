"""Every dashboard figure to Excel: one figure (`write_xlsx`), or all of them, one sheet each.

Written for people, in the language of the page: the sheets are named in that language (never
a key such as `funnel`), the filters sheet gives each filter's label and the chosen item's
name (never `prize=lalla_al_moutaaouina`), headers and row labels are the figure's own
(already translated), numbers are number cells; in Arabic every sheet is right-to-left.
Cells go through the core writer (`odco.tabular`): text a spreadsheet would run as a formula
gets an apostrophe.
"""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from odco.tabular import write_xlsx, xlsx_bytes, xlsx_sheet, xlsx_workbook

from ..charts import Figure
from .filters import MAP_MEASURES, Choices, Filters

# A figure's sheet name (at most 31 characters in every language); a figure without one
# gets its title, cut to fit.
SHEET_NAMES = {
    "funnel": gettext_lazy("Programme funnel"),
    "targets": gettext_lazy("Targets"),
    "trend": gettext_lazy("Trend"),
    "breakdowns": gettext_lazy("Gender and youth"),
    "regions": gettext_lazy("By region"),
    "sectors": gettext_lazy("By sector"),
    "map": gettext_lazy("Map of the regions"),
    "training": gettext_lazy("Training"),
    "coaching": gettext_lazy("Coaching"),
    "pitch": gettext_lazy("Pitch progress"),
    "mentoring": gettext_lazy("Mentoring"),
}


def _cell(value):
    if isinstance(value, Decimal):
        return float(value)
    if value is None:
        return None
    if isinstance(value, int | float):
        return value
    return str(value)


def sheet_name(figure: Figure) -> str:
    return str(SHEET_NAMES.get(figure.key) or figure.title)


def filter_rows(filters: Filters, choices: Choices, *, region=None) -> list[list[str]]:
    """The filters of the export as (label, chosen item's name) rows, in the active language."""
    region = region or filters.region
    measure = MAP_MEASURES.get(filters.measure) or next(
        (i.name for i in choices.indicators if i.code == filters.measure), filters.measure
    )
    everything = _("No filter")
    rows = [
        (_("Region"), region.name if region else everything),
        (_("Prize"), filters.prize.name if filters.prize else everything),
        (_("Edition"), str(filters.edition) if filters.edition else everything),
        (_("Sector"), filters.sector.name if filters.sector else everything),
        (_("Period"), filters.period.label if filters.period else ""),
        (_("Indicator"), str(filters.indicator.name) if filters.indicator else ""),
        (_("Map measure"), str(measure)),
    ]
    return [[str(label), str(value)] for label, value in rows]


def figure_xlsx(figure: Figure) -> bytes:
    return write_xlsx(
        [str(h) for h in figure.header],
        ([_cell(v) for v in row] for row in figure.rows),
        sheet_title=sheet_name(figure),
    )


def figures_xlsx(figures: list[Figure], *, filters: list[list[str]]) -> bytes:
    """A workbook with the filters on the first sheet, then one sheet per figure (its title,
    its header, its rows)."""
    workbook = xlsx_workbook()
    xlsx_sheet(workbook, [[_("Criterion"), _("Value")], *filters], title=_("Filters"))
    for figure in figures:
        rows = [
            [str(figure.title)],
            [str(h) for h in figure.header],
            *([_cell(v) for v in r] for r in figure.rows),
        ]
        xlsx_sheet(workbook, rows, title=sheet_name(figure))
    return xlsx_bytes(workbook)
