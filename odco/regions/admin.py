from django.contrib import admin

from .models import Province, Region


class ProvinceInline(admin.TabularInline):
    model = Province
    extra = 0
    fields = ["name_fr", "name_ar", "kind"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fr", "name_ar", "chef_lieu"]
    search_fields = ["code", "name_fr", "name_ar"]
    inlines = [ProvinceInline]


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "name_ar", "kind", "region"]
    list_filter = ["region", "kind"]
    search_fields = ["name_fr", "name_ar"]
    list_select_related = ["region"]
