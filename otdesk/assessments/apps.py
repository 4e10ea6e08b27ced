from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "otdesk.assessments"
    label = "assessments"
    verbose_name = "Assessments"
