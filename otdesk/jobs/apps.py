from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "otdesk.jobs"
    label = "jobs"
    verbose_name = "Long work on the task queue"
