"""Aide programs in the admin (the site operator's). A program and its assignments can
be corrected (audited); a program with implementation logs is never deleted; training,
implementation logs and monitoring checks have a legal life, so the admin only shows
them."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from otdesk.core.admin_site import AuditedAdmin, ReadOnlyAdmin

from .models import (
    AideProgram,
    AssistiveTechItem,
    ImplementationLog,
    MonitoringCheck,
    ProgramAssignment,
    TrainingEvent,
)


class AssignmentInline(admin.TabularInline):
    model = ProgramAssignment
    extra = 0


@admin.register(AideProgram)
class AideProgramAdmin(AuditedAdmin):
    list_display = ["title", "student", "status", "version", "start_date"]
    list_filter = ["status"]
    inlines = [AssignmentInline]
    raw_id_fields = ["student"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Never a program that has been implemented: its logs are the record of it."""
        if obj is not None and obj.logs.exists():
            return False
        return super().has_delete_permission(request, obj)


admin.site.register(TrainingEvent, ReadOnlyAdmin)
admin.site.register(ImplementationLog, ReadOnlyAdmin)
admin.site.register(MonitoringCheck, ReadOnlyAdmin)
admin.site.register(AssistiveTechItem, AuditedAdmin)
