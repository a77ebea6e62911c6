"""Thin tasks: ids in, a service or a mail out. Sent only after the transaction commits."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _


@shared_task(
    name="prizes.candidacy_notify_status",
    ignore_result=True,
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    max_retries=5,
)
def candidacy_notify_status(candidacy_id: int, status: str) -> int:
    """E-mail the cooperative's accounts (and its registry address) about a new status.

    Safe to run twice: it only sends if the candidacy is still in `status`.
    """
    from odco.accounts.models import User

    from .models import Candidacy

    candidacy = (
        Candidacy.objects.select_related("edition__prize", "cooperative").filter(pk=candidacy_id).first()
    )
    if candidacy is None or candidacy.status != status:
        return 0
    recipients: dict[str, str] = {}
    if candidacy.cooperative_id:
        for user in User.objects.filter(
            is_active=True, role_assignments__cooperative_id=candidacy.cooperative_id
        ).distinct():
            recipients[user.email] = user.language
        if candidacy.cooperative.email:
            recipients.setdefault(candidacy.cooperative.email, settings.LANGUAGE_CODE)
    sent = 0
    for email, language in sorted(recipients.items()):
        with translation.override(language):
            subject = _("Your candidacy to %(edition)s: %(status)s") % {
                "edition": candidacy.edition,
                "status": candidacy.get_status_display(),
            }
            body = _(
                "Hello,\n\nThe status of your candidacy “%(project)s” to %(edition)s is now: %(status)s.\n\n"
                "ODCO"
            ) % {
                "project": candidacy.project_title,
                "edition": candidacy.edition,
                "status": candidacy.get_status_display(),
            }
        sent += send_mail(subject, body, None, [email])
    return sent
