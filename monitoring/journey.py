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


def kit_entries(*, kit: dict) -> list[KitEntry]:
    """The kit's items and certificates, the ones its viewer never opened marked new (`kit`
    from `training.selectors.kit_for_cooperative` with a `viewer`)."""
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
