"""Coordinators reach delivery records in the admin; nothing there deletes a record."""

from django.contrib import admin
from django.http import HttpRequest

from .models import (
    Addendum,
    ConsultationLog,
    MissedSession,
    PlannedSession,
    PolicyVersion,
    Session,
    SessionStudent,
)


class NoDelete(admin.ModelAdmin):
    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class AttendeeInline(admin.TabularInline):
    model = SessionStudent
    extra = 0
    can_delete = False
    raw_id_fields = ["student", "service_line", "makeup_for"]


class AddendumInline(admin.TabularInline):
    model = Addendum
    extra = 0
    can_delete = False


@admin.register(Session)
class SessionAdmin(NoDelete):
    list_display = ["date", "start", "provider", "session_type", "minutes", "status"]
    list_filter = ["status", "session_type", "school"]
    date_hierarchy = "date"
    inlines = [AttendeeInline, AddendumInline]
    raw_id_fields = ["planned"]


@admin.register(MissedSession)
class MissedSessionAdmin(NoDelete):
    list_display = ["date", "student", "minutes", "reason", "provider", "voided_at"]
    list_filter = ["reason"]
    raw_id_fields = ["student", "service_line", "planned", "session"]


@admin.register(PlannedSession)
class PlannedSessionAdmin(admin.ModelAdmin):
    list_display = ["provider", "weekday", "start", "minutes", "session_type", "school"]
    list_filter = ["provider", "school", "weekday"]
    filter_horizontal = ["students"]


@admin.register(PolicyVersion)
class PolicyVersionAdmin(admin.ModelAdmin):
    list_display = ["district", "effective_from", "prorate_short_weeks", "makeup_within_days"]


@admin.register(ConsultationLog)
class ConsultationLogAdmin(NoDelete):
    list_display = ["date", "provider", "minutes", "with_whom", "method", "voided_at"]
    list_filter = ["method"]
