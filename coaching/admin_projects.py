"""Coaching projects in Django's admin (registered from `CoachingConfig.ready()`): canvas
versions, plans, comments and decks, read-mostly; writes go through the services."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models_projects import CanvasVersion, FinancialPlan, PitchDeck, ProjectComment
from .services_projects import deck_request


@admin.register(CanvasVersion)
class CanvasVersionAdmin(admin.ModelAdmin):
    list_display = ("cooperative", "number", "language", "created_by", "created_at")
    list_filter = ("language", "cooperative__region")
    search_fields = ("cooperative__name_fr", "cooperative__registration_number")
    list_select_related = ("cooperative", "created_by")
    readonly_fields = ("cooperative", "number", "language", "blocks", "created_by", "created_at")


@admin.register(ProjectComment)
class ProjectCommentAdmin(admin.ModelAdmin):
    list_display = ("cooperative", "subject", "block", "author", "created_at")
    list_filter = ("subject", "block")
    search_fields = ("cooperative__name_fr", "body")
    list_select_related = ("cooperative", "author")
    readonly_fields = ("cooperative", "subject", "block", "canvas_version", "author", "created_at")


@admin.register(FinancialPlan)
class FinancialPlanAdmin(admin.ModelAdmin):
    list_display = ("cooperative", "start_year", "opening_cash", "updated_at")
    list_filter = ("start_year", "cooperative__region")
    search_fields = ("cooperative__name_fr", "cooperative__registration_number")
    list_select_related = ("cooperative",)
    readonly_fields = (
        "cooperative",
        "products",
        "costs",
        "investments",
        "funding",
        "updated_by",
        "updated_at",
    )


@admin.register(PitchDeck)
class PitchDeckAdmin(admin.ModelAdmin):
    list_display = ("cooperative", "number", "status", "size", "created_by", "created_at", "finished_at")
    list_filter = ("status",)
    search_fields = ("cooperative__name_fr", "cooperative__registration_number")
    list_select_related = ("cooperative", "created_by")
    readonly_fields = (
        "cooperative",
        "number",
        "status",
        "job_id",
        "canvas_version",
        "file",
        "size",
        "created_by",
    )
    actions = ["make_new_version"]

    @admin.action(description=gettext_lazy("Make a new version of these cooperatives' decks"))
    def make_new_version(self, request, queryset):
        made = 0
        for cooperative in {deck.cooperative for deck in queryset.select_related("cooperative")}:
            try:
                deck_request(actor=request.user, cooperative=cooperative)
                made += 1
            except (ValidationError, PermissionDenied) as error:
                self.message_user(
                    request,
                    f"{cooperative}: {' '.join(getattr(error, 'messages', [str(error)]))}",
                    messages.ERROR,
                )
        self.message_user(request, _("%(count)s new deck versions queued.") % {"count": made})
