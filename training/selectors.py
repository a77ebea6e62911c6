"""Reads of the training app, scoped once with `odco.scoping.scope`, relations loaded."""

from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from cooperatives.models import Member
from odco.notifications.selectors import seen_by
from odco.regions.models import Region
from odco.scoping import scope
from prizes.models import Phase

from .models import (
    Attendance,
    CalendarFeed,
    Certificate,
    Enrolment,
    KitDelivery,
    KitItem,
    TrainingModule,
    TrainingSession,
)
from .permissions import REPLY_STATES
from .workflow import COVERING_STATES, HELD_STATES


def module_list(*, active_only: bool = False) -> QuerySet[TrainingModule]:
    qs = TrainingModule.objects.order_by("position", "code")
    return qs.filter(is_active=True) if active_only else qs


def phase_list(*, user) -> QuerySet[Phase]:
    """Phases the user may see (ordered newest first), with their edition and prize."""
    return scope(user, Phase.objects.select_related("edition__prize", "concept_note", "training")).order_by(
        "-starts_on", "pk"
    )


def phase_get(*, user, pk: int) -> Phase | None:
    return phase_list(user=user).filter(pk=pk).first()


def session_list(*, user, filters: dict | None = None) -> QuerySet[TrainingSession]:
    """Sessions the user may see; filters: phase (pk), region (code), status."""
    filters = filters or {}
    qs = scope(
        user,
        TrainingSession.objects.select_related("region", "phase__edition__prize").prefetch_related(
            Prefetch("modules", queryset=TrainingModule.objects.order_by("position")), "trainers"
        ),
    ).annotate(enrolled_count=Count("enrolments", distinct=True))
    if filters.get("phase"):
        qs = qs.filter(phase_id=filters["phase"])
    if filters.get("region"):
        qs = qs.filter(region__code=Region.normalize_code(filters["region"]) or "--")
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    return qs.order_by("starts_at", "pk")


def sessions_between(*, user, start, end, filters: dict | None = None) -> QuerySet[TrainingSession]:
    """The sessions of `session_list` that overlap [start, end) (the month calendar)."""
    return session_list(user=user, filters=filters).filter(starts_at__lt=end, ends_at__gte=start)


def session_get(*, user, pk: int) -> TrainingSession | None:
    return session_list(user=user).filter(pk=pk).first()


def session_enrolments(session: TrainingSession) -> list[Enrolment]:
    """The session's participants with their attendance and evaluation (one query)."""
    return list(
        session.enrolments.select_related("participant", "cooperative", "attendance", "evaluation").order_by(
            "participant__last_name", "participant__first_name", "pk"
        )
    )


def trainer_sessions(*, user) -> QuerySet[TrainingSession]:
    """The sessions a trainer runs, soonest first (their phone's home page)."""
    return session_list(user=user).filter(trainers=user).exclude(status=TrainingSession.Status.CANCELLED)


@dataclass
class CoverageRow:
    region: Region
    cells: dict = field(default_factory=dict)  # module pk -> "held" | "planned" | "missing"
    sessions: int = 0

    @property
    def is_missing(self) -> bool:
        return self.sessions == 0


@dataclass
class Coverage:
    modules: list
    rows: list

    @property
    def missing_regions(self) -> list[Region]:
        return [row.region for row in self.rows if row.is_missing]


def coverage_matrix(phase, *, region_ids=None) -> Coverage:
    """12 regions × modules: held, planned (planned or open) or missing (three queries)."""
    modules = list(module_list(active_only=True))
    regions = Region.objects.order_by("code")
    if region_ids is not None:
        regions = regions.filter(pk__in=region_ids)
    rows = {region.pk: CoverageRow(region=region) for region in regions}
    for row in rows.values():
        row.cells = {m.pk: "missing" for m in modules}
    links = TrainingSession.modules.through.objects.filter(
        trainingsession__phase_id=phase.pk, trainingsession__status__in=COVERING_STATES
    ).values_list(
        "trainingsession__region_id", "trainingmodule_id", "trainingsession__status", "trainingsession_id"
    )
    seen: dict[int, set] = {}
    for region_id, module_id, status, session_id in links:
        row = rows.get(region_id)
        if row is None:
            continue
        seen.setdefault(region_id, set()).add(session_id)
        state = "held" if status in HELD_STATES else "planned"
        if module_id in row.cells and row.cells[module_id] != "held":
            row.cells[module_id] = state
    for region_id, sessions in seen.items():
        rows[region_id].sessions = len(sessions)
    return Coverage(modules=modules, rows=list(rows.values()))


def certificate_list(*, user, phase=None, filters: dict | None = None) -> QuerySet[Certificate]:
    filters = filters or {}
    qs = scope(user, Certificate.objects.select_related("participant", "cooperative", "region"))
    if phase is not None:
        qs = qs.filter(phase=phase)
    if filters.get("region"):
        qs = qs.filter(region__code=Region.normalize_code(filters["region"]) or "--")
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    return qs.order_by("holder_name", "pk")


