"""The dashboard's training, coaching and mentoring panels: figures against hand-computed
values, filters, a delegation's scope, the Excel export and query counts at two sizes."""

import io
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from coaching.models import Assignment, CoachingSession, CoachProfile, PitchSimulation
from cooperatives.models import Member
from mentoring.models import Mentor, Mentorship
from monitoring.dashboard.exports import SHEET_NAMES
from odco.roles import Role
from prizes.models import Candidacy
from tests.factories import CooperativeFactory, make_user, region
from tests.prizes.factories import make_candidacy, make_edition
from tests.querycount import assert_same_query_count
from training.models import Attendance, Enrolment, TrainingSession

C = Candidacy.Status
TS = TrainingSession.Status
M = Mentorship.Status
TODAY = "2025-07-10 10:00 +01:00"
CASABLANCA = ZoneInfo("Africa/Casablanca")


def _session(phase, code, status, day=5):
    starts = datetime(phase.edition.year, 5, day, 9, tzinfo=CASABLANCA)
    return TrainingSession.objects.create(
        phase=phase,
        region=region(code),
        starts_at=starts,
        ends_at=starts + timedelta(hours=8),
        hours=Decimal(8),
        venue="Agadir",
        status=status,
    )


def _enrol(session, cooperative, attendance=None):
    n = Member.objects.count()
    person = Member.objects.create(
        cooperative=cooperative,
        kind=Member.Kind.PARTICIPANT,
        first_name=f"P{n}",
        last_name="Ait Ali",
        gender="f",
        phone=f"+2126{n:08d}",
    )
    enrolment = Enrolment.objects.create(session=session, participant=person, cooperative=cooperative)
    if attendance:
        Attendance.objects.create(enrolment=enrolment, status=attendance, recorded_at=session.ends_at)
    return enrolment


def _coach():
    return CoachProfile.objects.create(user=make_user(Role.COACH))


def _coaching(candidacy, coach, minutes=(), pitches=()):
    assignment = Assignment.objects.create(candidacy=candidacy, coach=coach)
    for i, duration in enumerate(minutes):
        CoachingSession.objects.create(
            assignment=assignment, held_on=date(2025, 5, 10 + i), duration_minutes=duration, topics="Pitch"
        )
    for held_on, total in pitches:
        PitchSimulation.objects.create(
            assignment=assignment,
            candidacy=candidacy,
            held_on=held_on,
            feedback="Bien",
            total=Decimal(total),
        )
    return assignment


@pytest.fixture
def activity(world):
    """Region 09: coop_in (A, accompanied) and B (laureate); region 01: coop_out (C,
    accompanied), E (accompanied, never trained) and F (laureate, mentored). An edition of
    2024 adds one held session in 09 with A present."""
    edition = make_edition(year=2025)
    coop_b = CooperativeFactory(region=region("09"))
    coop_e = CooperativeFactory(region=region("01"))
    a = make_candidacy(edition, status=C.ACCOMPANIED, cooperative=world.coop_in)
    b = make_candidacy(edition, status=C.LAUREATE, cooperative=coop_b)
    c = make_candidacy(edition, status=C.ACCOMPANIED, cooperative=world.coop_out)
    make_candidacy(edition, status=C.ACCOMPANIED, cooperative=coop_e)
    make_candidacy(edition, status=C.ELIGIBLE, cooperative=CooperativeFactory(region=region("09")))
    phase = edition.phase
    held_09 = _session(phase, "09", TS.HELD)
    _enrol(held_09, world.coop_in, Attendance.Status.PRESENT)
    _enrol(held_09, world.coop_in, Attendance.Status.ABSENT)
    _enrol(held_09, coop_b, Attendance.Status.LATE)
    _enrol(_session(phase, "09", TS.PLANNED, day=20), coop_b)
    _enrol(_session(phase, "09", TS.CANCELLED, day=21), world.coop_in, Attendance.Status.PRESENT)
    closed_01 = _session(phase, "01", TS.CLOSED)
    _enrol(closed_01, world.coop_out, Attendance.Status.PRESENT)
    _enrol(closed_01, world.coop_out)
    older = make_edition(year=2024)
    _enrol(_session(older.phase, "09", TS.CLOSED), world.coop_in, Attendance.Status.PRESENT)

    coach = _coach()
    _coaching(a, coach, minutes=(90, 60), pitches=[(date(2025, 5, 10), 40), (date(2025, 5, 20), 60)])
    PitchSimulation.objects.create(
        assignment=a.coach_assignments.get(),
        candidacy=a,
        held_on=date(2025, 5, 20),
        feedback="Mieux",
        total=Decimal(70),
    )
    _coaching(b, coach, minutes=(30,), pitches=[(date(2025, 5, 12), 50)])
    _coaching(c, coach, minutes=(120,), pitches=[(date(2025, 5, 11), 80), (date(2025, 5, 3), 30)])

    first, second = Mentor.objects.create(name="Réseau"), Mentor.objects.create(name="Association")
    Mentorship.objects.create(candidacy=b, mentor=first, status=M.ACTIVE)
    Mentorship.objects.create(candidacy=b, mentor=second, status=M.CANCELLED)
    f = make_candidacy(edition, status=C.LAUREATE, cooperative=CooperativeFactory(region=region("01")))
    Mentorship.objects.create(candidacy=f, mentor=first, status=M.PROPOSED)
    Mentorship.objects.create(candidacy=f, mentor=second, status=M.CLOSED)
    return edition


