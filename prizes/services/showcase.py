"""Writes of the public showcase: photos (checked by content, resized for the web) and the
public page's workflow draft → submitted → approved / returned (a change after approval goes
back to draft and needs a new approval; the approved snapshot stays online meanwhile)."""

import io
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from odco.audit.services import audit_record

from ..models import Candidacy, CooperativePhoto, PublicProfile
from ..permissions_showcase import can_edit_public_page, can_review_public_page

SHOWCASE_GENERATION_KEY = "prizes:showcase:generation"
PUBLIC_FIELDS = (
    "summary_fr",
    "summary_ar",
    "products_fr",
    "products_ar",
    "contact_email",
    "contact_phone",
    "website",
)


@dataclass(frozen=True)
class Transition:
    name: str
    source: tuple[str, ...]
    target: str
    who: str  # "cooperative" or "reviewer"


S = PublicProfile.Status
TRANSITIONS = (
    Transition("submit", (S.DRAFT, S.RETURNED), S.SUBMITTED, "cooperative"),
    Transition("approve", (S.SUBMITTED,), S.APPROVED, "reviewer"),
    Transition("return", (S.SUBMITTED,), S.RETURNED, "reviewer"),
)


def transition_named(name: str) -> Transition | None:
    return next((t for t in TRANSITIONS if t.name == name), None)


def _require(verdict) -> None:
    allowed, reason = verdict
    if not allowed:
        raise PermissionDenied(reason)


def showcase_generation() -> int:
    return cache.get_or_set(SHOWCASE_GENERATION_KEY, 1, timeout=None)


def showcase_changed() -> None:
    """Invalidate every cached showcase page (the cache keys carry the generation)."""
    try:
        cache.incr(SHOWCASE_GENERATION_KEY)
    except ValueError:
        cache.set(SHOWCASE_GENERATION_KEY, 2, timeout=None)


# -- photos ------------------------------------------------------------------------------------


def max_photo_size() -> int:
    return getattr(settings, "ODCO_PHOTO_MAX_BYTES", 8 * 1024 * 1024)


