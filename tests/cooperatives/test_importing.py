"""The importer (DESIGN.md §5) on files the tests build: spellings, formats, errors, modes."""

from datetime import date, datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from cooperatives.import_writing import ImportRefused
from cooperatives.importing import import_apply, import_validate, rejected_rows_csv
from cooperatives.models import Cooperative
from odco.audit.models import AuditEntry
from tests.factories import CooperativeFactory, region, sector

from .files import HEADER, csv_bytes, row, xlsx_bytes

pytestmark = pytest.mark.django_db


def issues(report, kind="errors"):
    return [(i.row, i.column, i.code) for i in getattr(report, kind)]


def test_a_clean_file_creates_every_cooperative_with_canonical_values():
    data = csv_bytes([row("RC-1"), row("RC-2", telephone="+212 661-234567", date_creation="2016-03-14")])

    report = import_validate(data, "coops.csv")
    outcome = import_apply(report, user=None)

    assert report.errors == [] and report.warnings == []
    assert outcome.as_dict() == {"created": 2, "updated": 0, "unchanged": 0, "rejected": 0}
    coop = Cooperative.objects.get(registration_number="RC-1")
    assert (coop.region.code, coop.sector.code, coop.province.name_fr) == ("09", "argan", "Chtouka-Aït Baha")
    assert (coop.founded_on, coop.phone, coop.email) == (
        date(2016, 3, 14),
        "+212661234567",
        "contact@tifawine.example",
    )
    assert (coop.members_total, coop.members_women, coop.members_young) == (32, 30, 9)
    assert coop.name_ar == "تعاونية تيفاوين"
    assert coop.search_key == "rc1|cooperativetifawinerc1|تعاونيةتيفاوين"
    assert Cooperative.objects.get(registration_number="RC-2").phone == "+212661234567"
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.changes) == (
        "cooperative.import",
        {"created": 2, "updated": 0, "unchanged": 0, "rejected": 0},
    )


@pytest.mark.parametrize(
    ("spelling", "code"),
    [
        ("09", "09"),
        ("9", "09"),
        ("MA-09", "09"),
        ("ma09", "09"),
        ("Souss-Massa", "09"),
        ("souss massa", "09"),
        ("SOUSS_MASSA", "09"),
        ("جهة سوس ماسة", "09"),
        ("سوس ماسة", "09"),
        ("Région Souss-Massa", "09"),
        ("Fès-Meknès", "03"),
        ("fes meknes", "03"),
        ("Tanger Tetouan Al Hoceima", "01"),
        ("Laayoune-Sakia El Hamra", "11"),
        ("جهة الدار البيضاء سطات", "06"),
        ("L'Oriental", "02"),
        ("Région de l'Oriental", "02"),
    ],
)
def test_each_region_spelling_is_recognised(spelling, code):
    report = import_validate(csv_bytes([row(region=spelling, province="")]), "f.csv")

    assert report.errors == []
    assert report.rows[0].values["region_id"] == region(code).pk


@pytest.mark.parametrize(
    ("spelling", "code"),
    [
        ("argan", "argan"),
        ("Argane", "argan"),
        ("ARGANE", "argan"),
        ("الأركان", "argan"),
        ("Plantes aromatiques et medicinales", "pam"),
        ("النباتات العطرية والطبية", "pam"),
        ("Pêche", "peche"),
        ("peche", "peche"),
        ("Éducation et alphabétisation", "education"),
    ],
)
def test_sectors_by_code_french_or_arabic_name(spelling, code):
    report = import_validate(csv_bytes([row(secteur=spelling)]), "f.csv")

    assert report.errors == []
    assert report.rows[0].values["sector_id"] == sector(code).pk


def test_headers_match_ignoring_case_accents_spaces_hyphens_and_underscores():
    header = [
        "Numéro Immatriculation",
        "NOM",
        "Nom-AR",
        " Région ",
        "province",
        "commune",
        "Secteur",
        "Date_Création",
        "adhérents",
        "Adhérents femmes",
        "ADHERENTS-JEUNES",
        "Président",
        "Téléphone",
        "E-mail",
    ]
    values = list(row("RC-9").values())
    data = csv_bytes([dict(zip(header, values, strict=True))], header=header)

    report = import_validate(data, "f.csv")

    assert report.errors == []
    assert report.rows[0].values["members_women"] == 30
    assert report.rows[0].values["email"] == "contact@tifawine.example"


