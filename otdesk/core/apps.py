from django.apps import AppConfig

from .logs import install as hide_secrets_in_logs


class CoreConfig(AppConfig):
    name = "otdesk.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        # In every process that serves requests (runserver, each gunicorn worker).
        hide_secrets_in_logs()
