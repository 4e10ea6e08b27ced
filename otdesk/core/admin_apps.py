"""The Django admin, as OT Desk installs it (INSTALLED_APPS names this config instead of
django.contrib.admin): its site lets in only the site operator (core/admin_site.py)."""

from django.contrib.admin.apps import AdminConfig


class OTDeskAdminConfig(AdminConfig):
    default_site = "otdesk.core.admin_site.OTDeskAdminSite"

    def ready(self) -> None:
        super().ready()
        # Imported here: this module is loaded before the models are (INSTALLED_APPS).
        from django.db.models.signals import pre_save

        from otdesk.accounts.models import User

        from .admin_site import superuser_is_operator

        pre_save.connect(superuser_is_operator, sender=User, dispatch_uid="superuser_is_operator")
