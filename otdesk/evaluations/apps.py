from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "otdesk.evaluations"
    label = "evaluations"
    verbose_name = "Evaluations and assessments"
