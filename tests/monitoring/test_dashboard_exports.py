"""The dashboard's Excel exports are written for people, in the page's language: sheets named
in French or Arabic (never `funnel`), the filters as labels and names (never
`prize=lalla_al_moutaaouina`), numbers as number cells, every sheet right-to-left in Arabic."""

import io
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from monitoring.dashboard.exports import SHEET_NAMES
from tests.factories import region, sector

from .test_dashboard import TODAY, programme  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

SHEETS = ["funnel", "targets", "trend", "breakdowns", "regions", "sectors", "map"]
ACTIVITY = ["training", "coaching", "pitch", "mentoring"]


def _in(language: str, message: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


def _workbook(client, language: str, url: str, params=None):
    client.cookies["django_language"] = language
    response = client.get(url, params or {})
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def _codes(edition) -> set[str]:
    """Every code the export must not show: figure keys, prize, category, sector, measure."""
    codes = set(SHEET_NAMES) | {"filters", edition.prize.code, "argan", "pam", "cooperatives"}
    codes |= set(edition.categories.values_list("code", flat=True))
    return codes


def _texts(workbook) -> list[str]:
    return [
        cell
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if isinstance(cell, str)
    ]


@pytest.mark.parametrize("language", ["fr", "ar"])
@time_machine.travel(TODAY, tick=False)
def test_the_dashboard_export_speaks_the_page_language(world, login, programme, language):  # noqa: F811
    client = login(world.users["staff"])
    params = {"prize": programme.prize.code, "sector": "argan", "measure": "cooperatives"}

    workbook = _workbook(client, language, reverse("dashboard_export"), params)

    with translation.override(language):
        names = [_in(language, "Filters"), *(str(SHEET_NAMES[key]) for key in SHEETS)]
    assert workbook.sheetnames[: len(names)] == names
    assert all(len(name) <= 31 and not re.search(r"[\[\]:*?/\\]", name) for name in workbook.sheetnames)
    assert all(sheet.sheet_view.rightToLeft is (True if language == "ar" else None) for sheet in workbook)
    filters = [list(r) for r in workbook[names[0]].iter_rows(values_only=True)]
    with translation.override(language):
        assert filters[:5] == [
            [_in(language, "Criterion"), _in(language, "Value")],
            [_in(language, "Region"), _in(language, "No filter")],
            [_in(language, "Prize"), programme.prize.name],
            [_in(language, "Edition"), _in(language, "No filter")],
            [_in(language, "Sector"), sector("argan").name],
        ]
        prize_name = programme.prize.name
        regions = {region("01").name, region("09").name}
    funnel = [list(r) for r in workbook[names[1]].iter_rows(values_only=True)]
    assert funnel[1] == [
        _in(language, "Edition"),
        _in(language, "Candidates"),
        _in(language, "Eligible"),
        _in(language, "Accompanied"),
        _in(language, "Laureates"),
    ]
    assert funnel[2][0] == f"2025 {prize_name}"
    assert all(isinstance(v, int) for v in funnel[2][1:])
    texts = _texts(workbook)
    assert regions <= set(texts)
    shown = set(texts) | set(workbook.sheetnames)
    assert not {t for t in shown for code in _codes(programme) if code == t or f"{code}=" in t}


@pytest.mark.parametrize("language", ["fr", "ar"])
@time_machine.travel(TODAY, tick=False)
def test_one_figure_is_one_named_sheet(world, login, programme, language):  # noqa: F811
    client = login(world.users["delegation"])

    workbook = _workbook(
        client, language, reverse("regional_dashboard_export", args=["09"]), {"figure": "funnel"}
    )

    assert workbook.sheetnames == [_in(language, "Programme funnel")]
    sheet = workbook.worksheets[0]
    assert sheet.sheet_view.rightToLeft is (True if language == "ar" else None)
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == _in(language, "Edition")
    with translation.override(language):
        assert rows[1] == (f"2025 {programme.prize.name}", 6, 4, 3, 1)


def test_every_figure_key_has_a_short_sheet_name_in_both_languages():
    keys = {"funnel", "targets", "trend", "breakdowns", "regions", "sectors", "map", *ACTIVITY}
    assert set(SHEET_NAMES) == keys
    for language in ("fr", "ar"):
        with translation.override(language):
            names = [str(name) for name in SHEET_NAMES.values()]
        assert len(set(names)) == len(names)
        assert all(0 < len(name) <= 31 and not re.search(r"[\[\]:*?/\\]", name) for name in names)
        assert language == "fr" or all(re.search(r"[\u0600-\u06ff]", name) for name in names), names