def _rows(response, key):
    return {row[0]: row[1:] for row in response.context["figures"][key].rows}


@time_machine.travel(TODAY, tick=False)
def test_national_panels_against_hand_computed_figures(world, login, activity):
    response = login(world.users["committee"]).get(reverse("dashboard"))
    assert response.status_code == 200
    r09, r01 = region("09").name, region("01").name
    # 09: sessions 3 (cancelled left out), held 2, enrolled 5, of which 4 at held sessions,
    # present or late 3 (75 %); accompanied A and B, both trained (100 %).
    # 01: 1 session held, 2 enrolled, 1 present (50 %); accompanied C, E and the laureate F
    # (mentoring), C trained (33.3 %).
    assert _rows(response, "training") == {
        r09: [3, 2, 5, 3, Decimal("75.0"), 2, 2, Decimal("100.0")],
        r01: [1, 1, 2, 1, Decimal("50.0"), 3, 1, Decimal("33.3")],
    }
    # 09: 90 + 60 + 30 minutes = 3 h over 3 sessions, 2 candidacies; 01: 120 minutes.
    assert _rows(response, "coaching") == {
        r09: [Decimal("3.0"), 3, 2, Decimal("1.5")],
        r01: [Decimal("2.0"), 1, 1, Decimal("2.0")],
    }
    # 09: A first 40, latest 70 (same day as 60, recorded later); B one simulation of 50.
    # Averages (40 + 50) / 2 and (70 + 50) / 2. 01: C first 30 (3 May), latest 80.
    assert _rows(response, "pitch") == {
        r09: [2, 4, Decimal("45.0"), Decimal("60.0"), Decimal("15.0")],
        r01: [1, 2, Decimal("30.0"), Decimal("80.0"), Decimal("50.0")],
    }
    mentoring = response.context["figures"]["mentoring"].rows
    assert [row[1] for row in mentoring] == [1, 0, 1, 1, 1, 4]
    html = response.content.decode()
    for key in ("training", "coaching", "mentoring"):
        assert f'id="panel-{key}"' in html
    for key in ("training", "coaching", "pitch", "mentoring"):
        assert f'id="figure-{key}"' in html
    assert "style=" not in html and "later-panel" not in html


