import os
import shutil
from dataclasses import dataclass

import pytest

from odco.roles import Role

from .factories import CooperativeFactory, make_user, region

ROLES = list(Role.values)


@dataclass
class World:
    """A small programme: two regions, one cooperative in each, one user per role.

    The delegation user is bound to region 09 (Souss-Massa) and the cooperative user to
    `coop_in`, which is in region 09; `coop_out` is in region 01, outside both scopes.
    """

    users: dict
    coop_in: object
    coop_out: object
    region_in: str = "09"
    region_out: str = "01"

    def user(self, role: str | None):
        return None if role is None else self.users[role]


@pytest.fixture
def world(db) -> World:
    coop_in = CooperativeFactory(region=region("09"))
    coop_out = CooperativeFactory(region=region("01"))
    users = {}
    for role in ROLES:
        users[role] = make_user(role, region_code="09", cooperative=coop_in, email=f"{role}@test.odco.ma")
    return World(users=users, coop_in=coop_in, coop_out=coop_out)


@pytest.fixture
def login(client):
    """Log `user` in on the test client (None stays anonymous)."""

    def do(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return do


@pytest.fixture
def chromium_path():
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        if os.environ.get("ODCO_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required (ODCO_REQUIRE_BROWSER=1) but /usr/bin/chromium is missing")
        pytest.skip("Debian's Chromium is not installed: browser tests skipped")
    return path
