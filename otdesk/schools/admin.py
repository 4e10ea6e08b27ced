from django.contrib import admin

from .models import BellBlock, Classroom, District, NonSchoolDay, School, SchoolAssignment


class NonSchoolDayInline(admin.TabularInline):
    model = NonSchoolDay
    extra = 0


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "timezone", "school_year_start", "school_year_end"]
    inlines = [NonSchoolDayInline]


class BellBlockInline(admin.TabularInline):
    model = BellBlock
    extra = 0


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "district"]
    list_filter = ["district"]
    search_fields = ["name"]
    inlines = [BellBlockInline]


@admin.register(Classroom)
class ClassroomAdmin(admin.ModelAdmin):
    list_display = ["name", "school", "grade", "teacher"]
    list_filter = ["school"]
    search_fields = ["name", "teacher__last_name"]


@admin.register(SchoolAssignment)
class SchoolAssignmentAdmin(admin.ModelAdmin):
    list_display = ["person", "school", "start_date", "end_date", "days"]
    list_filter = ["school"]


admin.site.register(NonSchoolDay)
admin.site.register(BellBlock)