def web_version(data: bytes) -> tuple[bytes, int, int]:
    """Check that `data` really is an image and return it as a web-size JPEG (bytes, w, h)."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in {"JPEG", "PNG", "WEBP", "GIF"}:
                raise ValueError(probe.format)
            probe.verify()  # checks the file's structure; the image must be opened again after
        with Image.open(io.BytesIO(data)) as image:
            image = ImageOps.exif_transpose(image)
            image = image.convert("RGB")
            edge = getattr(settings, "ODCO_PHOTO_WEB_PIXELS", 1600)
            image.thumbnail((edge, edge))
            out = io.BytesIO()
            image.save(out, "JPEG", quality=82, optimize=True, progressive=True)
            return out.getvalue(), image.width, image.height
    except (UnidentifiedImageError, ValueError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise ValidationError({"image": _("Send a photo (JPEG, PNG or WebP).")}) from error


@transaction.atomic
def photo_add(*, actor, cooperative, upload, caption: str = "") -> CooperativePhoto:
    """Add a photo: checked by its content (Pillow), size-limited, stored at web size only."""
    _require(can_edit_public_page(actor, cooperative))
    limit = max_photo_size()
    if upload.size > limit:
        raise ValidationError(
            {
                "image": _("This file is too large (%(size)s); the limit is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            }
        )
    if upload.size == 0:
        raise ValidationError({"image": _("This file is empty.")})
    upload.seek(0)
    content, width, height = web_version(upload.read())
    photo = CooperativePhoto(
        cooperative=cooperative,
        width=width,
        height=height,
        size=len(content),
        caption=(caption or "").strip()[:200],
        original_name=Path(upload.name or "photo").name[:200],
        uploaded_by=actor,
    )
    photo.image.save("photo.jpg", ContentFile(content), save=False)
    name = photo.image.name
    try:
        photo.full_clean()
        photo.save()
    except Exception:
        photo.image.storage.delete(name)
        raise
    audit_record(
        actor=actor, action="showcase.photo_add", obj=photo, changes={"photo": [None, photo.original_name]}
    )
    return photo


@transaction.atomic
def photo_remove(*, actor, photo: CooperativePhoto) -> None:
    """Remove a photo (also from the public page once the change is approved; at once if offline)."""
    _require(can_edit_public_page(actor, photo.cooperative))
    profile = PublicProfile.objects.select_for_update().filter(cooperative_id=photo.cooperative_id).first()
    if profile is not None and photo.pk in profile.public_photo_ids:
        raise ValidationError(
            _(
                "This photo is on your published page: take it off the page and have the change approved "
                "first."
            )
        )
    storage, name = photo.image.storage, photo.image.name
    audit_record(
        actor=actor, action="showcase.photo_remove", obj=photo, changes={"photo": [photo.original_name, None]}
    )
    photo.delete()
    transaction.on_commit(lambda: storage.delete(name))


# -- public page -------------------------------------------------------------------------------


def _unique_slug(cooperative) -> str:
    base = slugify(cooperative.name_fr)[:60] or "cooperative"
    slug = f"{base}-{cooperative.pk}"
    return slug


def is_laureate(cooperative) -> bool:
    return Candidacy.objects.filter(cooperative_id=cooperative.pk, status=Candidacy.Status.LAUREATE).exists()


@transaction.atomic
def public_profile_save(*, actor, cooperative, photo_ids=(), **fields) -> PublicProfile:
    """Save the cooperative's public page. Any change after approval or submission goes back to
    draft: it must be submitted and approved again (the approved version stays online)."""
    _require(can_edit_public_page(actor, cooperative))
    unknown = set(fields) - set(PUBLIC_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    profile = PublicProfile.objects.select_for_update().filter(cooperative=cooperative).first()
    created = profile is None
    profile = profile or PublicProfile(cooperative=cooperative, slug=_unique_slug(cooperative))
    before = {key: getattr(profile, key) for key in PUBLIC_FIELDS}
    for key in PUBLIC_FIELDS:
        setattr(profile, key, (fields.get(key, getattr(profile, key)) or "").strip())
    photos = list(CooperativePhoto.objects.filter(cooperative=cooperative, pk__in=list(photo_ids)))
    if len(photos) != len(set(photo_ids)):
        raise ValidationError({"photos": _("Choose photos of your own cooperative.")})
    old_status = profile.status
    profile.status = S.DRAFT
    profile.full_clean()
    profile.save()
    profile.photos.set(photos)
    changes = {
        key: [before[key], getattr(profile, key)]
        for key in PUBLIC_FIELDS
        if before[key] != getattr(profile, key)
    }
    audit_record(
        actor=actor,
        action="showcase.page_created" if created else "showcase.page_saved",
        obj=profile,
        from_state="" if created else old_status,
        to_state=profile.status,
        changes=changes,
    )
    return profile


def _snapshot(profile: PublicProfile) -> dict:
    data = {key: getattr(profile, key) for key in PUBLIC_FIELDS}
    data["photo_ids"] = sorted(profile.photos.values_list("pk", flat=True))
    return data


@transaction.atomic
def public_profile_transition(*, actor, profile: PublicProfile, name: str, note: str = "") -> PublicProfile:
    """Apply one step of the table: submit (the cooperative), approve or return (staff)."""
    transition = transition_named(name)
    if transition is None:
        raise ValidationError(_("Unknown step."))
    profile = PublicProfile.objects.select_for_update().select_related("cooperative").get(pk=profile.pk)
    if transition.who == "cooperative":
        _require(can_edit_public_page(actor, profile.cooperative))
    else:
        _require(can_review_public_page(actor, profile))
    if profile.status not in transition.source:
        raise ValidationError(
            _("This step is not possible from “%(status)s”.") % {"status": profile.get_status_display()}
        )
    note = (note or "").strip()
    if name == "submit":
        if not is_laureate(profile.cooperative):
            raise ValidationError(_("Only laureates of a prize appear on the public showcase."))
        if not (profile.summary_fr or profile.summary_ar):
            raise ValidationError({"summary_fr": _("Write a short presentation in French or Arabic.")})
        profile.submitted_at = timezone.now()
        profile.review_note = ""
    elif name == "return":
        if not note:
            raise ValidationError({"note": _("Say what the cooperative should change.")})
        profile.review_note = note
    if transition.who == "reviewer":
        profile.reviewed_by, profile.reviewed_at = actor, timezone.now()
    if name == "approve":
        profile.published = _snapshot(profile)
        profile.published_at = timezone.now()
        profile.review_note = ""
        transaction.on_commit(showcase_changed)
    old = profile.status
    profile.status = transition.target
    profile.save()
    audit_record(
        actor=actor,
        action=f"showcase.page_{name}",
        obj=profile,
        from_state=old,
        to_state=profile.status,
        message=note,
    )
    return profile


@transaction.atomic
def public_profile_withdraw(*, actor, profile: PublicProfile) -> PublicProfile:
    """Take a page offline (the cooperative itself, or a reviewer). It goes back to draft."""
    profile = PublicProfile.objects.select_for_update().select_related("cooperative").get(pk=profile.pk)
    if not (can_edit_public_page(actor, profile.cooperative)[0] or can_review_public_page(actor)[0]):
        raise PermissionDenied(_("Only the cooperative or ODCO staff take a public page offline."))
    if profile.published is None:
        raise ValidationError(_("This page is not online."))
    old = profile.status
    profile.published, profile.published_at, profile.status = None, None, S.DRAFT
    profile.save()
    audit_record(
        actor=actor, action="showcase.page_withdraw", obj=profile, from_state=old, to_state=profile.status
    )
    transaction.on_commit(showcase_changed)
    return profile
