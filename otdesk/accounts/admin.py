"""People in the admin (the site operator's): every change audited, passwords included."""

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.db import transaction
from django.http import HttpRequest, HttpResponse

from otdesk.core.admin_site import SECRET_CHANGED, SECRET_SET, AuditedAdmin, audit_admin
from otdesk.core.models import AuditEvent

from .models import User


@admin.register(User)
class OTDeskUserAdmin(AuditedAdmin, UserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "district", "is_active"]
    list_filter = ["role", "district", "is_active", "is_staff"]
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("OT Desk", {"fields": ("role", "district", "title", "phone")}),
    )

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        """Setting someone's password is audited too (never the password itself)."""
        with transaction.atomic():
            response: HttpResponse = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                person: Any = self.get_object(request, unquote(id))
                audit_admin(
                    request,
                    person,
                    AuditEvent.Action.UPDATE,
                    before={"password": SECRET_SET},
                    after={"password": SECRET_CHANGED},
                )
        return response
