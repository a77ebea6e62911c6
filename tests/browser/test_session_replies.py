"""The training invitations of the cooperative space at 375 px in Arabic (right-to-left): the
answer buttons of each participant fit the phone's width and nothing is cut off."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from odco.roles import Role
from tests.factories import make_user
from tests.training.factories import accompanied, make_session, validated_phase
from training.models import TrainingSession

from .test_trust_pages import look

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def test_the_answer_buttons_fit_a_phone_in_arabic(browser, live_server):
    phase = validated_phase()
    cooperative = accompanied(phase, participants=2)
    account = make_user(Role.COOPERATIVE, cooperative=cooperative, email="gerante@test.odco.ma")
    session = make_session(phase, status="open", enrol=True)
    starts = timezone.now() + timedelta(days=30)
    ends = starts + timedelta(hours=8)
    TrainingSession.objects.filter(pk=session.pk).update(starts_at=starts, ends_at=ends)

    look(
        browser,
        live_server,
        email=account.email,
        path=reverse("me") + "#training-invitations",
        width=375,
        language="ar",
        name="training-invitations",
        expect="#training-invitations form button[value=accepted]",
    )
