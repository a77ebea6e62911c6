"""The cooperative's space (`/me/`): its journey, kit, tasks and notifications, composed from
every app's own selectors (monitoring reads them all; nothing imports monitoring)."""

from dataclasses import dataclass, replace

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from odco.journey import DONE, PROBLEM, TODO, Step, as_date, split

KIND_LABELS = {
    "candidacy": gettext_lazy("Candidacy"),
    "eligibility": gettext_lazy("Eligibility"),
    "jury": gettext_lazy("Jury"),
    "milestone": gettext_lazy("Programme"),
    "training": gettext_lazy("Training"),
    "certificate": gettext_lazy("Certificate"),
    "coaching": gettext_lazy("Coaching"),
    "action": gettext_lazy("Action"),
    "pitch": gettext_lazy("Pitch"),
    "mentorship": gettext_lazy("Mentorship"),
    "meeting": gettext_lazy("Mentoring"),
    "objective": gettext_lazy("Objective"),
    "report": gettext_lazy("Report"),
}


def report_steps(*, reports) -> list[Step]:
    """Periodic reports: those to submit (by their due date) and those submitted."""
    from .models import PeriodicReport
    from .workflow import PENDING_STATES

    steps = []
    for report in reports:
        if report.status in PENDING_STATES:
            steps.append(
                Step(
                    on=report.due_on,
                    kind="report",
                    title=_("Report for %(period)s to submit") % {"period": report.period},
                    detail=report.get_status_display(),
                    url=reverse("reports:edit", args=[report.pk]),
                    state=TODO,
                )
            )
        else:
            steps.append(
                Step(
                    on=as_date(report.submitted_at or report.updated_at),
                    kind="report",
                    title=_("Report for %(period)s submitted") % {"period": report.period},
                    detail=report.get_status_display(),
                    url=reverse("reports:detail", args=[report.pk]),
                    state=PROBLEM if report.status == PeriodicReport.Status.RETURNED else DONE,
                )
            )
    return steps


def journey(
    *, cooperative_id: int, today, reports, simulations, certificates, candidacies, actions, mentorships
) -> dict:
    """{"next_steps": [...], "journey": [...]} for the cooperative, whatever its history's size
    (`reports`, `simulations` and `certificates` are already loaded by the page)."""
    from coaching.journey import journey_events as coaching_events
    from mentoring.journey import journey_events as mentoring_events
    from prizes.journey import journey_events as prize_events
    from training.journey import journey_events as training_events

    steps = [
        *prize_events(cooperative_id=cooperative_id, today=today, candidacies=candidacies),
        *training_events(cooperative_id=cooperative_id, today=today, certificates=certificates),
        *coaching_events(
            cooperative_id=cooperative_id, today=today, simulations=simulations, actions=actions
        ),
        *mentoring_events(cooperative_id=cooperative_id, today=today, mentorships=mentorships),
        *report_steps(reports=reports),
    ]
    steps = [replace(s, label=str(KIND_LABELS.get(s.kind, ""))) for s in steps]
    upcoming, past = split(steps, today=today)
    return {"next_steps": upcoming, "journey": past}


@dataclass(frozen=True)
class KitEntry:
    key: str
    title: str
    detail: str
    url: str  # through /me/kit/… so that the download is remembered
    is_new: bool


def space_kit(*, user, cooperative_id: int) -> dict:
    """What `training.selectors.kit_for_cooperative` gives (items of the phases the cooperative
    took part in, deliveries, certificates), each item and certificate annotated `seen` when
    `user` opened it: three queries."""
    from django.db.models import CharField, Exists, OuterRef, Value
    from django.db.models.functions import Cast, Concat

    from odco.notifications.models import Seen
    from training.models import Enrolment
    from training.models_kit import Certificate, KitDelivery, KitItem

    def seen(prefix):
        key = Concat(Value(prefix), Cast(OuterRef("pk"), CharField()))
        return Exists(Seen.objects.filter(user=user, key=key))

    phases = Enrolment.objects.filter(cooperative_id=cooperative_id).values("session__phase_id")
    items = list(
        KitItem.objects.filter(phase_id__in=phases)
        .exclude(kind=KitItem.Kind.CERTIFICATE)
        .select_related("phase__edition__prize")
        .annotate(seen=seen("kititem:"))
        .order_by("phase_id", "position", "pk")
    )
    deliveries = list(
        KitDelivery.objects.filter(participant__cooperative_id=cooperative_id, item__phase_id__in=phases)
        .select_related("item", "participant")
        .order_by("participant__last_name", "item__position")
    )
    certificates = list(
        Certificate.objects.filter(cooperative_id=cooperative_id)
        .select_related("phase__edition__prize")
        .annotate(seen=seen("certificate:"))
        .order_by("-issued_at", "holder_name")
    )
    return {"kit_items": items, "kit_deliveries": deliveries, "certificates": certificates}


def kit_entries(*, user, kit: dict) -> list[KitEntry]:
    """The kit's items and certificates, with the ones this user never opened marked new
    (`kit` from `space_kit`, already annotated)."""
    entries = []
    for item in kit["kit_items"]:
        key = f"kititem:{item.pk}"
        entries.append(
            KitEntry(
                key=key,
                title=item.title,
                detail=str(item.get_kind_display()),
                url=reverse("me_kit_download", args=["item", item.pk]),
                is_new=not item.seen,
            )
        )
    for certificate in kit["certificates"]:
        if not (certificate.is_valid and certificate.pdf):
            continue
        key = f"certificate:{certificate.pk}"
        entries.append(
            KitEntry(
                key=key,
                title=_("Certificate of participation of %(name)s") % {"name": certificate.holder_name},
                detail=f"{certificate.phase.edition} · {certificate.get_status_display()}",
                url=reverse("me_kit_download", args=["certificate", certificate.pk]),
                is_new=not certificate.seen,
            )
        )
    return entries
