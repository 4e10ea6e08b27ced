from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "otdesk.progress"
    label = "progress"
    verbose_name = "IEP progress reports"
