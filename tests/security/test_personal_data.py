"""Personal data (law 09-08): shown only to the roles that need it, absent from exports,
exported for a cooperative only with a reason (recorded), erased on request with the
statistics kept."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cooperatives.exporting import export_bytes
from cooperatives.models import Cooperative, Member
from cooperatives.privacy import cooperative_data_export, mask, member_erase
from odco.audit.models import AuditEntry
from odco.roles import Role
from tests.factories import make_user

pytestmark = pytest.mark.django_db

CIN, PHONE = "JB123456", "+212661234567"
REASON = "Data-access request of the cooperative's president, letter of 3 May"


@pytest.fixture
def person(world):
    from cooperatives.services import member_create

    return member_create(
        user=world.users["staff"],
        cooperative=world.coop_in,
        kind="member",
        first_name="Aicha",
        last_name="Amzil",
        gender="f",
        birth_year=2001,
        phone=PHONE,
        national_id=CIN,
    )


SEES = {Role.STAFF, Role.DELEGATION}


@pytest.mark.parametrize("role", Role.values)
def test_phones_and_national_ids_of_members_show_only_to_staff_and_the_own_delegation(
    role, world, login, person
):
    response = login(world.user(role)).get(reverse("cooperatives:detail", args=[world.coop_in.pk]))
    if response.status_code != 200:
        assert response.status_code in (403, 404)
        return
    page = response.content.decode()
    assert (CIN in page, PHONE in page) == ((role in SEES),) * 2


def test_the_registry_export_holds_no_member_personal_data(person):
    for fmt in ("csv", "xlsx"):
        content = export_bytes(Cooperative.objects.all(), fmt)
        assert CIN.encode() not in content
        assert b"Amzil" not in content


def test_exports_neutralise_formulas(world):
    from cooperatives.tabular import read_table

    Cooperative.objects.filter(pk=world.coop_in.pk).update(name_fr='=HYPERLINK("http://evil","x")')
    for fmt in ("csv", "xlsx"):
        table = read_table(export_bytes(Cooperative.objects.all(), fmt), f"x.{fmt}")
        names = [row[table.header.index("nom")] for row in table.rows]
        assert '\'=HYPERLINK("http://evil","x")' in names, fmt
        assert not any(str(n).startswith(("=", "+", "-", "@")) for n in names)


def test_a_data_access_export_needs_a_reason_and_records_who_and_why(world, person, caplog):
    staff = world.users["staff"]
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError):
        cooperative_data_export(actor=staff, cooperative=world.coop_in, reason="  ")
    assert AuditEntry.objects.count() == before

    with caplog.at_level("INFO", logger="odco.security"):
        content = cooperative_data_export(actor=staff, cooperative=world.coop_in, reason=REASON)

    data = json.loads(content)
    assert data["cooperative"]["fields"]["registration_number"] == world.coop_in.registration_number
    assert [(m["fields"]["national_id"], m["fields"]["phone"]) for m in data["members"]] == [(CIN, PHONE)]
    assert data["reason"] == REASON
    entry = AuditEntry.objects.get(action="personal_data.export")
    assert (entry.actor, entry.message, entry.object_id) == (staff, REASON, str(world.coop_in.pk))
    assert any(r.getMessage().startswith(f"personal data export: user={staff.pk}") for r in caplog.records)


@pytest.mark.parametrize("role", ["committee", "coordinator", "coach", "cooperative", "jury"])
def test_other_roles_cannot_export_personal_data(role, world, person):
    before = AuditEntry.objects.count()
    with pytest.raises(PermissionDenied):
        cooperative_data_export(actor=world.users[role], cooperative=world.coop_in, reason=REASON)
    assert AuditEntry.objects.count() == before


def test_erasure_removes_the_identity_everywhere_and_keeps_the_statistics(world, person):
    staff = world.users["staff"]
    women_before = Member.objects.filter(cooperative=world.coop_in, gender="f").count()
    assert AuditEntry.objects.filter(message__contains="Aicha Amzil").exists()

    member_erase(actor=staff, member=person, reason=REASON)

    person.refresh_from_db()
    assert (person.first_name, person.last_name, person.phone, person.national_id, person.role) == (
        "[erased]",
        f"#{person.pk}",
        "",
        "",
        "",
    )
    assert (person.gender, person.birth_year, person.kind) == ("f", 2001, "member")
    assert Member.objects.filter(cooperative=world.coop_in, gender="f").count() == women_before
    for text in ("Aicha", "Amzil", CIN, PHONE):
        assert not AuditEntry.objects.filter(message__contains=text).exists(), text
        assert not AuditEntry.objects.filter(object_repr__contains=text).exists(), text
        assert text not in json.dumps(list(AuditEntry.objects.values_list("changes", flat=True)))
    erase = AuditEntry.objects.get(action="member.erase")
    assert (erase.actor, erase.message) == (staff, REASON)


def test_erasure_without_a_reason_or_by_another_role_changes_nothing(world, person):
    with pytest.raises(ValidationError):
        member_erase(actor=world.users["staff"], member=person, reason="")
    with pytest.raises(PermissionDenied):
        member_erase(actor=world.users["coordinator"], member=person, reason=REASON)
    person.refresh_from_db()
    assert (person.first_name, person.national_id, person.phone) == ("Aicha", CIN, PHONE)
    assert not AuditEntry.objects.filter(action="member.erase").exists()


def test_the_admin_actions_export_and_erase_with_a_reason(client, world, person):
    admin = make_user("staff", email="admin@odco.ma", is_superuser=True)
    client.force_login(admin)

    refused = client.post(
        reverse("admin:cooperatives_cooperative_changelist"),
        {"action": "export_personal_data", "_selected_action": [world.coop_in.pk], "reason": ""},
    )
    assert refused.status_code == 302
    assert not AuditEntry.objects.filter(action="personal_data.export").exists()

    exported = client.post(
        reverse("admin:cooperatives_cooperative_changelist"),
        {"action": "export_personal_data", "_selected_action": [world.coop_in.pk], "reason": REASON},
    )
    assert exported["Content-Type"] == "application/json"
    assert json.loads(exported.content)["members"][0]["fields"]["national_id"] == CIN

    client.post(
        reverse("admin:cooperatives_member_changelist"),
        {"action": "erase_personal_data", "_selected_action": [person.pk], "reason": REASON},
    )
    person.refresh_from_db()
    assert (person.national_id, person.phone, person.gender) == ("", "", "f")


def test_mask_keeps_only_the_last_characters():
    assert mask(PHONE) == "•" * 11 + "67"
    assert mask("AB12") == "••••"
    assert mask("") == ""


@pytest.mark.parametrize("role", Role.values)
def test_the_candidacy_export_holds_no_birth_date_for_any_role(role, world, login):
    from datetime import date

    from cooperatives.tabular import read_table
    from tests.prizes.factories import make_candidacy

    make_candidacy(
        status="submitted",
        cooperative=world.coop_in,
        applicant_name="Salma Idrissi",
        applicant_birth_date=date(2001, 4, 17),
    )
    response = login(world.user(role)).get(reverse("prizes:candidacy_export"))
    if response.status_code != 200:
        assert response.status_code in (403, 404)
        return
    table = read_table(response.content, "candidacies.xlsx")
    cells = [str(cell) for row in [table.header, *table.rows] for cell in row]
    assert len(table.rows) == (
        1 if role in (Role.STAFF, Role.DELEGATION, Role.COMMITTEE) else len(table.rows)
    )
    assert not any("2001-04-17" in c or "17/04/2001" in c for c in cells)
