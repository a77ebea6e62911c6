"""The showcase in Django's admin: public pages (approval through the same service) and photos."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models_showcase import CooperativePhoto, PublicProfile
from .services.showcase import public_profile_transition


@admin.register(PublicProfile)
class PublicProfileAdmin(admin.ModelAdmin):
    list_display = ("cooperative", "slug", "status", "published_at", "submitted_at", "reviewed_by")
    list_filter = ("status", "cooperative__region", "cooperative__sector")
    search_fields = ("cooperative__name_fr", "slug", "summary_fr")
    list_select_related = ("cooperative", "reviewed_by")
    readonly_fields = ("status", "published", "published_at", "submitted_at", "reviewed_by", "reviewed_at")
    actions = ["approve"]

    @admin.action(description=gettext_lazy("Approve and publish the selected pages"))
    def approve(self, request, queryset):
        try:
            with transaction.atomic():
                for profile in queryset:
                    public_profile_transition(actor=request.user, profile=profile, name="approve")
        except (ValidationError, PermissionDenied) as error:
            self.message_user(request, " ".join(getattr(error, "messages", [str(error)])), messages.ERROR)
            return
        self.message_user(request, _("%(count)s pages approved.") % {"count": queryset.count()})


@admin.register(CooperativePhoto)
class CooperativePhotoAdmin(admin.ModelAdmin):
    list_display = ("cooperative", "caption", "width", "height", "size", "created_at")
    search_fields = ("cooperative__name_fr", "caption")
    list_select_related = ("cooperative",)
    readonly_fields = ("image", "width", "height", "size", "original_name", "uploaded_by")
