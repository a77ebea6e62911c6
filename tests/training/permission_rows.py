"""Permission rows for every training URL (see tests/permission_table.py)."""

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from cooperatives.models import Member
from tests.permission_table import ALL_ROLES, register
from training.models import Certificate, KitItem
from training.selectors import feed_for

from .factories import accompanied, make_session, modules, validated_phase

READERS = ("staff", "committee", "coordinator", "delegation")
SESSION_READERS = (*READERS, "trainer")
PLANNERS = ("staff", "coordinator")
RUNNERS = ("staff", "coordinator", "trainer")
EVERYONE = dict.fromkeys(ALL_ROLES, 200)


def _session(w, *, status="open", region_code="09", enrol=True):
    """A session of a validated phase run by the world's trainer, with coop_in's people enrolled."""
    phase = validated_phase()
    if region_code == "09":
        accompanied(phase, cooperative=w.coop_in, participants=2)
    return make_session(
        phase, region_code=region_code, status=status, trainers=[w.users["trainer"]], enrol=enrol
    )


def _session_out(w):
    phase = validated_phase()
    return make_session(phase, region_code="01", status="open")


def _certificate(w, cooperative=None):
    cooperative = cooperative or w.coop_in
    session = _session(w, status="held")
    person = Member.objects.create(
        cooperative=cooperative, kind="participant", first_name="A", last_name="B", gender="f"
    )
    certificate = Certificate.objects.create(
        phase=session.phase,
        participant=person,
        cooperative=cooperative,
        region=cooperative.region,
        holder_name="A B",
        first_day=timezone.localdate(),
        last_day=timezone.localdate(),
        hours=6,
        issued_at=timezone.now(),
    )
    certificate.pdf.save(certificate.file_name, ContentFile(b"%PDF-1.4 test"))
    return certificate


def _kit_item(w):
    session = _session(w, status="open")
    item = KitItem(phase=session.phase, kind="file", title="Guide")
    item.file.save("guide.pdf", ContentFile(b"%PDF-1.4 guide"), save=False)
    item.save()
    return item


def _kit_item_out(w):
    """A kit item of a phase in which only region 01 is trained (coop_in is not enrolled)."""
    session = _session_out(w)
    item = KitItem(phase=session.phase, kind="file", title="Guide")
    item.file.save("guide.pdf", ContentFile(b"%PDF-1.4 guide"), save=False)
    item.save()
    return item


def _phase_of_session(w):
    return _session(w, status="held").phase


