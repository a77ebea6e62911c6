"""Out-of-scope rows for pages whose table rows covered only objects inside the user's scope
(see tests/security/test_scope_coverage.py)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.monitoring.factories import PDF_BYTES
from tests.monitoring.permission_rows import OUT_OF_SCOPE, _evidence, _report
from tests.permission_table import register

register(
    "upload evidence, other region",
    "reports:evidence_upload",
    lambda w: reverse("reports:evidence_upload", args=[_report(w, out=True).pk]),
    ok=("staff",),
    ok_status=302,
    overrides=OUT_OF_SCOPE,
    method="post",
    data=lambda w: {"file": SimpleUploadedFile("proof.pdf", PDF_BYTES), "description": "Facture"},
)
register(
    "remove evidence, other region",
    "reports:evidence_delete",
    lambda w: reverse("reports:evidence_delete", args=[_evidence(w, out=True).pk]),
    ok=("staff",),
    ok_status=302,
    overrides=OUT_OF_SCOPE,
    method="post",
    data=lambda w: {},
)
register(
    "submit a complete draft, other region",
    "reports:transition",
    lambda w: reverse("reports:transition", args=[_report(w, out=True, complete=True).pk, "submit"]),
    ok=("staff",),
    ok_status=302,
    overrides=OUT_OF_SCOPE,
    method="post",
    data=lambda w: {},
)
