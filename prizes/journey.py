"""The cooperative's journey through the prizes: candidacies, eligibility, jury result, and
the dated milestones of the accompaniment phase still ahead."""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _

from odco.journey import DONE, PLANNED, PROBLEM, Step, as_date

from .models import Candidacy, Milestone

S = Candidacy.Status
RESULT_STATES = (S.FINALIST, S.LAUREATE, S.NOT_SELECTED)


def journey_candidacies(*, cooperative_id: int) -> list[Candidacy]:
    """The cooperative's candidacies, newest edition first, with what its journey shows
    (two queries, whatever their number)."""
    return list(
        Candidacy.objects.filter(cooperative_id=cooperative_id)
        .select_related("edition__prize", "edition__deliberation", "edition__phase", "category")
        .prefetch_related(
            Prefetch("edition__phase__milestones", queryset=Milestone.objects.order_by("starts_on", "pk"))
        )
        .order_by("-edition__year", "pk")
    )


def journey_events(*, cooperative_id: int, today, candidacies=None) -> list[Step]:
    """Steps from the cooperative's candidacies (drafts are not part of the journey)."""
    if candidacies is None:
        candidacies = journey_candidacies(cooperative_id=cooperative_id)
    steps = []
    for candidacy in candidacies:
        if candidacy.status == S.DRAFT:
            continue
        edition = candidacy.edition
        url = reverse("prizes:candidacy_detail", args=[candidacy.pk])
        submitted = as_date(candidacy.submitted_at or candidacy.created_at)
        steps.append(
            Step(
                on=submitted,
                kind="candidacy",
                title=_("Candidacy to %(edition)s") % {"edition": edition},
                detail=f"{candidacy.project_title} · {candidacy.get_status_display()}",
                url=url,
            )
        )
        if candidacy.eligibility_checked_at and candidacy.eligibility_passed is not None:
            steps.append(
                Step(
                    on=as_date(candidacy.eligibility_checked_at),
                    kind="eligibility",
                    title=_("Eligible") if candidacy.eligibility_passed else _("Not eligible"),
                    detail=str(edition),
                    url=url,
                    state=DONE if candidacy.eligibility_passed else PROBLEM,
                )
            )
        deliberation = getattr(edition, "deliberation", None)
        if candidacy.status in RESULT_STATES and deliberation is not None:
            steps.append(
                Step(
                    on=as_date(deliberation.confirmed_at),
                    kind="jury",
                    title=_("Jury result: %(status)s") % {"status": candidacy.get_status_display()},
                    detail=str(edition),
                    url=url,
                    state=PROBLEM if candidacy.status == S.NOT_SELECTED else DONE,
                )
            )
        phase = getattr(edition, "phase", None)
        if phase is not None and candidacy.status not in (S.INELIGIBLE, S.NOT_SELECTED, S.WITHDRAWN):
            for milestone in phase.milestones.all():
                if milestone.starts_on >= today:
                    steps.append(
                        Step(
                            on=milestone.starts_on,
                            kind="milestone",
                            title=milestone.get_kind_display(),
                            detail=str(edition),
                            state=PLANNED,
                        )
                    )
    return steps
