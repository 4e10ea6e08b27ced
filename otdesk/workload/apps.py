from django.apps import AppConfig


class WorkloadConfig(AppConfig):
    name = "otdesk.workload"
    label = "workload"
    verbose_name = "Professional time and workload"
