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


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and cached values never leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def reload_reference_data():
    """Reference data comes from data migrations; transactional tests flush it, so reload it."""
    import importlib

    from django.apps import apps

    for module in (
        "odco.regions.migrations.0002_load_reference_data",
        "cooperatives.migrations.0002_load_sectors",
    ):
        importlib.import_module(module).load(apps, None)


@pytest.fixture
def reference_data(transactional_db):
    reload_reference_data()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Make sure the reference data is there even on a reused, previously flushed database."""
    with django_db_blocker.unblock():
        reload_reference_data()
