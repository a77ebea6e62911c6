"""Runs every row of the permission table for every role and for anonymous users."""

import importlib
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.permission_table import ALL_ROLES, ANONYMOUS, ROWS

for path in sorted(Path(__file__).parent.rglob("permission_rows.py")):
    module = ".".join(path.relative_to(Path(__file__).parent.parent).with_suffix("").parts)
    importlib.import_module(module)

CASES = [(row, role) for row in ROWS for role in (ANONYMOUS, *ALL_ROLES)]


@pytest.mark.parametrize(
    ("row", "role"), CASES, ids=[f"{row.name}-{role or 'anonymous'}" for row, role in CASES]
)
def test_permission_table(row, role, world, login):
    client = login(world.user(role))
    url = row.url(world)
    data = row.data(world) if row.data else None
    response = (
        getattr(client, row.method)(url, data) if data is not None else getattr(client, row.method)(url)
    )
    assert response.status_code == row.status_for(role), (
        f"{row.method.upper()} {url} as {role or 'anonymous'}"
    )


# URL names that belong to libraries (allauth, Django's admin) and test their own access.
THIRD_PARTY_NAMESPACES = {"admin"}
THIRD_PARTY_PREFIXES = ("account_", "mfa_", "set_language")


def _url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            module = getattr(pattern.urlconf_module, "__name__", "")
            if ns in THIRD_PARTY_NAMESPACES or module.startswith("allauth"):
                continue
            yield from _url_names(pattern, f"{namespace}{ns}:" if ns else namespace)
        elif (
            isinstance(pattern, URLPattern)
            and pattern.name
            and not pattern.name.startswith(THIRD_PARTY_PREFIXES)
        ):
            yield f"{namespace}{pattern.name}"


def test_every_url_name_is_in_the_table():
    covered = {row.url_name for row in ROWS}
    missing = sorted(set(_url_names()) - covered)
    assert missing == [], f"views without a permission table row: {missing}"
