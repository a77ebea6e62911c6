"""Permission rows for every prizes URL (see tests/permission_table.py)."""

from django.urls import reverse

from prizes.models import Candidacy
from prizes.services import concept_note_save, concept_note_submit, concept_note_validate
from tests.permission_table import ALL_ROLES, register

from .factories import make_candidacy, make_edition, seat

S = Candidacy.Status
READERS = ("staff", "committee", "coordinator", "delegation")
NOTE = {
    "priority_axes": "a",
    "training_modules": "b",
    "teaching_tools": "c",
    "calendar": "d",
    "kit_contents": "e",
}


def _edition(w):
    return make_edition()


def _candidacy_in(w, status=S.SUBMITTED):
    return make_candidacy(status=status, cooperative=w.coop_in)


def _candidacy_out(w, status=S.SUBMITTED):
    return make_candidacy(status=status, cooperative=w.coop_out)


def _juried_finalist(w):
    candidacy = make_candidacy(status=S.FINALIST, cooperative=w.coop_out)
    seat(candidacy.edition, w.users["jury"])
    return candidacy


def _validated_phase(w):
    phase = make_edition().phase
    concept_note_save(actor=w.users["coordinator"], phase=phase, **NOTE)
    concept_note_submit(actor=w.users["coordinator"], phase=phase)
    concept_note_validate(actor=w.users["staff"], phase=phase)
    return phase


def _submitted_phase(w):
    phase = make_edition().phase
    concept_note_save(actor=w.users["coordinator"], phase=phase, **NOTE)
    concept_note_submit(actor=w.users["coordinator"], phase=phase)
    return phase


