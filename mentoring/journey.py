"""The cooperative's journey in mentoring: its mentorship, the meetings, objectives ahead."""

from django.urls import reverse
from django.utils.translation import gettext as _

from odco.journey import DONE, PLANNED, Step, as_date

from .models import Meeting, Mentorship

S = Mentorship.Status


def journey_events(*, cooperative_id: int, today, mentorships=None) -> list[Step]:
    """Three queries (one given `mentorships` with their objectives), whatever their number."""
    if mentorships is None:
        mentorships = Mentorship.objects.filter(
            candidacy__cooperative_id=cooperative_id, status__in=(S.CONFIRMED, S.ACTIVE, S.CLOSED)
        ).select_related("mentor")
    mentorships = {m.pk: m for m in mentorships}
    steps = []
    for mentorship in mentorships.values():
        on = mentorship.started_on or as_date(mentorship.confirmed_at) or as_date(mentorship.proposed_at)
        steps.append(
            Step(
                on=on,
                kind="mentorship",
                title=_("Mentorship with %(mentor)s") % {"mentor": mentorship.mentor.name},
                detail=mentorship.get_status_display(),
                url=reverse("mentoring:mentorship", args=[mentorship.pk]),
            )
        )
    if not mentorships:
        return steps
    for meeting in Meeting.objects.filter(mentorship_id__in=list(mentorships)):
        steps.append(
            Step(
                on=meeting.held_on,
                kind="meeting",
                title=_("Mentoring meeting"),
                detail=meeting.topics,
                url=reverse("mentoring:mentorship", args=[meeting.mentorship_id]),
                state=DONE if meeting.held_on <= today else PLANNED,
            )
        )
    objectives = [
        objective
        for m in mentorships.values()
        if m.status != S.CLOSED
        for objective in m.objectives.all()
        if objective.target_date >= today and objective.progress < 100
    ]
    for objective in objectives:
        steps.append(
            Step(
                on=objective.target_date,
                kind="objective",
                title=objective.title,
                detail=_("Mentoring objective, %(progress)s %% done") % {"progress": objective.progress},
                state=PLANNED,
            )
        )
    return steps
