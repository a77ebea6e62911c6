"""Candidacy import of files as LibreOffice and Excel write them, with the registry import's
dates, region spellings and garbage guard (issue 17, point 4)."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cooperatives.tabular import read_table
from odco.roles import Role
from prizes.importing import ImportRefused, import_candidacies, validate
from prizes.models import Candidacy
from tests.factories import make_user, region
from tests.libreoffice_files import UNKNOWN_CHARSET, UTF16, convert, csv_filter, needs_soffice

from .factories import GS, make_edition

pytestmark = pytest.mark.django_db

SOURCE = (
    "categorie,projet,porteur,region,date_naissance\n"
    "project_holder,مشروع الخياطة التقليدية,سلمى الإدريسي,سوس ماسه,2001-04-03\n"
    "project_holder,Atelier de couture,Salma Idrissi,Région de l'Oriental,1999-12-31 00:00:00\n"
)


@pytest.fixture
def edition():
    return make_edition(GS)


def issues(report, kind="errors"):
    return [(i.row, i.column, i.code) for i in getattr(report, kind)]


def assert_created(report, created):
    assert report.errors == [] and report.warnings == []
    assert created == 2
    arabic = Candidacy.objects.get(holder_name="سلمى الإدريسي")
    assert (arabic.project_title, arabic.region.code, arabic.applicant_birth_date) == (
        "مشروع الخياطة التقليدية",
        "09",
        date(2001, 4, 3),
    )
    french = Candidacy.objects.get(holder_name="Salma Idrissi")
    assert (french.region.code, french.applicant_birth_date) == ("02", date(1999, 12, 31))


@needs_soffice
def test_an_ods_file_saved_by_libreoffice_is_imported(edition, tmp_path):
    ods = convert(tmp_path, "interest.csv", SOURCE.encode(), "ods")

    assert_created(*import_candidacies(ods, "interest.ods", edition=edition, user=None))


@needs_soffice
def test_excel_unicode_text_is_imported(edition, tmp_path):
    ods = convert(tmp_path, "interest.csv", SOURCE.encode(), "ods")
    text = convert(tmp_path, "interest.ods", ods, csv_filter(delimiter="\t", charset=UTF16))
    assert text[:2] == b"\xff\xfe"
    assert read_table(text, "interest.txt").delimiter == "\t"

    assert_created(*import_candidacies(text, "interest.txt", edition=edition, user=None))


def test_dates_with_a_time_part_and_day_numbers_and_region_spellings(edition):
    data = (
        "categorie;projet;porteur;region;date_naissance\n"
        "project_holder;Projet A;Porteur A;Oriental;03/04/2001 00:00\n"
        "project_holder;Projet B;Porteur B;جهة الداخلة وادى الذهب;36892\n"
    ).encode()

    report = validate(data, "interest.csv", edition=edition)

    assert report.errors == [] and report.warnings == []
    values = [(r.values["region"].code, r.values["applicant_birth_date"]) for r in report.rows]
    assert values == [("02", date(2001, 4, 3)), ("12", date(2001, 1, 1))]


@needs_soffice
def test_a_file_saved_with_an_unknown_charset_is_refused_and_nothing_is_created(edition, tmp_path):
    garbled = convert(tmp_path, "interest.csv", SOURCE.encode(), csv_filter(charset=UNKNOWN_CHARSET))
    assert b"E41H9 'D.J'7)" in garbled  # مشروع الخياطة as LibreOffice wrote it

    report = validate(garbled, "interest.csv", edition=edition)

    assert issues(report) == [(2, "projet", "garbled"), (2, "porteur", "garbled")]
    with pytest.raises(ImportRefused):
        import_candidacies(garbled, "interest.csv", edition=edition, user=None)
    assert Candidacy.objects.count() == 0


def test_utf8_read_as_windows_1252_is_refused(edition):
    data = (
        "categorie;projet;porteur;region\n"
        f"project_holder;{'مشروع الخياطة'.encode().decode('cp1252', errors='replace')};Salma;09\n"
    ).encode()

    report = validate(data, "interest.csv", edition=edition)

    assert issues(report) == [(2, "projet", "garbled")]
    assert Candidacy.objects.count() == 0


@needs_soffice
def test_the_upload_page_previews_an_ods_file(client, edition, tmp_path):
    ods = convert(tmp_path, "interest.csv", SOURCE.encode(), "ods")
    client.force_login(make_user(Role.STAFF))

    response = client.post(
        reverse("prizes:candidacy_import"),
        {"edition": edition.pk, "file": SimpleUploadedFile("interest.ods", ods)},
    )

    assert response.status_code == 200
    assert response.context["counts"] == {"create": 2, "unchanged": 0, "rejected": 0, "total": 2}
    assert Candidacy.objects.count() == 0
    assert region("09").name_fr == "Souss-Massa"
