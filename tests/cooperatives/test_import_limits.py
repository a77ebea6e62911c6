"""Registry import: the upload limits (size, cells, zip bombs) are checked by streaming
before anything reads the file, and a large file is previewed by a job (issue 16, point 5)."""

from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template.defaultfilters import filesizeformat
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.formats import number_format

from cooperatives.models import Cooperative
from odco.jobs.models import Job
from tests.factories import make_user

from .files import crafted_xlsx, csv_bytes, row, zip_bomb

pytestmark = pytest.mark.django_db


def upload(client, data: bytes, name="coops.xlsx"):
    return client.post(reverse("cooperatives:import"), {"file": SimpleUploadedFile(name, data)})


def in_french(message: str, **figures) -> str:
    """The refusal as the (French-speaking) user reads it: numbers grouped the French way."""
    with translation.override("fr"):
        values = {
            k: v
            if isinstance(v, str)
            else filesizeformat(v)
            if k in ("size", "limit_size")
            else number_format(v, force_grouping=True)
            for k, v in figures.items()
        }
        if "limit_size" in values:
            values["limit"] = values.pop("limit_size")
        return translation.gettext(message) % values


def matches(message: str, template: str, unknown: str, **known) -> bool:
    """`message` is `template` (in French) with `known` figures and any `unknown` figure."""
    before, after = in_french(template, **known, **{unknown: "\x00"}).split("\x00")
    figure = message[len(before) : len(message) - len(after)]
    return message.startswith(before) and message.endswith(after) and any(c.isdigit() for c in figure)


def stored_imports() -> list[str]:
    return default_storage.listdir("imports")[1] if default_storage.exists("imports") else []


@pytest.fixture
def no_full_read():
    """Fails the test if the request reads the workbook with openpyxl or validates it."""
    with (
        mock.patch("openpyxl.load_workbook", side_effect=AssertionError("openpyxl loaded the file")) as load,
        mock.patch(
            "cooperatives.tabular.read_workbook", side_effect=AssertionError("calamine read the file")
        ),
        mock.patch("cooperatives.views.import_validate", side_effect=AssertionError("validated")) as check,
    ):
        yield load, check


def assert_refused(response, message):
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [message]
    assert "report" not in response.context
    assert Cooperative.objects.count() == 0
    assert Job.objects.count() == 0


def test_a_100000_by_14_workbook_is_refused_from_its_declared_dimension(client, settings, no_full_read):
    settings.ODCO_IMPORT_MAX_CELLS = 1_000_000
    client.force_login(make_user("staff"))
    before = stored_imports()

    response = upload(client, crafted_xlsx(100_000, data_rows=3))

    assert_refused(
        response,
        in_french(
            "The file has %(cells)s cells; at most %(limit)s can be imported: split it.",
            cells=100_001 * 14,
            limit=1_000_000,
        ),
    )
    assert stored_imports() == before


def test_a_workbook_over_the_default_cell_limit_is_refused(client, no_full_read):
    client.force_login(make_user("staff"))

    response = upload(client, crafted_xlsx(200_000, data_rows=3))

    assert_refused(
        response,
        in_french(
            "The file has %(cells)s cells; at most %(limit)s can be imported: split it.",
            cells=200_001 * 14,
            limit=1_500_000,
        ),
    )


def test_a_workbook_hiding_its_rows_behind_a_small_dimension_is_counted_and_refused(
    client, settings, no_full_read
):
    settings.ODCO_IMPORT_MAX_CELLS = 50_000
    settings.ODCO_IMPORT_MAX_ZIP_RATIO = 10_000  # the crafted rows are all alike
    client.force_login(make_user("staff"))

    response = upload(client, crafted_xlsx(10_000, declared="A1:A1"))

    message = response.context["form"].errors["file"][0]
    template = "The file has more than %(cells)s cells; at most %(limit)s can be imported: split it."
    assert matches(message, template, "cells", limit=50_000)
    assert Job.objects.count() == 0


def test_a_zip_bomb_is_refused_before_it_is_inflated(client, no_full_read):
    client.force_login(make_user("staff"))
    bomb = zip_bomb(8)

    with mock.patch("zipfile.ZipFile.read", side_effect=AssertionError("inflated")):
        response = upload(client, bomb)

    message = response.context["form"].errors["file"][0]
    template = "The workbook expands %(ratio)s times; at most %(limit)s times is accepted."
    assert matches(message, template, "ratio", limit=100)
    assert Job.objects.count() == 0


def test_a_workbook_expanding_beyond_the_limit_is_refused(client, settings, no_full_read):
    settings.ODCO_IMPORT_MAX_UNZIPPED_BYTES = 1024 * 1024
    client.force_login(make_user("staff"))
    data = crafted_xlsx(20_000, stored=True)  # not packed at all: only its expanded size is over

    response = upload(client, data)

    message = response.context["form"].errors["file"][0]
    template = "The workbook expands to %(size)s; at most %(limit)s can be imported."
    assert matches(message, template, "size", limit_size=1024 * 1024)


def test_an_oversize_upload_is_refused_with_its_size_and_the_limit(client, settings, no_full_read):
    settings.ODCO_IMPORT_MAX_BYTES = 2_000
    client.force_login(make_user("staff"))
    data = csv_bytes([row(f"RC-{i}") for i in range(20)])

    response = upload(client, data, name="coops.csv")

    assert_refused(
        response,
        in_french(
            "The file is %(size)s; files of at most %(limit)s can be imported.",
            size=len(data),
            limit_size=2_000,
        ),
    )


