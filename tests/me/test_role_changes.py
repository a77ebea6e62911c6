"""Roles are granted, never grabbed: every change of a role goes through the role services,
which audit it and tell the account's owner what changed and by whom; the admin's pages
(the user's inline and the assignments' own pages) go through the same services."""

import pytest
from django.core import mail
from django.urls import reverse

from odco.accounts.models import RoleAssignment, User
from odco.accounts.services import RoleSpec, role_grant, role_revoke, role_update, user_create_or_update
from odco.audit.models import AuditEntry
from odco.roles import Role
from tests.factories import CooperativeFactory, make_user, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return make_user(Role.STAFF, email="nadia@odco.ma", first_name="Nadia", last_name="Bennani")


@pytest.fixture
def owner():
    return make_user(Role.COACH, email="hajar@odco.ma")


def _entries(user, action):
    return list(AuditEntry.objects.filter(action=action, object_id=str(user.pk)).order_by("pk"))


def _notices(user, kind):
    return list(user.notifications.filter(kind=kind).order_by("pk"))


def test_a_grant_is_audited_and_told_to_the_owner(owner, staff, django_capture_on_commit_callbacks):
    cooperative = CooperativeFactory(name_fr="Coopérative Amal")

    with django_capture_on_commit_callbacks(execute=True):
        assignment, added = role_grant(
            user=owner, role=Role.COOPERATIVE, cooperative_id=cooperative.pk, actor=staff
        )

    [entry] = _entries(owner, "user.role_grant")
    [notice] = _notices(owner, "account.role_granted")
    assert added
    assert owner.cooperative_ids == frozenset({cooperative.pk})
    assert entry.actor == staff
    assert entry.changes == {"role": "cooperative", "region": None, "cooperative": cooperative.pk}
    assert "Nadia Bennani" in notice.body and "Coopérative Amal" in notice.body
    assert [m.to for m in mail.outbox] == [["hajar@odco.ma"]]


def test_a_role_already_held_is_neither_audited_nor_told_again(owner, staff):
    role_grant(user=owner, role=Role.MENTOR, actor=staff)
    _again, added = role_grant(user=owner, role=Role.MENTOR, actor=staff)

    assert not added
    assert len(_entries(owner, "user.role_grant")) == 1
    assert len(_notices(owner, "account.role_granted")) == 1


def test_a_revoke_is_audited_and_told_and_staff_loses_the_admin(staff, django_capture_on_commit_callbacks):
    colleague = make_user(Role.STAFF, email="salma@odco.ma")
    assignment = colleague.role_assignments.get(role=Role.STAFF)

    with django_capture_on_commit_callbacks(execute=True):
        assert role_revoke(assignment=assignment, actor=staff)

    colleague = User.objects.get(pk=colleague.pk)
    [entry] = _entries(colleague, "user.role_revoke")
    [notice] = _notices(colleague, "account.role_revoked")
    assert colleague.roles == frozenset()
    assert not colleague.is_staff
    assert entry.actor == staff and entry.changes["role"] == "staff"
    assert "Nadia Bennani" in notice.body
    assert [m.to for m in mail.outbox] == [["salma@odco.ma"]]
    assert not role_revoke(assignment=assignment, actor=staff)  # already gone: nothing twice
    assert len(_entries(colleague, "user.role_revoke")) == 1


def test_an_update_says_what_it_was_and_what_it_is(staff):
    delegation = make_user(Role.DELEGATION, region_code="09")
    assignment = delegation.role_assignments.get()

    role_update(assignment=assignment, role=Role.DELEGATION, region_id=region("01").pk, actor=staff)

    [entry] = _entries(delegation, "user.role_update")
    [notice] = _notices(delegation, "account.role_changed")
    assert delegation.delegation_region_ids == frozenset({region("01").pk})
    assert entry.changes["region"] == [region("09").pk, region("01").pk]
    assert entry.from_state != entry.to_state
    assert region("01").name in notice.body


def test_user_create_or_update_grants_through_the_service(staff):
    user, created = user_create_or_update(
        email="new@odco.ma", roles=[RoleSpec(role=Role.TRAINER), RoleSpec(role=Role.JURY)], actor=staff
    )

    assert created
    assert {e.changes["role"] for e in _entries(user, "user.role_grant")} == {"trainer", "jury"}
    assert len(_notices(user, "account.role_granted")) == 2


def test_the_seed_may_grant_without_notices():
    user, _created = user_create_or_update(
        email="seed@demo.odco.ma", roles=[RoleSpec(role=Role.COACH)], password="Ziz-1-Odco2026", notify=False
    )

    assert user.roles == frozenset({Role.COACH})
    assert len(_entries(user, "user.role_grant")) == 1
    assert _notices(user, "account.role_granted") == []


# -- the admin ---------------------------------------------------------------------------


