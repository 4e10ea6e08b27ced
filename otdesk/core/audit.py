"""The access log (FERPA record of access): every read, write, export and print of a
student's record goes through record_event, in the same transaction as a write.

Events are append-only and chained (core/chain.py, core/append_only.py). From where: the
address of the request being answered (core/middleware.AuditAddressMiddleware keeps it for
the request, so services need not pass the request along); none for commands and
background work.
"""

import ipaddress
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.http import HttpRequest

from otdesk.accounts.models import User

from . import chain
from .models import AuditEvent

SUMMARY_CHARS = 200

_current_address: ContextVar[str | None] = ContextVar("audit_address", default=None)


def clean_address(text: str | None) -> str | None:
    """An address as the database gives it back (so its hash holds), or None."""
    if not text:
        return None
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return str(address.ipv4_mapped)
    return str(address)


def request_address(request: HttpRequest | None) -> str | None:
    """The address a request came from (REMOTE_ADDR; a proxy in front sets it)."""
    if request is None:
        return _current_address.get()
    return clean_address(request.META.get("REMOTE_ADDR"))


@contextmanager
def answering(request: HttpRequest) -> Iterator[None]:
    """While a request is answered, events written without one take its address."""
    token = _current_address.set(clean_address(request.META.get("REMOTE_ADDR")))
    try:
        yield
    finally:
        _current_address.reset(token)


def _json(values: dict[str, Any] | None) -> dict[str, Any] | None:
    """Values as the JSON column gives them back (dates as ISO text), so the hash holds."""
    if values is None:
        return None
    loaded: dict[str, Any] = json.loads(json.dumps(values, cls=DjangoJSONEncoder))
    return loaded


def _event(
    *,
    user: User | None,
    action: str,
    obj: models.Model,
    student_id: int | None,
    summary: str,
    address: str | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    return AuditEvent(
        user=user,
        action=action,
        student_id=student_id,
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
        summary=summary[:SUMMARY_CHARS],
        address=address,
        before=_json(before),
        after=_json(after),
    )


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
    event = _event(
        user=user,
        action=action,
        obj=obj,
        student_id=student_id,
        summary=summary,
        address=request_address(request),
        before=before,
        after=after,
    )
    event.save()
    return event


def _reader(request: HttpRequest) -> User | None:
    user = request.user
    return user if isinstance(user, User) and user.is_authenticated else None


def record_access(
    request: HttpRequest,
    *,
    obj: models.Model,
    student_id: int | None,
    summary: str = "",
    action: str = AuditEvent.Action.VIEW,
) -> AuditEvent:
    """A read, export or print of a student's record by the signed-in person."""
    return record_event(
        user=_reader(request),
        action=action,
        obj=obj,
        student_id=student_id,
        summary=summary,
        request=request,
    )


def record_access_many(
    request: HttpRequest | None,
    *,
    students: Iterable[models.Model],
    summary: str,
    obj: models.Model | None = None,
    action: str = AuditEvent.Action.VIEW,
    user: User | None = None,
) -> list[AuditEvent]:
    """One event per student a page or export showed (a group session, minutes tables,
    calendars, feeds), about `obj` (else the student), written together: one lock and one
    insert whatever the number of students. A student listed twice gets one event.
    `user`: the reader when nobody is signed in (a calendar feed's owner, by its token;
    the person a command runs as, with no request)."""
    return record_access_each(
        request,
        shown=((obj if obj is not None else student, student) for student in students),
        summary=summary,
        action=action,
        user=user,
    )


def record_access_each(
    request: HttpRequest | None,
    *,
    shown: Iterable[tuple[models.Model, models.Model]],
    summary: str,
    action: str = AuditEvent.Action.VIEW,
    user: User | None = None,
) -> list[AuditEvent]:
    """One event per (record, student) an answer showed (a page of sessions, each with its
    students), written together in one lock and one insert. A pair listed twice gets one
    event."""
    user = user or (_reader(request) if request is not None else None)
    address = request_address(request)
    seen: set[tuple[str, int, int]] = set()
    events = []
    for obj, student in shown:
        key = (obj._meta.label, obj.pk, student.pk)
        if key in seen:
            continue
        seen.add(key)
        events.append(
            _event(
                user=user,
                action=action,
                obj=obj,
                student_id=student.pk,
                summary=summary,
                address=address,
            )
        )
    chain.append(AuditEvent, events)
    return events


def field_values(obj: models.Model) -> dict[str, Any]:
    """A record's stored fields as {name: value} (foreign keys as ids), JSON-ready."""
    values = {
        field.attname: getattr(obj, field.attname)
        for field in obj._meta.concrete_fields
        if field.editable or field.name != "version"  # edit-conflict numbering, not a change
    }
    return _json(values) or {}


def stored_values(obj: models.Model) -> dict[str, Any]:
    """The record's fields as the database holds them now (before a change is saved);
    empty for a record not yet saved."""
    if obj.pk is None:
        return {}
    stored = type(obj)._default_manager.filter(pk=obj.pk).first()
    return field_values(stored) if stored is not None else {}


def changes(
    before: dict[str, Any], obj: models.Model
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """(before, after) limited to the fields that changed; (None, None) when nothing did,
    or for a new record (its values are the after, with no before)."""
    after = field_values(obj)
    if not before:
        return None, after
    changed = [name for name, value in after.items() if before.get(name) != value]
    if not changed:
        return None, None
    return {name: before.get(name) for name in changed}, {name: after[name] for name in changed}


def access_log_for_student(student_id: int) -> models.QuerySet[AuditEvent]:
    """Who has looked at or changed a child's record, newest first (what a parent reads)."""
    return (
        AuditEvent.objects.filter(student_id=student_id)
        .exclude(user__isnull=True)
        .select_related("user")
        .order_by("-at", "-pk")
    )
