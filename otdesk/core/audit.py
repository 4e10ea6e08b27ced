from django.db import models

from otdesk.accounts.models import User

from .models import AuditEvent


def record_event(
    *,
    user: User | None,
    action: str,
    obj: models.Model,
    student_id: int | None,
    summary: str = "",
) -> AuditEvent:
    return AuditEvent.objects.create(
        user=user,
        action=action,
        student_id=student_id,
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
        summary=summary[:200],
    )
