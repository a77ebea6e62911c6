from django.contrib import admin

from .models import Cooperative, Sector


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fr", "name_ar"]
    search_fields = ["code", "name_fr", "name_ar"]


@admin.register(Cooperative)
class CooperativeAdmin(admin.ModelAdmin):
    list_display = [
        "registration_number",
        "name_fr",
        "region",
        "sector",
        "members_total",
        "members_women",
        "status",
    ]
    list_filter = ["region", "sector", "status"]
    search_fields = ["registration_number", "name_fr", "name_ar"]
    list_select_related = ["region", "sector"]
    autocomplete_fields = ["province"]
    date_hierarchy = "founded_on"
