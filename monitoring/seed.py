"""Demo data of the follow-up: laureates in follow-up with three years of quarterly reports.

Realistic trends (revenue, members, jobs and online sales growing with noise), targets a
little above the trend, older reports approved, the latest quarter in every state: some
submitted or validated, some returned with a comment, some overdue. Idempotent per seed: a
cooperative already in follow-up is left alone. Values are written in bulk (hundreds of
reports), then the roll-ups are rebuilt for these cooperatives.
"""

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from odco.audit.services import audit_record_many
from odco.seeding import SeedContext

QUARTERS = 12  # three years
RETURN_COMMENT = "Le nombre d'emplois permanents ne correspond pas à la liste des adhérents."


def _laureates(ctx: SeedContext):
    from prizes.models import Candidacy

    prefix = ctx.tag("DEMO").upper()
    rows = (
        Candidacy.objects.filter(status=Candidacy.Status.LAUREATE, cooperative__isnull=False)
        .filter(cooperative__registration_number__startswith=f"{prefix}-")
        .select_related("edition", "cooperative")
        .order_by("edition__year", "pk")
    )
    laureates = {}
    for candidacy in rows:  # the latest edition a cooperative won
        laureates[candidacy.cooperative_id] = candidacy
    return list(laureates.values())


def _money(value: float) -> Decimal:
    return Decimal(str(round(value, 2)))


def _values(rng: random.Random, base: dict, q: int) -> dict[str, dict[str, Decimal] | Decimal]:
    """One quarter's values for a cooperative: trend × seasonality × noise."""
    growth = (1 + base["growth"]) ** q
    season = (1.0, 0.9, 1.1, 1.25)[q % 4]
    noise = rng.uniform(0.9, 1.1)
    revenue = base["revenue"] * growth * season * noise
    members = base["members"] + q // 3
    women = min(members, round(members * base["women_share"]))
    young = min(members, round(members * base["young_share"]))
    permanent = base["jobs"] + q // 4
    seasonal = max(0, round(base["jobs"] * season * 1.5 * noise))
    online = revenue * min(0.05 + 0.01 * q, 0.3)
    hours = Decimal(rng.choice((0, 6, 12, 18)))
    hours_women = (hours * Decimal(base["women_share"])).quantize(Decimal("0.5"))
    hours_young = (hours * Decimal(base["young_share"])).quantize(Decimal("0.5"))
    return {
        "revenue": _money(revenue),
        "members": {"women": women, "men": members - women, "young": young, "not_young": members - young},
        "permanent_jobs": {
            "women": min(permanent, round(permanent * base["women_share"])),
            "men": permanent - min(permanent, round(permanent * base["women_share"])),
        },
        "seasonal_jobs": {"women": round(seasonal * 0.7), "men": seasonal - round(seasonal * 0.7)},
        "funding_public": _money(50000 if q == 2 else 0),
        "funding_credit": _money(rng.choice((0, 0, 0, 20000))),
        "funding_other": _money(0),
        "new_markets": Decimal(rng.choice((0, 0, 1, 1, 2))),
        "new_clients": Decimal(rng.randint(0, 12)),
        "online_sales": _money(online),
        "online_sales_share": _money(online * 100 / revenue),
        "certifications": Decimal(1 if q == 5 else 0),
        "products_launched": Decimal(rng.choice((0, 0, 0, 1))),
        "training_hours": {
            "women": hours_women,
            "men": hours - hours_women,
            "young": hours_young,
            "not_young": hours - hours_young,
        },
        "online_shop": Decimal(1 if q >= 4 else 0),
    }


def seed_monitoring(ctx: SeedContext) -> None:
    """Laureates' reports at every scale; at `national` scale, every other cooperative too."""
    _seed_laureates(ctx)
    if ctx.scale == "national":
        from .seed_national import seed_national_reports

        counts = seed_national_reports()
        ctx.log(
            "monitoring (national): {cooperatives} cooperatives, {reports} reports, {values} values, "
            "{rollups} roll-up rows".format(**counts)
        )


