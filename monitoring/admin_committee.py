"""The steering committee in the admin. Workflow steps go through the same services as the
pages (admin actions), so every change is audited."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import (
    ActionItem,
    CommitteeMember,
    Decision,
    Meeting,
    MeetingAttendance,
    MonthlyReport,
    Partner,
    RegionalNote,
    SteeringCommittee,
)


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "name_ar", "kind", "published", "active"]
    list_filter = ["kind", "published", "active"]
    search_fields = ["name", "name_ar", "role"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class CommitteeMemberInline(admin.TabularInline):
    model = CommitteeMember
    extra = 0
    raw_id_fields = ["user"]
    fields = ["user", "kind", "title", "partner", "region", "is_chair", "active"]


@admin.register(SteeringCommittee)
class SteeringCommitteeAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at"]
    search_fields = ["name"]
    inlines = [CommitteeMemberInline]


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(admin.ModelAdmin):
    list_display = ["user", "committee", "kind", "title", "partner", "region", "is_chair", "active"]
    list_filter = ["kind", "is_chair", "active", "committee"]
    list_select_related = ["user", "committee", "partner", "region"]
    raw_id_fields = ["user"]
    search_fields = ["user__email", "user__last_name", "title"]


class AttendanceInline(admin.TabularInline):
    model = MeetingAttendance
    extra = 0


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0


# Changes that the members' calendars must follow.
CALENDAR_FIELDS = {"starts_at", "duration_minutes", "location", "title"}


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "starts_at", "status", "committee", "validated_by", "validated_at"]
    list_filter = ["status", "committee"]
    list_select_related = ["committee", "validated_by"]
    search_fields = ["title", "agenda", "minutes"]
    date_hierarchy = "starts_at"
    readonly_fields = ["status", "validated_by", "validated_at"]
    inlines = [AttendanceInline, DecisionInline]
    actions = ["mark_held", "cancel"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and obj.status == Meeting.Status.PLANNED and set(form.changed_data) & CALENDAR_FIELDS:
            from .services.committee import meeting_calendar_revise

            meeting_calendar_revise(meeting=obj)  # the members' calendars follow the change

    def _step(self, request, queryset, name):
        from .services.committee import meeting_transition

        done = 0
        for meeting in queryset:
            try:
                meeting_transition(actor=request.user, meeting=meeting, name=name)
                done += 1
            except PermissionDenied as refused:
                self.message_user(request, f"{meeting}: {refused}", messages.WARNING)
        self.message_user(request, _("%(n)s meetings changed.") % {"n": done})

    @admin.action(description=_("Mark as held"))
    def mark_held(self, request, queryset):
        self._step(request, queryset, "hold")

    @admin.action(description=_("Cancel the meeting"))
    def cancel(self, request, queryset):
        self._step(request, queryset, "cancel")


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "due_on", "status", "meeting", "closed_at"]
    list_filter = ["status", "meeting__committee"]
    list_select_related = ["owner", "meeting"]
    raw_id_fields = ["owner"]
    search_fields = ["title", "owner__email"]
    readonly_fields = ["status", "closed_at"]
    actions = ["mark_done"]

    @admin.action(description=_("Mark as done"))
    def mark_done(self, request, queryset):
        from .services.committee import action_set_status

        for action in queryset:
            action_set_status(actor=request.user, action=action, status=ActionItem.Status.DONE)
        self.message_user(request, _("%(n)s actions closed.") % {"n": queryset.count()})


@admin.register(RegionalNote)
class RegionalNoteAdmin(admin.ModelAdmin):
    list_display = ["region", "month", "author", "updated_at"]
    list_filter = ["month", "region"]
    list_select_related = ["region", "author"]
    search_fields = ["text", "region__name_fr"]
    raw_id_fields = ["author"]


@admin.register(MonthlyReport)
class MonthlyReportAdmin(admin.ModelAdmin):
    list_display = ["month", "generated_at", "generated_by", "emailed_at", "size"]
    list_select_related = ["generated_by"]
    date_hierarchy = "month"
    search_fields = ["month"]
    readonly_fields = ["month", "file", "size", "summary", "generated_at", "generated_by", "emailed_at"]
    actions = ["regenerate"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Regenerate the report"))
    def regenerate(self, request, queryset):
        from .services.committee_report import monthly_report_generate

        for report in queryset:
            monthly_report_generate(month=report.month, user=request.user)
        self.message_user(request, _("%(n)s reports regenerated.") % {"n": queryset.count()})
