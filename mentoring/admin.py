"""ODCO staff read and correct mentoring data in the admin. Mentorship statuses are
read-only here: the actions apply workflow steps through `mentorship_transition`."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from odco.admin_tools import AuditedAdmin, apply_all_or_nothing

from .models import Evaluation, Meeting, Mentor, Mentorship, Need, NeedsProfile, Objective, ObjectiveProgress
from .services import mentorship_transition


class MentorshipInline(admin.TabularInline):
    model = Mentorship
    fields = ["candidacy", "status", "score", "proposed_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Mentor)
class MentorAdmin(AuditedAdmin):
    list_display = ("name", "kind", "capacity", "is_available", "contact_name", "user")
    list_filter = ("kind", "is_available", "regions")
    search_fields = ("name", "contact_name", "contact_email", "user__email")
    list_select_related = ("user",)
    filter_horizontal = ("regions", "provinces", "sectors")
    raw_id_fields = ("user",)
    inlines = [MentorshipInline]


class NeedInline(admin.TabularInline):
    model = Need
    fields = ["area", "priority", "source"]
    extra = 0


@admin.register(NeedsProfile)
class NeedsProfileAdmin(AuditedAdmin):
    list_display = ("candidacy", "languages", "updated_at", "updated_by")
    list_filter = ("candidacy__region", "candidacy__edition")
    search_fields = ("candidacy__cooperative__name_fr", "candidacy__holder_name")
    list_select_related = ("candidacy__cooperative", "candidacy__edition__prize", "updated_by")
    raw_id_fields = ("candidacy",)
    readonly_fields = ("updated_by", "updated_at")
    inlines = [NeedInline]


@admin.register(Need)
class NeedAdmin(AuditedAdmin):
    list_display = ("profile", "area", "priority", "source")
    list_filter = ("area", "priority", "source")
    search_fields = ("profile__candidacy__cooperative__name_fr",)
    list_select_related = ("profile__candidacy__cooperative", "profile__candidacy__edition__prize")
    raw_id_fields = ("profile",)


class ObjectiveInline(admin.TabularInline):
    model = Objective
    fields = ["title", "target_date", "progress"]
    readonly_fields = ["progress"]
    extra = 0


class MeetingInline(admin.TabularInline):
    model = Meeting
    fields = ["held_on", "mode", "topics", "created_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


class EvaluationInline(admin.TabularInline):
    model = Evaluation
    fields = ["side", "rating", "comment", "submitted_by", "submitted_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


def _step_action(name: str, label):
    def action(modeladmin, request, queryset):
        apply_all_or_nothing(
            modeladmin,
            request,
            queryset.select_related("mentor", "candidacy__cooperative").order_by("pk"),
            lambda mentorship: mentorship_transition(actor=request.user, mentorship=mentorship, name=name),
            refused_message=_("Nothing was changed: fix or deselect the refused mentorships."),
            done_message=lambda count: (
                ngettext(
                    "Step applied to %(count)s mentorship.", "Step applied to %(count)s mentorships.", count
                )
                % {"count": count}
            ),
        )

    action.__name__ = f"step_{name}"
    action.short_description = label
    return action


@admin.register(Mentorship)
class MentorshipAdmin(admin.ModelAdmin):
    list_display = ("candidacy", "mentor", "status", "score", "proposed_at", "started_on", "closed_on")
    list_filter = ("status", "candidacy__region", "candidacy__edition")
    search_fields = ("mentor__name", "candidacy__cooperative__name_fr", "candidacy__holder_name")
    list_select_related = ("mentor", "candidacy__cooperative", "candidacy__edition__prize")
    readonly_fields = (
        "mentor",
        "candidacy",
        "status",
        "score",
        "explanation",
        "proposed_by",
        "proposed_at",
        "confirmed_at",
        "started_on",
        "closed_on",
        "cancel_reason",
    )
    inlines = [ObjectiveInline, MeetingInline, EvaluationInline]
    actions = [
        _step_action("confirm", _("Confirm the selected proposals")),
        _step_action("start", _("Start the selected mentorships")),
        _step_action("close", _("Close the selected mentorships")),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Objective)
class ObjectiveAdmin(AuditedAdmin):
    list_display = ("title", "mentorship", "target_date", "progress")
    search_fields = ("title", "mentorship__mentor__name")
    list_select_related = ("mentorship__mentor", "mentorship__candidacy__cooperative")
    raw_id_fields = ("mentorship",)


class ProgressInline(admin.TabularInline):
    model = ObjectiveProgress
    fields = ["objective", "progress"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("mentorship", "held_on", "mode", "topics")
    list_filter = ("mode", "mentorship__candidacy__region")
    search_fields = ("topics", "mentorship__mentor__name")
    list_select_related = ("mentorship__mentor", "mentorship__candidacy__cooperative")
    readonly_fields = ("mentorship", "held_on", "mode", "topics", "notes", "created_by", "created_at")
    inlines = [ProgressInline]

    def has_add_permission(self, request):
        return False


@admin.register(ObjectiveProgress)
class ObjectiveProgressAdmin(admin.ModelAdmin):
    list_display = ("objective", "meeting", "progress")
    list_select_related = (
        "objective",
        "meeting__mentorship__mentor",
        "meeting__mentorship__candidacy__cooperative",
    )
    search_fields = ("objective__title",)
    readonly_fields = ("meeting", "objective", "progress")

    def has_add_permission(self, request):
        return False


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ("mentorship", "side", "rating", "submitted_at")
    list_filter = ("side", "rating")
    search_fields = ("mentorship__mentor__name", "comment")
    list_select_related = ("mentorship__mentor", "mentorship__candidacy__cooperative")
    readonly_fields = ("mentorship", "side", "rating", "comment", "submitted_by", "submitted_at")

    def has_add_permission(self, request):
        return False
