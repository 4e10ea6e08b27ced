from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "otdesk.schools"
    label = "schools"
    verbose_name = "Schools"
