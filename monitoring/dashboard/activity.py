"""The programme's activity panels: training, coaching and mentoring, by region.

Every figure comes from a grouped query in the database (one row per region or per status);
Python only lays the few result rows out. Each query is scoped with `odco.scoping.scope`
and honours the dashboard's prize, edition, region and sector filters:

- training: sessions by their phase's edition and their region; enrolments by the session's
  edition and region and the cooperative's sector. The period filter does not apply (a phase
  is the training's own time frame; the edition filter picks it).
- coaching and pitch: by the coached candidacy's edition, region and cooperative's sector.
- mentoring: by the laureate's candidacy (edition, region, cooperative's sector).
"""

from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils.translation import gettext as _

from odco.scoping import scope

from ..charts import Figure, bar_chart
from .filters import Choices, Filters

# A candidacy is accompanied from this stage on (same stages as the funnel's "accompanied").
ACCOMPANIED = ("accompanied", "finalist", "laureate", "not_selected")
HUNDRED = Decimal(100)


def _by_candidacy(qs, filters: Filters, prefix: str):
    """`qs` filtered through its candidacy (`prefix` leads to it, e.g. 'assignment__candidacy__')."""
    if filters.prize is not None:
        qs = qs.filter(**{f"{prefix}edition__prize_id": filters.prize.pk})
    if filters.edition is not None:
        qs = qs.filter(**{f"{prefix}edition_id": filters.edition.pk})
    if filters.region is not None:
        qs = qs.filter(**{f"{prefix}region_id": filters.region.pk})
    if filters.sector is not None:
        qs = qs.filter(**{f"{prefix}cooperative__sector_id": filters.sector.pk})
    return qs


def _by_session(qs, filters: Filters, prefix: str):
    """`qs` filtered through its training session (`prefix` leads to it, '' for sessions)."""
    if filters.prize is not None:
        qs = qs.filter(**{f"{prefix}phase__edition__prize_id": filters.prize.pk})
    if filters.edition is not None:
        qs = qs.filter(**{f"{prefix}phase__edition_id": filters.edition.pk})
    if filters.region is not None:
        qs = qs.filter(**{f"{prefix}region_id": filters.region.pk})
    return qs


def _grouped(qs, field: str, **aggregates) -> dict:
    rows = qs.values(field).annotate(**aggregates).order_by()
    return {row[field]: row for row in rows}


# --- Queries (one each; the result has a row per region or per status) -----------------


def training_by_region(*, user, filters: Filters) -> dict[int, dict]:
    """Per region: sessions (not cancelled), sessions held, enrolled participants, participants
    present or late at a held session, cooperatives trained and cooperatives accompanied."""
    from prizes.models import Candidacy
    from training.models import Attendance, Enrolment, TrainingSession
    from training.workflow import HELD_STATES

    sessions = _grouped(
        _by_session(scope(user, TrainingSession.objects.all()), filters, "").exclude(
            status=TrainingSession.Status.CANCELLED
        ),
        "region_id",
        sessions=Count("pk"),
        held=Count("pk", filter=Q(status__in=HELD_STATES)),
    )
    enrolments = scope(user, Enrolment.objects.all())
    enrolments = _by_session(enrolments, filters, "session__").exclude(
        session__status=TrainingSession.Status.CANCELLED
    )
    if filters.sector is not None:
        enrolments = enrolments.filter(cooperative__sector_id=filters.sector.pk)
    in_held = Q(session__status__in=HELD_STATES)
    people = _grouped(
        enrolments,
        "session__region_id",
        enrolled=Count("pk"),
        enrolled_held=Count("pk", filter=in_held),
        attended=Count("pk", filter=in_held & Q(attendance__status__in=Attendance.ATTENDED)),
        trained=Count("cooperative_id", distinct=True, filter=in_held),
    )
    accompanied = _grouped(
        _by_candidacy(
            scope(user, Candidacy.objects.filter(status__in=ACCOMPANIED, cooperative__isnull=False)),
            filters,
            "",
        ),
        "region_id",
        accompanied=Count("cooperative_id", distinct=True),
    )
    result: dict[int, dict] = {}
    for source in (sessions, people, accompanied):
        for region_id, row in source.items():
            result.setdefault(region_id, {}).update(row)
    return result


