"""Pages without login: exactly the documented ones (README, "Who can do what"), and the
self check-in page says nothing about a session before the right code."""

import re

import pytest
import time_machine
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import formats

from odco.accounts.invitations import invitation_create, invitation_link
from tests.factories import make_user
from tests.i18n import fr
from tests.permission_table import ANONYMOUS, ROWS
from tests.security.test_scope_coverage import NOT_YET_SCOPED  # noqa: F401 (loads every permission_rows.py)
from tests.security.test_url_walk import VALUES, StringConverter, _converter_name
from tests.training.factories import accompanied, at, make_session, validated_phase
from training import checkin
from training.models import Attendance, CalendarFeed
from training.selectors import feed_for

pytestmark = pytest.mark.django_db

# Every page that answers 200 to an anonymous visitor, mirrored in README.md ("Public pages
# without login"). A new public page fails the test until it is listed here and there.
PUBLIC_PAGES = {
    # allauth: log in, password reset (its e-mailed link), and its information pages
    "account_login",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key_done",
    "account_email_verification_sent",
    "account_inactive",
    "account_signup",  # says that sign-up is closed (no public sign-up)
    "healthz",
    "certificate_verify",
    "showcase:list",
    "showcase:sitemap",
    "showcase:detail",
    "showcase:photo",
    "training:check_in",
    "training:feed",
    "invitations:accept",
}


def every_pattern(resolver=None, prefix=""):
    """(route, concrete path) of every URL pattern, the admin's and allauth's included."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from every_pattern(pattern, route)
        elif isinstance(pattern, URLPattern):
            path = route
            for name, converter in pattern.pattern.converters.items():
                value = VALUES.get(type(converter), VALUES[StringConverter])
                path = path.replace(f"<{_converter_name(route, name)}:{name}>", value)
                path = path.replace(f"<{name}>", value)
            yield route, "/" + path.replace("^", "").replace("$", "")


def test_the_pages_anonymous_visitors_can_open_are_the_documented_ones(world):
    client = Client(raise_request_exception=False)
    answering = set()
    # every pattern of the resolver, on made-up objects and codes
    for _route, path in sorted(set(every_pattern())):
        if client.get(path).status_code == 200:
            answering.add(resolve(path).view_name)
    # the permission table's rows on real objects (tests/test_permission_table.py checks each)
    answering |= {row.url_name for row in ROWS if row.method == "get" and row.expect[ANONYMOUS] == 200}
    # the invitation e-mail's one-time link
    invitation = invitation_create(
        actor=world.users["staff"], cooperative=world.coop_in, email="invited@test.odco.ma"
    )
    link = invitation_link(invitation.user)
    assert client.get(link).status_code == 200
    answering.add(resolve(link).view_name)
    assert answering == PUBLIC_PAGES


@pytest.fixture
def open_session():
    phase = validated_phase()
    accompanied(phase, participants=2)
    trainer = make_user(
        "trainer", email="trainer-public@test.odco.ma", first_name="Samira", last_name="Idrissi"
    )
    return make_session(phase, status="open", trainers=[trainer], enrol=True)


def _secrets(session) -> list[str]:
    prize = session.phase.edition.prize
    local = session.starts_at.astimezone(at(1).tzinfo)
    values = [
        prize.name,
        getattr(prize, "name_ar", ""),
        str(session.phase.edition),
        session.region.name,
        getattr(session.region, "name_ar", ""),
        session.venue,
        local.strftime("%d/%m/%Y"),
        local.strftime("%H:%M"),
        formats.date_format(local, "d/m/Y"),
        "Samira",
        "Idrissi",
        "trainer-public@test.odco.ma",
    ]
    return [value for value in values if value]


def _page(response) -> str:
    """The page without the per-response CSRF token."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def test_the_check_in_page_reveals_nothing_before_the_right_code(client, open_session):
    url = reverse("training:check_in", args=[open_session.pk])
    person = open_session.enrolments.first().participant
    with time_machine.travel(at(5, 9), tick=False):
        code = checkin.current_code(open_session)
        get = client.get(url)
        wrong = client.post(url, {"code": "000000" if code != "000000" else "111111", "phone": person.phone})
    assert get.status_code == 200
    assert wrong.status_code == 400
    for page in (_page(get), _page(wrong)):
        assert 'id="check-in-form"' in page
        leaked = [value for value in _secrets(open_session) if value in page]
        assert leaked == []
    assert fr("This code is wrong or has expired: type the code shown now.").replace("'", "&#x27;") in _page(
        wrong
    )
    assert Attendance.objects.count() == 0


def test_a_right_code_checks_in_and_names_the_session(client, open_session):
    url = reverse("training:check_in", args=[open_session.pk])
    person = open_session.enrolments.first().participant
    with time_machine.travel(at(5, 9), tick=False):
        response = client.post(url, {"code": checkin.current_code(open_session), "phone": person.phone})
    assert response.status_code == 200
    assert 'id="checked-in"' in response.content.decode()
    assert open_session.region.name in response.content.decode()
    attendance = Attendance.objects.get()
    assert (attendance.enrolment.participant, attendance.status, attendance.method) == (
        person,
        "present",
        "self_check_in",
    )


@pytest.mark.parametrize("status", ["planned", "held", "missing"])
def test_other_sessions_answer_exactly_like_an_open_one(client, open_session, status):
    """Ids are sequential: the page is no oracle of which sessions exist or are open."""
    if status == "missing":
        other_pk = open_session.pk + 1000
    else:
        other_pk = make_session(open_session.phase, day=6, status=status, enrol=True).pk
    person = open_session.enrolments.first().participant
    answers = []
    for pk in (open_session.pk, other_pk):
        url = reverse("training:check_in", args=[pk])
        with time_machine.travel(at(5, 9), tick=False):
            get = client.get(url)
            post = client.post(url, {"code": "123456", "phone": person.phone})
        # the page's own address (in the language switcher) aside
        pages = [_page(response).replace(url, "") for response in (get, post)]
        answers.append((get.status_code, pages[0], post.status_code, pages[1]))
    if checkin.current_code(open_session) == "123456":  # pragma: no cover - one chance in a million
        pytest.skip("the random code happened to be 123456")
    assert answers[0] == answers[1]
    assert answers[0][0] == 200 and answers[0][2] == 400
    assert Attendance.objects.count() == 0


def test_the_owner_rotates_the_feed_address_and_the_old_one_stops_working(client):
    trainer = make_user("trainer", email="feed-owner@test.odco.ma")
    other = make_user("trainer", email="feed-other@test.odco.ma")
    old = feed_for(trainer).token
    other_token = feed_for(other).token
    assert client.get(reverse("training:feed", args=[old])).status_code == 200
    client.force_login(trainer)
    response = client.post(reverse("training:calendar_rotate"))
    assert response.status_code == 302
    new = CalendarFeed.objects.get(user=trainer).token
    assert new != old
    client.logout()
    assert client.get(reverse("training:feed", args=[old])).status_code == 404
    assert client.get(reverse("training:feed", args=[new])).status_code == 200
    assert CalendarFeed.objects.get(user=other).token == other_token
    client.force_login(trainer)
    assert client.get(reverse("training:calendar_rotate")).status_code == 405
    assert CalendarFeed.objects.get(user=trainer).token == new
