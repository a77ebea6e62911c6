"""Thin tasks: ids in, a mail out. Safe to run twice (a stale step sends nothing)."""

from celery import shared_task
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _

# What each step tells the people concerned (the step's target status must still hold).
STEP_TARGETS = {"confirm": "confirmed", "start": "active", "close": "closed", "cancel_confirmed": "cancelled"}


@shared_task(
    name="mentoring.notify_mentorship_step",
    ignore_result=True,
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    max_retries=5,
)
def notify_mentorship_step(mentorship_id: int, step: str) -> int:
    """E-mail the mentor and the laureate's accounts that a mentorship moved on."""
    from odco.accounts.models import User

    from .models import Mentorship

    mentorship = (
        Mentorship.objects.select_related("mentor__user", "candidacy__cooperative")
        .filter(pk=mentorship_id, status=STEP_TARGETS.get(step, "-"))
        .first()
    )
    if mentorship is None:
        return 0
    recipients: dict[str, str] = {}
    mentor = mentorship.mentor
    if mentor.user_id and mentor.user.is_active:
        recipients[mentor.user.email] = mentor.user.language
    elif mentor.contact_email:
        recipients[mentor.contact_email] = "fr"
    if mentorship.candidacy.cooperative_id:
        for user in User.objects.filter(
            is_active=True, role_assignments__cooperative_id=mentorship.candidacy.cooperative_id
        ).distinct():
            recipients[user.email] = user.language
    sent = 0
    for email, language in sorted(recipients.items()):
        with translation.override(language):
            subject = _("Mentorship: %(mentor)s and %(laureate)s") % {
                "mentor": mentor.name,
                "laureate": mentorship.candidacy.candidate_name,
            }
            body = _("Hello,\n\nThe mentorship is now: %(status)s.\n\nODCO") % {
                "status": mentorship.get_status_display()
            }
        sent += send_mail(subject, body, None, [email])
    return sent
