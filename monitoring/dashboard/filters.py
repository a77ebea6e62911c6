"""Dashboard filters: parsed from the query string, checked against what exists.

An unknown value is dropped (the dashboard then shows everything), never an error page.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..periods import QUARTERLY, Period, last_closed

PERIODS_SHOWN = 12
# Tile-map measures besides the indicators (code -> label).
MAP_MEASURES = {
    "cooperatives": _("Cooperatives in the registry"),
    "laureates": _("Laureates"),
    "missing": _("Missing reports"),
}


@dataclass
class Choices:
    prizes: list = field(default_factory=list)
    editions: list = field(default_factory=list)
    regions: list = field(default_factory=list)
    sectors: list = field(default_factory=list)
    indicators: list = field(default_factory=list)
    periods: list = field(default_factory=list)


@dataclass
class Filters:
    prize: object = None  # Prize
    edition: object = None  # Edition
    region: object = None  # Region
    sector: object = None  # Sector
    period: Period = None
    indicator: object = None  # Indicator shown in the trend, region and sector charts
    measure: str = "cooperatives"  # tile map: a MAP_MEASURES key or an indicator code
    region_locked: bool = False

    def query(self, **override) -> dict[str, str]:
        """The filters as query-string values (for links and exports)."""
        values = {
            "prize": self.prize.code if self.prize else "",
            "edition": str(self.edition.pk) if self.edition else "",
            "region": self.region.code if self.region and not self.region_locked else "",
            "sector": self.sector.code if self.sector else "",
            "period": self.period.label if self.period else "",
            "indicator": self.indicator.code if self.indicator else "",
            "measure": self.measure,
        }
        values.update(override)
        return {k: v for k, v in values.items() if v}


def load_choices(*, user, today: date | None = None) -> Choices:
    """What the filter form offers (five small queries)."""
    from cooperatives.models import Sector
    from odco.regions.models import Region
    from odco.scoping import scope
    from prizes.models import Edition, Prize

    from ..models import Indicator

    today = today or timezone.localdate()
    period = last_closed(today, QUARTERLY)
    periods = []
    for _i in range(PERIODS_SHOWN):
        periods.append(period)
        period = period.previous()
    return Choices(
        prizes=list(Prize.objects.all()),
        editions=list(Edition.objects.select_related("prize").order_by("-year", "prize__since_year")),
        regions=list(scope(user, Region.objects.all()).order_by("code")),
        sectors=list(Sector.objects.order_by("name_fr")),
        indicators=list(Indicator.objects.filter(active=True).order_by("order", "code")),
        periods=periods,
    )


def parse_filters(params, choices: Choices, *, region=None) -> Filters:
    """`params` is request.GET; `region` fixes the region (regional dashboard)."""

    def pick(items, key, attr):
        value = (params.get(key) or "").strip()
        return next((item for item in items if str(getattr(item, attr)) == value), None) if value else None

    prize = pick(choices.prizes, "prize", "code")
    edition = pick(choices.editions, "edition", "pk")
    if edition is not None and prize is not None and edition.prize_id != prize.pk:
        edition = None
    if region is None:
        from odco.regions.models import Region

        code = Region.normalize_code(params.get("region") or "")
        region = next((r for r in choices.regions if r.code == code), None) if code else None
        locked = False
    else:
        locked = True
    period = Period.parse(params.get("period") or "")
    if period not in choices.periods:
        period = choices.periods[0]
    indicator = pick(choices.indicators, "indicator", "code") or (
        choices.indicators[0] if choices.indicators else None
    )
    measure = (params.get("measure") or "").strip()
    if measure not in MAP_MEASURES and measure not in {i.code for i in choices.indicators}:
        measure = "cooperatives"
    return Filters(
        prize=prize,
        edition=edition,
        region=region,
        sector=pick(choices.sectors, "sector", "code"),
        period=period,
        indicator=indicator,
        measure=measure,
        region_locked=locked,
    )
