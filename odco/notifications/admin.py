from django.contrib import admin

from .models import Notification, Seen


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("subject", "user", "kind", "created_at", "read_at", "emailed_at")
    list_filter = ("kind", ("read_at", admin.EmptyFieldListFilter), "created_at")
    search_fields = ("subject", "user__email", "kind")
    raw_id_fields = ("user",)
    date_hierarchy = "created_at"
    readonly_fields = ("created_at", "emailed_at", "read_at")


@admin.register(Seen)
class SeenAdmin(admin.ModelAdmin):
    list_display = ("user", "key", "seen_at")
    search_fields = ("user__email", "key")
    raw_id_fields = ("user",)