register("edition list", "prizes:edition_list", lambda w: reverse("prizes:edition_list"), ok=READERS)
register(
    "edition detail",
    "prizes:edition_detail",
    lambda w: reverse("prizes:edition_detail", args=[_edition(w).pk]),
    ok=READERS,
)
register(
    "unknown edition",
    "prizes:edition_detail",
    lambda w: reverse("prizes:edition_detail", args=[999999]),
    ok=(),
    overrides=dict.fromkeys(READERS, 404),
)
register(
    "timeline",
    "prizes:timeline",
    lambda w: reverse("prizes:timeline") + "?year=2025",
    ok=(*READERS, "trainer", "coach"),
    anonymous=302,
)
register(
    "timeline PDF",
    "prizes:timeline_pdf",
    lambda w: (_edition(w), reverse("prizes:timeline_pdf") + "?year=2025")[1],
    ok=(*READERS, "trainer", "coach"),
)
register(
    "ranking",
    "prizes:ranking",
    lambda w: reverse("prizes:ranking", args=[_juried_finalist(w).edition_id]),
    ok=("staff", "committee"),
)
register(
    "deliberation without input",
    "prizes:deliberation",
    lambda w: reverse("prizes:deliberation", args=[_juried_finalist(w).edition_id]),
    ok=("staff",),
    ok_status=400,
    method="post",
    data=lambda w: {"minutes": ""},
)
register(
    "deliberation by GET",
    "prizes:deliberation",
    lambda w: reverse("prizes:deliberation", args=[_edition(w).pk]),
    ok=ALL_ROLES,
    ok_status=405,
    anonymous=405,
)
register("candidacy list", "prizes:candidacy_list", lambda w: reverse("prizes:candidacy_list"), ok=READERS)
register(
    "candidacy list filtered",
    "prizes:candidacy_list",
    lambda w: reverse("prizes:candidacy_list") + "?region=MA-09&status=submitted&category=womens_cooperative",
    ok=READERS,
)
register(
    "candidacy in the delegation's region, of the user's cooperative",
    "prizes:candidacy_detail",
    lambda w: reverse("prizes:candidacy_detail", args=[_candidacy_in(w).pk]),
    ok=(*READERS, "cooperative"),
)
register(
    "candidacy outside the delegation's region and not the user's cooperative",
    "prizes:candidacy_detail",
    lambda w: reverse("prizes:candidacy_detail", args=[_candidacy_out(w).pk]),
    ok=("staff", "committee", "coordinator"),
    overrides={"delegation": 404, "cooperative": 404},
)
register(
    "submit own draft",
    "prizes:candidacy_step",
    lambda w: reverse("prizes:candidacy_step", args=[_candidacy_in(w, S.DRAFT).pk, "submit"]),
    ok=("staff", "cooperative"),
    ok_status=302,
    overrides={"coordinator": 403},
    method="post",
    data=lambda w: {},
)
register(
    "submit another cooperative's draft",
    "prizes:candidacy_step",
    lambda w: reverse("prizes:candidacy_step", args=[_candidacy_out(w, S.DRAFT).pk, "submit"]),
    ok=("staff",),
    ok_status=302,
    overrides={"cooperative": 404, "coordinator": 403},
    method="post",
    data=lambda w: {},
)
register(
    "admit an eligible candidacy",
    "prizes:candidacy_step",
    lambda w: reverse("prizes:candidacy_step", args=[_candidacy_in(w, S.ELIGIBLE).pk, "admit"]),
    ok=("staff", "coordinator"),
    ok_status=302,
    method="post",
    data=lambda w: {},
)
register(
    "leave out without justification",
    "prizes:candidacy_step",
    lambda w: reverse("prizes:candidacy_step", args=[_candidacy_in(w, S.ACCOMPANIED).pk, "leave_out"]),
    ok=("staff",),
    ok_status=400,
    overrides={"coordinator": 403, "cooperative": 403},
    method="post",
    data=lambda w: {"comment": ""},
)
register(
    "check eligibility",
    "prizes:candidacy_check",
    lambda w: reverse("prizes:candidacy_check", args=[_candidacy_in(w).pk]),
    ok=("staff",),
    ok_status=302,
    method="post",
    data=lambda w: {},
)
register(
    "override without justification",
    "prizes:candidacy_override",
    lambda w: reverse("prizes:candidacy_override", args=[_candidacy_in(w, S.INELIGIBLE).pk]),
    ok=("staff",),
    ok_status=400,
    method="post",
    data=lambda w: {"eligible": "1", "justification": ""},
)
register(
    "concept note page",
    "prizes:concept_note",
    lambda w: reverse("prizes:concept_note", args=[make_edition().phase.pk]),
    ok=("staff", "committee", "coordinator"),
)
register(
    "concept note save with a blank section",
    "prizes:concept_note",
    lambda w: reverse("prizes:concept_note", args=[make_edition().phase.pk]),
    ok=("staff", "coordinator"),
    ok_status=400,
    method="post",
    data=lambda w: {**NOTE, "calendar": ""},
)
register(
    "concept note validate",
    "prizes:concept_note_action",
    lambda w: reverse("prizes:concept_note_action", args=[_submitted_phase(w).pk, "validate"]),
    ok=("staff",),
    ok_status=302,
    overrides={"committee": 403, "coordinator": 403},
    method="post",
    data=lambda w: {"comment": ""},
)
register(
    "concept note PDF",
    "prizes:concept_note_pdf",
    lambda w: reverse("prizes:concept_note_pdf", args=[_validated_phase(w).pk]),
    ok=("staff", "committee", "coordinator"),
)
register(
    "concept note PDF before validation",
    "prizes:concept_note_pdf",
    lambda w: reverse("prizes:concept_note_pdf", args=[_submitted_phase(w).pk]),
    ok=(),
    overrides={"staff": 404, "committee": 404, "coordinator": 404},
)
register("jury space", "prizes:jury_home", lambda w: reverse("prizes:jury_home"), ok=("staff", "jury"))
register(
    "jury scoring sheet of a finalist of the juror's edition",
    "prizes:jury_score",
    lambda w: reverse("prizes:jury_score", args=[_juried_finalist(w).pk]),
    ok=("jury",),
    overrides={"staff": 404},
)
register(
    "jury scoring sheet of another edition's finalist",
    "prizes:jury_score",
    lambda w: reverse("prizes:jury_score", args=[_candidacy_in(w, S.FINALIST).pk]),
    ok=(),
    overrides={"staff": 404, "jury": 404},
)
register(
    "conflict of interest without a reason",
    "prizes:jury_conflict",
    lambda w: reverse("prizes:jury_conflict", args=[_juried_finalist(w).pk]),
    ok=("jury",),
    ok_status=400,
    overrides={"staff": 404},
    method="post",
    data=lambda w: {"reason": ""},
)
register(
    "results Excel",
    "prizes:ranking_xlsx",
    lambda w: reverse("prizes:ranking_xlsx", args=[_juried_finalist(w).edition_id]),
    ok=("staff", "committee"),
)
register(
    "results PDF",
    "prizes:ranking_pdf",
    lambda w: reverse("prizes:ranking_pdf", args=[_juried_finalist(w).edition_id]),
    ok=("staff", "committee"),
)
register(
    "results of an unknown edition",
    "prizes:ranking_xlsx",
    lambda w: reverse("prizes:ranking_xlsx", args=[999999]),
    ok=(),
    overrides={"staff": 404, "committee": 404},
)
register(
    "candidacy list export",
    "prizes:candidacy_export",
    lambda w: reverse("prizes:candidacy_export") + "?region=09&status=submitted",
    ok=READERS,
)
register(
    "new edition page", "prizes:edition_create", lambda w: reverse("prizes:edition_create"), ok=("staff",)
)
register(
    "new edition without input",
    "prizes:edition_create",
    lambda w: reverse("prizes:edition_create"),
    ok=("staff",),
    ok_status=400,
    method="post",
    data=lambda w: {},
)
register(
    "edit an edition",
    "prizes:edition_edit",
    lambda w: reverse("prizes:edition_edit", args=[_edition(w).pk]),
    ok=("staff",),
)
register(
    "edit an unknown edition",
    "prizes:edition_edit",
    lambda w: reverse("prizes:edition_edit", args=[999999]),
    ok=(),
    overrides={"staff": 404},
)
register(
    "phase and milestones",
    "prizes:phase_edit",
    lambda w: reverse("prizes:phase_edit", args=[_edition(w).pk]),
    ok=("staff", "coordinator"),
)
register(
    "jury and rubric",
    "prizes:jury_edit",
    lambda w: reverse("prizes:jury_edit", args=[_edition(w).pk]),
    ok=("staff",),
)
register(
    "register a candidacy",
    "prizes:candidacy_create",
    lambda w: reverse("prizes:candidacy_create"),
    ok=("staff", "coordinator", "delegation"),
)
register(
    "import expressions of interest",
    "prizes:candidacy_import",
    lambda w: reverse("prizes:candidacy_import"),
    ok=("staff",),
)
register(
    "confirm an import with a forged token",
    "prizes:candidacy_import_confirm",
    lambda w: reverse("prizes:candidacy_import_confirm"),
    ok=(),
    overrides={"staff": 404},
    method="post",
    data=lambda w: {"token": "forged"},
)


def _candidacy_preview_job(kind):
    def url(w):
        from odco.jobs.models import Job

        job = Job.objects.create(
            kind=kind,
            created_by=w.users["staff"],
            status="succeeded",
            params={
                "path": "imports/permission-table-preview.csv",
                "name": "f.csv",
                "edition": _edition(w).pk,
            },
            result={
                "file_name": "f.csv",
                "counts": {"create": 1, "unchanged": 0, "rejected": 0, "total": 1},
                "errors": [],
                "warnings": [],
                "error_count": 0,
                "file_errors": False,
                "partial": False,
                "can_confirm": True,
            },
        )
        return reverse("prizes:candidacy_import_preview", args=[job.pk])

    return url


register(
    "preview of a large candidacy import checked by a job",
    "prizes:candidacy_import_preview",
    _candidacy_preview_job("prizes.candidacy_import_preview"),
    ok=("staff",),
)
register(
    "candidacy import preview of another kind of job",
    "prizes:candidacy_import_preview",
    _candidacy_preview_job("cooperatives.import_preview"),
    ok=(),
    overrides={"staff": 404},
)
