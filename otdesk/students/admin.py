from django.contrib import admin

from .models import IEP, Goal, ServiceLine, Strategy, Student, TeamMember


class TeamInline(admin.TabularInline):
    model = TeamMember
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Student)
class StudentAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "grade", "school", "classroom", "active"]
    list_filter = ["school", "grade", "active"]
    search_fields = ["last_name", "first_name", "preferred_name", "student_number"]
    inlines = [TeamInline]


class ServiceLineInline(admin.TabularInline):
    model = ServiceLine
    extra = 0


class GoalInline(admin.StackedInline):
    model = Goal
    extra = 0


@admin.register(IEP)
class IEPAdmin(admin.ModelAdmin):
    list_display = ["student", "status", "start_date", "end_date", "annual_review_due"]
    list_filter = ["status"]
    search_fields = ["student__last_name", "student__first_name"]
    inlines = [ServiceLineInline, GoalInline]


@admin.register(Strategy)
class StrategyAdmin(admin.ModelAdmin):
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
class TeamMemberAdmin(admin.ModelAdmin):
    list_display = ["student", "person", "role", "start_date", "end_date"]
    list_filter = ["role"]


from .models import Concern, StrategyRequest, StrategyReview  # noqa: E402

admin.site.register(StrategyReview)
admin.site.register(StrategyRequest)
admin.site.register(Concern)
