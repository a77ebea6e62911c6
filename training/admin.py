"""ODCO staff read and correct training data in the admin; workflow steps go through the pages."""

from django.contrib import admin

from .models import Certificate, Enrolment, KitItem, PhaseTraining, TrainingModule, TrainingSession


@admin.register(TrainingModule)
class TrainingModuleAdmin(admin.ModelAdmin):
    list_display = ("code", "title_fr", "topic", "duration_hours", "is_active")
    list_filter = ("topic", "is_active")


@admin.register(TrainingSession)
class TrainingSessionAdmin(admin.ModelAdmin):
    list_display = ("phase", "region", "starts_at", "status", "capacity")
    list_filter = ("status", "region")
    list_select_related = ("phase__edition__prize", "region")
    readonly_fields = ("status",)
    filter_horizontal = ("modules", "trainers")


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ("participant", "session", "cooperative", "invited_at")
    list_select_related = ("participant", "session__region", "cooperative")
    raw_id_fields = ("participant", "session", "cooperative", "candidacy")


@admin.register(PhaseTraining)
class PhaseTrainingAdmin(admin.ModelAdmin):
    list_display = ("phase", "min_attendance_percent", "closed_at")
    readonly_fields = ("closed_at", "closed_by", "missing_regions_reason")


@admin.register(KitItem)
class KitItemAdmin(admin.ModelAdmin):
    list_display = ("title", "phase", "kind", "position")
    list_filter = ("kind",)


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ("holder_name", "code", "phase", "region", "status", "issued_at")
    list_filter = ("status", "region")
    search_fields = ("code", "holder_name")
    list_select_related = ("phase__edition__prize", "region")
    # Facts are frozen at issue; revocation goes through the audited page.
    readonly_fields = [f.name for f in Certificate._meta.fields]

    def has_add_permission(self, request):
        return False
