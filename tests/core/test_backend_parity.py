"""Pages and reports read the same on SQLite (the README's default) and on PostgreSQL.

The two backends place NULLs differently (SQLite first in ascending order, PostgreSQL last),
so every ordering on a nullable column says where its NULLs go.
"""

from datetime import date, datetime

import pytest
from django.apps import apps
from django.utils import timezone

PROJECT_APPS = {"odco", "cooperatives", "prizes", "training", "coaching", "mentoring", "monitoring"}


def _nullable_path(model, path: str) -> bool:
    """`path` (a lookup like "cooperative__name_fr") may be NULL on some rows of `model`."""
    parts = path.split("__")
    for i, part in enumerate(parts):
        field = model._meta.pk if part == "pk" else model._meta.get_field(part)
        if field.null or (field.is_relation and not field.concrete):
            return True
        if i < len(parts) - 1:
            model = field.related_model
    return False


def test_no_default_ordering_leaves_the_place_of_nulls_to_the_backend():
    vague = []
    for model in apps.get_models():
        if model.__module__.split(".")[0] not in PROJECT_APPS:
            continue
        for term in model._meta.ordering:
            if isinstance(term, str) and term != "?" and _nullable_path(model, term.lstrip("-")):
                vague.append(f"{model._meta.label}: {term}")
    assert vague == []


@pytest.mark.django_db
def test_a_cooperatives_open_coaching_actions_come_before_the_done_ones(world):
    from coaching.models import Action, Assignment, CoachingSession
    from coaching.selectors import cooperative_actions
    from tests.coaching.factories import make_accompanied, make_coach, make_phase

    phase = make_phase()
    candidacy = make_accompanied(phase, cooperative=world.coop_in)
    assignment = Assignment.objects.create(candidacy=candidacy, coach=make_coach())
    session = CoachingSession.objects.create(
        assignment=assignment, held_on=date(2025, 5, 2), duration_minutes=60, mode="phone", topics="x"
    )
    done_at = timezone.make_aware(datetime(2025, 5, 10, 9))
    for title, due_on, done in (
        ("Fait", date(2025, 5, 5), done_at),
        ("Ouverte tard", date(2025, 6, 30), None),
        ("Ouverte tôt", date(2025, 5, 20), None),
    ):
        Action.objects.create(
            session=session,
            candidacy=candidacy,
            title=title,
            owner="cooperative",
            due_on=due_on,
            done_at=done,
        )
    titles = [
        a.title for a in cooperative_actions(user=world.users["staff"], cooperative_id=world.coop_in.pk)
    ]
    assert titles == ["Ouverte tôt", "Ouverte tard", "Fait"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("42", 42),
        (" 7 ", 7),
        (str(2**63 - 1), 2**63 - 1),
        (str(2**63), None),
        ("9" * 20, None),
        ("0", None),
        ("-3", None),
        ("\u00b2", None),
        ("\u0663", None),
        ("", None),
        (None, None),
        ("12a", None),
    ],
)
def test_an_id_from_a_query_string_is_ascii_digits_the_database_can_hold(value, expected):
    from odco.params import id_param

    assert id_param(value) == expected
