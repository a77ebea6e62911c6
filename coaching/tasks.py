"""Thin tasks: ids in, a service or a mail out. Safe to run twice."""

from celery import shared_task
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _


@shared_task(name="coaching.flag_overdue_actions", ignore_result=True)
def flag_overdue_actions() -> int:
    """Daily (beat, see `CoachingConfig`): flag open actions past their due date, once each.

    The coach's dashboard and the coordinator's overview show them; the coaches and the
    coordinators get one e-mail listing the newly flagged actions.
    """
    from .services import actions_flag_overdue

    return len(actions_flag_overdue())


@shared_task(
    name="coaching.notify_overdue_actions",
    ignore_result=True,
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    max_retries=5,
)
def notify_overdue_actions(action_ids: list[int]) -> int:
    """E-mail each coach their newly overdue actions, and the coordinators all of them.

    Actions done in the meantime are left out, so a late or repeated run sends nothing stale.
    """
    from odco.accounts.models import User
    from odco.roles import Role

    from .models import Action, Assignment

    actions = list(
        Action.objects.filter(pk__in=action_ids, done_at__isnull=True)
        .select_related("candidacy__cooperative")
        .order_by("due_on", "pk")
    )
    if not actions:
        return 0
    recipients: dict[str, tuple[str, list]] = {}
    coaches = Assignment.objects.filter(
        candidacy_id__in={a.candidacy_id for a in actions}, is_active=True
    ).select_related("coach__user")
    for assignment in coaches:
        user = assignment.coach.user
        mine = [a for a in actions if a.candidacy_id == assignment.candidacy_id]
        recipients.setdefault(user.email, (user.language, []))[1].extend(mine)
    for user in User.objects.filter(is_active=True, role_assignments__role=Role.COORDINATOR).distinct():
        recipients[user.email] = (user.language, actions)
    sent = 0
    for email, (language, its_actions) in sorted(recipients.items()):
        with translation.override(language):
            lines = [
                _("%(due)s · %(cooperative)s · %(action)s")
                % {
                    "due": action.due_on.strftime("%d/%m/%Y"),
                    "cooperative": action.candidacy.candidate_name,
                    "action": action.title,
                }
                for action in its_actions
            ]
            subject = _("Overdue coaching actions")
            body = _("Hello,\n\nThese coaching actions are past their due date:\n\n%(lines)s\n\nODCO") % {
                "lines": "\n".join(lines)
            }
        sent += send_mail(subject, body, None, [email])
    return sent


@shared_task(name="coaching.pitch_deck")
def pitch_deck_task(job_id: str) -> None:
    """Make one pitch deck version. Safe to run twice: a finished job, or a ready deck, is left alone."""
    from django.urls import reverse

    from odco.jobs.models import Job
    from odco.jobs.services import job_fail, job_start, job_succeed

    from .models import PitchDeck
    from .services_projects import deck_fail, deck_render

    job = Job.objects.select_related("created_by").get(pk=job_id)
    if job.is_finished:
        return
    deck = PitchDeck.objects.get(job_id=job.pk)
    with translation.override(getattr(job.created_by, "language", None) or "fr"):
        job_start(job_id=job_id, total=1)
        try:
            deck = deck_render(deck_id=deck.pk)
        except Exception as error:
            deck_fail(deck_id=deck.pk)
            job_fail(
                job_id=job_id, message=_("The pitch deck could not be made: %(error)s") % {"error": error}
            )
            raise
        job_succeed(
            job_id=job_id,
            result={"deck": deck.pk, "number": deck.number},
            message=_("Pitch deck v%(number)s is ready.") % {"number": deck.number},
            result_url=reverse("coaching:deck_download", args=[deck.pk]),
        )
