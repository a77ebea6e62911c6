"""Settings of an edition (staff; phases also the coordinator), registering and importing
candidacies. Forms parse; the services decide and write; their errors land on the fields."""

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from odco.jobs.services import job_create, job_enqueue
from odco.permissions import permission_required
from odco.regions.models import Region
from odco.roles import Role
from odco.scoping import scope
from odco.uploads import inline_rows

from .. import selectors
from ..forms import (
    CandidacyImportForm,
    CandidacyRegisterForm,
    CategoryFormSet,
    CriterionFormSet,
    EditionForm,
    JuryAddForm,
    MilestoneFormSet,
    PhaseForm,
    RuleFormSet,
    add_service_errors,
    formset_errors,
    rows,
)
from ..import_preview import (
    IMPORT_SALT,
    confirm_token,
    preview_context,
    preview_job_start,
    preview_summary,
    store_upload,
)
from ..importing import validate
from ..models import Edition, JuryMember, Phase
from ..permissions import can_manage_prizes, can_plan_phases, can_register_candidacies
from ..services import (
    candidacy_create,
    edition_create,
    edition_rules_set,
    edition_update,
    jury_member_add,
    jury_member_remove,
    milestones_set,
    phase_set,
    rubric_set,
)

IMPORT_MAX_AGE = 60 * 60 * 24


def _edition(request, pk):
    edition = selectors.edition_get(user=request.user, pk=pk)
    if edition is None:
        raise Http404
    return edition


def _fail(form, formsets, error):
    for message in formset_errors(formsets, error) if formsets else []:
        form.add_error(None, message)
    if not formsets:
        add_service_errors(form, error)


@permission_required(can_manage_prizes)
def edition_create_view(request):
    form = EditionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            edition = edition_create(actor=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The edition is created with the previous edition's rules and rubric.")
            )
            return redirect("prizes:edition_edit", pk=edition.pk)
    return render(
        request,
        "prizes/edition_form.html",
        {"form": form, "edition": None},
        status=400 if form.errors else 200,
    )


def _category_rows(edition):
    return [
        {
            "pk": c.pk,
            "code": c.code,
            "name_fr": c.name_fr,
            "name_ar": c.name_ar,
            "requires_cooperative": c.requires_cooperative,
        }
        for c in edition.categories.all()
    ]


def _rule_rows(edition):
    return [
        {"pk": r.pk, "category": r.category.code if r.category else "", "kind": r.kind, "value": r.value}
        for r in edition.eligibility_rules.all()
    ]


@permission_required(can_manage_prizes)
def edition_edit_view(request, pk):
    edition = _edition(request, pk)
    categories = list(edition.categories.all())
    post = request.POST if request.method == "POST" else None
    form = EditionForm(post, instance=edition)
    category_set = CategoryFormSet(
        post, prefix="categories", initial=None if post else _category_rows(edition)
    )
    rule_set = RuleFormSet(
        post,
        prefix="rules",
        initial=None if post else _rule_rows(edition),
        form_kwargs={"categories": categories},
    )
    status = 200
    if post is not None:
        if form.is_valid() and category_set.is_valid() and rule_set.is_valid():
            try:
                with transaction.atomic():
                    edition_update(actor=request.user, edition=edition, **form.cleaned_data)
                    edition_rules_set(
                        actor=request.user,
                        edition=edition,
                        categories=rows(category_set),
                        rules=rows(rule_set),
                    )
            except ValidationError as error:
                if hasattr(error, "error_dict") and any(k in form.fields for k in error.error_dict):
                    add_service_errors(form, error)
                else:
                    _fail(form, {"categories": category_set, "rules": rule_set}, error)
            else:
                messages.success(request, _("The edition is saved."))
                return redirect("prizes:edition_detail", pk=edition.pk)
        status = 400
    return render(
        request,
        "prizes/edition_form.html",
        {"form": form, "edition": edition, "category_set": category_set, "rule_set": rule_set},
        status=status,
    )


@permission_required(can_plan_phases)
def phase_edit_view(request, pk):
    edition = _edition(request, pk)
    phase = Phase.objects.filter(edition=edition).first()
    post = request.POST if request.method == "POST" else None
    initial = (
        {
            "starts_on": phase.starts_on,
            "ends_on": phase.ends_on,
            "scheduling": phase.scheduling,
            "follows": phase.follows,
        }
        if phase
        else {}
    )
    form = PhaseForm(post, edition=edition, initial=initial)
    milestone_rows = (
        [{"kind": m.kind, "starts_on": m.starts_on, "ends_on": m.ends_on} for m in phase.milestones.all()]
        if phase
        else []
    )
    milestone_set = MilestoneFormSet(post, prefix="milestones", initial=None if post else milestone_rows)
    status = 200
    if post is not None:
        if form.is_valid() and milestone_set.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    saved = phase_set(
                        actor=request.user,
                        edition=edition,
                        starts_on=data["starts_on"],
                        ends_on=data["ends_on"],
                        scheduling=data["scheduling"],
                        follows=data["follows"],
                        with_milestones=phase is None,
                    )
                    if phase is not None:
                        milestones_set(actor=request.user, phase=saved, milestones=rows(milestone_set))
            except ValidationError as error:
                if hasattr(error, "error_dict") and any(k in form.fields for k in error.error_dict):
                    add_service_errors(form, error)
                else:
                    _fail(form, {"milestones": milestone_set}, error)
            else:
                messages.success(request, _("The phase is scheduled."))
                return redirect("prizes:edition_detail", pk=edition.pk)
        status = 400
    return render(
        request,
        "prizes/phase_form.html",
        {"form": form, "edition": edition, "phase": phase, "milestone_set": milestone_set},
        status=status,
    )


