"""E-mail invitations to open sessions, with the session as an iCalendar attachment."""

from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from odco.accounts.models import User
from odco.notifications.services import notification_record

from .. import ics
from ..models import Enrolment, TrainingSession


def session_title(session: TrainingSession) -> str:
    modules = ", ".join(m.title for m in session.modules.all())
    return _("ODCO training: %(modules)s") % {"modules": modules}


def session_ics(session: TrainingSession, *, method: str = "REQUEST") -> bytes:
    where = session.venue or session.online_url
    description = _("Regional training session, %(region)s. %(where)s") % {
        "region": session.region,
        "where": where,
    }
    event = ics.session_event(
        session, title=session_title(session), description=description, url=session.online_url
    )
    return ics.calendar([event], method=method)


def _recipients(cooperative) -> dict[str, str]:
    recipients: dict[str, str] = {}
    for user in User.objects.filter(
        is_active=True, role_assignments__cooperative_id=cooperative.pk
    ).distinct():
        recipients[user.email] = user.language
    if cooperative.email:
        recipients.setdefault(cooperative.email, settings.LANGUAGE_CODE)
    return recipients


def invitations_send(*, session_id: int) -> int:
    """Send one invitation per cooperative for its enrolments not yet invited. Returns mails sent."""
    session = (
        TrainingSession.objects.select_related("region", "phase__edition__prize")
        .prefetch_related("modules")
        .filter(pk=session_id, status=TrainingSession.Status.OPEN)
        .first()
    )
    if session is None:
        return 0
    pending = list(
        Enrolment.objects.filter(session=session, invited_at__isnull=True).select_related(
            "participant", "cooperative"
        )
    )
    by_cooperative = defaultdict(list)
    for enrolment in pending:
        by_cooperative[enrolment.cooperative].append(enrolment)
    sent = 0
    for cooperative, enrolments in by_cooperative.items():
        names = ", ".join(str(e.participant) for e in enrolments)
        for email, language in sorted(_recipients(cooperative).items()):
            with translation.override(language):
                when = formats.date_format(timezone.localtime(session.starts_at), "DATETIME_FORMAT")
                subject = _("Invitation: %(title)s, %(when)s") % {
                    "title": session_title(session),
                    "when": when,
                }
                body = _(
                    "Hello,\n\n%(names)s of %(cooperative)s are enrolled in the regional training session "
                    "of %(edition)s on %(when)s at %(where)s.\n\n"
                    "The attached file adds it to your calendar.\n\nODCO"
                ) % {
                    "names": names,
                    "cooperative": cooperative.name,
                    "edition": session.phase.edition,
                    "when": when,
                    "where": session.venue or session.online_url,
                }
                message = EmailMessage(subject, body, None, [email])
                message.attach(
                    "session.ics", session_ics(session), "text/calendar; method=REQUEST; charset=utf-8"
                )
            sent += message.send()
            notification_record(email=email, kind="training.invitation", subject=subject, body=body)
        with transaction.atomic():
            Enrolment.objects.filter(pk__in=[e.pk for e in enrolments], invited_at__isnull=True).update(
                invited_at=timezone.now()
            )
    return sent
