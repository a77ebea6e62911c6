"""Exports: an edition's results to Excel and PDF, the candidacy list to Excel (filters, scope)."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from odco.roles import Role
from prizes.models import Candidacy
from prizes.services import scores_record
from tests.factories import CooperativeFactory, make_user, region

from .conftest import fr
from .factories import make_candidacy, make_edition, seat

pytestmark = pytest.mark.django_db
S = Candidacy.Status


def _sheet(response):
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def _scored_edition():
    edition = make_edition()
    juror = seat(edition).user
    first = make_candidacy(
        edition, status=S.FINALIST, cooperative=CooperativeFactory(name_fr="=cmd|' /C calc'!A0")
    )
    second = make_candidacy(edition, status=S.FINALIST)
    criteria = list(edition.criteria.all())
    scores_record(actor=juror, candidacy=first, points={c.pk: Decimal(8) for c in criteria})
    scores_record(actor=juror, candidacy=second, points={c.pk: Decimal(5) for c in criteria})
    return edition, first, second, criteria


def test_results_excel_has_rank_criteria_total_and_neutralised_names(client):
    edition, first, second, criteria = _scored_edition()
    client.force_login(make_user(Role.COMMITTEE))

    response = client.get(reverse("prizes:ranking_xlsx", args=[edition.pk]))

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = _sheet(response)
    assert rows[0][:3] == [fr("Rank"), fr("Tie"), fr("Candidate")]
    assert len(rows[0]) == 6 + len(criteria) + 3
    assert rows[1][0] == 1 and rows[1][2] == "'=cmd|' /C calc'!A0"
    assert rows[1][-3] == 80.0 and rows[2][-3] == 50.0
    assert rows[2][0] == 2


def test_results_pdf_is_a_pdf(client):
    edition, *_ = _scored_edition()
    client.force_login(make_user(Role.STAFF))
    response = client.get(reverse("prizes:ranking_pdf", args=[edition.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_candidacy_export_follows_the_filters(client):
    edition = make_edition()
    in_09 = make_candidacy(edition, status=S.SUBMITTED, cooperative=CooperativeFactory(region=region("09")))
    make_candidacy(edition, status=S.SUBMITTED, cooperative=CooperativeFactory(region=region("01")))
    make_candidacy(edition, status=S.DRAFT, cooperative=CooperativeFactory(region=region("09")))
    client.force_login(make_user(Role.STAFF))

    rows = _sheet(client.get(reverse("prizes:candidacy_export"), {"region": "09", "status": "submitted"}))

    assert rows[0] == [
        fr("Candidacy"),
        fr("Edition"),
        fr("Category"),
        fr("Registration number"),
        fr("Candidate"),
        fr("Region"),
        fr("Project"),
        fr("Status"),
        fr("Meets the rules"),
        fr("Submitted at"),
    ]
    assert [r[0] for r in rows[1:]] == [in_09.pk]


def test_candidacy_export_keeps_a_delegation_in_its_region(client, world):
    edition = make_edition()
    mine = make_candidacy(edition, cooperative=world.coop_in)
    make_candidacy(edition, cooperative=world.coop_out)
    client.force_login(world.user(Role.DELEGATION))

    rows = _sheet(client.get(reverse("prizes:candidacy_export")))

    assert [r[0] for r in rows[1:]] == [mine.pk]


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_candidacy_export_shows_labels_in_the_page_language(client, language):
    from datetime import datetime

    from django.utils import timezone, translation

    edition = make_edition()
    submitted = make_candidacy(
        edition,
        status=S.SUBMITTED,
        cooperative=CooperativeFactory(region=region("09")),
        submitted_at=timezone.make_aware(datetime(2025, 3, 2, 23, 30)),
    )
    client.force_login(make_user(Role.STAFF))
    client.cookies["django_language"] = language

    response = client.get(reverse("prizes:candidacy_export"))

    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    with translation.override(language):
        assert sheet.title == translation.gettext("Candidacies")
        assert rows[0][2] == translation.gettext("Category") and rows[0][5] == translation.gettext("Region")
        assert rows[1][:3] == [submitted.pk, str(edition), submitted.category.name]
        assert rows[1][5:8] == [region("09").name, submitted.project_title, submitted.get_status_display()]
    assert submitted.category.code not in {c for r in rows for c in r}
    assert rows[1][9] == datetime(2025, 3, 2)  # a date cell, the local day of the submission
    assert sheet.sheet_view.rightToLeft is (True if language == "ar" else None)


def test_results_excel_names_categories_and_regions(client):
    edition, first, second, criteria = _scored_edition()
    client.force_login(make_user(Role.COMMITTEE))

    rows = _sheet(client.get(reverse("prizes:ranking_xlsx", args=[edition.pk])))

    assert rows[1][4:6] == [first.region.name_fr, first.category.name_fr]
    assert first.category.code not in {c for r in rows for c in r}


def test_candidacy_export_queries_do_not_grow_with_labels(client):
    from tests.querycount import assert_same_query_count

    from .test_pages import grow_candidacies

    edition = make_edition()
    client.force_login(make_user(Role.STAFF))

    assert_same_query_count(client, reverse("prizes:candidacy_export"), grow_candidacies(edition), large=60)
