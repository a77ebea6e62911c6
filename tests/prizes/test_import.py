"""Import of candidacies from expressions of interest: header and error rules of the registry
import, strict and partial modes, re-import changes nothing, the command's exit status."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from odco.audit.models import AuditEntry
from prizes.importing import ImportRefused, import_candidacies, validate
from prizes.models import Candidacy
from tests.factories import CooperativeFactory, region

from .factories import GS, make_edition

pytestmark = pytest.mark.django_db


def csv_bytes(text: str, encoding="utf-8") -> bytes:
    return text.encode(encoding)


@pytest.fixture
def edition():
    return make_edition(GS)


@pytest.fixture
def coop():
    return CooperativeFactory(registration_number="RC-123", region=region("09"))


def good_file(coop) -> bytes:
    return csv_bytes(
        "Numéro Immatriculation;Catégorie;Projet;Porteur;Région;Date-Naissance\n"
        f"{coop.registration_number};youth_cooperative;Miel de montagne;;;\n"
        ";Porteurs de projet;Atelier de couture;Salma Idrissi;Souss-Massa;03/04/2001\n"
    )


def test_headers_match_like_the_registry_import_and_rows_are_created(edition, coop):
    report, created = import_candidacies(good_file(coop), "interest.csv", edition=edition, user=None)

    assert created == 2
    assert report.counts == {"create": 2, "unchanged": 0, "rejected": 0, "total": 2}
    mine = Candidacy.objects.get(cooperative=coop)
    assert (mine.category.code, mine.project_title, mine.region.code, mine.status) == (
        "youth_cooperative",
        "Miel de montagne",
        "09",
        "draft",
    )
    holder = Candidacy.objects.get(holder_name="Salma Idrissi")
    assert (holder.category.code, holder.applicant_birth_date, holder.region.code) == (
        "project_holder",
        date(2001, 4, 3),
        "09",
    )
    assert AuditEntry.objects.filter(action="candidacy.create").count() == 2


def test_importing_the_same_file_again_changes_nothing(edition, coop):
    import_candidacies(good_file(coop), "interest.csv", edition=edition, user=None)
    before = (Candidacy.objects.count(), AuditEntry.objects.count())

    report, created = import_candidacies(good_file(coop), "interest.csv", edition=edition, user=None)

    assert created == 0
    assert report.counts["unchanged"] == 2
    assert (Candidacy.objects.count(), AuditEntry.objects.count()) == before


def test_errors_name_row_and_column_and_strict_mode_writes_nothing(edition, coop):
    data = csv_bytes(
        "numero_immatriculation,categorie,projet\n"
        f"{coop.registration_number},youth_cooperative,Miel\n"
        "RC-404,youth_cooperative,Dattes\n"
        f"{coop.registration_number},youth_cooperative,\n"
        ",nope,Tapis\n"
    )

    with pytest.raises(ImportRefused) as refused:
        import_candidacies(data, "interest.csv", edition=edition, user=None)

    assert [str(i) for i in refused.value.report.errors] == [
        "row 2, column numero_immatriculation: This candidate also appears on rows 4.",
        "row 3, column numero_immatriculation: No cooperative of the registry has the number “RC-404”.",
        "row 4, column projet: A value is required.",
        "row 4, column numero_immatriculation: This candidate also appears on rows 2.",
        "row 5, column categorie: Unknown category “nope” in this edition.",
        "row 5, column porteur: Give a registration number, or the project holder and the region.",
    ]
    assert Candidacy.objects.count() == 0


def test_partial_mode_writes_the_valid_rows(edition, coop):
    data = csv_bytes(
        "numero_immatriculation,categorie,projet\n"
        f"{coop.registration_number},youth_cooperative,Miel\n"
        "RC-404,youth_cooperative,Dattes\n"
    )
    report, created = import_candidacies(data, "interest.csv", edition=edition, user=None, partial=True)
    assert created == 1
    assert report.counts["rejected"] == 1


def test_a_missing_required_column_is_a_file_error(edition):
    report = validate(csv_bytes("numero_immatriculation,categorie\nRC-1,x\n"), "a.csv", edition=edition)
    assert [str(i) for i in report.errors] == ["projet: The required column is missing."]


def test_a_bad_optional_birth_date_is_a_warning_and_the_row_is_kept(edition):
    data = csv_bytes(
        "categorie,projet,porteur,region,date_naissance\nproject_holder,Couture,Salma,09,31/02/2001\n"
    )
    report = validate(data, "a.csv", edition=edition)
    assert report.errors == []
    assert [str(i) for i in report.warnings] == [
        "row 2, column date_naissance: “31/02/2001” is not a date: left empty."
    ]


def test_a_delegation_may_only_import_its_region(edition):
    data = csv_bytes("categorie,projet,porteur,region\nproject_holder,Couture,Salma,01\n")
    report = validate(data, "a.csv", edition=edition, allowed_region_ids={region("09").pk})
    assert [str(i) for i in report.errors] == [
        "row 2, column region: This region is outside the regions you may import."
    ]


def test_xlsx_files_and_formula_neutralised_cells_are_read(edition, coop):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["NUMERO IMMATRICULATION", "categorie", "projet"])
    sheet.append([coop.registration_number, "Coopératives de jeunes", "'=Miel"])
    out = io.BytesIO()
    workbook.save(out)
    report, created = import_candidacies(out.getvalue(), "interest.xlsx", edition=edition, user=None)
    assert created == 1
    assert Candidacy.objects.get().project_title == "=Miel"


def test_the_command_exits_1_and_writes_nothing_on_errors(edition, tmp_path, capsys):
    path = tmp_path / "interest.csv"
    path.write_bytes(csv_bytes("numero_immatriculation,categorie,projet\nRC-404,youth_cooperative,Dattes\n"))

    with pytest.raises(CommandError) as error:
        call_command("import_candidacies", str(edition.pk), str(path))

    assert error.value.returncode == 1
    assert Candidacy.objects.count() == 0
    assert "row 2, column numero_immatriculation" in capsys.readouterr().err


def test_the_command_dry_run_writes_nothing_then_imports(edition, coop, tmp_path, capsys):
    path = tmp_path / "interest.csv"
    path.write_bytes(good_file(coop))

    call_command("import_candidacies", str(edition.pk), str(path), "--dry-run")
    assert Candidacy.objects.count() == 0

    call_command("import_candidacies", str(edition.pk), str(path))
    assert Candidacy.objects.count() == 2
    assert "2 candidacies created" in capsys.readouterr().out