register("sessions", "training:session_list", lambda w: reverse("training:session_list"), ok=SESSION_READERS)
register(
    "month calendar",
    "training:session_month",
    lambda w: reverse("training:session_month"),
    ok=SESSION_READERS,
)
register(
    "plan a session", "training:session_create", lambda w: reverse("training:session_create"), ok=PLANNERS
)
register(
    "session in scope",
    "training:session_detail",
    lambda w: reverse("training:session_detail", args=[_session(w).pk]),
    ok=SESSION_READERS,
)
register(
    "session out of scope",
    "training:session_detail",
    lambda w: reverse("training:session_detail", args=[_session_out(w).pk]),
    ok=("staff", "committee", "coordinator"),
    overrides={"delegation": 404, "trainer": 404},
)
register(
    "edit a session",
    "training:session_edit",
    lambda w: reverse("training:session_edit", args=[_session(w, status="planned").pk]),
    ok=PLANNERS,
)
register(
    "open a session",
    "training:session_step",
    lambda w: reverse("training:session_step", args=[_session(w, status="planned").pk, "open"]),
    ok=PLANNERS,
    ok_status=302,
    method="post",
    data=lambda w: {},
)
register(
    "hold a session",
    "training:session_step",
    lambda w: reverse("training:session_step", args=[_session(w, status="open").pk, "hold"]),
    ok=RUNNERS,
    ok_status=302,
    method="post",
    data=lambda w: {},
)
register(
    "enrol the region",
    "training:session_enrol",
    lambda w: reverse("training:session_enrol", args=[_session(w, status="planned", enrol=False).pk]),
    ok=PLANNERS,
    ok_status=302,
    method="post",
    data=lambda w: {},
)
register(
    "roll call",
    "training:roll_call",
    lambda w: reverse("training:roll_call", args=[_session(w).pk]),
    ok=RUNNERS,
)
register(
    "roll call of another trainer's session",
    "training:roll_call",
    lambda w: reverse("training:roll_call", args=[_session_out(w).pk]),
    ok=PLANNERS,
    overrides={"trainer": 404},
)
register(
    "evaluations",
    "training:evaluations",
    lambda w: reverse("training:evaluations", args=[_session(w).pk]),
    ok=RUNNERS,
    ok_status=302,
    method="post",
    data=lambda w: {},
)
register(
    "check-in code screen",
    "training:checkin_display",
    lambda w: reverse("training:checkin_display", args=[_session(w).pk]),
    ok=RUNNERS,
)
register(
    "check-in code screen of another trainer's session",
    "training:checkin_display",
    lambda w: reverse("training:checkin_display", args=[_session_out(w).pk]),
    ok=PLANNERS,
    overrides={"trainer": 404},
)
register(
    "check-in code fragment of another trainer's session",
    "training:checkin_code",
    lambda w: reverse("training:checkin_code", args=[_session_out(w).pk]),
    ok=PLANNERS,
    overrides={"trainer": 404},
)
register(
    "evaluations of another trainer's session",
    "training:evaluations",
    lambda w: reverse("training:evaluations", args=[_session_out(w).pk]),
    ok=PLANNERS,
    ok_status=302,
    overrides={"trainer": 404},
    method="post",
    data=lambda w: {},
)
register(
    "session .ics of another region",
    "training:session_ics",
    lambda w: reverse("training:session_ics", args=[_session_out(w).pk]),
    ok=("staff", "committee", "coordinator"),
    overrides={"delegation": 404, "trainer": 404, "cooperative": 404},
)
register(
    "check-in code fragment",
    "training:checkin_code",
    lambda w: reverse("training:checkin_code", args=[_session(w).pk]),
    ok=RUNNERS,
)
register(
    "session .ics",
    "training:session_ics",
    lambda w: reverse("training:session_ics", args=[_session(w).pk]),
    ok=(*SESSION_READERS, "cooperative"),
)
register(
    "public check-in",
    "training:check_in",
    lambda w: reverse("training:check_in", args=[_session(w).pk]),
    ok=ALL_ROLES,
    anonymous=200,
)
register(
    "check-in of a planned session: the same generic form as an open one (no oracle of sessions)",
    "training:check_in",
    lambda w: reverse("training:check_in", args=[_session(w, status="planned").pk]),
    ok=ALL_ROLES,
    anonymous=200,
)
register(
    "my sessions", "training:my_sessions", lambda w: reverse("training:my_sessions"), ok=("staff", "trainer")
)
register(
    "calendar feed page",
    "training:calendar",
    lambda w: reverse("training:calendar"),
    ok=("staff", "coordinator", "delegation", "trainer", "cooperative"),
)
register(
    "calendar feed",
    "training:feed",
    lambda w: reverse("training:feed", args=[feed_for(w.users["trainer"]).token]),
    ok=ALL_ROLES,
    anonymous=200,
)
register(
    "calendar feed: a new address",
    "training:calendar_rotate",
    lambda w: reverse("training:calendar_rotate"),
    ok=("staff", "coordinator", "delegation", "trainer", "cooperative"),
    ok_status=302,
    method="post",
)
register(
    "unknown calendar feed",
    "training:feed",
    lambda w: reverse("training:feed", args=["not-a-token"]),
    ok=(),
    denied=404,
    anonymous=404,
)
register("modules", "training:module_list", lambda w: reverse("training:module_list"), ok=SESSION_READERS)
register("add a module", "training:module_create", lambda w: reverse("training:module_create"), ok=PLANNERS)
register(
    "edit a module",
    "training:module_edit",
    lambda w: reverse("training:module_edit", args=[modules()[0].pk]),
    ok=PLANNERS,
)
register(
    "coverage",
    "training:coverage",
    lambda w: reverse("training:coverage", args=[_phase_of_session(w).pk]),
    ok=READERS,
)
register(
    "close a phase with missing regions",
    "training:phase_close",
    lambda w: reverse("training:phase_close", args=[_phase_of_session(w).pk]),
    ok=("staff",),
    ok_status=302,
    method="post",
    data=lambda w: {"reason": "Regions merged"},
)
register(
    "kit",
    "training:kit",
    lambda w: reverse("training:kit", args=[_phase_of_session(w).pk]),
    ok=("staff", "committee", "coordinator"),
)
register(
    "remove a kit item",
    "training:kit_item_remove",
    lambda w: reverse("training:kit_item_remove", args=[_kit_item(w).pk]),
    ok=PLANNERS,
    ok_status=302,
    method="post",
    data=lambda w: {},
)
register(
    "who received a kit item",
    "training:kit_deliveries",
    lambda w: reverse("training:kit_deliveries", args=[_kit_item(w).pk]),
    ok=("staff", "committee", "coordinator"),
)
register(
    "record a kit item for participants ticked",
    "training:kit_deliveries",
    lambda w: reverse("training:kit_deliveries", args=[_kit_item(w).pk]),
    ok=PLANNERS,
    ok_status=302,
    method="post",
    data=lambda w: {"participant": ["1"]},
)
register(
    "deliver a kit item",
    "training:kit_deliver",
    lambda w: reverse("training:kit_deliver", args=[_kit_item(w).pk]),
    ok=PLANNERS,
    ok_status=302,
    method="post",
    data=lambda w: {},
)
register(
    "download a kit item",
    "training:kit_item_download",
    lambda w: reverse("training:kit_item_download", args=[_kit_item(w).pk]),
    ok=(*SESSION_READERS, "cooperative"),
)
register(
    "kit item of a phase the cooperative did not attend",
    "training:kit_item_download",
    lambda w: reverse("training:kit_item_download", args=[_kit_item_out(w).pk]),
    ok=("staff", "committee", "coordinator", "delegation", "trainer"),
    overrides={"cooperative": 404},
)
register(
    "certificates",
    "training:certificates",
    lambda w: reverse("training:certificates", args=[_phase_of_session(w).pk]),
    ok=READERS,
)
register(
    "issue certificates",
    "training:certificates_batch",
    lambda w: reverse("training:certificates_batch", args=[_phase_of_session(w).pk]),
    ok=PLANNERS,
    ok_status=302,
    method="post",
    data=lambda w: {},
)
register(
    "certificates ZIP",
    "training:certificates_zip",
    lambda w: reverse("training:certificates_zip", args=[_certificate(w).phase_id]),
    ok=READERS,
)
register(
    "attendance rule",
    "training:phase_rule",
    lambda w: reverse("training:phase_rule", args=[_phase_of_session(w).pk]),
    ok=PLANNERS,
    ok_status=302,
    method="post",
    data=lambda w: {"min_attendance_percent": "80"},
)
register(
    "certificate PDF in scope",
    "training:certificate_pdf",
    lambda w: reverse("training:certificate_pdf", args=[_certificate(w).pk]),
    ok=(*READERS, "cooperative"),
)
register(
    "certificate PDF out of scope",
    "training:certificate_pdf",
    lambda w: reverse("training:certificate_pdf", args=[_certificate(w, cooperative=w.coop_out).pk]),
    ok=("staff", "committee", "coordinator"),
    overrides={"delegation": 404, "cooperative": 404},
)
register(
    "revoke a certificate",
    "training:certificate_revoke",
    lambda w: reverse("training:certificate_revoke", args=[_certificate(w).pk]),
    ok=PLANNERS,
)
register(
    "verify a certificate",
    "certificate_verify",
    lambda w: reverse("certificate_verify", args=[_certificate(w).code]),
    ok=ALL_ROLES,
    anonymous=200,
)
register(
    "verify an unknown code",
    "certificate_verify",
    lambda w: reverse("certificate_verify", args=["NOPE234567"]),
    ok=(),
    denied=404,
    anonymous=404,
)


