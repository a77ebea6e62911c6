"""Permission rows of the steering committee (see tests/permission_table.py): the committee
reads, the chair validates the minutes, staff manage, a delegation writes only its note."""

from datetime import date

from django.urls import reverse

from monitoring.models import Meeting
from tests.monitoring.committee_factories import (
    make_action,
    make_committee,
    make_meeting,
    make_monthly_report,
)
from tests.permission_table import register

READERS = ("staff", "committee")
M = Meeting.Status


def _committee(w, *, chair=True):
    """The committee; the world's committee user chairs it unless `chair` is False."""
    return make_committee(chair=w.users["committee"] if chair else None, members=[w.users["committee"]])


def _meeting(w, *, chair=True, status=M.PLANNED, minutes=""):
    return make_meeting(_committee(w, chair=chair), status=status, minutes=minutes)


register(
    "committee overview",
    "committee:home",
    lambda w: (_committee(w), reverse("committee:home"))[1],
    ok=READERS,
)
register(
    "committee overview, no committee yet",
    "committee:home",
    lambda w: reverse("committee:home"),
    ok=(),
    overrides={"staff": 404, "committee": 404},
)
register(
    "meeting list",
    "committee:meetings",
    lambda w: (_committee(w), reverse("committee:meetings"))[1],
    ok=READERS,
)
register(
    "plan a meeting, as chair",
    "committee:meeting_new",
    lambda w: (_committee(w), reverse("committee:meeting_new"))[1],
    ok=READERS,
)
register(
    "plan a meeting, member not chair",
    "committee:meeting_new",
    lambda w: (_committee(w, chair=False), reverse("committee:meeting_new"))[1],
    ok=("staff",),
)
register(
    "meeting", "committee:meeting", lambda w: reverse("committee:meeting", args=[_meeting(w).pk]), ok=READERS
)
register(
    "meeting invitation (.ics)",
    "committee:meeting_ics",
    lambda w: reverse("committee:meeting_ics", args=[_meeting(w).pk]),
    ok=READERS,
)
register(
    "answer a meeting invitation, as a member",
    "committee:meeting_reply",
    lambda w: reverse("committee:meeting_reply", args=[_meeting(w).pk]),
    ok=("committee",),  # staff reads the meeting but is not one of its members
    ok_status=302,
    method="post",
    data=lambda w: {"reply": "accepted"},
)
register(
    "answer a meeting nobody may see",
    "committee:meeting_reply",
    lambda w: reverse("committee:meeting_reply", args=[_meeting(w).pk + 1000]),
    ok=(),
    overrides={"staff": 404, "committee": 404},
    method="post",
    data=lambda w: {"reply": "accepted"},
)
register(
    "edit a meeting, as chair",
    "committee:meeting_edit",
    lambda w: reverse("committee:meeting_edit", args=[_meeting(w, status=M.HELD).pk]),
    ok=READERS,
    ok_status=302,
    method="post",
    data=lambda w: {"agenda": "1. Suivi", "minutes": "Compte rendu", "location": "Rabat"},
)
register(
    "edit a meeting, member not chair",
    "committee:meeting_edit",
    lambda w: reverse("committee:meeting_edit", args=[_meeting(w, chair=False, status=M.HELD).pk]),
    ok=("staff",),
    ok_status=302,
    method="post",
    data=lambda w: {"agenda": "1. Suivi", "minutes": "Compte rendu", "location": "Rabat"},
)
register(
    "edit validated minutes",
    "committee:meeting_edit",
    lambda w: reverse("committee:meeting_edit", args=[_meeting(w, status=M.VALIDATED, minutes="CR").pk]),
    ok=(),
    method="post",
    data=lambda w: {"agenda": "1. Suivi", "minutes": "Changé", "location": "Rabat"},
)
register(
    "record a decision",
    "committee:decision_create",
    lambda w: reverse("committee:decision_create", args=[_meeting(w, status=M.HELD).pk]),
    ok=READERS,
    ok_status=302,
    method="post",
    data=lambda w: {"text": "Valider le calendrier."},
)
register(
    "record an action",
    "committee:action_create",
    lambda w: reverse("committee:action_create", args=[_meeting(w, status=M.HELD).pk]),
    ok=READERS,
    ok_status=302,
    method="post",
    data=lambda w: {"title": "Relancer", "due_on": "2026-11-15"},
)
register(
    "validate the minutes, as chair",
    "committee:meeting_step",
    lambda w: reverse("committee:meeting_step", args=[_meeting(w, status=M.HELD, minutes="CR").pk]),
    ok=("committee",),
    ok_status=302,
    method="post",
    data=lambda w: {"transition": "validate"},
)
register(
    "validate the minutes, member not chair",
    "committee:meeting_step",
    lambda w: reverse(
        "committee:meeting_step", args=[_meeting(w, chair=False, status=M.HELD, minutes="CR").pk]
    ),
    ok=(),
    method="post",
    data=lambda w: {"transition": "validate"},
)
register(
    "mark a meeting held",
    "committee:meeting_step",
    lambda w: reverse("committee:meeting_step", args=[_meeting(w).pk]),
    ok=READERS,
    ok_status=302,
    method="post",
    data=lambda w: {"transition": "hold"},
)
register(
    "update an action",
    "committee:action_status",
    lambda w: reverse("committee:action_status", args=[make_action(_meeting(w, status=M.HELD)).pk]),
    ok=READERS,
    ok_status=302,
    method="post",
    data=lambda w: {"status": "done"},
)
register(
    "update an action, member not chair",
    "committee:action_status",
    lambda w: reverse(
        "committee:action_status", args=[make_action(_meeting(w, chair=False, status=M.HELD)).pk]
    ),
    ok=("staff",),
    ok_status=302,
    method="post",
    data=lambda w: {"status": "done"},
)
register("partners", "committee:partners", lambda w: reverse("committee:partners"), ok=READERS)
register("monthly reports", "committee:reports", lambda w: reverse("committee:reports"), ok=READERS)
register(
    "generate a monthly report, as chair",
    "committee:report_generate",
    lambda w: (_committee(w), reverse("committee:report_generate"))[1],
    ok=READERS,
    ok_status=302,
    method="post",
    data=lambda w: {"month": "2026-10"},
)
register(
    "generate a monthly report, member not chair",
    "committee:report_generate",
    lambda w: (_committee(w, chair=False), reverse("committee:report_generate"))[1],
    ok=("staff",),
    ok_status=302,
    method="post",
    data=lambda w: {"month": "2026-10"},
)
register(
    "monthly report PDF",
    "committee:report_pdf",
    lambda w: reverse("committee:report_pdf", args=[make_monthly_report(date(2026, 10, 1)).pk]),
    ok=READERS,
)
register(
    "regional notes",
    "committee:notes",
    lambda w: reverse("committee:notes"),
    ok=("staff", "committee", "delegation"),
)
register(
    "regional note form, own region",
    "committee:note_edit",
    lambda w: reverse("committee:note_edit", args=[w.region_in]),
    ok=("staff", "delegation"),
)
register(
    "regional note form, another region",
    "committee:note_edit",
    lambda w: reverse("committee:note_edit", args=[w.region_out]),
    ok=("staff",),
    overrides={"delegation": 404},
)
register(
    "write the regional note, own region",
    "committee:note_edit",
    lambda w: reverse("committee:note_edit", args=[w.region_in]),
    ok=("staff", "delegation"),
    ok_status=302,
    method="post",
    data=lambda w: {"text": "Bonne participation aux sessions."},
)
register(
    "write the regional note, another region",
    "committee:note_edit",
    lambda w: reverse("committee:note_edit", args=[w.region_out]),
    ok=("staff",),
    ok_status=302,
    overrides={"delegation": 404},
    method="post",
    data=lambda w: {"text": "Note d'une autre région."},
)
