"""The pitch deck: a bilingual PDF (French then Arabic) built from the current canvas, the
financial plan and its charts, the cooperative's profile, products and photos.

Charts are the dashboards' SVG charts (`odco.charts`), drawn once per language.
"""

import base64

from django.utils import translation
from django.utils.translation import gettext as _

from odco.charts import bar_chart, line_chart
from odco.pdf import render_pdf

from .finance import PlanResult, plan_inputs, plan_result
from .selectors_projects import canvas_rows, plan_of

MAX_PHOTOS = 4


def plan_charts(result: PlanResult | None) -> list:
    """Revenue, costs and margin per year (bars) and the cash position (line), in the active language."""
    if result is None:
        return []
    years = [str(y.year) for y in result.years]
    return [
        bar_chart(
            key="plan-results",
            title=_("Revenue, costs and margin per year (MAD)"),
            labels=years,
            series=[
                (_("Revenue"), [y.revenue for y in result.years]),
                (_("Costs"), [y.variable_costs + y.fixed_costs for y in result.years]),
                (_("Margin"), [y.margin for y in result.years]),
            ],
            label_header=_("Year"),
        ),
        line_chart(
            key="plan-cash",
            title=_("Cash position at the end of each year (MAD)"),
            x_labels=years,
            series=[(_("Cash position"), [y.cash_end for y in result.years])],
        ),
    ]


def _photos(cooperative_id: int) -> list[dict]:
    from prizes.models import CooperativePhoto

    photos = []
    for photo in CooperativePhoto.objects.filter(cooperative_id=cooperative_id).order_by("created_at", "pk")[
        :MAX_PHOTOS
    ]:
        try:
            with photo.image.open("rb") as handle:
                data = base64.b64encode(handle.read()).decode("ascii")
        except OSError:
            continue
        photos.append({"src": f"data:image/jpeg;base64,{data}", "caption": photo.caption})
    return photos


def deck_context(deck) -> dict:
    cooperative = deck.cooperative
    canvas = deck.canvas_version
    plan = plan_of(cooperative_id=cooperative.pk)
    result = plan_result(plan)
    charts = {}
    for language in ("fr", "ar"):
        with translation.override(language):
            charts[language] = plan_charts(result)
    return {
        "deck": deck,
        "cooperative": cooperative,
        "canvas": canvas,
        "rows": canvas_rows(canvas, {}),
        "plan": plan,
        "inputs": plan_inputs(plan) if plan else None,
        "figures": result,
        "charts_fr": charts["fr"],
        "charts_ar": charts["ar"],
        "photos": _photos(cooperative.pk),
    }


def deck_pdf(deck) -> bytes:
    return render_pdf("coaching/pdf/deck.html", deck_context(deck), language="fr")
