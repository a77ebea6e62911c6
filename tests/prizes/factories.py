"""Factories for the prizes tests: editions with their default rules, rubric and phase."""

import importlib
from datetime import date

from django.apps import apps

from odco.roles import Role
from prizes.models import Candidacy, Edition, JuryMember, Prize
from prizes.services import edition_create, phase_set
from tests.factories import CooperativeFactory, make_user, region

LAM = Prize.LALLA_AL_MOUTAAOUINA
GS = Prize.GENERATION_SOLIDAIRE


def prize(code: str = LAM) -> Prize:
    # Transactional tests flush the data migration's rows: load them again when needed.
    if not Prize.objects.filter(code=code).exists():
        importlib.import_module("prizes.migrations.0002_load_prizes").load(apps, None)
    return Prize.objects.get(code=code)


def make_edition(code: str = LAM, year: int = 2025, *, with_phase: bool = True, **kwargs) -> Edition:
    edition = edition_create(
        actor=None,
        prize=prize(code),
        year=year,
        call_opens_on=kwargs.pop("call_opens_on", date(year, 2, 1)),
        call_closes_on=kwargs.pop("call_closes_on", date(year, 3, 31)),
        **kwargs,
    )
    if with_phase:
        phase_set(actor=None, edition=edition, starts_on=date(year, 5, 1))
    return edition


def make_candidacy(
    edition: Edition | None = None,
    *,
    status: str = Candidacy.Status.DRAFT,
    cooperative=None,
    category_code: str | None = None,
    **kwargs,
) -> Candidacy:
    """A candidacy put straight into `status` (tests of the workflow move it through services)."""
    edition = edition or make_edition()
    category = (
        edition.categories.get(code=category_code)
        if category_code
        else edition.categories.order_by("pk").first()
    )
    if category.requires_cooperative and cooperative is None:
        cooperative = CooperativeFactory(members_total=20, members_women=15, members_young=12)
    candidacy = Candidacy(
        edition=edition,
        category=category,
        cooperative=cooperative,
        region=cooperative.region if cooperative else kwargs.pop("region", region("09")),
        project_title=kwargs.pop("project_title", "Huile d'argan biologique"),
        holder_name=kwargs.pop("holder_name", "" if cooperative else "Yassine Amzil"),
        status=status,
        **kwargs,
    )
    candidacy.full_clean()
    candidacy.save()
    return candidacy


def seat(edition: Edition, user=None) -> JuryMember:
    user = user or make_user(Role.JURY)
    return JuryMember.objects.get_or_create(edition=edition, user=user)[0]
