"""Factories for the project tests: a laureate cooperative with its member and coach, images."""

import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from coaching import finance
from prizes.models import Candidacy
from tests.coaching.factories import assign, make_accompanied, make_coach, validate_phase
from tests.factories import CooperativeFactory, make_user, region
from tests.prizes.factories import make_candidacy, make_edition

D = Decimal


def image_upload(name="photo.png", size=(2400, 1200), fmt="PNG", color=(200, 120, 40)) -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def worked_example(start_year=2026) -> finance.PlanInputs:
    """The hand-worked plan of tests/projects/test_finance.py."""
    return finance.PlanInputs(
        start_year=start_year,
        opening_cash=D("10000"),
        products=(
            finance.ProductLine("Huile d'argan", D("150"), (D(1000), D(1500), D(2000)), unit_cost=D("60")),
            finance.ProductLine("Savon", D("12.50"), (D(2000), D(3000), D(4000)), unit_cost=D("4.25")),
        ),
        costs=(
            finance.CostLine("Loyer", (D(24000), D(24000), D(24000))),
            finance.CostLine("Salaires", (D(90000), D(100000), D(110000))),
        ),
        investments=(finance.InvestmentLine("Presse", D(80000), 1),),
        funding=(
            finance.FundingLine("Prix", D(50000), finance.FundingKind.PRIZE, 1),
            finance.FundingLine("Apport", D(30000), finance.FundingKind.OWN, 1),
        ),
    )


def make_laureate(*, cooperative=None, region_code="09", code="lalla_al_moutaaouina", year=2024, **coop):
    cooperative = cooperative or CooperativeFactory(region=region(region_code), **coop)
    from prizes.models import Edition

    edition = Edition.objects.filter(prize__code=code, year=year).first() or make_edition(code, year)
    make_candidacy(edition, status=Candidacy.Status.LAUREATE, cooperative=cooperative)
    return cooperative


def coach_for(cooperative, user=None):
    """An active coaching assignment of `cooperative` (a validated phase, an accompanied candidacy)."""
    edition = make_edition("generation_solidaire", 2025)
    validate_phase(edition.phase)
    candidacy = make_accompanied(edition.phase, cooperative=cooperative)
    user = user or make_user("coach")
    from coaching.models import CoachProfile

    profile = CoachProfile.objects.filter(user=user).first() or make_coach(user)
    return assign(candidacy, profile)
