"""Students in the admin (the site operator's). A student's details can be corrected
(audited); the IEP and its lines and goals, strategies, reviews, requests, concerns and
team assignments are records with a legal life or written by one service (team
assignments: students/team.py), so the admin only shows them."""

from django.contrib import admin

from otdesk.core.admin_site import AuditedAdmin, ReadOnlyAdmin, ReadOnlyInline

from .models import (
    IEP,
    Concern,
    Goal,
    ServiceLine,
    Strategy,
    StrategyRequest,
    StrategyReview,
    Student,
    TeamMember,
)


class TeamInline(ReadOnlyInline, admin.TabularInline):
    model = TeamMember


@admin.register(Student)
class StudentAdmin(AuditedAdmin):
    list_display = ["last_name", "first_name", "grade", "school", "classroom", "active"]
    list_filter = ["school", "grade", "active"]
    search_fields = ["last_name", "first_name", "preferred_name", "student_number"]
    inlines = [TeamInline]


class ServiceLineInline(ReadOnlyInline, admin.TabularInline):
    model = ServiceLine


class GoalInline(ReadOnlyInline, admin.StackedInline):
    model = Goal


@admin.register(IEP)
class IEPAdmin(ReadOnlyAdmin):
    list_display = ["student", "status", "start_date", "end_date", "annual_review_due"]
    list_filter = ["status"]
    search_fields = ["student__last_name", "student__first_name"]
    inlines = [ServiceLineInline, GoalInline]


@admin.register(Strategy)
class StrategyAdmin(ReadOnlyAdmin):
    list_display = [
        "student",
        "category",
        "implementer",
        "status",
        "iep_status",
        "next_review_date",
    ]
    list_filter = ["category", "status", "iep_status"]


@admin.register(TeamMember)
class TeamMemberAdmin(ReadOnlyAdmin):
    list_display = ["student", "person", "role", "start_date", "end_date"]
    list_filter = ["role"]


admin.site.register(StrategyReview, ReadOnlyAdmin)
admin.site.register(StrategyRequest, ReadOnlyAdmin)
admin.site.register(Concern, ReadOnlyAdmin)