def test_a_missing_required_column_is_an_error_on_the_header_row():
    header = [h for h in HEADER if h not in ("secteur", "date_creation")]

    report = import_validate(csv_bytes([row()], header=header), "f.csv")

    assert issues(report) == [(1, "secteur", "missing_column"), (1, "date_creation", "missing_column")]
    assert report.rows == []
    with pytest.raises(ImportRefused):
        import_apply(report, user=None, partial=True)
    assert Cooperative.objects.count() == 0


@pytest.mark.parametrize("delimiter", [",", ";"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_french_files_in_each_encoding_and_delimiter(encoding, delimiter):
    data = csv_bytes(
        [row("RC-1", nom="Coopérative Élevage; Forêt, Pêche", nom_ar="")],
        delimiter=delimiter,
        encoding=encoding,
    )

    report = import_validate(data, "f.csv")

    assert report.errors == []
    assert report.rows[0].values["name_fr"] == "Coopérative Élevage; Forêt, Pêche"
    assert report.rows[0].values["province_id"] is not None  # "Chtouka-Aït Baha" read with its accent


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_arabic_windows_1256_files(delimiter):
    data = csv_bytes(
        [row("RC-1", region="جهة سوس ماسة", secteur="الأركان", province="")],
        delimiter=delimiter,
        encoding="cp1256",
    )

    report = import_validate(data, "f.csv")

    assert report.errors == []
    assert report.rows[0].values["name_ar"] == "تعاونية تيفاوين"
    assert report.rows[0].values["name_fr"] == "Coopérative Tifawine RC-1"


def test_quoted_names_with_commas_and_quotes():
    name = 'Coopérative "Al Amal", Agadir; section d\'Aourir'
    report = import_validate(csv_bytes([row(nom=name)]), "f.csv")
    import_apply(report, user=None)

    assert Cooperative.objects.get().name_fr == name


def test_xlsx_with_excel_date_cells_and_numbers_stored_as_text():
    rows = [
        row(
            12345,
            date_creation=datetime(2016, 3, 14),
            adherents="32",
            adherents_femmes="30",
            adherents_jeunes=9,
            telephone="0661234567",
        ),
        row(
            "RC-2",
            date_creation="14/03/2016",
            adherents=32.0,
            adherents_femmes=" 30 ",
            adherents_jeunes="9,0",
            telephone=212661234567,
        ),
    ]

    report = import_validate(xlsx_bytes(rows), "f.xlsx")
    import_apply(report, user=None)

    assert report.errors == [] and report.warnings == []
    first, second = Cooperative.objects.order_by("registration_number")
    assert (first.registration_number, first.founded_on, first.members_total) == (
        "12345",
        date(2016, 3, 14),
        32,
    )
    assert (second.members_total, second.members_women, second.members_young) == (32, 30, 9)
    assert first.phone == second.phone == "+212661234567"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("06 61 23 45 67", "+212661234567"),
        ("+212 661-234567", "+212661234567"),
        ("00212661234567", "+212661234567"),
        ("+212 (0)6 61 23 45 67", "+212661234567"),
        ("0522-12.34.56", "+212522123456"),
        ("07 00 11 22 33", "+212700112233"),
        ("", ""),
    ],
)
def test_phones_in_every_common_moroccan_form_become_e164(value, expected):
    report = import_validate(csv_bytes([row(telephone=value)]), "f.csv")

    assert report.warnings == []
    assert report.rows[0].values["phone"] == expected


def test_duplicate_numbers_in_one_file_reject_every_occurrence():
    data = csv_bytes([row("RC-1"), row("RC-2"), row("RC-1"), row(" RC-1 ")])

    report = import_validate(data, "f.csv")

    assert issues(report) == [
        (2, "numero_immatriculation", "duplicate"),
        (4, "numero_immatriculation", "duplicate"),
        (5, "numero_immatriculation", "duplicate"),
    ]
    assert report.rows[0].errors[0].params == {"rows": "4, 5"}
    assert report.counts == {"create": 1, "update": 0, "unchanged": 0, "rejected": 3, "total": 4}


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"date_creation": "31/02/2020"}, ("date_creation", "bad_date")),
        ({"date_creation": "2020-13-01"}, ("date_creation", "bad_date")),
        ({"date_creation": "soon"}, ("date_creation", "bad_date")),
        ({"date_creation": "01/01/2099"}, ("date_creation", "future_date")),
        ({"region": "Atlantis"}, ("region", "unknown_region")),
        ({"region": "13"}, ("region", "unknown_region")),
        ({"secteur": "alchimie"}, ("secteur", "unknown_sector")),
        ({"nom": "  "}, ("nom", "required")),
        ({"numero_immatriculation": ""}, ("numero_immatriculation", "required")),
        ({"region": ""}, ("region", "required")),
        ({"date_creation": ""}, ("date_creation", "required")),
        ({"nom": "x" * 256}, ("nom", "too_long")),
    ],
)
def test_a_problem_in_a_required_column_is_an_error_naming_row_and_column(overrides, expected):
    report = import_validate(csv_bytes([row("RC-1"), row("RC-2", **overrides)]), "f.csv")

    assert issues(report) == [(3, *expected)]
    assert report.rows[1].action == "rejected"
    with translation.override("en"):
        assert str(report.errors[0]).startswith(f"row 3, column {expected[0]}: ")


