"""Permission table rows of the registry (run by tests/test_permission_table.py).

The delegation is bound to region 09, like `coop_in`; `coop_out` is in region 01.
"""

from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from tests.factories import region, sector
from tests.permission_table import register

READERS = ("staff", "committee", "coordinator", "delegation")
WRITERS = ("staff", "delegation")


def _new_cooperative(region_code):
    def data(w):
        return {
            "registration_number": f"NEW-{region_code}",
            "name_fr": "Coopérative Nouvelle",
            "sector": sector("argan").pk,
            "region": region(region_code).pk,
            "founded_on": "2016-03-14",
            "members_total": 10,
            "members_women": 6,
            "members_young": 2,
            "status": "active",
            "phone": "06 61 23 45 67",
        }

    return data


def _person(w):
    return {"kind": "member", "first_name": "Aicha", "last_name": "Amzil", "gender": "f", "birth_year": 1990}


def _import_token_of_staff(w):
    path = default_storage.save("imports/permission-table.csv", ContentFile(b"numero_immatriculation\n"))
    token = signing.dumps(
        {"path": path, "name": "f.csv", "user": w.users["staff"].pk}, salt="cooperatives.import"
    )
    return {"token": token, "partial": ""}


register("cooperative list", "cooperatives:list", lambda w: reverse("cooperatives:list"), ok=READERS)
register(
    "cooperative list filtered on another region",
    "cooperatives:list",
    lambda w: reverse("cooperatives:list") + "?region=MA-01&q=coop&womens=on&sort=-members",
    ok=READERS,
)
register(
    "cooperative in scope",
    "cooperatives:detail",
    lambda w: reverse("cooperatives:detail", args=[w.coop_in.pk]),
    ok=(*READERS, "cooperative"),
    overrides={"coach": 404},  # not assigned to the world's coach
)
register(
    "cooperative outside the delegation's region and not the user's own",
    "cooperatives:detail",
    lambda w: reverse("cooperatives:detail", args=[w.coop_out.pk]),
    ok=("staff", "committee", "coordinator"),
    overrides={"delegation": 404, "cooperative": 404, "coach": 404},
)
register("new cooperative form", "cooperatives:create", lambda w: reverse("cooperatives:create"), ok=WRITERS)
register(
    "create a cooperative in region 09",
    "cooperatives:create",
    lambda w: reverse("cooperatives:create"),
    ok=WRITERS,
    ok_status=302,
    method="post",
    data=_new_cooperative("09"),
)
register(
    "create a cooperative in region 01 (a delegation gets the form back with an error)",
    "cooperatives:create",
    lambda w: reverse("cooperatives:create"),
    ok=("staff",),
    ok_status=302,
    overrides={"delegation": 200},
    method="post",
    data=_new_cooperative("01"),
)
register(
    "edit a cooperative in scope",
    "cooperatives:edit",
    lambda w: reverse("cooperatives:edit", args=[w.coop_in.pk]),
    ok=WRITERS,
)
register(
    "edit a cooperative outside the delegation's region",
    "cooperatives:edit",
    lambda w: reverse("cooperatives:edit", args=[w.coop_out.pk]),
    ok=("staff",),
    overrides={"delegation": 404},
)
register(
    "save a cooperative outside the delegation's region",
    "cooperatives:edit",
    lambda w: reverse("cooperatives:edit", args=[w.coop_out.pk]),
    ok=("staff",),
    ok_status=302,
    overrides={"delegation": 404},
    method="post",
    data=_new_cooperative("01"),
)
register(
    "add a person in scope",
    "cooperatives:member_create",
    lambda w: reverse("cooperatives:member_create", args=[w.coop_in.pk]),
    ok=WRITERS,
    ok_status=302,
    method="post",
    data=_person,
)
register(
    "add a person outside the delegation's region",
    "cooperatives:member_create",
    lambda w: reverse("cooperatives:member_create", args=[w.coop_out.pk]),
    ok=("staff",),
    overrides={"delegation": 404},
)
register("import page", "cooperatives:import", lambda w: reverse("cooperatives:import"), ok=WRITERS)
register(
    "confirm an import uploaded by staff",
    "cooperatives:import_confirm",
    lambda w: reverse("cooperatives:import_confirm"),
    ok=("staff",),
    ok_status=302,
    overrides={"delegation": 403},
    method="post",
    data=_import_token_of_staff,
)
register(
    "confirm an import with a forged token",
    "cooperatives:import_confirm",
    lambda w: reverse("cooperatives:import_confirm"),
    ok=(),
    overrides={"staff": 404, "delegation": 404},
    method="post",
    data=lambda w: {"token": "forged", "partial": ""},
)
register(
    "export the filtered list",
    "cooperatives:export",
    lambda w: reverse("cooperatives:export") + "?region=09",
    ok=READERS,
    ok_status=302,
    method="post",
    data=lambda w: {"format": "xlsx"},
)


def _preview_job_of(role):
    """A finished check of a large file (its preview page), started by `role`."""

    def url(w):
        from odco.jobs.models import Job

        job = Job.objects.create(
            kind="cooperatives.import_preview",
            created_by=w.users[role],
            status="succeeded",
            params={"path": "imports/permission-table-preview.csv", "name": "f.csv"},
            result={
                "file_name": "f.csv",
                "counts": {"create": 1, "update": 0, "unchanged": 0, "rejected": 0, "total": 1},
                "errors": [],
                "warnings": [],
                "error_count": 0,
                "warning_count": 0,
                "file_errors": False,
                "partial": False,
                "can_confirm": True,
            },
        )
        return reverse("cooperatives:import_preview", args=[job.pk])

    return url


register(
    "preview of a large import checked by a job of staff",
    "cooperatives:import_preview",
    _preview_job_of("staff"),
    ok=("staff",),
    overrides={"delegation": 404},  # may import, but not another user's job
)
register(
    "preview of a large import checked by a job of the delegation",
    "cooperatives:import_preview",
    _preview_job_of("delegation"),
    ok=WRITERS,
)