def coaching_by_region(*, user, filters: Filters) -> dict[int, dict]:
    """Per region: coaching sessions, minutes and candidacies coached."""
    from coaching.models import CoachingSession

    qs = _by_candidacy(scope(user, CoachingSession.objects.all()), filters, "assignment__candidacy__")
    return _grouped(
        qs,
        "assignment__candidacy__region_id",
        sessions=Count("pk"),
        minutes=Sum("duration_minutes"),
        coached=Count("assignment__candidacy_id", distinct=True),
    )


def pitch_by_region(*, user, filters: Filters) -> dict[int, dict]:
    """Per region: simulations, candidacies that pitched, and the sums of their first and latest
    weighted scores (a candidacy with one simulation counts in both)."""
    from coaching.models import PitchSimulation

    def another(sign: str):
        # Another simulation of the same candidacy before ("lt") or after ("gt") this one.
        return Exists(
            PitchSimulation.objects.filter(candidacy_id=OuterRef("candidacy_id")).filter(
                Q(**{f"held_on__{sign}": OuterRef("held_on")})
                | Q(held_on=OuterRef("held_on"), **{f"pk__{sign}": OuterRef("pk")})
            )
        )

    qs = _by_candidacy(scope(user, PitchSimulation.objects.all()), filters, "candidacy__")
    qs = qs.annotate(has_earlier=another("lt"), has_later=another("gt"))
    return _grouped(
        qs,
        "candidacy__region_id",
        simulations=Count("pk"),
        pitched=Count("candidacy_id", distinct=True),
        first_sum=Sum("total", filter=Q(has_earlier=False)),
        latest_sum=Sum("total", filter=Q(has_later=False)),
    )


def mentoring_by_status(*, user, filters: Filters) -> dict[str, int]:
    """Mentorships per status."""
    from mentoring.models import Mentorship

    qs = _by_candidacy(scope(user, Mentorship.objects.all()), filters, "candidacy__")
    return dict(qs.values("status").annotate(n=Count("pk")).order_by().values_list("status", "n"))


# --- Figures ------------------------------------------------------------------------------


def _percent(part, whole) -> Decimal | None:
    if part is None or not whole:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(Decimal("0.1"))


def _average(total, count) -> Decimal | None:
    if total is None or not count:
        return None
    return (Decimal(total) / Decimal(count)).quantize(Decimal("0.1"))


def _regions(choices: Choices, filters: Filters, data: dict) -> list:
    """The regions shown: the filtered region only, else every visible region with data."""
    if filters.region is not None:
        return [r for r in choices.regions if r.pk == filters.region.pk]
    return [r for r in choices.regions if r.pk in data]


def training_figure(*, choices: Choices, filters: Filters, data: dict) -> Figure:
    regions = _regions(choices, filters, data)
    rows = [data.get(r.pk, {}) for r in regions]
    coverage = [_percent(row.get("trained", 0), row.get("accompanied")) for row in rows]
    attendance = [_percent(row.get("attended", 0), row.get("enrolled_held")) for row in rows]
    figure = bar_chart(
        key="training",
        title=_("Coverage and attendance of the training by region (%)"),
        labels=[str(r.name) for r in regions],
        series=[(_("Coverage (%)"), coverage), (_("Attendance (%)"), attendance)],
        label_header=_("Region"),
    )
    figure.header = [
        _("Region"),
        _("Sessions"),
        _("Sessions held"),
        _("Participants enrolled"),
        _("Participants present"),
        _("Attendance (%)"),
        _("Cooperatives accompanied"),
        _("Cooperatives trained"),
        _("Coverage (%)"),
    ]
    figure.rows = [
        [
            str(region.name),
            row.get("sessions", 0),
            row.get("held", 0),
            row.get("enrolled", 0),
            row.get("attended", 0),
            attended,
            row.get("accompanied", 0),
            row.get("trained", 0),
            covered,
        ]
        for region, row, attended, covered in zip(regions, rows, attendance, coverage, strict=True)
    ]
    figure.note = _(
        "Coverage: accompanied cooperatives with a participant at a held session. "
        "Attendance: participants of held sessions present or late."
    )
    return figure


