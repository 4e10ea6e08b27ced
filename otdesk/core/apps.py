from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "otdesk.core"
    label = "core"
    verbose_name = "Core"
