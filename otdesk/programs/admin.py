from django.contrib import admin

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
class AideProgramAdmin(admin.ModelAdmin):
    list_display = ["title", "student", "status", "version", "start_date"]
    list_filter = ["status"]
    inlines = [AssignmentInline]
    raw_id_fields = ["student"]


admin.site.register(TrainingEvent)
admin.site.register(ImplementationLog)
admin.site.register(MonitoringCheck)
admin.site.register(AssistiveTechItem)
