"""Permission rows for every coaching URL (see tests/permission_table.py).

The world's coach follows a candidacy of `coop_in` (region 09); another coach follows one of
`coop_out` (region 01): the world's coach, delegation and cooperative get 404 there.
"""

from datetime import date

from django.urls import reverse

from coaching.models import Action, CoachProfile
from coaching.services import AgreedAction, session_log
from tests.factories import make_user
from tests.permission_table import ALL_ROLES, register

from .factories import assign, make_accompanied, make_coach, make_phase, validate_phase

READERS = ("staff", "committee", "coordinator", "delegation")
FILE_READERS = (*READERS, "coach", "cooperative")
NOT_MINE = {"delegation": 404, "coach": 404, "cooperative": 404}


def _coached(w, *, inside=True):
    from tests.prizes.factories import make_edition

    edition = make_edition()
    validate_phase(edition.phase, coordinator=w.users["coordinator"], staff=w.users["staff"])
    candidacy = make_accompanied(edition.phase, cooperative=w.coop_in)
    profile = CoachProfile.objects.get_or_create(user=w.users["coach"], defaults={"specialties": ["ess"]})[0]
    mine = assign(candidacy, profile)
    other = assign(make_accompanied(edition.phase, cooperative=w.coop_out), make_coach(make_user("coach")))
    return mine if inside else other


def _action(w, *, inside=True):
    assignment = _coached(w, inside=inside)
    session = session_log(
        actor=assignment.coach.user,
        assignment=assignment,
        held_on=date(2025, 5, 6),
        duration_minutes=60,
        mode="phone",
        topics="Pitch",
        actions=[AgreedAction("Répéter", "cooperative", date(2025, 5, 10))],
    )
    return Action.objects.get(session=session)


def _url(name, *args):
    return reverse(f"coaching:{name}", args=args)


register("coach dashboard", "coaching:dashboard", lambda w: _url("dashboard"), ok=("staff", "coach"))
register(
    "own coach profile",
    "coaching:my_profile",
    lambda w: _url("my_profile"),
    ok=("coach",),
    overrides={"staff": 404},
)
register(
    "own coach profile without a specialty",
    "coaching:my_profile",
    lambda w: _url("my_profile"),
    ok=("coach",),
    ok_status=400,
    overrides={"staff": 404},
    method="post",
    data=lambda w: {"capacity": "5"},
)
register("coaching overview", "coaching:overview", lambda w: _url("overview"), ok=READERS)
register(
    "an assigned cooperative's coaching",
    "coaching:cooperative",
    lambda w: _url("cooperative", _coached(w).candidacy.cooperative_id),
    ok=FILE_READERS,
    ok_status=302,
)
register(
    "an unassigned cooperative's coaching (coach: 404)",
    "coaching:cooperative",
    lambda w: _url("cooperative", _coached(w, inside=False).candidacy.cooperative_id),
    ok=FILE_READERS,
    ok_status=302,
    overrides=NOT_MINE,
)
register(
    "an assigned candidacy's coaching file",
    "coaching:candidacy",
    lambda w: _url("candidacy", _coached(w).candidacy_id),
    ok=FILE_READERS,
)
register(
    "an unassigned candidacy's coaching file",
    "coaching:candidacy",
    lambda w: _url("candidacy", _coached(w, inside=False).candidacy_id),
    ok=FILE_READERS,
    overrides=NOT_MINE,
)
register(
    "assign coaches",
    "coaching:assign",
    lambda w: _url("assign", _coached(w).candidacy_id),
    ok=("staff", "coordinator"),
)
register(
    "assign without choosing a coach",
    "coaching:assign",
    lambda w: _url("assign", _coached(w).candidacy_id),
    ok=("staff", "coordinator"),
    ok_status=400,
    method="post",
    data=lambda w: {"coach": ""},
)
register(
    "end an assignment",
    "coaching:assignment_end",
    lambda w: _url("assignment_end", _coached(w).pk),
    ok=("staff", "coordinator"),
    ok_status=302,
    method="post",
    data=lambda w: {},
)
register(
    "end an assignment by GET",
    "coaching:assignment_end",
    lambda w: _url("assignment_end", _coached(w).pk),
    ok=ALL_ROLES,
    ok_status=405,
    anonymous=405,
)
register(
    "log form of the coach's own assignment",
    "coaching:session_new",
    lambda w: _url("session_new", _coached(w).pk),
    ok=("coach",),
)
register(
    "log form of another coach's assignment",
    "coaching:session_new",
    lambda w: _url("session_new", _coached(w, inside=False).pk),
    ok=(),
    overrides={"coach": 404},
)
register(
    "log a session without input",
    "coaching:session_new",
    lambda w: _url("session_new", _coached(w).pk),
    ok=("coach",),
    ok_status=400,
    method="post",
    data=lambda w: {"topics": ""},
)
register(
    "simulation form of the coach's own assignment",
    "coaching:simulation_new",
    lambda w: _url("simulation_new", _coached(w).pk),
    ok=("coach",),
)
register(
    "simulation form of another coach's assignment",
    "coaching:simulation_new",
    lambda w: _url("simulation_new", _coached(w, inside=False).pk),
    ok=(),
    overrides={"coach": 404},
)
register(
    "simulation without scores",
    "coaching:simulation_new",
    lambda w: _url("simulation_new", _coached(w).pk),
    ok=("coach",),
    ok_status=400,
    method="post",
    data=lambda w: {"held_on": "2025-05-10", "feedback": ""},
)
register(
    "mark an action of the user's cooperative done",
    "coaching:action_done",
    lambda w: _url("action_done", _action(w).pk),
    ok=("staff", "coordinator", "coach", "cooperative"),
    ok_status=302,
    method="post",
    data=lambda w: {},
)
register(
    "mark another cooperative's action done",
    "coaching:action_done",
    lambda w: _url("action_done", _action(w, inside=False).pk),
    ok=("staff", "coordinator", "coach", "cooperative"),
    ok_status=302,
    overrides={"coach": 404, "cooperative": 404},
    method="post",
    data=lambda w: {},
)
register("hours report", "coaching:hours", lambda w: _url("hours"), ok=("staff", "committee", "coordinator"))
register(
    "hours export",
    "coaching:hours_export",
    lambda w: _url("hours_export") + "?start=2025-05-01&end=2025-05-31",
    ok=("staff", "committee", "coordinator"),
)
register("coach list", "coaching:coach_list", lambda w: _url("coach_list"), ok=("staff", "coordinator"))
register(
    "edit a coach's profile",
    "coaching:coach_edit",
    lambda w: _url("coach_edit", w.users["coach"].pk),
    ok=("staff", "coordinator"),
)
register(
    "edit the profile of someone who is not a coach",
    "coaching:coach_edit",
    lambda w: _url("coach_edit", w.users["trainer"].pk),
    ok=(),
    overrides={"staff": 404, "coordinator": 404},
)
register(
    "pitch rubric of a phase",
    "coaching:rubric",
    lambda w: _url("rubric", make_phase(validated=False).pk),
    ok=("staff", "committee", "coordinator", "coach"),
)
register(
    "pitch rubric saved without a scale",
    "coaching:rubric",
    lambda w: _url("rubric", make_phase(validated=False).pk),
    ok=("staff", "coordinator"),
    ok_status=400,
    overrides={"committee": 403, "coach": 403},
    method="post",
    data=lambda w: {"scale": "", "ready_at": "70"},
)