def _criterion_rows(edition):
    return [
        {
            "pk": c.pk,
            "position": c.position,
            "code": c.code,
            "name_fr": c.name_fr,
            "name_ar": c.name_ar,
            "weight": c.weight,
            "max_points": c.max_points,
        }
        for c in edition.criteria.all()
    ]


@permission_required(can_manage_prizes)
def jury_edit_view(request, pk):
    edition = _edition(request, pk)
    which = request.POST.get("form") if request.method == "POST" else None
    rubric = CriterionFormSet(
        request.POST if which == "rubric" else None,
        prefix="criteria",
        initial=None if which == "rubric" else _criterion_rows(edition),
    )
    add_form = JuryAddForm(request.POST if which == "add" else None)
    status = 200
    if which == "rubric":
        if rubric.is_valid():
            try:
                rubric_set(actor=request.user, edition=edition, criteria=rows(rubric))
            except ValidationError as error:
                rubric.rubric_errors = formset_errors({"criteria": rubric}, error)
            else:
                messages.success(request, _("The rubric is saved."))
                return redirect("prizes:jury_edit", pk=edition.pk)
        status = 400
    elif which == "add":
        if add_form.is_valid():
            try:
                jury_member_add(actor=request.user, edition=edition, **add_form.cleaned_data)
            except ValidationError as error:
                add_service_errors(add_form, error)
            else:
                messages.success(request, _("The jury member is added."))
                return redirect("prizes:jury_edit", pk=edition.pk)
        status = 400
    elif which == "remove":
        seat = (
            JuryMember.objects.filter(edition=edition, pk=request.POST.get("seat") or 0)
            .select_related("user")
            .first()
        )
        if seat is None:
            raise Http404
        try:
            jury_member_remove(actor=request.user, seat=seat)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The jury member is removed."))
        return redirect("prizes:jury_edit", pk=edition.pk)
    seats = list(JuryMember.objects.filter(edition=edition).select_related("user"))
    return render(
        request,
        "prizes/jury_form.html",
        {"edition": edition, "rubric": rubric, "add_form": add_form, "seats": seats},
        status=status,
    )


# -- candidacies -------------------------------------------------------------------------------


def _open_editions(user):
    return (
        scope(user, Edition.objects.select_related("prize"))
        .exclude(stage=Edition.Stage.CLOSED)
        .order_by("-year", "prize__since_year")
    )


def _regions(user):
    regions = Region.objects.order_by("code")
    if not (user.is_superuser or user.has_role(Role.STAFF, Role.COORDINATOR)):
        regions = regions.filter(pk__in=user.delegation_region_ids)
    return regions


@permission_required(can_register_candidacies)
def candidacy_create_view(request):
    form = CandidacyRegisterForm(
        request.POST if request.method == "POST" else None,
        editions=_open_editions(request.user),
        regions=_regions(request.user),
    )
    if request.method == "POST":
        if form.is_valid():
            values = form.service_values()
            if (
                values["cooperative"] is None
                and values["region"] is not None
                and values["region"].pk not in form.region_ids
            ):
                raise PermissionDenied(_("This region is outside your scope."))
            try:
                candidacy = candidacy_create(actor=request.user, **values)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The candidacy is registered as a draft."))
                return redirect("prizes:candidacy_detail", pk=candidacy.pk)
        return render(request, "prizes/candidacy_form.html", {"form": form}, status=400)
    return render(request, "prizes/candidacy_form.html", {"form": form})


@permission_required(can_manage_prizes)
def candidacy_import_view(request):
    """Upload a list of expressions of interest and see what it would do (nothing written).
    A large file is checked by a job whose result page is the same preview."""
    form = CandidacyImportForm(
        request.POST or None, request.FILES or None, editions=_open_editions(request.user)
    )
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload, edition = form.cleaned_data["file"], form.cleaned_data["edition"]
        if form.shape.rows > inline_rows():
            job = preview_job_start(user=request.user, upload=upload, edition=edition)
            return redirect("jobs:detail", pk=job.pk)
        data = upload.read()
        report = validate(data, upload.name, edition=edition)
        stored = store_upload(upload.name, ContentFile(data))
        context.update(preview_context(preview_summary(report, file_name=upload.name)))
        context["edition"] = edition
        context["token"] = confirm_token(
            user_id=request.user.pk, path=stored, name=upload.name, edition_id=edition.pk
        )
    return render(request, "prizes/candidacy_import.html", context)


@require_POST
@permission_required(can_manage_prizes)
def candidacy_import_confirm_view(request):
    """Write the previewed file as a job with progress (re-running it creates nothing twice)."""
    from ..tasks import import_candidacies_task

    try:
        payload = signing.loads(request.POST.get("token", ""), salt=IMPORT_SALT, max_age=IMPORT_MAX_AGE)
    except signing.BadSignature:
        raise Http404 from None
    if payload.get("user") != request.user.pk or not default_storage.exists(payload["path"]):
        raise PermissionDenied(_("This upload belongs to another session; upload the file again."))
    with transaction.atomic():
        job = job_create(
            kind="prizes.candidacy_import",
            user=request.user,
            label=_("Import of %(name)s") % {"name": payload["name"]},
            params={**payload, "partial": request.POST.get("partial") == "1"},
        )
        job_enqueue(job=job, task=import_candidacies_task)
    return redirect("jobs:detail", pk=job.pk)
