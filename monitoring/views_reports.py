"""Periodic report pages: lists and queues, the report, its form, workflow steps and evidence."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from odco.audit.selectors import audit_for_object
from odco.params import id_param
from odco.permissions import check, permission_required

from . import selectors
from .forms import CommentForm, EvidenceForm, ReportFilterForm, ReportForm, add_service_errors, initial_values
from .periods import QUARTERLY, Period, last_closed
from .permissions import (
    can_download_evidence,
    can_edit_report,
    can_set_targets,
    can_transition_report,
    can_view_approval_queue,
    can_view_missing_reports,
    can_view_reports,
    can_view_validation_queue,
)
from .services import (
    evidence_add,
    evidence_remove,
    indicators_for,
    report_open,
    report_save,
    report_transition,
)
from .workflow import transition_named, transitions_from


def _page(request, qs):
    return Paginator(qs, settings.ODCO_PAGE_SIZE).get_page(request.GET.get("page"))


@permission_required(can_view_reports)
def report_list(request):
    form = ReportFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    user = request.user
    # A cooperative may open its report for the period that just ended.
    openable = []
    if user.cooperative_ids:
        period = last_closed(timezone.localdate(), QUARTERLY)
        have = set(
            selectors.report_queryset(user=user)
            .filter(period_start=period.start, frequency=period.frequency)
            .values_list("cooperative_id", flat=True)
        )
        openable = [
            (f, period)
            for f in selectors.follow_ups_of(cooperative_ids=user.cooperative_ids)
            if f.cooperative_id not in have
        ]
    return render(
        request,
        "monitoring/report_list.html",
        {
            "page": _page(request, selectors.report_list(user=user, filters=filters)),
            "form": form,
            "openable": openable,
            "perms_queue": {
                "validation": can_view_validation_queue(user)[0],
                "approval": can_view_approval_queue(user)[0],
                "missing": can_view_missing_reports(user)[0],
            },
        },
    )


def _get(request, pk):
    report = selectors.report_get(user=request.user, pk=pk)
    if report is None:
        raise Http404
    return report


def _detail(request, report, *, comment_form=None, evidence_form=None, status=200):
    user = request.user
    indicators = indicators_for(report.frequency)
    values = selectors.report_values(report=report)
    rows = []
    for indicator in indicators:
        rows.append(
            {
                "indicator": indicator,
                "total": values.get((indicator.pk, "total")),
                "parts": [(b, values.get((indicator.pk, b))) for b in indicator.breakdowns],
            }
        )
    actions = [t for t in transitions_from(report.status) if can_transition_report(user, report, t)[0]]
    return render(
        request,
        "monitoring/report_detail.html",
        {
            "report": report,
            "rows": rows,
            "actions": actions,
            "may_edit": can_edit_report(user, report)[0],
            "may_set_targets": can_set_targets(user, report.cooperative)[0],
            "evidence": list(report.evidence.all()),
            "comment_form": comment_form or CommentForm(),
            "evidence_form": evidence_form or EvidenceForm(),
            "entries": audit_for_object(report),
        },
        status=status,
    )


@permission_required(can_view_reports)
def report_detail(request, pk):
    return _detail(request, _get(request, pk))


@permission_required(can_view_reports)
def report_edit(request, pk):
    report = _get(request, pk)
    check(request.user, can_edit_report, report)
    indicators = indicators_for(report.frequency)
    if request.method != "POST":
        form = ReportForm(initial=initial_values(report, indicators), indicators=indicators)
        return render(request, "monitoring/report_form.html", {"report": report, "form": form})
    form = ReportForm(request.POST, indicators=indicators)
    form.is_valid()
    try:
        # Saving and submitting together: a refused submission writes nothing either.
        with transaction.atomic():
            report = report_save(
                actor=request.user,
                report=report,
                values=form.values(),
                comments=request.POST.get("comments", ""),
                confirmed=form.confirmed(),
            )
            submit = request.POST.get("action") == "submit"
            if submit:
                name = "resubmit" if report.status == report.Status.RETURNED else "submit"
                report_transition(actor=request.user, report=report, name=name)
        if submit:
            messages.success(request, _("The report was submitted to the delegation."))
            return redirect("reports:detail", report.pk)
    except ValidationError as error:
        jumps = _jump_codes(error, indicators)
        form = ReportForm(request.POST, indicators=indicators, jumps=jumps)
        form.is_valid()
        add_service_errors(form, error)
        return render(request, "monitoring/report_form.html", {"report": report, "form": form}, status=400)
    messages.success(request, _("The report was saved."))
    return redirect("reports:edit", report.pk)


def _jump_codes(error: ValidationError, indicators) -> set[str]:
    if not hasattr(error, "error_dict"):
        return set()
    text = {name: " ".join(msgs) for name, msgs in error.message_dict.items()}
    # A jump message is on the indicator's first field; it is the only one mentioning "→".
    return {
        i.code
        for i in indicators
        for name, msg in text.items()
        if name.startswith(f"{i.code}__") and "→" in msg
    }


@require_POST
@permission_required(can_view_reports)
def report_transition_view(request, pk, name):
    report = _get(request, pk)
    transition = transition_named(name)
    if transition is None:
        raise Http404
    check(request.user, lambda user, obj: can_transition_report(user, obj, transition), report)
    form = CommentForm(request.POST)
    form.is_valid()
    try:
        report_transition(
            actor=request.user, report=report, name=name, comment=form.cleaned_data.get("comment", "")
        )
    except ValidationError as error:
        add_service_errors(form, error)
        if "values" in getattr(error, "message_dict", {}):
            for message in error.message_dict["values"]:
                messages.error(request, message)
        return _detail(request, report, comment_form=form, status=400)
    messages.success(
        request,
        _("Done: the report is now “%(status)s”.") % {"status": report.get_status_display()},
    )
    return redirect("reports:detail", report.pk)


@require_POST
@permission_required(can_view_reports)
def report_open_view(request):
    """Open (or find) the report of a cooperative in follow-up, in the user's scope, for a period."""
    period = Period.parse(request.POST.get("period", ""))
    cooperative_id = id_param(request.POST.get("cooperative", ""))
    follow_up = (
        selectors.follow_up_get(user=request.user, cooperative_id=cooperative_id)
        if cooperative_id is not None
        else None
    )
    if follow_up is None or period is None:
        raise Http404
    report = report_open(actor=request.user, cooperative=follow_up.cooperative, period=period)
    return redirect("reports:edit", report.pk)


