from django.db.models import QuerySet

from odco.roles import Role

from .models import Job


def job_list(*, user) -> QuerySet[Job]:
    """Jobs a user may follow: their own; ODCO staff see every job."""
    if not user.is_authenticated:
        return Job.objects.none()
    jobs = Job.objects.select_related("created_by")
    if user.has_role(Role.STAFF) or user.is_superuser:
        return jobs
    return jobs.filter(created_by=user)
