"""The public showcase of laureates (`/laureats/`, no login) and its approval by ODCO staff.

Public pages take their language from `?lang=fr|ar` (each language has its own indexable
address, with canonical and alternate links), else from the visitor's preference. Their main
content is cached per language and filters; an approval or a withdrawal starts a new cache
generation. Photos are streamed by views: a public one only while on an approved page.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from odco.links import absolute_url
from odco.permissions import check, permission_required

from .. import selectors_showcase as selectors
from ..forms import add_service_errors
from ..permissions_showcase import can_review_public_page, can_review_public_pages, can_view_photos
from ..services.showcase import public_profile_transition, public_profile_withdraw, showcase_generation

LANGUAGES = ("fr", "ar")
CACHE_SECONDS = 300


def _language(request) -> str:
    wanted = request.GET.get("lang", "")
    if wanted in LANGUAGES:
        return wanted
    current = (translation.get_language() or "fr")[:2]
    return current if current in LANGUAGES else "fr"


def _absolute(request, path: str, **params) -> str:
    return absolute_url(path, query=params)


def _public_response(request, template: str, context: dict, *, language: str) -> HttpResponse:
    with translation.override(language):
        context["generation"] = showcase_generation()
        context["language"] = language
        response = HttpResponse(render_to_string(template, context, request=request))
    response["Content-Language"] = language
    patch_cache_control(response, max_age=CACHE_SECONDS)
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


def showcase(request):
    language = _language(request)
    filters = selectors.clean_filters(request.GET)
    path = reverse("showcase:list")
    number = request.GET.get("page", "1")
    number = number if number.isdigit() else "1"
    alternates = {
        code: _absolute(request, path, lang=code, page=number if number != "1" else "", **filters)
        for code in LANGUAGES
    }

    def page():  # evaluated by the template only when the cache misses
        return Paginator(selectors.showcase_list(filters=filters), settings.ODCO_PAGE_SIZE).get_page(number)

    return _public_response(
        request,
        "prizes/showcase/list.html",
        {
            "page": page,
            "filters": filters,
            "query": urlencode({"lang": language, **{k: v for k, v in filters.items() if v}}),
            "choices": selectors.showcase_filter_choices,  # called only when the cache misses
            "cache_key": "|".join(f"{k}={v}" for k, v in sorted(filters.items())) + f"|page={number}",
            "canonical": alternates[language],
            "alternates": alternates,
        },
        language=language,
    )


def showcase_detail(request, slug):
    language = _language(request)
    profile = selectors.showcase_get(slug=slug)
    if profile is None:
        raise Http404
    path = reverse("showcase:detail", args=[slug])
    alternates = {code: _absolute(request, path, lang=code) for code in LANGUAGES}
    return _public_response(
        request,
        "prizes/showcase/detail.html",
        {"profile": profile, "canonical": alternates[language], "alternates": alternates},
        language=language,
    )


def showcase_photo(request, pk):
    """A photo chosen on an approved public page; anything else answers 404."""
    photo = selectors.public_photo(pk=pk)
    if photo is None:
        raise Http404
    response = FileResponse(photo.image.open("rb"), content_type="image/jpeg")
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def showcase_sitemap(request):
    profiles = selectors.showcase_list(filters={}).only("slug", "published_at", "cooperative_id")
    entries = [(_absolute(request, reverse("showcase:list"), lang=code), None) for code in LANGUAGES] + [
        (_absolute(request, reverse("showcase:detail", args=[p.slug]), lang=code), p.published_at)
        for p in profiles
        for code in LANGUAGES
    ]
    content = render_to_string("prizes/showcase/sitemap.xml", {"entries": entries})
    response = HttpResponse(content, content_type="application/xml")
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response


@permission_required(can_view_photos)
def photo(request, pk):
    """A cooperative's photo for those who may see the cooperative (not necessarily published)."""
    found = selectors.photo_get(user=request.user, pk=pk)
    if found is None:
        raise Http404
    response = FileResponse(found.image.open("rb"), content_type="image/jpeg")
    patch_cache_control(response, private=True, max_age=CACHE_SECONDS)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# -- approval by ODCO ------------------------------------------------------------------------


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note to the cooperative"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )


@permission_required(can_review_public_pages)
def review_list(request):
    return render(
        request, "prizes/showcase/review_list.html", {"profiles": selectors.review_queue(user=request.user)}
    )


def _review_page(request, profile, *, form=None, status=200):
    return render(
        request,
        "prizes/showcase/review.html",
        {
            "profile": profile,
            "form": form or ReviewForm(),
            "may_review": can_review_public_page(request.user, profile)[0],
        },
        status=status,
    )


def _profile(request, pk):
    profile = selectors.review_get(user=request.user, pk=pk)
    if profile is None:
        raise Http404
    return profile


@permission_required(can_review_public_pages)
def review(request, pk):
    return _review_page(request, _profile(request, pk))


@require_POST
@permission_required(can_review_public_pages)
def review_step(request, pk, name):
    profile = _profile(request, pk)
    if name not in ("approve", "return"):
        raise Http404
    check(request.user, can_review_public_page, profile)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            public_profile_transition(
                actor=request.user, profile=profile, name=name, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The page is approved and online.") if name == "approve" else _("The page is returned."),
            )
            return redirect("prizes:showcase_review_list")
    return _review_page(request, profile, form=form, status=400)


@require_POST
@permission_required(can_review_public_pages)
def review_withdraw(request, pk):
    profile = _profile(request, pk)
    try:
        public_profile_withdraw(actor=request.user, profile=profile)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("prizes:showcase_review", pk=pk)
    except PermissionDenied:
        raise
    messages.success(request, _("The page is offline."))
    return redirect("prizes:showcase_review_list")
