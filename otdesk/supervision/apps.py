from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "otdesk.supervision"
    label = "supervision"
    verbose_name = "COTA supervision"
