from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet

from .models import AuditEntry


def audit_for_object(obj: Model, *, limit: int = 50) -> QuerySet[AuditEntry]:
    content_type = ContentType.objects.get_for_model(obj)
    return AuditEntry.objects.filter(content_type=content_type, object_id=str(obj.pk)).select_related(
        "actor"
    )[:limit]
