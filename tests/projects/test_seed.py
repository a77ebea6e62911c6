"""Demo data for projects: the featured laureate's canvas, comments, plan, deck and public page,
other laureates online; the same seed twice changes nothing."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from coaching.finance import plan_result
from coaching.models import CanvasVersion, FinancialPlan, PitchDeck, ProjectComment
from cooperatives.models import Cooperative
from prizes.models import PublicProfile

pytestmark = pytest.mark.django_db


def counts():
    return tuple(
        m.objects.count() for m in (CanvasVersion, ProjectComment, FinancialPlan, PitchDeck, PublicProfile)
    )


def test_seed_gives_the_demo_cooperative_a_whole_project(client, capsys):
    call_command("seed_demo")
    first = counts()
    call_command("seed_demo", "--seed", "1")
    assert counts() == first

    featured = Cooperative.objects.get(registration_number="DEMO-LAUREATE")
    assert CanvasVersion.objects.filter(cooperative=featured).count() == 2
    assert (
        ProjectComment.objects.filter(cooperative=featured, author__email="coach@demo.odco.ma").count() == 3
    )
    figures = plan_result(FinancialPlan.objects.get(cooperative=featured))
    assert figures is not None and figures.prize_funding == 50000
    assert PitchDeck.objects.get(cooperative=featured).status == "ready"
    online = PublicProfile.objects.filter(published__isnull=False)
    assert online.filter(cooperative=featured).exists() and online.count() >= 3
    page = client.get(reverse("showcase:list")).content.decode()
    assert page.count("data-laureate=") == online.count()
    personal = [v for v in (featured.president, featured.phone, featured.email) if v]
    assert personal and not [v for v in personal if v in page]
