"""Districts and schools in the admin (the site operator's); every change audited.
Coordinators keep these on their own district pages (otdesk/district)."""

from django.contrib import admin

from otdesk.core.admin_site import AuditedAdmin

from .models import BellBlock, Classroom, District, NonSchoolDay, School, SchoolAssignment


class NonSchoolDayInline(admin.TabularInline):
    model = NonSchoolDay
    extra = 0


@admin.register(District)
class DistrictAdmin(AuditedAdmin):
    list_display = ["name", "timezone", "school_year_start", "school_year_end"]
    inlines = [NonSchoolDayInline]


class BellBlockInline(admin.TabularInline):
    model = BellBlock
    extra = 0


@admin.register(School)
class SchoolAdmin(AuditedAdmin):
    list_display = ["name", "short_name", "district"]
    list_filter = ["district"]
    search_fields = ["name"]
    inlines = [BellBlockInline]


@admin.register(Classroom)
class ClassroomAdmin(AuditedAdmin):
    list_display = ["name", "school", "grade", "teacher"]
    list_filter = ["school"]
    search_fields = ["name", "teacher__last_name"]


@admin.register(SchoolAssignment)
class SchoolAssignmentAdmin(AuditedAdmin):
    list_display = ["person", "school", "start_date", "end_date", "days"]
    list_filter = ["school"]


@admin.register(NonSchoolDay)
class NonSchoolDayAdmin(AuditedAdmin):
    list_display = ["date", "name", "district"]
    list_filter = ["district"]


@admin.register(BellBlock)
class BellBlockAdmin(AuditedAdmin):
    list_display = ["school", "weekday", "start", "end", "name", "classroom"]
    list_filter = ["school"]