def _user_form(user, rows, initial=0):
    data = {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "language": user.language,
        "is_active": "on",
        "role_assignments-TOTAL_FORMS": str(len(rows)),
        "role_assignments-INITIAL_FORMS": str(initial),
        "role_assignments-MIN_NUM_FORMS": "0",
        "role_assignments-MAX_NUM_FORMS": "1000",
    }
    if user.is_staff:
        data["is_staff"] = "on"
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"role_assignments-{i}-{key}"] = value
        data[f"role_assignments-{i}-user"] = str(user.pk)
    return data


def _row(assignment=None, **values):
    row = {"id": str(assignment.pk) if assignment else "", "role": "", "region": "", "cooperative": ""}
    if assignment is not None:
        row.update(
            role=assignment.role,
            region=str(assignment.region_id or ""),
            cooperative=str(assignment.cooperative_id or ""),
        )
    row.update(values)
    return row


def test_the_admin_inline_grants_edits_and_revokes_through_the_services(client, staff, owner):
    client.force_login(staff)
    url = reverse("admin:accounts_user_change", args=[owner.pk])
    coach = owner.role_assignments.get()

    added = client.post(url, _user_form(owner, [_row(coach), _row(role="mentor")], initial=1))
    mentor = owner.role_assignments.get(role=Role.MENTOR)
    edited = client.post(url, _user_form(owner, [_row(coach), _row(mentor, role="jury")], initial=2))
    jury = owner.role_assignments.get(pk=mentor.pk)
    removed = client.post(url, _user_form(owner, [_row(coach, DELETE="on"), _row(jury)], initial=2))

    assert [added.status_code, edited.status_code, removed.status_code] == [302, 302, 302]
    assert User.objects.get(pk=owner.pk).roles == frozenset({Role.JURY})
    assert [e.actor for e in _entries(owner, "user.role_grant")] == [staff]
    assert [e.changes["role"] for e in _entries(owner, "user.role_update")] == [["mentor", "jury"]]
    assert [e.changes["role"] for e in _entries(owner, "user.role_revoke")] == ["coach"]
    assert len(_notices(owner, "account.role_granted")) == 1
    assert len(_notices(owner, "account.role_changed")) == 1
    assert len(_notices(owner, "account.role_revoked")) == 1


def test_the_admin_assignment_pages_go_through_the_services(client, staff, owner):
    client.force_login(staff)
    cooperative = CooperativeFactory()

    added = client.post(
        reverse("admin:accounts_roleassignment_add"),
        {"user": owner.pk, "role": "cooperative", "region": "", "cooperative": cooperative.pk},
    )
    assignment = owner.role_assignments.get(role=Role.COOPERATIVE)
    edited = client.post(
        reverse("admin:accounts_roleassignment_change", args=[assignment.pk]),
        {"user": owner.pk, "role": "delegation", "region": region("09").pk, "cooperative": ""},
    )
    deleted = client.post(
        reverse("admin:accounts_roleassignment_changelist"),
        {"action": "delete_selected", "_selected_action": [assignment.pk], "post": "yes"},
    )
    coach = owner.role_assignments.get(role=Role.COACH)
    deleted_one = client.post(
        reverse("admin:accounts_roleassignment_delete", args=[coach.pk]), {"post": "yes"}
    )

    assert [added.status_code, edited.status_code, deleted.status_code, deleted_one.status_code] == [302] * 4
    assert not RoleAssignment.objects.filter(user=owner).exists()
    assert len(_entries(owner, "user.role_grant")) == 1
    assert len(_entries(owner, "user.role_update")) == 1
    assert {e.changes["role"] for e in _entries(owner, "user.role_revoke")} == {"delegation", "coach"}
    assert all(e.actor == staff for e in AuditEntry.objects.filter(action__startswith="user.role_"))
    assert len(_notices(owner, "account.role_granted")) == 1
    assert len(_notices(owner, "account.role_changed")) == 1
    assert len(_notices(owner, "account.role_revoked")) == 2


def test_deleting_a_user_in_the_admin_audits_the_roles_it_held(client, staff, owner):
    client.force_login(staff)

    response = client.post(reverse("admin:accounts_user_delete", args=[owner.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not User.objects.filter(pk=owner.pk).exists()
    assert [e.changes["role"] for e in _entries(owner, "user.role_revoke")] == ["coach"]
    assert len(_entries(owner, "user.delete")) == 1


def test_the_admin_audits_and_tells_a_change_of_access_flags(client, staff, owner):
    client.force_login(staff)
    coach = owner.role_assignments.get()
    data = _user_form(owner, [_row(coach)], initial=1) | {"is_superuser": "on"}

    response = client.post(reverse("admin:accounts_user_change", args=[owner.pk]), data)
    unchanged = client.post(
        reverse("admin:accounts_user_change", args=[owner.pk]), data | {"last_name": "Tazi"}
    )

    [entry] = _entries(owner, "user.access_update")
    assert [response.status_code, unchanged.status_code] == [302, 302]
    assert User.objects.get(pk=owner.pk).is_superuser
    assert entry.actor == staff and entry.changes == {"is_superuser": [False, True]}
    assert len(_notices(owner, "account.access_changed")) == 1