@pytest.mark.parametrize(
    ("overrides", "expected", "field", "value"),
    [
        ({"adherents_femmes": "40"}, ("adherents_femmes", "more_than_members"), "members_women", 0),
        ({"adherents_jeunes": "33"}, ("adherents_jeunes", "more_than_members"), "members_young", 0),
        ({"telephone": "12345"}, ("telephone", "bad_phone"), "phone", ""),
        ({"telephone": "+33 1 23 45 67 89 00"}, ("telephone", "bad_phone"), "phone", ""),
        ({"email": "not-an-email"}, ("email", "bad_email"), "email", ""),
        ({"adherents": "douze"}, ("adherents", "bad_count"), "members_total", 0),
        (
            {"adherents": "-3", "adherents_femmes": "0", "adherents_jeunes": "0"},
            ("adherents", "bad_count"),
            "members_total",
            0,
        ),
        ({"province": "Atlantide"}, ("province", "unknown_province"), "province", None),
        ({"province": "Casablanca"}, ("province", "province_other_region"), "province", None),
    ],
)
def test_a_problem_in_an_optional_column_is_a_warning_and_the_value_is_left_empty(
    overrides, expected, field, value
):
    report = import_validate(csv_bytes([row("RC-1", **overrides)]), "f.csv")
    import_apply(report, user=None)

    assert report.errors == []
    assert issues(report, "warnings")[0] == (2, *expected)
    assert getattr(Cooperative.objects.get(), field) == value


def test_strict_mode_writes_nothing_when_any_row_has_an_error(tmp_path, capsys):
    existing = CooperativeFactory(registration_number="RC-1", name_fr="Ancien nom")
    path = tmp_path / "coops.csv"
    path.write_bytes(csv_bytes([row("RC-1"), row("RC-2"), row("RC-3", region="Atlantis")]))
    entries = AuditEntry.objects.count()

    with pytest.raises(CommandError) as raised, translation.override("en"):
        call_command("import_cooperatives", str(path))

    assert raised.value.returncode == 1
    assert "row 4, column region:" in capsys.readouterr().err
    assert list(Cooperative.objects.values_list("registration_number", "name_fr")) == [("RC-1", "Ancien nom")]
    assert AuditEntry.objects.count() == entries
    existing.refresh_from_db()
    assert existing.name_fr == "Ancien nom"


def test_dry_run_writes_nothing_and_exits_0_for_a_good_file(tmp_path, capsys):
    path = tmp_path / "coops.csv"
    path.write_bytes(csv_bytes([row("RC-1"), row("RC-2")]))

    with translation.override("en"):
        call_command("import_cooperatives", str(path), "--dry-run")

    assert "2 to create" in capsys.readouterr().out
    assert Cooperative.objects.count() == 0


def test_partial_mode_writes_valid_rows_and_offers_the_rejected_ones_as_csv(tmp_path):
    path = tmp_path / "coops.csv"
    path.write_bytes(
        csv_bytes(
            [
                row("RC-1"),
                row("RC-2", date_creation="31/02/2020"),
                row("RC-3"),
                row("RC-4", secteur="alchimie", region="Atlantis"),
            ]
        )
    )

    with pytest.raises(CommandError) as raised, translation.override("en"):
        call_command("import_cooperatives", str(path), "--partial")

    assert raised.value.returncode == 1
    assert sorted(Cooperative.objects.values_list("registration_number", flat=True)) == ["RC-1", "RC-3"]
    rejected = (tmp_path / "coops.csv.rejected.csv").read_bytes().decode("utf-8-sig").splitlines()
    assert rejected[0] == ",".join([*HEADER, "erreurs"])
    assert rejected[1].startswith("RC-2,")
    assert "row 3, column date_creation:" in rejected[1]
    assert rejected[2].startswith("RC-4,")
    assert "row 5, column region:" in rejected[2] and "row 5, column secteur:" in rejected[2]
    assert len(rejected) == 3


def test_the_rejected_rows_file_reimports_once_fixed():
    report = import_validate(csv_bytes([row("RC-1"), row("RC-2", region="Atlantis")]), "f.csv")
    import_apply(report, user=None, partial=True)
    fixed = rejected_rows_csv(report).decode("utf-8-sig").replace("Atlantis", "Souss-Massa").encode()

    again = import_validate(fixed, "rejected.csv")
    import_apply(again, user=None)

    assert again.errors == []
    assert Cooperative.objects.count() == 2


