from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin

from odco.admin_tools import LimitedImportForm

from .admin_formats import IMPORT_FORMAT_CLASSES
from .models import Cooperative, Member, ProfileChange, Sector
from .privacy import cooperative_data_export, member_erase
from .resources import CooperativeResource


class ReasonActionForm(ActionForm):
    """The admin's action bar with a reason, required by the personal-data actions (law 09-08)."""

    reason = forms.CharField(label=_("Reason (personal data)"), required=False, max_length=300)


def _refused(modeladmin, request, error) -> None:
    text = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
    modeladmin.message_user(request, text, level=messages.ERROR)


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fr", "name_ar"]
    search_fields = ["code", "name_fr", "name_ar"]


class MemberInline(admin.TabularInline):
    model = Member
    extra = 0
    fields = ["kind", "first_name", "last_name", "gender", "birth_year", "role", "phone", "national_id"]


@admin.register(Cooperative)
class CooperativeAdmin(ImportExportModelAdmin):
    resource_classes = [CooperativeResource]
    import_form_class = LimitedImportForm  # the upload limits of the pages (odco/uploads.py)
    import_formats = IMPORT_FORMAT_CLASSES  # CSV in any encoding, XLSX, ODS: the page's readers
    list_display = [
        "registration_number",
        "name_fr",
        "name_ar",
        "region",
        "province",
        "sector",
        "founded_on",
        "members_total",
        "members_women",
        "members_young",
        "status",
    ]
    list_filter = ["status", "region", "sector"]
    search_fields = ["registration_number", "name_fr", "name_ar", "search_key"]
    list_select_related = ["region", "sector", "province"]
    autocomplete_fields = ["province"]
    date_hierarchy = "founded_on"
    readonly_fields = ["created_at", "updated_at"]
    inlines = [MemberInline]
    action_form = ReasonActionForm
    def import_action(self, request, **kwargs):
        """The check (a dry run), then its page with the Arabic values the guard would keep."""
        response = super().import_action(request, **kwargs)
        self._tell_held_back(request, (getattr(response, "context_data", None) or {}).get("result"))
        return response

    def process_dataset(self, dataset, form, request, **kwargs):
        """The confirmed import, with the Arabic values the guard kept."""
        result = super().process_dataset(dataset, form, request, **kwargs)
        self._tell_held_back(request, result)
        return result

    @staticmethod
    def _tell_held_back(request, result) -> None:
        """One warning per Arabic value kept (`CooperativeResource.import_instance`)."""
        for number, issue in getattr(result, "held_back", []):
            messages.warning(
                request, _("Cooperative %(number)s, %(issue)s") % {"number": number, "issue": issue}
            )

    actions = ["export_personal_data"]

    @admin.action(description=_("Export all its data (data-access request; give the reason)"))
    def export_personal_data(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Choose one cooperative."), level=messages.ERROR)
            return None
        cooperative = queryset.get()
        try:
            content = cooperative_data_export(
                actor=request.user, cooperative=cooperative, reason=request.POST.get("reason", "")
            )
        except (ValidationError, PermissionDenied) as error:
            _refused(self, request, error)
            return None
        response = HttpResponse(content, content_type="application/json")
        response["Content-Disposition"] = (
            f'attachment; filename="cooperative-{cooperative.registration_number}.json"'
        )
        return response

    def get_import_resource_kwargs(self, request, **kwargs):
        return {**super().get_import_resource_kwargs(request, **kwargs), "user": request.user}


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "kind", "gender", "birth_year", "role", "cooperative"]
    list_filter = ["kind", "gender"]
    search_fields = ["last_name", "first_name", "cooperative__registration_number", "cooperative__name_fr"]
    list_select_related = ["cooperative"]
    raw_id_fields = ["cooperative"]
    action_form = ReasonActionForm
    actions = ["erase_personal_data"]

    @admin.action(description=_("Erase their personal data on request (give the reason)"))
    def erase_personal_data(self, request, queryset):
        erased = 0
        for member in queryset:
            try:
                member_erase(actor=request.user, member=member, reason=request.POST.get("reason", ""))
            except (ValidationError, PermissionDenied) as error:
                _refused(self, request, error)
                return
            erased += 1
        self.message_user(request, _("Personal data erased: %(count)s.") % {"count": erased})


@admin.register(ProfileChange)
class ProfileChangeAdmin(admin.ModelAdmin):
    list_display = ["cooperative", "status", "requested_at", "proposed_at", "decided_at", "decided_by"]
    list_filter = ["status", "cooperative__region"]
    search_fields = ["cooperative__name_fr", "cooperative__registration_number", "request_note", "comment"]
    list_select_related = ["cooperative", "decided_by"]
    raw_id_fields = ["cooperative", "requested_by", "proposed_by", "decided_by"]
    readonly_fields = ["changes", "created_at", "requested_at", "proposed_at", "decided_at"]
    actions = ["approve", "reject"]

    def _decide(self, request, queryset, *, approve: bool):
        from django.contrib import messages
        from django.core.exceptions import ValidationError

        from .profile_changes import profile_change_decide

        done = 0
        for change in queryset.filter(status=ProfileChange.Status.PROPOSED):
            try:
                profile_change_decide(actor=request.user, change=change, approve=approve)
                done += 1
            except ValidationError as error:
                self.message_user(request, f"{change}: {'; '.join(error.messages)}", messages.ERROR)
        self.message_user(request, str(done))

    @admin.action(description=_("Approve the selected proposals"))
    def approve(self, request, queryset):
        self._decide(request, queryset, approve=True)

    @admin.action(description=_("Reject the selected proposals"))
    def reject(self, request, queryset):
        self._decide(request, queryset, approve=False)
