"""The dashboard's panels: aggregate results (see `queries`) turned into figures and lines.

Loops here run over indicators, periods, regions, sectors or editions (a few dozen items),
never over cooperatives or reports.

The activity panels (`ACTIVITY_PANELS`: training coverage and attendance by region, coaching
hours and pitch progress, mentoring status) are computed in `activity`.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..charts import Figure, bar_chart, line_chart, tile_map
from ..models import Indicator
from . import activity, queries
from .filters import MAP_MEASURES, Choices, Filters

# The activity panels (template `monitoring/_dashboard_activity.html`): key -> heading.
ACTIVITY_PANELS = {
    "training": gettext_lazy("Training coverage and attendance by region"),
    "coaching": gettext_lazy("Coaching hours and pitch progress"),
    "mentoring": gettext_lazy("Mentoring status"),
}


@dataclass
class IndicatorLine:
    indicator: Indicator
    actual: Decimal | None
    target: Decimal | None
    achievement: Decimal | None  # percent of the target reached, where targets exist
    previous: Decimal | None
    change: Decimal | None  # percent change from the previous period
    reporting: int
    falling: bool


def _actual(indicator: Indicator, row: dict | None) -> Decimal | None:
    if not row:
        return None
    if indicator.kind == Indicator.Kind.PERCENTAGE:
        return row["average"]
    return row["total"]


def _target(indicator: Indicator, row: dict | None) -> Decimal | None:
    if not row or row["target_total"] is None:
        return None
    if indicator.kind == Indicator.Kind.PERCENTAGE:
        return row["target_total"] / row["with_target"] if row["with_target"] else None
    return row["target_total"]


def _percent(part, whole) -> Decimal | None:
    if part is None or not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def indicator_lines(choices: Choices, filters: Filters, data: dict) -> list[IndicatorLine]:
    current, previous = filters.period.start, filters.period.previous().start
    lines = []
    for indicator in choices.indicators:
        row, before = data.get((indicator.pk, current)), data.get((indicator.pk, previous))
        actual, prior = _actual(indicator, row), _actual(indicator, before)
        change = _percent(actual - prior, prior) if actual is not None and prior else None
        falling = change is not None and (
            change < 0 if indicator.direction == Indicator.Direction.HIGHER else change > 0
        )
        lines.append(
            IndicatorLine(
                indicator=indicator,
                actual=actual,
                target=_target(indicator, row),
                achievement=_percent(row["actual_with_target"], row["target_total"]) if row else None,
                previous=prior,
                change=change,
                reporting=row["reporting"] if row else 0,
                falling=falling,
            )
        )
    return lines


def funnel_figure(rows: list[dict]) -> Figure:
    from odco.i18n import localized

    # The year first: long prize names are shortened in the chart, never the year.
    labels = [
        f"{r['edition__year']} {localized(r['edition__prize__name_fr'], r['edition__prize__name_ar'])}"
        for r in rows
    ]
    stages = (
        ("candidates", _("Candidates")),
        ("eligible", _("Eligible")),
        ("accompanied", _("Accompanied")),
        ("laureates", _("Laureates")),
    )
    return bar_chart(
        key="funnel",
        title=_("Programme funnel by prize and edition"),
        labels=labels,
        series=[(label, [r[stage] for r in rows]) for stage, label in stages],
        label_header=_("Edition"),
    )


def targets_figure(lines: list[IndicatorLine], filters: Filters) -> Figure:
    figure = bar_chart(
        key="targets",
        title=_("Targets reached in %(period)s (%% of the target)") % {"period": filters.period},
        labels=[str(line.indicator.name) for line in lines if line.achievement is not None],
        series=[(_("Achieved (%)"), [line.achievement for line in lines if line.achievement is not None])],
        label_header=_("Indicator"),
    )
    # The table behind the chart has every indicator and every figure of the summary.
    figure.header = [
        _("Indicator"),
        _("Unit"),
        _("Actual"),
        _("Target"),
        _("Achieved (%)"),
        _("Previous period"),
        _("Change (%)"),
        _("Cooperatives reporting"),
    ]
    figure.rows = [
        [
            str(line.indicator.name),
            str(line.indicator.unit),
            line.actual,
            line.target,
            line.achievement,
            line.previous,
            line.change,
            line.reporting,
        ]
        for line in lines
    ]
    return figure


def trend_figure(filters: Filters, choices: Choices, data: dict) -> Figure:
    indicator = filters.indicator
    periods = list(reversed(choices.periods))
    rows = [data.get((indicator.pk, p.start)) if indicator else None for p in periods]
    return line_chart(
        key="trend",
        title=_("%(indicator)s over time: actual and target")
        % {"indicator": indicator.name if indicator else ""},
        x_labels=[p.label for p in periods],
        series=[
            (_("Actual"), [_actual(indicator, r) for r in rows]),
            (_("Target"), [_target(indicator, r) for r in rows]),
        ],
    )


def breakdown_figure(choices: Choices, filters: Filters, data: dict) -> Figure:
    broken = [i for i in choices.indicators if i.by_gender or i.by_youth]
    rows = [data.get((i.pk, filters.period.start)) or {} for i in broken]
    return bar_chart(
        key="breakdowns",
        title=_("Breakdown by gender and youth in %(period)s") % {"period": filters.period},
        labels=[str(i.name) for i in broken],
        series=[
            (_("Women"), [r.get("women") for r in rows]),
            (_("Men"), [r.get("men") for r in rows]),
            (_("Young"), [r.get("young") for r in rows]),
            (_("Not young"), [r.get("not_young") for r in rows]),
        ],
        label_header=_("Indicator"),
    )


def by_figure(*, key: str, title: str, header: str, items: list, data: dict, indicator) -> Figure:
    values = [_actual(indicator, data.get(item.pk)) if indicator else None for item in items]
    shown = [(item, value) for item, value in zip(items, values, strict=True) if value is not None]
    return bar_chart(
        key=key,
        title=title,
        labels=[str(item.name) for item, _v in shown],
        series=[(str(indicator.name) if indicator else "", [v for _i, v in shown])],
        label_header=header,
    )


def map_figure(*, user, filters: Filters, choices: Choices, today: date) -> Figure:
    measure = filters.measure
    if measure == "cooperatives":
        by_region = queries.cooperatives_by_region(user=user, filters=filters)
    elif measure == "laureates":
        by_region = queries.laureates_by_region(user=user, filters=filters)
    elif measure == "missing":
        by_region = queries.missing_by_region(user=user, filters=filters, today=today)
    else:
        indicator = next(i for i in choices.indicators if i.code == measure)
        data = queries.indicator_by(
            user=user, filters=Filters(**{**filters.__dict__, "indicator": indicator}), field="region_id"
        )
        by_region = {pk: _actual(indicator, row) for pk, row in data.items()}
    label = MAP_MEASURES.get(measure) or next(i.name for i in choices.indicators if i.code == measure)
    return tile_map(
        key="map",
        title=_("The 12 regions: %(measure)s") % {"measure": label},
        tiles=[
            (r.code, r.name, by_region.get(r.pk, 0 if measure in MAP_MEASURES else None))
            for r in choices.regions
        ],
        measure=str(label),
        link=lambda code: reverse("regional_dashboard", args=[code]),
    )


def build(*, user, filters: Filters, choices: Choices, today: date, regional: bool = False) -> dict:
    """Everything the dashboard page (and its Excel export) shows, in a fixed number of queries."""
    data = queries.indicator_periods(user=user, filters=filters, periods=choices.periods)
    lines = indicator_lines(choices, filters, data)
    figures = [
        funnel_figure(queries.funnel(user=user, filters=filters)),
        targets_figure(lines, filters),
        trend_figure(filters, choices, data),
        breakdown_figure(choices, filters, data),
    ]
    if not regional:
        figures.append(
            by_figure(
                key="regions",
                title=_("%(indicator)s by region in %(period)s")
                % {
                    "indicator": filters.indicator.name if filters.indicator else "",
                    "period": filters.period,
                },
                header=_("Region"),
                items=choices.regions,
                data=queries.indicator_by(user=user, filters=filters, field="region_id"),
                indicator=filters.indicator,
            )
        )
    figures.append(
        by_figure(
            key="sectors",
            title=_("%(indicator)s by sector in %(period)s")
            % {"indicator": filters.indicator.name if filters.indicator else "", "period": filters.period},
            header=_("Sector"),
            items=choices.sectors,
            data=queries.indicator_by(user=user, filters=filters, field="sector_id"),
            indicator=filters.indicator,
        )
    )
    if not regional:
        figures.append(map_figure(user=user, filters=filters, choices=choices, today=today))
    counts = queries.report_counts(user=user, filters=filters, today=today)
    by_panel = activity.build(user=user, filters=filters, choices=choices)
    everything = figures + [f for key in ACTIVITY_PANELS for f in by_panel[key]]
    return {
        "figures": {f.key: f for f in everything},
        # Every figure, for the Excel export; the page shows `indicator_figures` in the grid
        # and the activity figures in their panels.
        "figure_list": everything,
        "indicator_figures": figures,
        "activity_panels": [(key, label, by_panel[key]) for key, label in ACTIVITY_PANELS.items()],
        "lines": lines,
        "falling": [line for line in lines if line.falling],
        "report_counts": counts,
    }
