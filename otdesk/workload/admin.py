"""Professional time in the admin (the site operator's), for corrections (audited);
nothing is deleted."""

from django.contrib import admin
from django.http import HttpRequest

from otdesk.core.admin_site import AuditedAdmin

from .models import ProfessionalTime


@admin.register(ProfessionalTime)
class ProfessionalTimeAdmin(AuditedAdmin):
    list_display = ["date", "person", "category", "minutes", "student", "note"]
    list_filter = ["category"]
    date_hierarchy = "date"
    raw_id_fields = ["person", "student"]

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
