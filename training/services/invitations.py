"""E-mail invitations to open sessions, with the session as an iCalendar attachment, and the
updates and cancellations that keep the invited calendars in step (`training.ics`)."""

from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from odco.accounts.models import User
from odco.calendar_files import Attendee, Reply
from odco.links import absolute_url
from odco.notifications.services import notification_record

from .. import ics
from ..models import Enrolment, TrainingSession


def session_title(session: TrainingSession) -> str:
    modules = ", ".join(m.title for m in session.modules.all())
    return _("ODCO training: %(modules)s") % {"modules": modules}


def session_description(session: TrainingSession) -> str:
    return _("Regional training session, %(region)s. %(where)s") % {
        "region": session.region,
        "where": session.venue or session.online_url,
    }


def session_ics(
    session: TrainingSession, *, method: str = "REQUEST", attendees: tuple[Attendee, ...] = (), url: str = ""
) -> bytes:
    """The session's calendar file: REQUEST (invitation or update), CANCEL or PUBLISH."""
    event = ics.session_event(
        session,
        title=session_title(session),
        description=session_description(session),
        url=url or ics.session_url(session),
        attendees=attendees,
    )
    return ics.calendar([event], method=method)


def cooperative_reply(replies) -> str:
    """One cooperative's answer for a session, from its participants' answers (`Reply` values).

    ACCEPTED if any participant will attend; else TENTATIVE if any may attend; else DECLINED
    if there are answers and all are "will not attend"; else (no enrolment, or one left
    unanswered with no acceptance) NEEDS_ACTION. Pure: the caller gives the values.
    """
    replies = set(replies)
    if Reply.ACCEPTED in replies:
        return Reply.ACCEPTED
    if Reply.TENTATIVE in replies:
        return Reply.TENTATIVE
    if replies == {Reply.DECLINED}:
        return Reply.DECLINED
    return Reply.NEEDS_ACTION


def _recipients(cooperative) -> dict[str, tuple[str, str]]:
    """The cooperative's addresses: e-mail → (language, name)."""
    recipients: dict[str, tuple[str, str]] = {}
    for user in User.objects.filter(
        is_active=True, role_assignments__cooperative_id=cooperative.pk
    ).distinct():
        recipients[user.email] = (user.language, user.get_full_name() or user.email)
    if cooperative.email:
        recipients.setdefault(cooperative.email, (settings.LANGUAGE_CODE, cooperative.name))
    return recipients


def _message(session, *, method: str, update: bool, names: str, cooperative) -> tuple[str, str]:
    when = formats.date_format(timezone.localtime(session.starts_at), "DATETIME_FORMAT")
    facts = {
        "title": session_title(session),
        "names": names,
        "cooperative": cooperative.name,
        "edition": session.phase.edition,
        "when": when,
        "where": session.venue or session.online_url,
    }
    if method == "CANCEL":
        subject = _("Cancelled: %(title)s, %(when)s") % facts
        body = _(
            "Hello,\n\nThe regional training session of %(edition)s on %(when)s at %(where)s, in which "
            "%(names)s of %(cooperative)s were enrolled, is cancelled.\n\n"
            "The attached file removes it from your calendar.\n\nODCO"
        ) % facts
    elif update:
        subject = _("Changed: %(title)s, %(when)s") % facts
        body = _(
            "Hello,\n\nThe regional training session of %(edition)s in which %(names)s of %(cooperative)s "
            "are enrolled has changed: it now takes place on %(when)s at %(where)s.\n\n"
            "The attached file updates your calendar.\n\nODCO"
        ) % facts
    else:
        subject = _("Invitation: %(title)s, %(when)s") % facts
        body = _(
            "Hello,\n\n%(names)s of %(cooperative)s are enrolled in the regional training session "
            "of %(edition)s on %(when)s at %(where)s.\n\n"
            "The attached file adds it to your calendar.\n\nODCO"
        ) % facts
    return subject, body


def invitations_send(*, session_id: int) -> int:
    """Bring every invited calendar up to date with the session; returns the mails sent.

    Open session: an invitation (REQUEST) per cooperative for its enrolments not yet invited,
    and an update (REQUEST, higher SEQUENCE) for those invited to an earlier revision.
    Cancelled session: a cancellation (CANCEL) to the cooperatives that were invited.
    Safe to run twice: each enrolment records the revision last sent.
    """
    session = (
        TrainingSession.objects.select_related("region", "phase__edition__prize")
        .prefetch_related("modules")
        .filter(pk=session_id)
        .first()
    )
    if session is None:
        return 0
    behind = Q(invited_at__isnull=False, invited_sequence__lt=session.calendar_sequence)
    if session.status == TrainingSession.Status.OPEN:
        method, wanted = "REQUEST", Q(invited_at__isnull=True) | behind
    elif session.status == TrainingSession.Status.CANCELLED:
        method, wanted = "CANCEL", behind
    else:
        return 0
    pending = list(
        Enrolment.objects.filter(wanted, session=session).select_related("participant", "cooperative")
    )
    by_cooperative = defaultdict(list)
    for enrolment in pending:
        by_cooperative[enrolment.cooperative].append(enrolment)
    # Every enrolment of the session counts in the answer, not only those being sent now.
    replies = defaultdict(list)
    answers = Enrolment.objects.filter(session=session).order_by().values_list("cooperative_id", "reply")
    for cooperative_id, answer in answers:
        replies[cooperative_id].append(answer)
    url = absolute_url("me")
    sent = 0
    for cooperative, enrolments in by_cooperative.items():
        names = ", ".join(str(e.participant) for e in enrolments)
        update = all(e.invited_at is not None for e in enrolments)
        recipients = sorted(_recipients(cooperative).items())
        # Only this cooperative's own addresses: another cooperative's are none of its business.
        reply = cooperative_reply(replies[cooperative.pk])
        attendees = tuple(
            Attendee(name=name, email=email, reply=reply) for email, (_lang, name) in recipients
        )
        for email, (language, _name) in recipients:
            with translation.override(language):
                subject, body = _message(
                    session, method=method, update=update, names=names, cooperative=cooperative
                )
                message = EmailMessage(subject, body, None, [email])
                message.attach(
                    "session.ics",
                    session_ics(session, method=method, attendees=attendees, url=url),
                    f"text/calendar; method={method}; charset=utf-8",
                )
            sent += message.send()
            notification_record(email=email, kind="training.invitation", subject=subject, body=body)
        with transaction.atomic():
            Enrolment.objects.filter(pk__in=[e.pk for e in enrolments]).update(
                invited_at=Coalesce(F("invited_at"), Value(timezone.now())),
                invited_sequence=session.calendar_sequence,
            )
    return sent