@time_machine.travel(TODAY, tick=False)
def test_panels_follow_the_filters(world, login, activity):
    client = login(world.users["staff"])
    r09 = region("09").name
    response = client.get(reverse("dashboard"), {"edition": activity.pk})
    assert _rows(response, "training")[r09] == [2, 1, 4, 2, Decimal("66.7"), 2, 2, Decimal("100.0")]
    older = client.get(reverse("dashboard"), {"edition": _edition_2024()})
    assert _rows(older, "training") == {r09: [1, 1, 1, 1, Decimal("100.0"), 0, 1, None]}
    assert _rows(older, "coaching") == {} and _rows(older, "pitch") == {}
    assert older.context["figures"]["mentoring"].rows == []
    in_01 = client.get(reverse("dashboard"), {"region": "MA-01"})
    assert list(_rows(in_01, "training")) == [region("01").name]
    assert [row[1] for row in in_01.context["figures"]["mentoring"].rows] == [1, 0, 0, 1, 0, 2]
    other_prize = client.get(reverse("dashboard"), {"prize": "generation_solidaire"})
    assert _rows(other_prize, "training") == {} and _rows(other_prize, "coaching") == {}


def _edition_2024():
    from prizes.models import Edition

    return Edition.objects.get(year=2024).pk


@time_machine.travel(TODAY, tick=False)
def test_delegation_panels_and_export_contain_no_other_region(world, login, activity):
    client = login(world.users["delegation"])
    response = client.get(reverse("regional_dashboard", args=["09"]), {"region": "01"})
    r09, r01 = region("09").name, region("01").name
    for key in ("training", "coaching", "pitch"):
        assert list(_rows(response, key)) == [r09], key
    assert _rows(response, "training")[r09] == [3, 2, 5, 3, Decimal("75.0"), 2, 2, Decimal("100.0")]
    assert [row[1] for row in response.context["figures"]["mentoring"].rows] == [0, 0, 1, 0, 1, 2]
    assert r01 not in response.content.decode()
    export = client.get(reverse("regional_dashboard_export", args=["09"]), {"region": "01"})
    workbook = load_workbook(io.BytesIO(export.content), read_only=True)
    names = workbook.sheetnames
    with translation.override("fr"):  # the page's language: sheets are named in it
        expected = {str(SHEET_NAMES[key]) for key in ("training", "coaching", "pitch", "mentoring")}
    assert expected <= set(names)
    cells = {
        cell for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for cell in row
    }
    assert r01 not in cells and r09 in cells and 75 in cells
    one = client.get(reverse("regional_dashboard_export", args=["09"]), {"figure": "pitch"})
    sheet = load_workbook(io.BytesIO(one.content), read_only=True).worksheets[0]
    assert list(sheet.iter_rows(values_only=True))[1] == (r09, 2, 4, 45, 60, 15)


def test_national_export_has_the_activity_sheets(world, login, activity):
    export = login(world.users["staff"]).get(reverse("dashboard_export"), {"figure": "training"})
    rows = list(
        load_workbook(io.BytesIO(export.content), read_only=True).worksheets[0].iter_rows(values_only=True)
    )
    assert len(rows) == 3  # header, 09 and 01 (regions in code order)
    assert rows[1][0] == region("01").name and rows[2][0] == region("09").name


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("role", ["committee", "delegation"])
def test_dashboard_query_count_does_not_grow_with_activity(role, world, login):
    edition = make_edition(year=2025)
    coach = _coach()
    mentor = Mentor.objects.create(name="Réseau")
    created = []

    def grow(n):
        while len(created) < n:
            i = len(created)
            coop = CooperativeFactory(region=region("09" if i % 2 else "01"))
            candidacy = make_candidacy(edition, status=C.LAUREATE, cooperative=coop)
            session = _session(edition.phase, coop.region.code, TS.HELD, day=1 + i % 28)
            _enrol(session, coop, Attendance.Status.PRESENT)
            _enrol(session, coop)
            _coaching(candidacy, coach, minutes=(60, 30), pitches=[(date(2025, 5, 10), 40 + i)])
            Mentorship.objects.create(candidacy=candidacy, mentor=mentor, status=M.ACTIVE)
            created.append(coop)

    client = login(world.users[role])
    url = reverse("dashboard") if role == "committee" else reverse("regional_dashboard", args=["09"])
    assert_same_query_count(client, url, grow, small=2, large=12, limit=30)
