from django.contrib import admin
from import_export.admin import ExportMixin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(ExportMixin, admin.ModelAdmin):
    list_display = ["created_at", "actor_repr", "action", "object_repr", "from_state", "to_state"]
    list_filter = ["action", "content_type", "created_at"]
    search_fields = ["actor_repr", "object_repr", "object_id", "action", "message"]
    date_hierarchy = "created_at"
    list_select_related = ["content_type"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