def certificate_get(*, user, pk: int) -> Certificate | None:
    return certificate_list(user=user).select_related("phase__edition__prize").filter(pk=pk).first()


def certificate_by_code(code: str) -> Certificate | None:
    """The public verification look-up (no scoping: the code is the credential)."""
    return (
        Certificate.objects.select_related("phase__edition__prize", "region", "cooperative")
        .filter(code=str(code or "").strip().upper())
        .first()
    )


def kit_items(*, user, phase) -> QuerySet[KitItem]:
    return (
        scope(user, KitItem.objects.filter(phase=phase))
        .annotate(delivered=Count("deliveries", distinct=True))
        .order_by("position", "pk")
    )


def kit_item_get(*, user, pk: int) -> KitItem | None:
    return scope(user, KitItem.objects.all()).filter(pk=pk).first()


def kit_item_participants(*, user, item: KitItem, region_code: str = "", q: str = "", pending: bool = False):
    """The participants enrolled in the item's phase, each with the date it was delivered to
    them (None if not yet), in the user's scope; by region, name and still-to-deliver."""
    enrolled = scope(user, Enrolment.objects.filter(session__phase_id=item.phase_id))
    delivered = KitDelivery.objects.filter(item=item, participant_id=OuterRef("pk")).values("delivered_at")
    delivered = delivered[:1]
    qs = (
        Member.objects.filter(pk__in=enrolled.values("participant_id"))
        .select_related("cooperative__region")
        .annotate(delivered_at=Subquery(delivered))
        .order_by("cooperative__region__code", "cooperative__name_fr", "last_name", "first_name", "pk")
    )
    if region_code:
        qs = qs.filter(cooperative__region__code=region_code)
    if q:
        qs = qs.filter(
            Q(last_name__icontains=q)
            | Q(first_name__icontains=q)
            | Q(cooperative__name_fr__icontains=q)
            | Q(cooperative__name_ar__icontains=q)
        )
    if pending:
        qs = qs.filter(delivered_at__isnull=True)
    return qs


def kit_for_cooperative(*, cooperative_id: int, viewer=None) -> dict:
    """What the cooperative's space shows: the kit items of the phases it took part in, their
    deliveries and its certificates (three queries). With `viewer`, each item and certificate
    is annotated `seen`: whether that user has opened it."""
    phases = Enrolment.objects.filter(cooperative_id=cooperative_id).values("session__phase_id")
    items = (
        KitItem.objects.filter(phase_id__in=phases)
        .exclude(kind=KitItem.Kind.CERTIFICATE)
        .select_related("phase__edition__prize")
        .order_by("phase_id", "position", "pk")
    )
    deliveries = (
        KitDelivery.objects.filter(participant__cooperative_id=cooperative_id, item__phase_id__in=phases)
        .select_related("item", "participant")
        .order_by("participant__last_name", "item__position")
    )
    certificates = (
        Certificate.objects.filter(cooperative_id=cooperative_id)
        .select_related("phase__edition__prize")
        .order_by("-issued_at", "holder_name")
    )
    if viewer is not None:
        items = items.annotate(seen=seen_by(viewer, "kititem:"))
        certificates = certificates.annotate(seen=seen_by(viewer, "certificate:"))
    return {"kit_items": list(items), "kit_deliveries": list(deliveries), "certificates": list(certificates)}


def attendance_summary(session: TrainingSession) -> dict:
    counts = dict(
        Attendance.objects.filter(enrolment__session=session).values_list("status").annotate(n=Count("pk"))
    )
    return {status: counts.get(status, 0) for status in Attendance.Status.values}


def feed_for(user) -> CalendarFeed:
    return CalendarFeed.objects.get_or_create(user=user)[0]


def feed_sessions(user) -> QuerySet[TrainingSession]:
    """A personal feed: the sessions visible to the feed's owner (cancelled ones say so)."""
    return session_list(user=user)


def cooperative_invitations(*, cooperative_id: int, now=None) -> list[Enrolment]:
    """The cooperative's enrolments in sessions it can still answer (planned or open, not yet
    started), soonest first, with session, region and participant (one query)."""
    return list(
        Enrolment.objects.filter(
            cooperative_id=cooperative_id,
            session__status__in=REPLY_STATES,
            session__starts_at__gt=now or timezone.now(),
        )
        .select_related("session__region", "participant")
        .order_by("session__starts_at", "session_id", "participant__last_name", "participant__first_name")
    )


def enrolment_get(*, user, pk: int) -> Enrolment | None:
    """An enrolment in the user's scope (None outside it), with its session."""
    return scope(user, Enrolment.objects.select_related("session", "participant")).filter(pk=pk).first()
