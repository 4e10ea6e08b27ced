"""The access log (FERPA record of access): every read, write, export and print of a
student's record goes through record_event, in the same transaction as a write."""

from typing import Any

from django.db import models
from django.http import HttpRequest

from otdesk.accounts.models import User

from .models import AuditEvent


def request_address(request: HttpRequest | None) -> str | None:
    """The address a request came from (REMOTE_ADDR; a proxy in front sets it)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record_event(
    *,
    user: User | None,
    action: str,
    obj: models.Model,
    student_id: int | None,
    summary: str = "",
    request: HttpRequest | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        user=user,
        action=action,
        student_id=student_id,
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
        summary=summary[:200],
        address=request_address(request),
        before=before,
        after=after,
    )


def record_access(
    request: HttpRequest,
    *,
    obj: models.Model,
    student_id: int | None,
    summary: str = "",
    action: str = AuditEvent.Action.VIEW,
) -> AuditEvent:
    """A read, export or print of a student's record by the signed-in person."""
    user = request.user if request.user.is_authenticated else None
    return record_event(
        user=user,
        action=action,
        obj=obj,
        student_id=student_id,
        summary=summary,
        request=request,
    )


def access_log_for_student(student_id: int) -> models.QuerySet[AuditEvent]:
    """Who has looked at or changed a child's record, newest first (what a parent reads)."""
    return (
        AuditEvent.objects.filter(student_id=student_id)
        .exclude(user__isnull=True)
        .select_related("user")
        .order_by("-at", "-pk")
    )
