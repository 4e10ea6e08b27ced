from django.apps import AppConfig


class FamilyConfig(AppConfig):
    name = "otdesk.family"
    label = "family"
    verbose_name = "Family portal"
