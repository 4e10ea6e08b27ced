from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Generates the synthetic demo district. Sits on top of every other app."""

    name = "otdesk.demo"
    label = "demo"
    verbose_name = "Demo district"