def test_importing_the_same_file_again_changes_nothing():
    data = csv_bytes([row("RC-1"), row("RC-2", telephone="0522123456", province="")])
    import_apply(import_validate(data, "f.csv"), user=None)
    before = list(Cooperative.objects.order_by("pk").values())
    entries = AuditEntry.objects.count()

    report = import_validate(data, "f.csv")
    outcome = import_apply(report, user=None)

    assert report.counts == {"create": 0, "update": 0, "unchanged": 2, "rejected": 0, "total": 2}
    assert outcome.as_dict() == {"created": 0, "updated": 0, "unchanged": 2, "rejected": 0}
    assert list(Cooperative.objects.order_by("pk").values()) == before
    assert AuditEntry.objects.count() == entries


def test_a_changed_row_updates_the_cooperative_and_is_audited(django_user_model):
    import_apply(import_validate(csv_bytes([row("RC-1"), row("RC-2")]), "f.csv"), user=None)
    other = Cooperative.objects.get(registration_number="RC-2")
    other_before = other.updated_at

    report = import_validate(
        csv_bytes([row("RC-1", nom="Nouveau nom", adherents="40"), row("RC-2")]), "f.csv"
    )
    outcome = import_apply(report, user=None)

    assert outcome.as_dict() == {"created": 0, "updated": 1, "unchanged": 1, "rejected": 0}
    coop = Cooperative.objects.get(registration_number="RC-1")
    assert (coop.name_fr, coop.members_total, coop.search_key.split("|")[1]) == (
        "Nouveau nom",
        40,
        "nouveaunom",
    )
    entry = AuditEntry.objects.get(action="cooperative.import_update")
    assert entry.object_id == str(coop.pk)
    assert entry.changes == {
        "name_fr": ["Coopérative Tifawine RC-1", "Nouveau nom"],
        "members_total": [32, 40],
    }
    other.refresh_from_db()
    assert other.updated_at == other_before


def test_an_absent_optional_column_leaves_the_existing_value_alone():
    CooperativeFactory(registration_number="RC-1", president="Aicha", phone="+212661234567")
    header = [h for h in HEADER if h not in ("president", "telephone")]

    report = import_validate(csv_bytes([row("RC-1")], header=header), "f.csv")
    import_apply(report, user=None)

    coop = Cooperative.objects.get()
    assert (coop.president, coop.phone) == ("Aicha", "+212661234567")
    assert coop.sector.code == "argan"


def test_a_delegation_may_only_import_its_own_region():
    CooperativeFactory(registration_number="RC-OUT", region=region("01"))
    allowed = frozenset({region("09").pk})
    data = csv_bytes([row("RC-1"), row("RC-2", region="01", province=""), row("RC-OUT")])

    report = import_validate(data, "f.csv", allowed_region_ids=allowed)

    assert issues(report) == [
        (3, "region", "region_out_of_scope"),
        (4, "numero_immatriculation", "cooperative_out_of_scope"),
    ]
    with pytest.raises(ImportRefused):
        import_apply(report, user=None)
    assert Cooperative.objects.filter(registration_number__in=["RC-1", "RC-2"]).count() == 0


def test_an_unreadable_file_is_one_error():
    report = import_validate(b"\x00\x01 not a spreadsheet", "f.xlsx")

    assert [(i.row, i.code) for i in report.errors] == [(0, "unreadable")]


def test_blank_lines_are_skipped_and_rows_keep_their_line_numbers():
    data = csv_bytes([row("RC-1"), {}, row("RC-2", region="Atlantis")])

    report = import_validate(data, "f.csv")

    assert issues(report) == [(4, "region", "unknown_region")]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data")  # a transactional test empties the reference tables
def test_progress_is_never_reported_on_the_connection_that_copies():
    """The job's progress is written while PostgreSQL COPYs: never from the importing thread,
    whose connection may be busy (a concurrent query there aborts the whole transaction)."""
    import threading

    from django.db import connection

    from cooperatives.import_writing import import_file

    threads = []

    def progress(done, total):
        threads.append(threading.current_thread())

    data = csv_bytes([row(f"RC-{n}") for n in range(3)])
    _report, outcome = import_file(data, "f.csv", user=None, progress=progress)

    assert outcome.created == 3 and Cooperative.objects.count() == 3
    assert threads, "progress was reported"
    if connection.vendor == "postgresql":
        assert threading.main_thread() not in threads
