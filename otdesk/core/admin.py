"""The audit log in the admin: read only (never added, changed or deleted there)."""

from django.contrib import admin

from .admin_site import ReadOnlyAdmin
from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "action", "object_type", "object_id", "student_id", "address"]
    list_filter = ["action", "object_type"]
