"""Every URL pattern of the project, taken from the resolver (a new page cannot escape), for
every role and anonymous users, on objects that are not theirs or do not exist: no page
leaks (200) and none fails (5xx). The permission table (tests/test_permission_table.py)
checks the expected status of each page on objects inside and outside each user's scope."""

import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter, PathConverter, SlugConverter, StringConverter, UUIDConverter

from odco.roles import Role

pytestmark = pytest.mark.django_db

THIRD_PARTY = ("admin/", "accounts/")
# Pages anyone may open (their own token or code is the credential, or they are public).
# `check_in` answers every session id with the same generic form (no oracle of which exist).
PUBLIC = {"healthz", "home", "set_language", "check_in"}
VALUES = {
    IntConverter: "987654321",
    UUIDConverter: str(uuid.UUID(int=12345)),
    SlugConverter: "no-such-thing",
    StringConverter: "ZZ-NO-SUCH",
    PathConverter: "no/such/thing",
}


def patterns(resolver=None, prefix=""):
    """(route, view name, concrete path) for every URL pattern of the project."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if not route.startswith(THIRD_PARTY):
                yield from patterns(pattern, route)
        elif isinstance(pattern, URLPattern):
            path = route
            for name, converter in pattern.pattern.converters.items():
                value = VALUES.get(type(converter), VALUES[StringConverter])
                path = path.replace(f"<{_converter_name(route, name)}:{name}>", value).replace(
                    f"<{name}>", value
                )
            yield route, pattern.name or pattern.lookup_str, "/" + path.replace("^", "").replace("$", "")


def _converter_name(route: str, name: str) -> str:
    start = route.find(f":{name}>")
    return route[route.rfind("<", 0, start) + 1 : start] if start >= 0 else ""


ALL = sorted(set(patterns()))


def test_the_walk_covers_every_page():
    assert len(ALL) >= 100
    assert all("<" not in path for _route, _name, path in ALL), [p for *_, p in ALL if "<" in p]


@pytest.mark.parametrize("role", [None, *Role.values])
def test_no_page_leaks_or_fails_on_objects_that_are_not_there(role, world):
    client = Client(raise_request_exception=False)
    if role:
        client.force_login(world.user(role))
    problems = []
    for route, name, path in ALL:
        has_object = "<" in route
        response = client.get(path)
        status = response.status_code
        if status >= 500:
            problems.append(f"{status} {path} ({name})")
        elif has_object and status == 200 and name not in PUBLIC:
            problems.append(f"200 on a missing object: {path} ({name})")
        elif role is None and not has_object and status == 200 and name not in PUBLIC and not _public(path):
            problems.append(f"200 for an anonymous user: {path} ({name})")
    assert problems == []


def _public(path: str) -> bool:
    return path.startswith(("/verify/", "/laureats/", "/healthz"))


# Every query parameter a page reads (filters, pagination, pickers). An integer too large for
# the database (SQLite: OverflowError beyond 64 bits) and a digit `int()` refuses are invalid
# values like any other: an ignored filter or a form error, never a server error.
NOT_AN_ID = ("9" * 20, "\u00b2")
QUERY_PARAMETERS = (
    "edition",
    "phase",
    "prize",
    "region",
    "province",
    "sector",
    "indicator",
    "period",
    "month",
    "year",
    "status",
    "category",
    "page",
    "answer",
    "cooperative",
    "coach",
    "mentor",
    "figure",
    "sort",
    "participation",
    "expertise",
    "language",
    "q",
)
LIST_PAGES = [(route, name, path) for route, name, path in ALL if "<" not in route]


@pytest.mark.parametrize("value", NOT_AN_ID, ids=["twenty_digits", "superscript_two"])
@pytest.mark.parametrize("parameter", QUERY_PARAMETERS)
def test_no_page_fails_on_an_integer_query_parameter_out_of_range(parameter, value, world):
    problems = []
    for role in (Role.STAFF, Role.DELEGATION, Role.COORDINATOR):
        client = Client(raise_request_exception=False)
        client.force_login(world.user(role))
        for _route, name, path in LIST_PAGES:
            status = client.get(path, {parameter: value}).status_code
            if status >= 500:
                problems.append(f"{role}: {status} {path}?{parameter}={value!r} ({name})")
    assert problems == []