@require_POST
@permission_required(can_view_reports)
def evidence_upload(request, pk):
    report = _get(request, pk)
    check(request.user, can_edit_report, report)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            evidence_add(
                actor=request.user,
                report=report,
                upload=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
    if form.errors:
        return _detail(request, report, evidence_form=form, status=400)
    messages.success(request, _("The file was added to the report."))
    return redirect("reports:detail", report.pk)


def _evidence(request, pk):
    evidence = selectors.evidence_get(user=request.user, pk=pk)
    if evidence is None:
        raise Http404
    return evidence


@permission_required(can_view_reports)
def evidence_download(request, pk):
    evidence = _evidence(request, pk)
    check(request.user, can_download_evidence, evidence)
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@permission_required(can_view_reports)
def evidence_delete(request, pk):
    evidence = _evidence(request, pk)
    report = evidence.report
    check(request.user, can_edit_report, report)
    evidence_remove(actor=request.user, evidence=evidence)
    messages.success(request, _("The file was removed."))
    return redirect("reports:detail", report.pk)


@permission_required(can_view_validation_queue)
def validation_queue(request):
    return render(
        request,
        "monitoring/report_queue.html",
        {
            "page": _page(request, selectors.validation_queue(user=request.user)),
            "title": _("Reports to validate"),
            "intro": _("Reports submitted by the cooperatives of your region, oldest first."),
            "queue": "validation",
        },
    )


@permission_required(can_view_approval_queue)
def approval_queue(request):
    return render(
        request,
        "monitoring/report_queue.html",
        {
            "page": _page(request, selectors.approval_queue(user=request.user)),
            "title": _("Reports to approve"),
            "intro": _("Reports validated by the delegations, oldest first. Approved reports are locked."),
            "queue": "approval",
        },
    )


@permission_required(can_view_missing_reports)
def missing_reports(request):
    today = timezone.localdate()
    region = request.GET.get("region", "")
    return render(
        request,
        "monitoring/missing_reports.html",
        {
            "regions": list(selectors.missing_reports_by_region(user=request.user, today=today)),
            "page": _page(
                request, selectors.missing_reports(user=request.user, today=today, region_code=region)
            ),
            "region": region,
            "today": today,
        },
    )
