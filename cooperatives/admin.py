from django.contrib import admin
from import_export.admin import ImportExportModelAdmin

from .models import Cooperative, Member, Sector
from .resources import CooperativeResource


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

    def get_import_resource_kwargs(self, request, **kwargs):
        return {**super().get_import_resource_kwargs(request, **kwargs), "user": request.user}


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "kind", "gender", "birth_year", "role", "cooperative"]
    list_filter = ["kind", "gender"]
    search_fields = ["last_name", "first_name", "cooperative__registration_number", "cooperative__name_fr"]
    list_select_related = ["cooperative"]
    raw_id_fields = ["cooperative"]