def _upcoming_enrolment(w, *, cooperative=None, region_code="09"):
    """An enrolment of `cooperative` (coop_in by default) in an open session a month ahead."""
    from datetime import timedelta

    from training.models import Enrolment, TrainingSession

    cooperative = cooperative or w.coop_in
    phase = validated_phase()
    accompanied(phase, cooperative=cooperative, participants=1)
    session = make_session(phase, region_code=region_code, status="open", enrol=True)
    starts = timezone.now() + timedelta(days=30)
    TrainingSession.objects.filter(pk=session.pk).update(
        starts_at=starts, ends_at=starts + timedelta(hours=8)
    )
    return Enrolment.objects.filter(session=session, cooperative=cooperative).first()


register(
    "answer a training invitation",
    "training:enrolment_reply",
    lambda w: reverse("training:enrolment_reply", args=[_upcoming_enrolment(w).pk]),
    ok=("cooperative",),
    ok_status=302,
    method="post",
    data=lambda w: {"reply": "accepted"},
)
register(
    "answer another cooperative's training invitation",
    "training:enrolment_reply",
    lambda w: reverse(
        "training:enrolment_reply", args=[_upcoming_enrolment(w, cooperative=w.coop_out, region_code="01").pk]
    ),
    ok=(),
    overrides={"cooperative": 404},
    method="post",
    data=lambda w: {"reply": "accepted"},
)
