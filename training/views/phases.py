"""A phase's training: coverage matrix and closure, kit management, certificates."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from odco.params import id_params
from odco.permissions import permission_required
from odco.regions.models import Region
from prizes.models import ConceptNote

from .. import selectors
from ..forms import KitItemForm, ReasonForm, RuleForm, add_service_errors
from ..models import Certificate, KitItem
from ..permissions import (
    can_close_phase_training,
    can_download_certificate,
    can_download_kit_item,
    can_issue_certificates,
    can_manage_kit,
    can_revoke_certificates,
    can_view_certificates,
    can_view_coverage,
    can_view_kit,
)
from ..services import (
    certificate_batch_start,
    certificate_revoke,
    certificates_zip,
    kit_deliver,
    kit_item_add,
    kit_item_remove,
    phase_training_close,
    phase_training_set_rule,
)

PER_PAGE = 50


def _phase(request, pk):
    phase = selectors.phase_get(user=request.user, pk=pk)
    if phase is None:
        raise Http404
    return phase


def _coverage_page(request, phase, *, form=None, status=200):
    region_ids = None
    if not (request.user.has_role("staff", "committee", "coordinator") or request.user.is_superuser):
        region_ids = request.user.delegation_region_ids
    matrix = selectors.coverage_matrix(phase, region_ids=region_ids)
    plan = getattr(phase, "training", None)
    missing = (
        len(selectors.coverage_matrix(phase).missing_regions)
        if region_ids is not None
        else len(matrix.missing_regions)
    )
    return render(
        request,
        "training/coverage.html",
        {
            "phase": phase,
            "matrix": matrix,
            "plan": plan,
            "missing_count": missing,
            "may_close": can_close_phase_training(request.user, plan, missing_regions=missing)[0],
            "form": form or ReasonForm(),
        },
        status=status,
    )


@permission_required(can_view_coverage)
def coverage(request, pk):
    return _coverage_page(request, _phase(request, pk))


@require_POST
@permission_required(can_view_coverage)
def phase_close(request, pk):
    phase = _phase(request, pk)
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        phase_training_close(actor=request.user, phase=phase, reason=form.cleaned_data.get("reason", ""))
    except ValidationError as error:
        add_service_errors(form, error)
        return _coverage_page(request, phase, form=form, status=400)
    messages.success(request, _("The phase's training is closed."))
    return redirect("training:coverage", pk=phase.pk)


def _kit_page(request, phase, *, form=None, status=200):
    note = ConceptNote.objects.filter(phase=phase).first()
    version = (
        note.versions.filter(submitted_at__isnull=False).order_by("-number").first()
        if note and note.status == ConceptNote.Status.VALIDATED
        else None
    )
    return render(
        request,
        "training/kit.html",
        {
            "phase": phase,
            "items": list(selectors.kit_items(user=request.user, phase=phase)),
            "version": version,
            "may_manage": can_manage_kit(request.user)[0],
            "form": form or KitItemForm(),
        },
        status=status,
    )


@permission_required(can_view_kit)
def kit(request, pk):
    phase = _phase(request, pk)
    if request.method == "POST":
        if not can_manage_kit(request.user)[0]:
            return _kit_page(request, phase, status=403)
        form = KitItemForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                kit_item_add(
                    actor=request.user,
                    phase=phase,
                    kind=data["kind"],
                    title=data["title"],
                    file=data.get("file") or None,
                    url=data.get("url", ""),
                    position=data.get("position") or 100,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Added to the kit."))
                return redirect("training:kit", pk=phase.pk)
        return _kit_page(request, phase, form=form, status=400)
    return _kit_page(request, phase)


def _kit_item(request, pk) -> KitItem:
    item = selectors.kit_item_get(user=request.user, pk=pk)
    if item is None:
        raise Http404
    return item


@require_POST
@permission_required(can_manage_kit)
def kit_item_remove_view(request, pk):
    item = _kit_item(request, pk)
    try:
        kit_item_remove(actor=request.user, item=item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Removed from the kit."))
    return redirect("training:kit", pk=item.phase_id)


@require_POST
@permission_required(can_manage_kit)
def kit_deliver_view(request, pk):
    item = _kit_item(request, pk)
    count = kit_deliver(actor=request.user, item=item)
    messages.success(request, _("Delivered to %(count)s more participants.") % {"count": count})
    return redirect("training:kit", pk=item.phase_id)


@permission_required(can_view_kit)
def kit_deliveries(request, pk):
    """Who received a kit item: record it for the participants ticked (the coordinator)."""
    item = _kit_item(request, pk)
    may_manage = can_manage_kit(request.user)[0]
    if request.method == "POST":
        if not may_manage:
            return HttpResponse(status=403)
        chosen = id_params(request.POST.getlist("participant"))
        if not chosen:
            messages.error(request, _("Tick at least one participant."))
        else:
            count = kit_deliver(actor=request.user, item=item, participant_ids=chosen)
            messages.success(request, _("Delivered to %(count)s more participants.") % {"count": count})
        return redirect(f"{request.path}?{request.GET.urlencode()}" if request.GET else request.path)
    filters = {
        "region_code": request.GET.get("region", ""),
        "q": request.GET.get("q", "").strip(),
        "pending": request.GET.get("pending") == "1",
    }
    participants = selectors.kit_item_participants(user=request.user, item=item, **filters)
    page = Paginator(participants, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "training/kit_deliveries.html",
        {
            "item": item,
            "phase": item.phase,
            "page": page,
            "filters": filters,
            "regions": Region.objects.order_by("code"),
            "may_manage": may_manage and item.kind != KitItem.Kind.CERTIFICATE,
        },
    )


@permission_required(can_download_kit_item)
def kit_item_download(request, pk):
    item = _kit_item(request, pk)
    if item.kind == KitItem.Kind.LINK:
        return redirect(item.url)
    if not item.file:
        raise Http404
    return FileResponse(
        item.file.open("rb"), as_attachment=True, filename=item.file.name.rsplit("/", 1)[-1].split("-", 1)[-1]
    )


@permission_required(can_view_certificates)
def certificates(request, pk):
    phase = _phase(request, pk)
    filters = {key: request.GET.get(key, "") for key in ("region", "status")}
    page = Paginator(
        selectors.certificate_list(user=request.user, phase=phase, filters=filters), PER_PAGE
    ).get_page(request.GET.get("page"))
    plan = getattr(phase, "training", None)
    return render(
        request,
        "training/certificates.html",
        {
            "phase": phase,
            "page": page,
            "certificates": page.object_list,
            "filters": filters,
            "plan": plan,
            "statuses": Certificate.Status.choices,
            "may_issue": can_issue_certificates(request.user)[0],
            "may_revoke": can_revoke_certificates(request.user)[0],
            "rule_form": RuleForm(
                initial={"min_attendance_percent": plan.min_attendance_percent if plan else None}
            ),
            "revoke_form": ReasonForm(),
        },
    )


@require_POST
@permission_required(can_issue_certificates)
def certificates_batch(request, pk):
    phase = _phase(request, pk)
    with transaction.atomic():
        job = certificate_batch_start(actor=request.user, phase=phase)
    return redirect("jobs:detail", pk=job.pk)


@require_POST
@permission_required(can_issue_certificates)
def phase_rule(request, pk):
    phase = _phase(request, pk)
    form = RuleForm(request.POST)
    if form.is_valid():
        try:
            phase_training_set_rule(
                actor=request.user,
                phase=phase,
                min_attendance_percent=form.cleaned_data["min_attendance_percent"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The attendance rule is saved."))
    else:
        messages.error(request, " ".join(form.errors.get("min_attendance_percent", [])))
    return redirect("training:certificates", pk=phase.pk)


@permission_required(can_view_certificates)
def certificates_zip_view(request, pk):
    phase = _phase(request, pk)
    valid = selectors.certificate_list(
        user=request.user, phase=phase, filters={"status": Certificate.Status.VALID}
    )
    content = certificates_zip(valid)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="certificates-{phase.edition.prize.code}-{phase.edition.year}.zip"'
    )
    return response


def _certificate(request, pk) -> Certificate:
    certificate = selectors.certificate_get(user=request.user, pk=pk)
    if certificate is None:
        raise Http404
    return certificate


@permission_required(can_download_certificate)
def certificate_pdf(request, pk):
    certificate = _certificate(request, pk)
    if not certificate.pdf:
        raise Http404
    return FileResponse(
        certificate.pdf.open("rb"), content_type="application/pdf", filename=certificate.file_name
    )


@permission_required(can_revoke_certificates)
def certificate_revoke_view(request, pk):
    """Asks for the reason (a confirmation step), then revokes."""
    certificate = _certificate(request, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST":
        form.is_valid()
        try:
            certificate_revoke(
                actor=request.user, certificate=certificate, reason=form.cleaned_data.get("reason", "")
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The certificate is revoked."))
            return redirect("training:certificates", pk=certificate.phase_id)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "training/certificate_revoke.html", {"certificate": certificate, "form": form}, status=status
    )
