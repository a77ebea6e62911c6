"""Project pages: the cooperative's own (`/me/project/`) and its coach's (`/coaching/…/project/`)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from odco.permissions import check, permission_required, requires_roles
from odco.roles import Role
from prizes.selectors_showcase import cooperative_photos, public_profile_of
from prizes.services.showcase import photo_add, photo_remove, public_profile_save, public_profile_transition
from prizes.services.showcase import public_profile_withdraw as withdraw_page

from .. import selectors_projects as selectors
from ..deck import plan_charts
from ..finance import plan_result
from ..forms import add_service_errors
from ..forms_projects import CanvasForm, CommentForm, PhotoForm, PublicPageForm, plan_forms, plan_inputs_from
from ..models_projects import CanvasBlock, ProjectComment
from ..permissions_projects import (
    can_comment_project,
    can_request_deck,
    can_use_project_space,
    can_view_projects,
)
from ..services_projects import canvas_save, comment_add, deck_request, plan_save

can_download_deck = requires_roles(
    Role.COMMITTEE, Role.COORDINATOR, Role.DELEGATION, Role.COACH, Role.COOPERATIVE
)


def _own(request):
    cooperative = selectors.own_cooperative(user=request.user)
    if cooperative is None:
        raise Http404
    return cooperative


# -- the cooperative's own pages ----------------------------------------------------------------


@permission_required(can_use_project_space)
def home(request):
    cooperative = _own(request)
    project = selectors.project_for(cooperative=cooperative)
    return render(
        request,
        "coaching/projects/home.html",
        {
            "project": project,
            "cooperative": cooperative,
            "charts": plan_charts(project.figures),
            "public": public_profile_of(cooperative_id=cooperative.pk),
        },
    )


@permission_required(can_use_project_space)
def canvas(request):
    cooperative = _own(request)
    project = selectors.project_for(cooperative=cooperative)
    current = project.canvas
    initial = {"language": current.language if current else request.LANGUAGE_CODE[:2]}
    initial.update((current.blocks or {}) if current else {})
    form = CanvasForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                version = canvas_save(
                    actor=request.user,
                    cooperative=cooperative,
                    language=form.cleaned_data["language"],
                    blocks=form.blocks(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if current is not None and version.pk == current.pk:
                    messages.info(request, _("Nothing changed: no new version."))
                else:
                    messages.success(request, _("Canvas saved as version %(n)s.") % {"n": version.number})
                return redirect("projects:canvas")
        status = 400
    comments = {row.code: row.comments for row in project.canvas_rows}
    rows = [(field, comments.get(field.name, [])) for field in form.block_fields()]
    return render(
        request,
        "coaching/projects/canvas.html",
        {"form": form, "rows": rows, "current": current, "cooperative": cooperative},
        status=status,
    )


def _history(request, cooperative, *, back_url):
    return render(
        request,
        "coaching/projects/canvas_history.html",
        {
            "cooperative": cooperative,
            "versions": selectors.canvas_versions(cooperative_id=cooperative.pk),
            "labels": CanvasBlock.choices,
            "back_url": back_url,
        },
    )


@permission_required(can_use_project_space)
def canvas_history(request):
    from django.urls import reverse

    return _history(request, _own(request), back_url=reverse("projects:canvas"))


@permission_required(can_use_project_space)
def plan(request):
    cooperative = _own(request)
    stored = selectors.plan_of(cooperative_id=cooperative.pk)
    form, formsets = plan_forms(request.POST or None, stored)
    status = 200
    if request.method == "POST":
        if form.is_valid() and all(fs.is_valid() for fs in formsets.values()):
            try:
                plan_save(
                    actor=request.user,
                    cooperative=cooperative,
                    inputs=plan_inputs_from(form, formsets),
                    assumptions=form.cleaned_data["assumptions"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Financial plan saved."))
                return redirect("projects:plan")
        status = 400
    figures = plan_result(stored)
    return render(
        request,
        "coaching/projects/plan.html",
        {
            "cooperative": cooperative,
            "form": form,
            "formsets": formsets,
            "figures": figures,
            "charts": plan_charts(figures),
            "comments": selectors.comments_by_block(cooperative_id=cooperative.pk, subject="plan"),
            "sections": ProjectComment.PlanSection.choices,
        },
        status=status,
    )


@require_POST
@permission_required(can_use_project_space)
def deck_new(request):
    return _deck_new(request, _own(request), back="projects:home")


def _deck_new(request, cooperative, *, back, **back_kwargs):
    check(request.user, can_request_deck, cooperative)
    try:
        job = deck_request(actor=request.user, cooperative=cooperative)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back, **back_kwargs)
    return redirect("jobs:detail", pk=job.pk)


@permission_required(can_use_project_space)
def photos(request):
    cooperative = _own(request)
    form = PhotoForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                photo_add(
                    actor=request.user,
                    cooperative=cooperative,
                    upload=form.cleaned_data["image"],
                    caption=form.cleaned_data["caption"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Photo added."))
                return redirect("projects:photos")
        status = 400
    return render(
        request,
        "coaching/projects/photos.html",
        {
            "cooperative": cooperative,
            "form": form,
            "photos": cooperative_photos(cooperative_id=cooperative.pk),
        },
        status=status,
    )


@require_POST
@permission_required(can_use_project_space)
def photo_delete(request, pk):
    cooperative = _own(request)
    photo = next((p for p in cooperative_photos(cooperative_id=cooperative.pk) if p.pk == pk), None)
    if photo is None:
        raise Http404
    try:
        photo_remove(actor=request.user, photo=photo)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Photo removed."))
    return redirect("projects:photos")


@permission_required(can_use_project_space)
def public_page(request):
    cooperative = _own(request)
    profile = public_profile_of(cooperative_id=cooperative.pk)
    photos = cooperative_photos(cooperative_id=cooperative.pk)
    initial = {}
    if profile is not None:
        initial = {key: getattr(profile, key) for key in PublicPageForm.base_fields if key != "photos"}
        initial["photos"] = [str(p.pk) for p in profile.photos.all()]
    form = PublicPageForm(request.POST or None, initial=initial, photos=photos)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            fields = {k: v for k, v in form.cleaned_data.items() if k != "photos"}
            try:
                public_profile_save(
                    actor=request.user, cooperative=cooperative, photo_ids=form.photo_ids(), **fields
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Public page saved. Submit it for approval to publish it."))
                return redirect("projects:public_page")
        status = 400
    return render(
        request,
        "coaching/projects/public_page.html",
        {"cooperative": cooperative, "form": form, "profile": profile},
        status=status,
    )


@require_POST
@permission_required(can_use_project_space)
def public_page_step(request, name):
    cooperative = _own(request)
    profile = public_profile_of(cooperative_id=cooperative.pk)
    if profile is None or name not in ("submit", "withdraw"):
        raise Http404
    try:
        if name == "submit":
            public_profile_transition(actor=request.user, profile=profile, name="submit")
            messages.success(request, _("Your page is submitted: ODCO will review it."))
        else:
            withdraw_page(actor=request.user, profile=profile)
            messages.success(request, _("Your page is offline."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("projects:public_page")


# -- coaches, the coordinator and the programme's readers ----------------------------------------


def _cooperative(request, pk):
    cooperative = selectors.project_cooperative(user=request.user, pk=pk)
    if cooperative is None:
        raise Http404
    return cooperative


@permission_required(can_view_projects)
def coach_project(request, pk):
    cooperative = _cooperative(request, pk)
    project = selectors.project_for(cooperative=cooperative)
    return render(
        request,
        "coaching/projects/coach_project.html",
        {
            "project": project,
            "cooperative": cooperative,
            "charts": plan_charts(project.figures),
            "may_comment": can_comment_project(request.user, cooperative)[0],
            "may_make_deck": can_request_deck(request.user, cooperative)[0],
            "sections": ProjectComment.PlanSection.choices,
        },
    )


@permission_required(can_view_projects)
def coach_canvas_history(request, pk):
    from django.urls import reverse

    cooperative = _cooperative(request, pk)
    return _history(request, cooperative, back_url=reverse("coaching:project", args=[pk]))


@require_POST
@permission_required(can_view_projects)
def coach_comment(request, pk):
    cooperative = _cooperative(request, pk)
    check(request.user, can_comment_project, cooperative)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comment_add(actor=request.user, cooperative=cooperative, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Comment added."))
    else:
        messages.error(request, _("Write your comment."))
    return redirect("coaching:project", pk=pk)


@require_POST
@permission_required(can_view_projects)
def coach_deck_new(request, pk):
    return _deck_new(request, _cooperative(request, pk), back="coaching:project", pk=pk)


@permission_required(can_download_deck)
def deck_download(request, pk):
    deck = selectors.deck_get(user=request.user, pk=pk)
    if deck is None:
        raise Http404
    return FileResponse(
        deck.file.open("rb"),
        as_attachment=True,
        filename=f"pitch-deck-v{deck.number}.pdf",
        content_type="application/pdf",
    )
