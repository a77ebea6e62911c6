"""Every new page makes the same number of queries at two data sizes (at most 25)."""

from datetime import date

import pytest
from django.urls import reverse

from cooperatives.models import ProfileChange
from monitoring.models import PeriodicReport
from monitoring.periods import QUARTERLY, Period
from odco.accounts.models import Invitation
from odco.notifications.models import Notification
from odco.roles import Role
from tests.factories import CooperativeFactory, make_user, region
from tests.monitoring.factories import make_report
from tests.querycount import assert_same_query_count

from .factories import coached_action, kit_for

pytestmark = pytest.mark.django_db


def _notifications(user):
    def grow(n):
        Notification.objects.bulk_create(
            Notification(user=user, kind="test", subject=f"Message {i}", body="…")
            for i in range(Notification.objects.filter(user=user).count(), n)
        )

    return grow


def _changes(cooperatives):
    def grow(n):
        for i in range(ProfileChange.objects.count(), n):
            ProfileChange.objects.create(
                cooperative=cooperatives[i % len(cooperatives)],
                status=ProfileChange.Status.PROPOSED,
                changes={"president": ["A", "B"]},
            )

    return grow


def test_notification_list(client):
    user = make_user(Role.COOPERATIVE, cooperative=CooperativeFactory())
    client.force_login(user)
    assert_same_query_count(client, reverse("notifications:list"), _notifications(user))


def test_profile_changes_to_review(client):
    cooperatives = [CooperativeFactory(region=region("09")) for _ in range(3)]
    client.force_login(make_user(Role.DELEGATION, region_code="09"))
    assert_same_query_count(client, reverse("cooperatives:profile_changes"), _changes(cooperatives))


def test_a_proposal_with_its_history(client):
    cooperative = CooperativeFactory(region=region("09"))
    first = ProfileChange.objects.create(
        cooperative=cooperative, status=ProfileChange.Status.PROPOSED, changes={"president": ["A", "B"]}
    )
    client.force_login(make_user(Role.DELEGATION, region_code="09"))
    url = reverse("cooperatives:profile_change", args=[first.pk])
    assert_same_query_count(client, url, _changes([cooperative]), small=5, large=40)


def test_the_accounts_of_a_cooperative(client):
    cooperative = CooperativeFactory(region=region("09"))
    staff = make_user(Role.STAFF)

    def grow(n):
        for i in range(Invitation.objects.count(), n):
            user = make_user(Role.COOPERATIVE, cooperative=cooperative, email=f"m{i}@coop.ma")
            Invitation.objects.create(user=user, cooperative=cooperative, invited_by=staff)

    client.force_login(staff)
    assert_same_query_count(
        client, reverse("invitations:create", args=[cooperative.pk]), grow, small=3, large=30
    )


def test_the_space_with_a_long_journey(client):
    cooperative = CooperativeFactory(region=region("09"))
    kit_for(cooperative)
    coached_action(cooperative, year=2024)
    member = make_user(Role.COOPERATIVE, cooperative=cooperative)
    client.force_login(member)
    more_notifications = _notifications(member)
    more_changes = _changes([cooperative])

    def grow(n):
        more_notifications(n)
        more_changes(n)
        for i in range(PeriodicReport.objects.filter(cooperative=cooperative).count(), n):
            make_report(cooperative, Period(date(1990 + i, 1, 1), QUARTERLY))

    assert_same_query_count(client, reverse("me"), grow, small=3, large=30)


def test_the_confirm_page_of_an_invitation(client):
    invited = make_user(Role.COMMITTEE)
    delegation = make_user(Role.DELEGATION, region_code="09")
    first = Invitation.objects.create(
        user=invited,
        cooperative=CooperativeFactory(region=region("09")),
        invited_by=delegation,
        needs_confirmation=True,
    )
    more_notifications = _notifications(invited)

    def grow(n):
        more_notifications(n)
        for _i in range(Invitation.objects.filter(user=invited).count(), n):
            Invitation.objects.create(
                user=invited, cooperative=CooperativeFactory(), invited_by=delegation, needs_confirmation=True
            )

    client.force_login(invited)
    assert_same_query_count(client, reverse("invitations:confirm", args=[first.pk]), grow, small=3, large=30)
