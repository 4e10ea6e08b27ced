from django.apps import AppConfig


class FidelityConfig(AppConfig):
    name = "otdesk.fidelity"
    label = "fidelity"
    verbose_name = "Service fidelity reports"