def _seed_laureates(ctx: SeedContext) -> None:
    from monitoring.models import FollowUp, Indicator, IndicatorTarget, PeriodicReport, ReportValue
    from monitoring.periods import QUARTERLY, last_closed
    from monitoring.services import rollup_rebuild

    rng = random.Random(ctx.seed * 104729)
    indicators = {i.code: i for i in Indicator.objects.filter(active=True, frequency=QUARTERLY)}
    today = timezone.localdate()
    latest = last_closed(today, QUARTERLY)
    periods = [latest]
    for _i in range(QUARTERS - 1):
        periods.insert(0, periods[0].previous())
    featured = ctx.shared.get("featured_cooperative")
    laureates = [
        c for c in _laureates(ctx) if not FollowUp.objects.filter(cooperative_id=c.cooperative_id).exists()
    ]
    if not laureates:
        ctx.log("monitoring: nothing to add")
        return
    FollowUp.objects.bulk_create(
        [
            FollowUp(cooperative_id=c.cooperative_id, edition_id=c.edition_id, starts_on=periods[0].start)
            for c in laureates
        ]
    )
    now = timezone.now()
    reports, pending_values, targets = [], [], []
    for n, candidacy in enumerate(laureates):
        coop = candidacy.cooperative
        is_featured = featured is not None and coop.pk == featured.pk
        base = {
            "revenue": rng.uniform(60000, 400000),
            "growth": rng.uniform(-0.01, 0.05),
            "members": max(coop.members_total, 7),
            "women_share": coop.women_share or 0.5,
            "young_share": coop.young_share or 0.2,
            "jobs": rng.randint(1, 6),
        }
        for q, period in enumerate(periods):
            values = _values(rng, base, q)
            status, comment = PeriodicReport.Status.APPROVED, ""
            if q == len(periods) - 1:  # the latest quarter, in every state
                status = (
                    PeriodicReport.Status.RETURNED
                    if is_featured
                    else (
                        PeriodicReport.Status.DRAFT,
                        PeriodicReport.Status.SUBMITTED,
                        PeriodicReport.Status.VALIDATED,
                        PeriodicReport.Status.RETURNED,
                        PeriodicReport.Status.APPROVED,
                    )[n % 5]
                )
                comment = RETURN_COMMENT if status == PeriodicReport.Status.RETURNED else ""
            elif q == len(periods) - 2 and n % 7 == 3:
                status = PeriodicReport.Status.DRAFT  # an older report never sent: overdue
            due = period.due_on
            stamps = {
                "submitted_at": now - timedelta(days=(today - due).days + 3) if status != "draft" else None,
                "validated_at": now - timedelta(days=(today - due).days)
                if status in ("validated", "approved")
                else None,
                "approved_at": now - timedelta(days=(today - due).days - 5) if status == "approved" else None,
            }
            report = PeriodicReport(
                cooperative_id=coop.pk,
                period_start=period.start,
                frequency=QUARTERLY,
                due_on=due,
                status=status,
                review_comment=comment,
                **stamps,
            )
            reports.append(report)
            pending_values.append((report, values if status != "draft" or q % 2 else {}))
            targets.append(
                IndicatorTarget(
                    cooperative_id=coop.pk,
                    indicator=indicators["revenue"],
                    period_start=period.start,
                    baseline=_money(base["revenue"]),
                    target=_money(base["revenue"] * (1.04**q) * 1.05),
                )
            )
    PeriodicReport.objects.bulk_create(reports, batch_size=2000)
    rows = []
    for report, values in pending_values:
        for code, value in values.items():
            if code not in indicators:
                continue
            if isinstance(value, dict):
                parts = {k: Decimal(v) for k, v in value.items()}
                parts["total"] = parts["women"] + parts["men"]
                if "young" in parts and parts["young"] + parts["not_young"] != parts["total"]:
                    parts.pop("young"), parts.pop("not_young")
            else:
                parts = {"total": Decimal(value)}
            rows.extend(
                ReportValue(report=report, indicator=indicators[code], breakdown=b, value=v)
                for b, v in parts.items()
            )
    ReportValue.objects.bulk_create(rows, batch_size=5000)
    IndicatorTarget.objects.bulk_create(targets, batch_size=2000, ignore_conflicts=True)
    audit_record_many(actor="seed_demo", action="report.seed", objects=reports)
    rollup_rebuild(cooperative_ids=[c.cooperative_id for c in laureates])
    ctx.log(
        f"monitoring: {len(laureates)} cooperatives in follow-up, {len(reports)} reports, {len(rows)} values"
    )
