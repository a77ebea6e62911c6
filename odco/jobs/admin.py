from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Job
from .services import job_rerun


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "kind",
        "label",
        "shown_state",
        "done",
        "total",
        "created_by",
        "sent_at",
        "heartbeat_at",
        "finished_at",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["label", "kind", "message", "created_by__email"]
    list_select_related = ["created_by"]
    readonly_fields = ["shown_state", *(f.name for f in Job._meta.fields)]
    actions = ["rerun_interrupted"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("state"))
    def shown_state(self, job: Job) -> str:
        """The state the job page shows (odco/jobs/states.py), not only the stored status."""
        return str(job.state_at(timezone.now()).label)

    @admin.action(description=_("Run the selected interrupted jobs again"))
    def rerun_interrupted(self, request, queryset):
        rerun, refused = 0, []
        for job in queryset:
            try:
                job_rerun(actor=request.user, job_id=job.pk)
            except PermissionDenied as refusal:
                refused.append(f"{job}: {refusal}")
            else:
                rerun += 1
        if rerun:
            message = ngettext("%(count)s job runs again.", "%(count)s jobs run again.", rerun)
            self.message_user(request, message % {"count": rerun}, messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.WARNING)
