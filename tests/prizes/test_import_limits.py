"""Candidacy import: the registry import's upload limits, and large files previewed by a job."""

from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.formats import number_format

from odco.jobs.models import Job
from odco.roles import Role
from prizes.models import Candidacy
from tests.cooperatives.files import crafted_xlsx, zip_bomb
from tests.factories import make_user
from tests.i18n import fr

from .factories import GS, make_edition

pytestmark = pytest.mark.django_db


def post(client, edition, data: bytes, name="interest.xlsx"):
    return client.post(
        reverse("prizes:candidacy_import"), {"edition": edition.pk, "file": SimpleUploadedFile(name, data)}
    )


def holders(rows: int, bad=()) -> bytes:
    lines = ["categorie;projet;porteur;region"]
    for i in range(rows):
        lines.append(f"project_holder;Projet {i};Porteur {i};{'Atlantis' if i in bad else '09'}")
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def no_full_read():
    with (
        mock.patch("openpyxl.load_workbook", side_effect=AssertionError("openpyxl loaded the file")),
        mock.patch("cooperatives.tabular.read_workbook", side_effect=AssertionError("calamine read it")),
        mock.patch("prizes.views.manage.validate", side_effect=AssertionError("validated")),
    ):
        yield


def test_a_huge_declared_workbook_is_refused_without_being_read(client, settings, no_full_read):
    settings.ODCO_IMPORT_MAX_CELLS = 1_000_000
    edition = make_edition(GS)
    client.force_login(make_user(Role.STAFF))

    response = post(client, edition, crafted_xlsx(100_000, data_rows=2))

    with translation.override("fr"):
        expected = translation.gettext(
            "The file has %(cells)s cells; at most %(limit)s can be imported: split it."
        ) % {
            "cells": number_format(100_001 * 14, force_grouping=True),
            "limit": number_format(1_000_000, force_grouping=True),
        }
    assert response.context["form"].errors["file"] == [expected]
    assert Job.objects.count() == 0 and Candidacy.objects.count() == 0


def test_a_zip_bomb_and_an_oversize_file_are_refused(client, settings, no_full_read):
    edition = make_edition(GS)
    client.force_login(make_user(Role.STAFF))

    bomb = post(client, edition, zip_bomb(8))
    settings.ODCO_IMPORT_MAX_BYTES = 100
    big = post(client, edition, holders(10), name="interest.csv")

    assert bomb.context["form"].errors["file"][0].startswith(opening(EXPANDS))
    assert big.context["form"].errors["file"][0].startswith(opening(TOO_BIG))
    assert Job.objects.count() == 0


def test_a_large_list_is_checked_by_a_job_whose_result_page_is_the_preview(
    client, settings, django_capture_on_commit_callbacks
):
    settings.ODCO_IMPORT_INLINE_ROWS = 5
    edition = make_edition(GS)
    user = make_user(Role.STAFF)
    client.force_login(user)

    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, edition, holders(12, bad={3}), name="interest.csv")

    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert (job.kind, job.status, job.done, job.total) == (
        "prizes.candidacy_import_preview",
        "succeeded",
        12,
        12,
    )
    assert job.result_url == reverse("prizes:candidacy_import_preview", args=[job.pk])
    assert Candidacy.objects.count() == 0

    page = client.get(job.result_url)

    assert page.status_code == 200
    assert page.context["counts"] == {"create": 11, "unchanged": 0, "rejected": 1, "total": 12}
    assert [(i.row, i.column, i.code) for i in page.context["errors"]] == [(5, "region", "unknown_region")]
    assert 'id="import-confirm"' in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("prizes:candidacy_import_confirm"), {"token": page.context["token"], "partial": "1"}
        )

    assert Job.objects.get(kind="prizes.candidacy_import").status == "succeeded"
    assert Candidacy.objects.filter(edition=edition).count() == 11


def test_the_preview_of_another_staff_member_has_no_confirmation(
    client, settings, django_capture_on_commit_callbacks
):
    settings.ODCO_IMPORT_INLINE_ROWS = 5
    edition = make_edition(GS)
    client.force_login(make_user(Role.STAFF))
    with django_capture_on_commit_callbacks(execute=True):
        post(client, edition, holders(8), name="interest.csv")
    job = Job.objects.get()

    client.force_login(make_user(Role.STAFF, email="other@test.odco.ma"))
    page = client.get(job.result_url)

    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="import-confirm"' not in html and 'id="import-confirm-unavailable"' in html


def test_the_preview_page_makes_the_same_queries_whatever_the_number_of_issues(client):
    edition = make_edition(GS)
    user = make_user(Role.STAFF)
    client.force_login(user)
    counts = []
    for errors in (1, 150):
        job = Job.objects.create(
            kind="prizes.candidacy_import_preview",
            created_by=user,
            status="succeeded",
            params={"path": "imports/missing.csv", "name": "f.csv", "edition": edition.pk},
            result={
                "file_name": "f.csv",
                "counts": {"create": 1, "unchanged": 0, "rejected": errors, "total": 1 + errors},
                "errors": [[3, "region", "unknown_region", {"value": "X"}]] * errors,
                "warnings": [],
                "error_count": errors,
                "file_errors": False,
                "partial": True,
                "can_confirm": True,
            },
        )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("prizes:candidacy_import_preview", args=[job.pk])).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 10


EXPANDS = "The workbook expands %(ratio)s times; at most %(limit)s times is accepted."
TOO_BIG = "The file is %(size)s; files of at most %(limit)s can be imported."
TOO_MANY_CELLS = "The file has %(cells)s cells; at most %(limit)s can be imported: split it."


def opening(message: str) -> str:
    """The words of a refusal before its first figure, as the French page shows them."""
    return fr(message).split("%(")[0]