def coaching_figure(*, choices: Choices, filters: Filters, data: dict) -> Figure:
    regions = _regions(choices, filters, data)
    rows = [data.get(r.pk, {}) for r in regions]
    hours = [_average(row.get("minutes"), 60) or Decimal(0) for row in rows]
    figure = bar_chart(
        key="coaching",
        title=_("Coaching hours by region"),
        labels=[str(r.name) for r in regions],
        series=[(_("Coaching hours"), hours)],
        label_header=_("Region"),
    )
    figure.header = [
        _("Region"),
        _("Coaching hours"),
        _("Coaching sessions"),
        _("Candidacies coached"),
        _("Hours per candidacy"),
    ]
    figure.rows = [
        [
            str(region.name),
            h,
            row.get("sessions", 0),
            row.get("coached", 0),
            _average(row.get("minutes"), (row.get("coached") or 0) * 60),
        ]
        for region, row, h in zip(regions, rows, hours, strict=True)
    ]
    return figure


def pitch_figure(*, choices: Choices, filters: Filters, data: dict) -> Figure:
    regions = _regions(choices, filters, data)
    rows = [data.get(r.pk, {}) for r in regions]
    first = [_average(row.get("first_sum"), row.get("pitched")) for row in rows]
    latest = [_average(row.get("latest_sum"), row.get("pitched")) for row in rows]
    figure = bar_chart(
        key="pitch",
        title=_("Pitch progress by region: first and latest simulation (average score, %)"),
        labels=[str(r.name) for r in regions],
        series=[(_("First simulation"), first), (_("Latest simulation"), latest)],
        label_header=_("Region"),
    )
    figure.header = [
        _("Region"),
        _("Candidacies that pitched"),
        _("Simulations"),
        _("First simulation"),
        _("Latest simulation"),
        _("Progress (points)"),
    ]
    figure.rows = [
        [
            str(region.name),
            row.get("pitched", 0),
            row.get("simulations", 0),
            f,
            la,
            la - f if f is not None and la is not None else None,
        ]
        for region, row, f, la in zip(regions, rows, first, latest, strict=True)
    ]
    return figure


def mentoring_figure(*, data: dict[str, int]) -> Figure:
    from mentoring.models import Mentorship

    statuses = Mentorship.Status
    if not any(data.values()):
        return bar_chart(key="mentoring", title=_("Mentorships by status"), labels=[], series=[])
    figure = bar_chart(
        key="mentoring",
        title=_("Mentorships by status"),
        labels=[str(label) for label in statuses.labels],
        series=[(_("Mentorships"), [data.get(value, 0) for value in statuses.values])],
        label_header=_("Status"),
    )
    figure.rows.append([_("Total"), sum(data.values())])
    return figure


def build(*, user, filters: Filters, choices: Choices) -> dict[str, list[Figure]]:
    """The activity panels' figures, by panel key (six queries in all, whatever the data)."""
    return {
        "training": [
            training_figure(
                choices=choices, filters=filters, data=training_by_region(user=user, filters=filters)
            )
        ],
        "coaching": [
            coaching_figure(
                choices=choices, filters=filters, data=coaching_by_region(user=user, filters=filters)
            ),
            pitch_figure(choices=choices, filters=filters, data=pitch_by_region(user=user, filters=filters)),
        ],
        "mentoring": [mentoring_figure(data=mentoring_by_status(user=user, filters=filters))],
    }
