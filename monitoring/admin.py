"""Staff manage indicators, follow-ups and targets here. Reports change only through the
workflow service (pages), so the admin shows them read-only."""

from django.contrib import admin

from .models import FollowUp, Indicator, IndicatorTarget, PeriodicReport, ReportValue


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name_fr",
        "name_ar",
        "kind",
        "frequency",
        "by_gender",
        "by_youth",
        "active",
        "order",
    ]
    list_filter = ["kind", "frequency", "active"]
    search_fields = ["code", "name_fr", "name_ar"]


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ["cooperative", "edition", "starts_on", "ends_on", "frequency"]
    list_select_related = ["cooperative", "edition__prize"]
    raw_id_fields = ["cooperative"]
    search_fields = ["cooperative__name_fr", "cooperative__registration_number"]


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(admin.ModelAdmin):
    list_display = ["cooperative", "indicator", "period_start", "baseline", "target"]
    list_select_related = ["cooperative", "indicator"]
    raw_id_fields = ["cooperative"]
    list_filter = ["indicator"]

    def save_model(self, request, obj, form, change):
        from .periods import Period
        from .services import target_set

        target_set(
            actor=request.user,
            cooperative=obj.cooperative,
            indicator=obj.indicator,
            period=Period(obj.period_start, obj.frequency),
            baseline=obj.baseline,
            target=obj.target,
        )


class ReportValueInline(admin.TabularInline):
    model = ReportValue
    extra = 0
    can_delete = False
    readonly_fields = ["indicator", "breakdown", "value", "jump_confirmed"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PeriodicReport)
class PeriodicReportAdmin(admin.ModelAdmin):
    list_display = ["cooperative", "period_start", "status", "due_on", "submitted_at", "approved_at"]
    list_filter = ["status", "period_start"]
    list_select_related = ["cooperative"]
    search_fields = ["cooperative__name_fr", "cooperative__registration_number"]
    inlines = [ReportValueInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


from . import admin_committee  # noqa: E402, F401 - the steering committee's models
