"""ODCO staff read and correct training data in the admin. Workflow steps (open, held, close)
are admin actions that go through `session_transition`, like the pages; certificates are
frozen at issue (revocation is the audited page) and attendance is taken on the pages."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from odco.admin_tools import apply_each

from .models import (
    Attendance,
    CalendarFeed,
    Certificate,
    Enrolment,
    Evaluation,
    KitDelivery,
    KitItem,
    PhaseTraining,
    TrainingModule,
    TrainingSession,
)
from .services import session_transition
from .services.sessions import CALENDAR_FIELDS, session_calendar_revise
from .workflow import transition_named


@admin.register(TrainingModule)
class TrainingModuleAdmin(admin.ModelAdmin):
    list_display = ("code", "title_fr", "title_ar", "topic", "duration_hours", "is_active", "position")
    list_filter = ("topic", "is_active")
    search_fields = ("code", "title_fr", "title_ar", "objectives")
    list_editable = ("is_active", "position")


class EnrolmentInline(admin.TabularInline):
    model = Enrolment
    fields = ["participant", "cooperative", "reply", "invited_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


def _transition(modeladmin, request, queryset, name: str) -> None:
    """Apply the workflow step `name` to each selected session through the service."""
    apply_each(
        modeladmin,
        request,
        queryset,
        lambda session: session_transition(actor=request.user, session=session, name=name),
        lambda n: ngettext("%(count)s session updated.", "%(count)s sessions updated.", n) % {"count": n},
    )


@admin.register(TrainingSession)
class TrainingSessionAdmin(admin.ModelAdmin):
    list_display = ("phase", "region", "starts_at", "ends_at", "status", "capacity", "venue")
    list_filter = ("status", "region", "phase__edition__prize", "modules")
    search_fields = ("venue", "region__name_fr", "region__name_ar", "modules__title_fr")
    list_select_related = ("phase__edition__prize", "region")
    readonly_fields = ("status", "cancel_reason", "created_at")
    filter_horizontal = ("modules", "trainers")
    date_hierarchy = "starts_at"
    inlines = [EnrolmentInline]
    actions = ["open_sessions", "mark_held", "close_sessions"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and set(form.changed_data) & CALENDAR_FIELDS:
            session_calendar_revise(session=obj)  # invited calendars follow the change

    @admin.action(description=_("Open the selected sessions for enrolment"))
    def open_sessions(self, request, queryset):
        _transition(self, request, queryset.filter(status=transition_named("open").source), "open")

    @admin.action(description=_("Mark the selected sessions as held"))
    def mark_held(self, request, queryset):
        _transition(self, request, queryset.filter(status=transition_named("hold").source), "hold")

    @admin.action(description=_("Close the selected sessions"))
    def close_sessions(self, request, queryset):
        _transition(self, request, queryset.filter(status=transition_named("close").source), "close")


class AttendanceInline(admin.StackedInline):
    model = Attendance
    fields = ["status", "method", "recorded_at", "recorded_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class EvaluationInline(admin.StackedInline):
    model = Evaluation
    fields = ["pre_score", "post_score", "satisfaction"]
    extra = 0


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ("participant", "session", "cooperative", "reply", "invited_at", "created_at")
    list_filter = ("session__region", "session__status", "reply")
    # The cooperative's own answer (`training.services.enrolment_reply`), never edited for it.
    readonly_fields = ("reply",)
    search_fields = (
        "participant__first_name",
        "participant__last_name",
        "cooperative__name",
        "cooperative__registration_number",
    )
    list_select_related = ("participant", "session__region", "session__phase__edition__prize", "cooperative")
    raw_id_fields = ("participant", "session", "cooperative", "candidacy")
    inlines = [AttendanceInline, EvaluationInline]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ("enrolment", "status", "method", "recorded_at", "recorded_by")
    list_filter = ("status", "method", "enrolment__session__region")
    search_fields = ("enrolment__participant__last_name", "enrolment__cooperative__name")
    list_select_related = ("enrolment__participant", "enrolment__session__region", "recorded_by")
    raw_id_fields = ("enrolment", "recorded_by")
    date_hierarchy = "recorded_at"


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ("enrolment", "pre_score", "post_score", "satisfaction", "updated_at")
    list_filter = ("satisfaction", "enrolment__session__region")
    search_fields = ("enrolment__participant__last_name", "enrolment__cooperative__name")
    list_select_related = ("enrolment__participant", "enrolment__session__region")
    raw_id_fields = ("enrolment",)


@admin.register(PhaseTraining)
class PhaseTrainingAdmin(admin.ModelAdmin):
    list_display = ("phase", "min_attendance_percent", "closed_at", "closed_by")
    list_select_related = ("phase__edition__prize", "closed_by")
    readonly_fields = ("closed_at", "closed_by", "missing_regions_reason")


class DeliveryInline(admin.TabularInline):
    model = KitDelivery
    fields = ["participant", "delivered_at", "delivered_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(KitItem)
class KitItemAdmin(admin.ModelAdmin):
    list_display = ("title", "phase", "kind", "position", "created_at")
    list_filter = ("kind", "phase__edition__prize")
    search_fields = ("title", "url")
    list_select_related = ("phase__edition__prize",)
    inlines = [DeliveryInline]


@admin.register(KitDelivery)
class KitDeliveryAdmin(admin.ModelAdmin):
    list_display = ("item", "participant", "delivered_at", "delivered_by")
    list_filter = ("item__kind",)
    search_fields = ("item__title", "participant__last_name", "participant__cooperative__name")
    list_select_related = ("item", "participant", "delivered_by")
    raw_id_fields = ("item", "participant", "delivered_by")
    date_hierarchy = "delivered_at"


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ("holder_name", "code", "phase", "region", "status", "issued_at")
    list_filter = ("status", "region", "phase__edition__prize")
    search_fields = ("code", "holder_name", "cooperative__name", "cooperative__registration_number")
    list_select_related = ("phase__edition__prize", "region")
    date_hierarchy = "issued_at"
    # Facts are frozen at issue; revocation goes through the audited page.
    readonly_fields = [f.name for f in Certificate._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """Deleting a feed revokes its secret link; the user gets a new one on the next visit."""

    list_display = ("user", "created_at")
    search_fields = ("user__email",)
    list_select_related = ("user",)
    fields = ("user", "created_at")
    readonly_fields = ("user", "created_at")

    def has_add_permission(self, request):
        return False
