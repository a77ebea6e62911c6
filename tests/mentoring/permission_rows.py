"""Permission rows for every mentoring URL (see tests/permission_table.py).

The world's mentor user is linked to a mentor working in region 09 who mentors the laureate
`coop_in`; another mentor, in region 01, mentors `coop_out`: the world's delegation, mentor
and cooperative get 404 there.
"""

from django.urls import reverse

from mentoring.models import Mentorship
from tests.permission_table import register

from .factories import make_laureate, make_mentor, mentorship

S = Mentorship.Status
READERS = ("staff", "committee", "coordinator", "delegation")
PLANNERS = ("staff", "coordinator")
FOLLOWERS = (*READERS, "mentor", "cooperative")
NOT_MINE = {"delegation": 404, "mentor": 404, "cooperative": 404}


def _mine(w, status=S.ACTIVE):
    mentor = make_mentor("Réseau Souss", regions=("09",), user=w.users["mentor"])
    return mentorship(make_laureate(cooperative=w.coop_in), mentor, status=status)


def _other(w, status=S.ACTIVE):
    return mentorship(
        make_laureate(cooperative=w.coop_out), make_mentor("Réseau Nord", regions=("01",)), status=status
    )


def _url(name, *args):
    return reverse(f"mentoring:{name}", args=args)


register("mentor's space", "mentoring:space", lambda w: _url("space"), ok=("staff", "mentor"))
register("mentors directory", "mentoring:directory", lambda w: _url("directory"), ok=READERS)
register(
    "a mentor working in the region",
    "mentoring:mentor_detail",
    lambda w: _url("mentor_detail", make_mentor(regions=("09",)).pk),
    ok=READERS,
)
register(
    "a mentor working elsewhere (delegation: 404)",
    "mentoring:mentor_detail",
    lambda w: _url("mentor_detail", make_mentor(regions=("01",)).pk),
    ok=READERS,
    overrides={"delegation": 404},
)
register("a new mentor", "mentoring:mentor_new", lambda w: _url("mentor_new"), ok=PLANNERS)
register(
    "editing a mentor",
    "mentoring:mentor_edit",
    lambda w: _url("mentor_edit", make_mentor(regions=("09",)).pk),
    ok=PLANNERS,
)
register(
    "matching a laureate",
    "mentoring:match",
    lambda w: _url("match", make_laureate(cooperative=w.coop_in).pk),
    ok=PLANNERS,
)
register(
    "proposing a mentor to a laureate",
    "mentoring:match",
    lambda w: _url("match", make_laureate(cooperative=w.coop_in).pk),
    ok=PLANNERS,
    ok_status=302,
    method="post",
    data=lambda w: {"mentor": make_mentor().pk},
)
register(
    "a laureate's needs",
    "mentoring:needs",
    lambda w: _url("needs", make_laureate(cooperative=w.coop_in).pk),
    ok=(*PLANNERS, "delegation"),
)
register(
    "saving a laureate's needs",
    "mentoring:needs",
    lambda w: _url("needs", make_laureate(cooperative=w.coop_in).pk),
    ok=(*PLANNERS, "delegation"),
    ok_status=302,
    method="post",
    data=lambda w: {"need_finance": "1", "languages": ["ar"]},
)
register(
    "needs of a laureate of another region (delegation: 404)",
    "mentoring:needs",
    lambda w: _url("needs", make_laureate(cooperative=w.coop_out).pk),
    ok=(*PLANNERS, "delegation"),
    overrides={"delegation": 404},
)
register("cohort matching", "mentoring:cohort", lambda w: _url("cohort"), ok=PLANNERS)
register(
    "proposing mentors to a cohort",
    "mentoring:cohort",
    lambda w: _url("cohort"),
    ok=PLANNERS,
    ok_status=302,
    method="post",
    data=lambda w: {"edition": make_laureate(cooperative=w.coop_in).edition_id, "region": "09"},
)
register("the delegation's region", "mentoring:region", lambda w: _url("region", "09"), ok=READERS)
register(
    "another region (delegation: 404)",
    "mentoring:region",
    lambda w: _url("region", "01"),
    ok=READERS,
    overrides={"delegation": 404},
)
register(
    "a mentorship in scope",
    "mentoring:mentorship",
    lambda w: _url("mentorship", _mine(w).pk),
    ok=FOLLOWERS,
)
register(
    "a mentorship out of scope",
    "mentoring:mentorship",
    lambda w: _url("mentorship", _other(w).pk),
    ok=FOLLOWERS,
    overrides=NOT_MINE,
)
register(
    "confirming a proposal",
    "mentoring:transition",
    lambda w: _url("transition", _mine(w, S.PROPOSED).pk),
    ok=PLANNERS,
    ok_status=302,
    # The laureate does not see proposals; the mentor sees it but only planners confirm.
    overrides={"cooperative": 404},
    method="post",
    data=lambda w: {"name": "confirm"},
)
register(
    "adding an objective",
    "mentoring:objective_new",
    lambda w: _url("objective_new", _mine(w).pk),
    ok=(*PLANNERS, "mentor"),
    ok_status=302,
    method="post",
    data=lambda w: {"title": "Obtenir le label bio", "target_date": "2026-06-30"},
)
register(
    "adding an objective to another mentor's mentorship",
    "mentoring:objective_new",
    lambda w: _url("objective_new", _other(w).pk),
    ok=PLANNERS,
    ok_status=302,
    overrides=NOT_MINE,
    method="post",
    data=lambda w: {"title": "Obtenir le label bio", "target_date": "2026-06-30"},
)
register(
    "the meeting form",
    "mentoring:meeting_new",
    lambda w: _url("meeting_new", _mine(w).pk),
    ok=("mentor",),
    overrides={"staff": 404},
)
register(
    "the closing evaluation of another mentorship",
    "mentoring:evaluation_new",
    lambda w: _url("evaluation_new", _other(w, S.CLOSED).pk),
    ok=(),
    overrides=NOT_MINE,
    method="post",
    data=lambda w: {"rating": "4", "comment": "Utile"},
)
register(
    "the closing evaluation",
    "mentoring:evaluation_new",
    lambda w: _url("evaluation_new", _mine(w, S.CLOSED).pk),
    ok=("mentor", "cooperative"),
    ok_status=302,
    method="post",
    data=lambda w: {"rating": "4", "comment": "Utile"},
)