def test_a_csv_over_the_cell_limit_is_refused_by_counting_its_lines(client, settings):
    settings.ODCO_IMPORT_MAX_CELLS = 14 * 50
    client.force_login(make_user("staff"))

    with mock.patch("cooperatives.views.import_validate", side_effect=AssertionError("validated")):
        response = upload(client, csv_bytes([row(f"RC-{i}") for i in range(60)]), name="coops.csv")

    message = response.context["form"].errors["file"][0]
    template = "The file has more than %(cells)s cells; at most %(limit)s can be imported: split it."
    assert matches(message, template, "cells", limit=700)
    assert Job.objects.count() == 0


def test_a_small_file_keeps_the_inline_preview(client):
    client.force_login(make_user("staff"))

    response = upload(client, csv_bytes([row("RC-1"), row("RC-2")]), name="coops.csv")

    assert response.status_code == 200
    assert response.context["counts"]["create"] == 2
    assert Job.objects.count() == 0


# --- large files: a validation job, its preview page, the confirmation ----------------------


def big_csv(rows=3_000, bad=(5, 2_500)) -> bytes:
    return csv_bytes([row(f"RC-{i}", region="Atlantis") if i in bad else row(f"RC-{i}") for i in range(rows)])


def test_a_3000_row_file_is_checked_by_a_job_whose_result_page_is_the_preview(
    client, django_capture_on_commit_callbacks
):
    user = make_user("staff")
    client.force_login(user)
    from odco.jobs import services

    with (
        mock.patch.object(services, "job_progress", wraps=services.job_progress) as progress,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = upload(client, big_csv(), name="national.csv")

    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert (job.kind, job.status, job.created_by) == ("cooperatives.import_preview", "succeeded", user)
    steps = [call.kwargs["done"] for call in progress.call_args_list]
    assert sorted(set(steps)) == [1000, 2000, 3000]  # the bar moves while the rows are checked
    assert (job.done, job.total) == (3000, 3000)
    assert job.result_url == reverse("cooperatives:import_preview", args=[job.pk])
    assert Cooperative.objects.count() == 0  # checking writes nothing

    page = client.get(job.result_url)

    assert page.status_code == 200
    assert page.context["counts"] == {
        "create": 2998,
        "update": 0,
        "unchanged": 0,
        "rejected": 2,
        "total": 3000,
    }
    assert [(i.row, i.column, i.code) for i in page.context["errors"]] == [
        (7, "region", "unknown_region"),
        (2502, "region", "unknown_region"),
    ]
    html = page.content.decode()
    for element in ('id="import-preview"', 'id="import-errors"', 'id="import-confirm"', "national.csv"):
        assert element in html
    confirm = page.context["confirm"].initial
    assert confirm["partial"] is True

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reverse("cooperatives:import_confirm"), confirm)

    imported = Job.objects.get(kind="cooperatives.import")
    assert done["Location"] == reverse("jobs:detail", args=[imported.pk])
    assert imported.status == "succeeded"
    assert imported.result == {"created": 2998, "updated": 0, "unchanged": 0, "rejected": 2}
    assert Cooperative.objects.count() == 2998


def preview_job(user, *, status="succeeded", errors=0):
    path = default_storage.save("imports/preview-test.csv", SimpleUploadedFile("f.csv", b"x"))
    issue = [3, "region", "unknown_region", {"value": "Atlantis"}]
    return Job.objects.create(
        kind="cooperatives.import_preview",
        created_by=user,
        status=status,
        params={"path": path, "name": "f.csv"},
        result={
            "file_name": "f.csv",
            "counts": {"create": 5, "update": 0, "unchanged": 0, "rejected": errors, "total": 5 + errors},
            "errors": [issue] * errors,
            "warnings": [],
            "error_count": errors,
            "warning_count": 0,
            "file_errors": False,
            "partial": bool(errors),
            "can_confirm": True,
        },
    )


def test_only_the_owner_and_staff_see_a_preview_and_only_the_owner_confirms(client):
    owner = make_user("delegation", region_code="09")
    job = preview_job(owner)
    url = reverse("cooperatives:import_preview", args=[job.pk])

    client.force_login(make_user("delegation", region_code="09"))
    assert client.get(url).status_code == 404  # another delegation's check
    client.force_login(make_user("staff"))
    staff_page = client.get(url)
    assert staff_page.status_code == 200
    assert "confirm" not in staff_page.context
    html = staff_page.content.decode()
    assert 'id="import-confirm"' not in html and 'id="import-confirm-unavailable"' in html
    client.force_login(owner)
    assert 'id="import-confirm"' in client.get(url).content.decode()


def test_a_preview_whose_file_is_gone_offers_no_confirmation(client):
    user = make_user("staff")
    job = preview_job(user)
    default_storage.delete(job.params["path"])  # imported already: the import job deletes it
    client.force_login(user)

    html = client.get(reverse("cooperatives:import_preview", args=[job.pk])).content.decode()

    assert 'id="import-confirm"' not in html and 'id="import-confirm-unavailable"' in html


def test_a_preview_still_running_sends_to_the_job_page(client):
    user = make_user("staff")
    job = preview_job(user, status="running")
    client.force_login(user)

    response = client.get(reverse("cooperatives:import_preview", args=[job.pk]))

    assert response["Location"] == reverse("jobs:detail", args=[job.pk])


def test_the_preview_page_makes_the_same_queries_whatever_the_number_of_issues(client):
    user = make_user("staff")
    client.force_login(user)
    counts = []
    for errors in (1, 150):
        url = reverse("cooperatives:import_preview", args=[preview_job(user, errors=errors).pk])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 8
