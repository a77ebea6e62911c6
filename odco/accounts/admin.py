from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Invitation, RoleAssignment, User
from .services import ACCESS_FLAGS, role_grant, role_revoke, role_update, user_access_record, user_delete


def _assignment_save(request, assignment: RoleAssignment) -> RoleAssignment:
    """The admin's add or edit of an assignment, through the role services (audit, notice)."""
    if assignment.pk is None:
        saved, _added = role_grant(
            user=assignment.user,
            role=assignment.role,
            region_id=assignment.region_id,
            cooperative_id=assignment.cooperative_id,
            actor=request.user,
        )
    else:
        saved = role_update(
            assignment=assignment,
            role=assignment.role,
            region_id=assignment.region_id,
            cooperative_id=assignment.cooperative_id,
            actor=request.user,
        )
    assignment.pk = saved.pk
    return saved


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    fields = ["role", "region", "cooperative", "created_at"]
    readonly_fields = ["created_at"]
    autocomplete_fields = ["cooperative"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "role_list", "language", "is_active", "last_login"]
    list_filter = ["role_assignments__role", "role_assignments__region", "is_active", "language"]
    search_fields = ["email", "first_name", "last_name"]
    inlines = [RoleAssignmentInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("first_name", "last_name", "language")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    readonly_fields = ["last_login", "date_joined"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("role_assignments")

    def save_model(self, request, obj, form, change):
        before = dict.fromkeys(ACCESS_FLAGS, False)
        if change:
            before = User.objects.filter(pk=obj.pk).values(*ACCESS_FLAGS).get()
        super().save_model(request, obj, form, change)
        user_access_record(user=obj, before=before, actor=request.user, notify=change)

    def save_formset(self, request, form, formset, change):
        if formset.model is not RoleAssignment:
            return super().save_formset(request, form, formset, change)
        assignments = formset.save(commit=False)
        for assignment in formset.deleted_objects:
            role_revoke(assignment=assignment, actor=request.user)
        for assignment in assignments:
            assignment.user = form.instance
            _assignment_save(request, assignment)
        formset.save_m2m()
        return None

    def delete_model(self, request, obj):
        user_delete(user=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for user in queryset:
            user_delete(user=user, actor=request.user)

    @admin.display(description=_("roles"))
    def role_list(self, obj):
        return ", ".join(sorted({a.get_role_display() for a in obj.role_assignments.all()}))


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "region", "cooperative", "created_at"]
    list_filter = ["role", "region"]
    search_fields = ["user__email", "cooperative__name_fr", "cooperative__registration_number"]
    list_select_related = ["user", "region", "cooperative"]
    autocomplete_fields = ["user", "cooperative"]

    def save_model(self, request, obj, form, change):
        _assignment_save(request, obj)

    def delete_model(self, request, obj):
        role_revoke(assignment=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for assignment in queryset:
            role_revoke(assignment=assignment, actor=request.user)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = [
        "user",
        "cooperative",
        "invited_by",
        "needs_confirmation",
        "created_at",
        "accepted_at",
        "declined_at",
    ]
    list_filter = [("accepted_at", admin.EmptyFieldListFilter), "cooperative__region"]
    search_fields = ["user__email", "cooperative__name_fr", "cooperative__registration_number"]
    list_select_related = ["user", "cooperative", "invited_by"]
    raw_id_fields = ["user", "cooperative", "invited_by"]
    readonly_fields = ["role", "needs_confirmation", "created_at", "accepted_at", "declined_at"]
