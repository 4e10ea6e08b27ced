"""The Django admin is the site operator's tool, not the coordinator's.

- OTDeskAdminSite lets in only an active site operator (role OPERATOR with is_staff);
  a coordinator, even one marked staff or superuser, gets the admin's sign-in page.
- AuditedAdmin: every add, change and delete made in the admin (inline rows included)
  writes an audit event with the values before and after, in the same transaction.
- ReadOnlyAdmin / ReadOnlyInline: records with a legal life (signed notes, addenda, the
  audit log, implementation logs, consultations...) are shown, never added, changed or
  deleted there; the app's own pages and services are the way to correct them.
- createsuperuser (or any other way a superuser without a district is created) makes a
  site operator.
"""

import json
from typing import Any

from django.contrib import admin
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.forms import BaseForm, BaseModelFormSet
from django.http import HttpRequest, HttpResponse

from otdesk.accounts.models import Role, User
from otdesk.accounts.permissions import is_site_operator

from .audit import record_access, record_event
from .models import AuditEvent

Action = AuditEvent.Action
# Never copied into the audit log: a password shows as one of these markers.
SECRET_FIELDS = {"password"}
SECRET_SET = "(set)"  # nosec B105 # a marker, not a password
SECRET_CHANGED = "(changed)"  # nosec B105 # a marker, not a password


class OTDeskAdminSite(admin.AdminSite):
    site_header = "OT Desk administration"
    site_title = "OT Desk admin"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return isinstance(user, User) and is_site_operator(user)


def superuser_is_operator(sender: type[User], instance: User, **kwargs: Any) -> None:
    """A new superuser without a district (createsuperuser) is a site operator."""
    if instance._state.adding and instance.is_superuser and instance.district_id is None:
        instance.role = Role.OPERATOR
        instance.is_staff = True


# The audit trail of admin changes --------------------------------------------------------


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The record's stored values as JSON (foreign keys as ids); secrets as a marker."""
    values = {
        field.attname: field.value_from_object(obj)
        for field in obj._meta.concrete_fields
        if field.name not in SECRET_FIELDS
    }
    for name in SECRET_FIELDS & {field.name for field in obj._meta.concrete_fields}:
        values[name] = SECRET_SET if getattr(obj, name) else ""
    result: dict[str, Any] = json.loads(json.dumps(values, cls=DjangoJSONEncoder))
    return result


def _changed(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict]:
    keys = [key for key in after if before.get(key) != after[key]]
    old = {key: before.get(key) for key in keys}
    new = {key: after[key] for key in keys}
    for key in SECRET_FIELDS & set(keys):
        old[key], new[key] = SECRET_SET, SECRET_CHANGED
    return old, new


def student_of(obj: models.Model) -> int | None:
    """The student a record belongs to, when it belongs to one."""
    if obj._meta.label_lower == "students.student":
        return int(obj.pk)
    for path in ("student_id", "iep.student_id", "program.student_id"):
        value: Any = obj
        for part in path.split("."):
            value = getattr(value, part, None)
            if value is None:
                break
        if isinstance(value, int):
            return value
    return None


# Records about several students: a session's attendees, a consultation's or a planned
# session's students.
MANY_STUDENTS = ("attendees", "students")


def students_of(obj: models.Model) -> list[int]:
    """Every student a record is about (one, several or none)."""
    one = student_of(obj)
    if one is not None:
        return [one]
    for name in MANY_STUDENTS:
        related = getattr(obj, name, None)
        if related is None or not hasattr(related, "values_list"):
            continue
        if related.model._meta.label_lower == "students.student":
            return sorted(related.values_list("pk", flat=True))
        if any(field.name == "student" for field in related.model._meta.fields):
            return sorted(related.values_list("student_id", flat=True))
    return []


def _stored(obj: models.Model) -> dict[str, Any] | None:
    stored = type(obj)._base_manager.filter(pk=obj.pk).first() if obj.pk else None
    return snapshot(stored) if stored is not None else None


def audit_admin(
    request: HttpRequest,
    obj: models.Model,
    action: str,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    user = request.user if isinstance(request.user, User) else None
    if action == Action.UPDATE and before is not None and after is not None:
        before, after = _changed(before, after)
        if not after:
            return
    verb: dict[str, str] = {
        Action.CREATE: "added",
        Action.UPDATE: "changed",
        Action.DELETE: "deleted",
    }
    record_event(
        user=user,
        action=action,
        obj=obj,
        student_id=student_of(obj),
        summary=f"In the admin, {verb.get(action, action)} {obj._meta.verbose_name} {obj}",
        request=request,
        before=before,
        after=after,
    )


class AuditedAdmin(admin.ModelAdmin):
    """Every add, change and delete through this admin is in the audit log, and so is
    opening a record that belongs to a student."""

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            obj = self.get_object(request, object_id)
            if obj is None:
                return response
            # A session note or a consultation read in the admin is a read of each
            # student's record it is about.
            for student_id in students_of(obj):
                record_access(
                    request, obj=obj, student_id=student_id, summary="Opened in the admin"
                )
        return response

    def save_model(self, request: HttpRequest, obj: Any, form: BaseForm, change: bool) -> None:
        before = _stored(obj) if change else None
        super().save_model(request, obj, form, change)
        audit_admin(
            request,
            obj,
            Action.UPDATE if change else Action.CREATE,
            before=before,
            after=snapshot(obj),
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            audit_admin(request, obj, Action.DELETE, before=snapshot(obj))
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        with transaction.atomic():
            for obj in queryset:
                audit_admin(request, obj, Action.DELETE, before=snapshot(obj))
            super().delete_queryset(request, queryset)

    def save_formset(
        self, request: HttpRequest, form: BaseForm, formset: BaseModelFormSet, change: bool
    ) -> None:
        formset.save(commit=False)
        for obj in formset.deleted_objects:
            audit_admin(request, obj, Action.DELETE, before=snapshot(obj))
            obj.delete()
        for obj in formset.new_objects:
            obj.save()
            audit_admin(request, obj, Action.CREATE, after=snapshot(obj))
        for obj, _fields in formset.changed_objects:
            before = _stored(obj)
            obj.save()
            audit_admin(request, obj, Action.UPDATE, before=before, after=snapshot(obj))
        formset.save_m2m()


class ReadOnlyAdmin(AuditedAdmin):
    """A record with a legal life: shown in the admin, never added, changed or deleted."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline:
    """Inline rows of a record with a legal life: shown, never added, changed or deleted."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
