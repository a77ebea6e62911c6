"""Notifications: in the page and by e-mail, in the recipient's language; hooks in the apps."""

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from odco.notifications.models import Notification
from odco.notifications.services import notify
from odco.roles import Role
from prizes.models import Candidacy
from prizes.tasks import candidacy_notify_status
from tests.factories import CooperativeFactory, make_user, region
from tests.monitoring.factories import make_report
from tests.prizes.factories import make_candidacy, make_edition

pytestmark = pytest.mark.django_db


def test_notify_mails_once_in_the_recipients_language(django_capture_on_commit_callbacks):
    user = make_user(Role.COOPERATIVE, cooperative=CooperativeFactory(), language="ar")

    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(
            user=user, kind="test", message=lambda: (gettext("Notifications"), "…"), url="/me/"
        )
    from odco.notifications.services import notification_email

    again = notification_email(notification_id=notification.pk)

    with translation.override("ar"):
        expected = gettext("Notifications")
    notification.refresh_from_db()
    assert notification.subject == expected
    assert [m.subject for m in mail.outbox] == [expected]
    assert mail.outbox[0].body.endswith("/me/")
    assert notification.emailed_at is not None
    assert again == 0


def test_a_candidacy_status_mail_is_also_in_the_members_notifications():
    cooperative = CooperativeFactory(region=region("09"))
    member = make_user(Role.COOPERATIVE, cooperative=cooperative, language="ar")
    candidacy = make_candidacy(make_edition(), status=Candidacy.Status.ELIGIBLE, cooperative=cooperative)

    candidacy_notify_status(candidacy.pk, Candidacy.Status.ELIGIBLE)

    notification = Notification.objects.get(user=member)
    assert notification.kind == "candidacy.status"
    assert notification.subject in [m.subject for m in mail.outbox if member.email in m.to]
    assert notification.emailed_at is not None


def test_a_report_reminder_is_also_in_the_members_notifications():
    from monitoring.tasks import report_send_reminder

    cooperative = CooperativeFactory(region=region("09"))
    member = make_user(Role.COOPERATIVE, cooperative=cooperative)
    report = make_report(cooperative)

    report_send_reminder(report.pk)

    assert list(Notification.objects.filter(user=member).values_list("kind", "url")) == [
        ("report.reminder", f"/reports/{report.pk}/edit/")
    ]


def test_a_training_invitation_is_also_in_the_members_notifications(django_capture_on_commit_callbacks):
    from tests.me.factories import kit_for

    cooperative = CooperativeFactory(region=region("09"))
    member = make_user(Role.COOPERATIVE, cooperative=cooperative)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        kit_for(cooperative)  # enrols the cooperative in an open session: invitations go out

    kinds = list(Notification.objects.filter(user=member).values_list("kind", flat=True))
    assert kinds == ["training.invitation"]
    assert len([m for m in mail.outbox if member.email in m.to]) == 1
