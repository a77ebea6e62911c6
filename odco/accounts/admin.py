from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Invitation, RoleAssignment, User


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


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["user", "cooperative", "invited_by", "created_at", "accepted_at"]
    list_filter = [("accepted_at", admin.EmptyFieldListFilter), "cooperative__region"]
    search_fields = ["user__email", "cooperative__name_fr", "cooperative__registration_number"]
    list_select_related = ["user", "cooperative", "invited_by"]
    raw_id_fields = ["user", "cooperative", "invited_by"]
    readonly_fields = ["created_at", "accepted_at"]
