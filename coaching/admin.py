"""ODCO staff read and correct coaching data in the admin. Assignments, sessions and pitch
scores are written by coaches and coordinators on the pages; here the actions (end an
assignment, mark actions done) go through the same services, and direct edits are audited."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from odco.admin_tools import AuditedAdmin, apply_each

from .models import (
    Action,
    Assignment,
    CoachingSession,
    CoachProfile,
    PitchScore,
    PitchSimulation,
    Rubric,
    RubricCriterion,
)
from .services import action_mark_done, assignment_end


class AssignmentInline(admin.TabularInline):
    model = Assignment
    fk_name = "coach"
    fields = ["candidacy", "is_active", "created_at", "ended_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CoachProfile)
class CoachProfileAdmin(AuditedAdmin):
    list_display = ("user", "capacity", "is_available", "specialties", "languages")
    list_filter = ("is_available", "regions")
    search_fields = ("user__email", "user__first_name", "user__last_name", "bio")
    list_select_related = ("user",)
    filter_horizontal = ("regions",)
    raw_id_fields = ("user",)
    inlines = [AssignmentInline]


class SessionInline(admin.TabularInline):
    model = CoachingSession
    fields = ["held_on", "duration_minutes", "mode", "topics", "created_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ("candidacy", "coach", "is_active", "created_at", "ended_at", "assigned_by")
    list_filter = ("is_active", "candidacy__edition")
    search_fields = (
        "candidacy__cooperative__name",
        "candidacy__cooperative__registration_number",
        "coach__user__email",
    )
    list_select_related = (
        "candidacy__cooperative",
        "candidacy__edition__prize",
        "coach__user",
        "assigned_by",
    )
    raw_id_fields = ("candidacy", "coach", "assigned_by")
    readonly_fields = ("is_active", "created_at", "ended_at", "assigned_by")
    date_hierarchy = "created_at"
    inlines = [SessionInline]
    actions = ["end_assignments"]

    @admin.action(description=_("End the selected assignments"))
    def end_assignments(self, request, queryset):
        apply_each(
            self,
            request,
            queryset.filter(is_active=True),
            lambda assignment: assignment_end(actor=request.user, assignment=assignment),
            lambda n: (
                ngettext("%(count)s assignment ended.", "%(count)s assignments ended.", n) % {"count": n}
            ),
        )


class ActionInline(admin.TabularInline):
    model = Action
    fields = ["title", "owner", "due_on", "done_at"]
    readonly_fields = ["done_at"]
    extra = 0


@admin.register(CoachingSession)
class CoachingSessionAdmin(AuditedAdmin):
    list_display = ("held_on", "assignment", "duration_minutes", "mode", "topics", "created_by")
    list_filter = ("mode", "held_on")
    search_fields = ("topics", "assignment__candidacy__cooperative__name", "assignment__coach__user__email")
    list_select_related = ("assignment__candidacy__cooperative", "assignment__coach__user", "created_by")
    raw_id_fields = ("assignment", "created_by")
    date_hierarchy = "held_on"
    inlines = [ActionInline]


@admin.register(Action)
class ActionAdmin(AuditedAdmin):
    list_display = ("title", "candidacy", "owner", "due_on", "done_at", "overdue_flagged_on")
    list_filter = ("owner", ("done_at", admin.EmptyFieldListFilter), "due_on")
    search_fields = ("title", "candidacy__cooperative__name", "candidacy__cooperative__registration_number")
    list_select_related = ("candidacy__cooperative", "candidacy__edition__prize")
    raw_id_fields = ("session", "candidacy", "done_by")
    readonly_fields = ("done_at", "done_by", "overdue_flagged_on")
    date_hierarchy = "due_on"
    actions = ["mark_done"]

    @admin.action(description=_("Mark the selected actions done"))
    def mark_done(self, request, queryset):
        apply_each(
            self,
            request,
            queryset.filter(done_at__isnull=True),
            lambda action: action_mark_done(actor=request.user, action=action),
            lambda n: (
                ngettext("%(count)s action marked done.", "%(count)s actions marked done.", n) % {"count": n}
            ),
        )


class CriterionInline(admin.TabularInline):
    model = RubricCriterion
    fields = ["position", "code", "name", "weight"]
    extra = 0


@admin.register(Rubric)
class RubricAdmin(AuditedAdmin):
    list_display = ("phase", "scale", "ready_at")
    list_select_related = ("phase__edition__prize",)
    search_fields = ("phase__edition__prize__name",)
    inlines = [CriterionInline]


@admin.register(RubricCriterion)
class RubricCriterionAdmin(AuditedAdmin):
    list_display = ("code", "name", "rubric", "weight", "position")
    list_filter = ("rubric",)
    search_fields = ("code", "name")
    list_select_related = ("rubric__phase__edition__prize",)


class ScoreInline(admin.TabularInline):
    model = PitchScore
    fields = ["criterion", "points"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PitchSimulation)
class PitchSimulationAdmin(admin.ModelAdmin):
    list_display = ("held_on", "candidacy", "total", "created_by")
    list_filter = ("held_on", "candidacy__edition")
    search_fields = (
        "candidacy__cooperative__name",
        "candidacy__cooperative__registration_number",
        "feedback",
    )
    list_select_related = ("candidacy__cooperative", "candidacy__edition__prize", "created_by")
    raw_id_fields = ("assignment", "candidacy", "created_by")
    readonly_fields = ("total",)
    date_hierarchy = "held_on"
    inlines = [ScoreInline]


@admin.register(PitchScore)
class PitchScoreAdmin(admin.ModelAdmin):
    list_display = ("simulation", "criterion", "points")
    list_select_related = ("simulation__candidacy__cooperative", "criterion")
    search_fields = ("simulation__candidacy__cooperative__name", "criterion__code")
    raw_id_fields = ("simulation", "criterion")
