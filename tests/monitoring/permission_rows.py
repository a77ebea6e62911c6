"""Permission rows for every monitoring URL (see tests/permission_table.py)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from monitoring.models import PeriodicReport
from monitoring.services import evidence_add
from tests.permission_table import register

from .factories import PDF_BYTES, Q1_2025, complete_totals, follow, make_report

S = PeriodicReport.Status
READERS = ("staff", "committee", "delegation", "cooperative")
FILLERS = ("staff", "delegation", "cooperative")
OUT_OF_SCOPE = {"delegation": 404, "cooperative": 404}


def _report(w, *, out=False, status=S.DRAFT, complete=False):
    return make_report(
        w.coop_out if out else w.coop_in, status=status, values=complete_totals() if complete else None
    )


def _evidence(w, *, out=False):
    report = _report(w, out=out)
    return evidence_add(
        actor=w.users["staff"], report=report, upload=SimpleUploadedFile("proof.pdf", PDF_BYTES)
    )


register(
    "dashboard export", "dashboard_export", lambda w: reverse("dashboard_export"), ok=("staff", "committee")
)
register(
    "regional dashboard export, own region",
    "regional_dashboard_export",
    lambda w: reverse("regional_dashboard_export", args=[w.region_in]),
    ok=("staff", "committee", "delegation"),
)
register(
    "regional dashboard export, another region",
    "regional_dashboard_export",
    lambda w: reverse("regional_dashboard_export", args=[w.region_out]),
    ok=("staff", "committee"),
    overrides={"delegation": 404},
)
register("report list", "reports:list", lambda w: reverse("reports:list"), ok=READERS)
register(
    "open a report",
    "reports:open",
    lambda w: (follow(w.coop_in), reverse("reports:open"))[1],
    ok=FILLERS,
    ok_status=302,
    overrides={"committee": 404},
    method="post",
    data=lambda w: {"cooperative": w.coop_in.pk, "period": Q1_2025.label},
)
register(
    "validation queue",
    "reports:validation_queue",
    lambda w: reverse("reports:validation_queue"),
    ok=("staff", "delegation"),
)
register(
    "approval queue", "reports:approval_queue", lambda w: reverse("reports:approval_queue"), ok=("staff",)
)
register(
    "missing reports",
    "reports:missing",
    lambda w: reverse("reports:missing"),
    ok=("staff", "committee", "delegation"),
)
register(
    "baselines and targets, own region",
    "reports:targets",
    lambda w: reverse("reports:targets", args=[follow(w.coop_in).cooperative_id]),
    ok=("staff", "delegation"),
)
register(
    "baselines and targets, another region",
    "reports:targets",
    lambda w: reverse("reports:targets", args=[follow(w.coop_out).cooperative_id]),
    ok=("staff",),
    overrides={"delegation": 404},
)
register(
    "save baselines and targets",
    "reports:targets",
    lambda w: reverse("reports:targets", args=[follow(w.coop_in).cooperative_id]) + "?period=2025-Q1",
    ok=("staff", "delegation"),
    ok_status=302,
    method="post",
    data=lambda w: {"revenue__target": "1000"},
)
register(
    "report, in scope",
    "reports:detail",
    lambda w: reverse("reports:detail", args=[_report(w).pk]),
    ok=READERS,
)
register(
    "report, other region",
    "reports:detail",
    lambda w: reverse("reports:detail", args=[_report(w, out=True).pk]),
    ok=READERS,
    overrides=OUT_OF_SCOPE,
)
register(
    "report form, draft",
    "reports:edit",
    lambda w: reverse("reports:edit", args=[_report(w).pk]),
    ok=FILLERS,
)
register(
    "report form, approved (locked)",
    "reports:edit",
    lambda w: reverse("reports:edit", args=[_report(w, status=S.APPROVED).pk]),
    ok=(),
)
register(
    "report form, other region",
    "reports:edit",
    lambda w: reverse("reports:edit", args=[_report(w, out=True).pk]),
    ok=("staff",),
    overrides=OUT_OF_SCOPE,
)
register(
    "submit a complete draft",
    "reports:transition",
    lambda w: reverse("reports:transition", args=[_report(w, complete=True).pk, "submit"]),
    ok=FILLERS,
    ok_status=302,
    method="post",
    data=lambda w: {},
)
register(
    "approve a report not yet validated",
    "reports:transition",
    lambda w: reverse(
        "reports:transition", args=[_report(w, status=S.SUBMITTED, complete=True).pk, "approve"]
    ),
    ok=(),
    method="post",
    data=lambda w: {},
)
register(
    "validate a submitted report",
    "reports:transition",
    lambda w: reverse(
        "reports:transition", args=[_report(w, status=S.SUBMITTED, complete=True).pk, "validate"]
    ),
    ok=("staff", "delegation"),
    ok_status=302,
    method="post",
    data=lambda w: {},
)
register(
    "upload evidence",
    "reports:evidence_upload",
    lambda w: reverse("reports:evidence_upload", args=[_report(w).pk]),
    ok=FILLERS,
    ok_status=302,
    method="post",
    data=lambda w: {"file": SimpleUploadedFile("proof.pdf", PDF_BYTES), "description": "Facture"},
)
register(
    "download evidence, in scope",
    "reports:evidence_download",
    lambda w: reverse("reports:evidence_download", args=[_evidence(w).pk]),
    ok=READERS,
)
register(
    "download evidence, other region",
    "reports:evidence_download",
    lambda w: reverse("reports:evidence_download", args=[_evidence(w, out=True).pk]),
    ok=READERS,
    overrides=OUT_OF_SCOPE,
)
register(
    "remove evidence",
    "reports:evidence_delete",
    lambda w: reverse("reports:evidence_delete", args=[_evidence(w).pk]),
    ok=FILLERS,
    ok_status=302,
    method="post",
    data=lambda w: {},
)
