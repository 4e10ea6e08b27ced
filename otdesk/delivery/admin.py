"""Delivery records in the admin (the site operator's): sessions and their notes,
attendance and addenda, misses, consultations, the weekly plan and the minutes policy
all have a legal life or one writer (delivery/services), so the admin only shows them.
Corrections go through the app: an addendum, a void, a new policy version."""

from django.contrib import admin

from otdesk.core.admin_site import ReadOnlyAdmin, ReadOnlyInline

from .models import (
    Addendum,
    ConsultationLog,
    ConsultationStudent,
    MissedSession,
    PlannedSession,
    PolicyVersion,
    Session,
    SessionStudent,
)


class AttendeeInline(ReadOnlyInline, admin.TabularInline):
    model = SessionStudent


class AddendumInline(ReadOnlyInline, admin.TabularInline):
    model = Addendum


@admin.register(Session)
class SessionAdmin(ReadOnlyAdmin):
    list_display = ["date", "start", "provider", "session_type", "minutes", "status"]
    list_filter = ["status", "session_type", "school"]
    date_hierarchy = "date"
    inlines = [AttendeeInline, AddendumInline]


@admin.register(MissedSession)
class MissedSessionAdmin(ReadOnlyAdmin):
    list_display = ["date", "student", "minutes", "reason", "provider", "voided_at"]
    list_filter = ["reason"]


@admin.register(PlannedSession)
class PlannedSessionAdmin(ReadOnlyAdmin):
    list_display = ["provider", "weekday", "start", "minutes", "session_type", "school"]
    list_filter = ["provider", "school", "weekday"]


@admin.register(PolicyVersion)
class PolicyVersionAdmin(ReadOnlyAdmin):
    list_display = ["district", "effective_from", "prorate_short_weeks", "makeup_within_days"]


class ConsultationStudentInline(ReadOnlyInline, admin.TabularInline):
    model = ConsultationStudent


@admin.register(ConsultationLog)
class ConsultationLogAdmin(ReadOnlyAdmin):
    list_display = ["date", "provider", "minutes", "with_whom", "method", "voided_at"]
    list_filter = ["method"]
    inlines = [ConsultationStudentInline]
