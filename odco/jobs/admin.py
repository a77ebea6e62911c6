from django.contrib import admin

from .models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "kind",
        "label",
        "status",
        "done",
        "total",
        "created_by",
        "sent_at",
        "finished_at",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["label", "kind", "message", "created_by__email"]
    list_select_related = ["created_by"]
    readonly_fields = [f.name for f in Job._meta.fields]

    def has_add_permission(self, request):
        return False
