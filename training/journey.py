"""The cooperative's journey through the training: sessions attended (dates, regions) and
upcoming, and its certificates."""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _

from odco.journey import DONE, PLANNED, PROBLEM, Step, as_date

from .models import Attendance, Enrolment, TrainingModule, TrainingSession
from .models_kit import Certificate


def journey_events(*, cooperative_id: int, today, certificates=None) -> list[Step]:
    """One step per session the cooperative's participants were enrolled in (with who came),
    and one per certificate (four queries, whatever their number)."""
    enrolments = list(
        Enrolment.objects.filter(cooperative_id=cooperative_id)
        .exclude(session__status=TrainingSession.Status.CANCELLED)
        .select_related("session__region", "participant", "attendance")
        .prefetch_related(Prefetch("session__modules", queryset=TrainingModule.objects.order_by("position")))
        .order_by("session__starts_at", "pk")
    )
    by_session: dict[int, list[Enrolment]] = {}
    for enrolment in enrolments:
        by_session.setdefault(enrolment.session_id, []).append(enrolment)
    steps = []
    for group in by_session.values():
        session = group[0].session
        on = as_date(session.starts_at)
        modules = ", ".join(m.title for m in session.modules.all())
        attended = [
            str(e.participant)
            for e in group
            if getattr(e, "attendance", None) is not None and e.attendance.status in Attendance.ATTENDED
        ]
        if on >= today:
            state, detail = (
                PLANNED,
                _("%(region)s · %(names)s enrolled")
                % {
                    "region": session.region,
                    "names": ", ".join(str(e.participant) for e in group),
                },
            )
        elif attended:
            state, detail = (
                DONE,
                _("%(region)s · attended by %(names)s")
                % {
                    "region": session.region,
                    "names": ", ".join(attended),
                },
            )
        else:
            state, detail = PROBLEM, _("%(region)s · nobody attended") % {"region": session.region}
        steps.append(
            Step(
                on=on,
                kind="training",
                title=_("Training: %(modules)s") % {"modules": modules} if modules else _("Training session"),
                detail=detail,
                state=state,
            )
        )
    if certificates is None:
        certificates = Certificate.objects.filter(cooperative_id=cooperative_id).select_related(
            "phase__edition__prize"
        )
    for certificate in certificates:
        valid = certificate.status == Certificate.Status.VALID
        steps.append(
            Step(
                on=as_date(certificate.issued_at),
                kind="certificate",
                title=_("Certificate of participation of %(name)s") % {"name": certificate.holder_name},
                detail=f"{certificate.phase.edition} · {certificate.get_status_display()}",
                url=reverse("training:certificate_pdf", args=[certificate.pk])
                if valid and certificate.pdf
                else "",
                state=DONE if valid else PROBLEM,
            )
        )
    return steps
